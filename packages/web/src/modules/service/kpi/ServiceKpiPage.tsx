// 服务考核指标: first-time fix, on-time arrival, repair time, satisfaction, repeat repairs and valid complaints per
// technician, outlet or month, as a table and charts.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Row, Segmented, Space, Table, Typography } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { TKpiRow } from '@kehu/shared';
import { useSearchParams } from 'react-router';
import { get, qs } from '../../../lib/api';
import { EChart } from '../../../lib/EChart';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type GroupBy = 'technician' | 'outlet' | 'month';

type KpiRow = TKpiRow;
interface KpiAnswer {
  from: string;
  to: string;
  rows: KpiRow[];
  total: KpiRow;
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : String(v));

function useKpis(from: string | undefined, to: string | undefined, groupBy: GroupBy) {
  return useQuery({
    queryKey: ['service', 'kpis', from, to, groupBy],
    queryFn: () => get<KpiAnswer>(`/api/v1/service/kpis${qs({ from, to, groupBy })}`),
  });
}

export function ServiceKpiPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // without a chosen period the server answers for the last six months up to today in the company's time zone
  const groupBy = (params.get('groupBy') as GroupBy | null) ?? 'technician';
  const { data, isFetching } = useKpis(params.get('from') ?? undefined, params.get('to') ?? undefined, groupBy);
  const from = params.get('from') ?? data?.from;
  const to = params.get('to') ?? data?.to;
  const trend = useKpis(from, to, 'month');
  const set = (patch: Record<string, string>) => setParams({ ...(from ? { from } : {}), ...(to ? { to } : {}), groupBy, ...patch });
  const rows = data?.rows ?? [];
  const label = (r: KpiRow) => (r.label && r.label !== 'null' ? r.label : t('service.kpi.unassigned'));
  const months = trend.data?.rows ?? [];

  return (
    <div className="kehu-page">
      <Typography.Title level={3}>{t('service.kpi.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('service.kpi.period')}</span>
        <DatePicker.RangePicker
          allowClear={false}
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
        />
        <Segmented
          value={groupBy}
          onChange={(v) => set({ groupBy: String(v) })}
          options={(['technician', 'outlet', 'month'] as const).map((g) => ({ value: g, label: t(`service.kpi.by.${g}`) }))}
        />
      </Space>
      <Typography.Paragraph type="secondary">{t('service.kpi.hint')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Table<KpiRow>
          rowKey="key"
          size="small"
          loading={isFetching}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          columns={[
            { title: t(`service.kpi.key.${groupBy}`), render: (_, r) => label(r), fixed: 'left' },
            { title: t('service.kpi.completed'), dataIndex: 'completed', align: 'right' },
            { title: t('service.kpi.firstTimeFix'), render: (_, r) => pct(r.firstTimeFixRate), align: 'right' },
            { title: t('service.kpi.onTimeArrival'), render: (_, r) => pct(r.onTimeArrivalRate), align: 'right' },
            { title: t('service.kpi.meanRepairHours'), render: (_, r) => num(r.meanRepairHours), align: 'right' },
            { title: t('service.kpi.meanRating'), render: (_, r) => num(r.meanRating), align: 'right' },
            { title: t('service.kpi.satisfied'), render: (_, r) => pct(r.satisfiedRate), align: 'right' },
            { title: t('service.kpi.repeat'), render: (_, r) => pct(r.repeatRate), align: 'right' },
            { title: t('service.kpi.dissatisfied'), dataIndex: 'dissatisfiedVisits', align: 'right' },
            { title: t('service.kpi.complaints'), dataIndex: 'complaints', align: 'right' },
            { title: t('service.kpi.complaintsPer100'), render: (_, r) => num(r.complaintsPer100), align: 'right' },
          ]}
          summary={() =>
            data && rows.length > 1 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('service.kpi.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{data.total.completed}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{pct(data.total.firstTimeFixRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{pct(data.total.onTimeArrivalRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{num(data.total.meanRepairHours)}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">{num(data.total.meanRating)}</Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">{pct(data.total.satisfiedRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">{pct(data.total.repeatRate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">{data.total.dissatisfiedVisits}</Table.Summary.Cell>
                <Table.Summary.Cell index={9} align="right">{data.total.complaints}</Table.Summary.Cell>
                <Table.Summary.Cell index={10} align="right">{num(data.total.complaintsPer100)}</Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={t('service.kpi.chartRates')}>
            <EChart
              style={{ height: Math.max(300, rows.length * 36) }}
              option={{
                tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
                legend: { top: 0 },
                grid: { left: 110, right: 30, top: 30, bottom: 30 },
                xAxis: { type: 'value', max: 100 },
                yAxis: { type: 'category', inverse: true, data: rows.map(label) },
                series: [
                  { name: t('service.kpi.firstTimeFix'), type: 'bar', data: rows.map((r) => (r.firstTimeFixRate === null ? null : Math.round(r.firstTimeFixRate * 1000) / 10)), itemStyle: { color: '#1668dc' } },
                  { name: t('service.kpi.onTimeArrival'), type: 'bar', data: rows.map((r) => (r.onTimeArrivalRate === null ? null : Math.round(r.onTimeArrivalRate * 1000) / 10)), itemStyle: { color: '#52c41a' } },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('service.kpi.chartTrend')}>
            <EChart
              style={{ height: 300 }}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 50, right: 50, top: 30, bottom: 30 },
                xAxis: { type: 'category', data: months.map((m) => m.key) },
                yAxis: [
                  { type: 'value', name: t('service.kpi.completed') },
                  { type: 'value', name: '%', max: 100 },
                ],
                series: [
                  { name: t('service.kpi.completed'), type: 'bar', data: months.map((m) => m.completed), itemStyle: { color: '#91caff' } },
                  { name: t('service.kpi.firstTimeFix'), type: 'line', yAxisIndex: 1, data: months.map((m) => (m.firstTimeFixRate === null ? null : Math.round(m.firstTimeFixRate * 1000) / 10)) },
                  { name: t('service.kpi.satisfied'), type: 'line', yAxisIndex: 1, data: months.map((m) => (m.satisfiedRate === null ? null : Math.round(m.satisfiedRate * 1000) / 10)) },
                ],
              }}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

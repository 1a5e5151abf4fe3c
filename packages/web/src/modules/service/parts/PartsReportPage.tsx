// 配件消耗报表: parts consumed on orders in a period (issued − returned, at list price) and the fill rate
// (配件满足率: requests served from stock at once ÷ all part requests on orders), per part and in total.
import type { TPartsReportRow } from '@kehu/shared';
import { Alert, Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../../lib/EChart';
import { formatFen } from '../../../lib/format';
import { outletLabel, useOutletOptions, usePartsReport, type ReportQuery } from './api';
import { companyNow, companyToday } from '../../../lib/clock';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const TOP = 15;
const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

export function PartsReportPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<ReportQuery>(() => ({ from: companyNow().startOf('month').format('YYYY-MM-DD'), to: companyToday() }));
  const { data, isFetching } = usePartsReport(query);
  const outlets = useOutletOptions().data ?? [];
  const rows = data?.rows ?? [];
  const top = useMemo(() => rows.filter((r) => r.valueFen > 0).slice(0, TOP), [rows]);

  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => formatFen(Math.round(v * 100)) },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${v.toLocaleString('zh-CN')}` } },
      yAxis: { type: 'category', inverse: true, data: top.map((r) => `${r.code} ${r.name}`), axisLabel: { width: 160, overflow: 'truncate' } },
      series: [{ name: t('service.parts.value'), type: 'bar', data: top.map((r) => r.valueFen / 100), itemStyle: { color: '#1677ff' } }],
    }),
    [top, t],
  );

  const onDates = (r: [Dayjs | null, Dayjs | null] | null) => {
    if (r?.[0] && r[1]) setQuery((q) => ({ ...q, from: r[0]!.format('YYYY-MM-DD'), to: r[1]!.format('YYYY-MM-DD') }));
  };

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.parts.reportTitle')}
      </Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('service.parts.reportHint')} />
      <div className="kehu-toolbar">
        <Space wrap>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(query.from), dayjs(query.to)]}
            onChange={(r) => onDates(r as [Dayjs | null, Dayjs | null] | null)}
            aria-label={t('service.parts.period')}
          />
          <Select
            allowClear
            style={{ width: 240 }}
            placeholder={t('service.parts.allOutlets')}
            aria-label={t('service.parts.outlet')}
            value={query.outletId}
            onChange={(outletId) => setQuery((q) => ({ ...q, outletId }))}
            showSearch={{ optionFilterProp: 'label' }}
            options={outlets.map((o) => ({ value: o.id, label: outletLabel(o) }))}
          />
        </Space>
      </div>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('service.parts.fillRate')} value={percent(data?.totals.fillRate)} loading={isFetching && !data} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('service.parts.value')} value={formatFen(data?.totals.valueFen ?? 0)} loading={isFetching && !data} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={`${t('service.parts.satisfied')} / ${t('service.parts.requests')}`} value={`${data?.totals.satisfied ?? 0} / ${data?.totals.requests ?? 0}`} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('service.parts.waitingPartsOrders')} value={data?.totals.waitingPartsOrders ?? 0} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('service.parts.chartTitle', { n: TOP })} style={{ marginBottom: 12 }}>
        {top.length ? <EChart option={option} style={{ height: Math.max(200, top.length * 28 + 40) }} /> : <Empty description={t('service.parts.noData')} />}
      </Card>
      <Table<TPartsReportRow>
        rowKey="partId"
        size="middle"
        loading={isFetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1150 }}
        columns={[
          { title: t('service.parts.code'), dataIndex: 'code', width: 130 },
          { title: t('service.parts.name'), dataIndex: 'name', width: 260, ellipsis: true },
          { title: t('service.parts.issuedQty'), dataIndex: 'issuedQty', align: 'right', width: 80 },
          { title: t('service.parts.returnedQty'), dataIndex: 'returnedQty', align: 'right', width: 80 },
          { title: t('service.parts.netQty'), dataIndex: 'netQty', align: 'right', width: 90, render: (v: number, r) => `${v} ${r.unit}` },
          { title: t('service.parts.value'), dataIndex: 'valueFen', align: 'right', width: 120, render: (v: number) => formatFen(v) },
          { title: t('service.parts.requests'), dataIndex: 'requests', align: 'right', width: 90 },
          { title: t('service.parts.short'), dataIndex: 'short', align: 'right', width: 70 },
          { title: t('service.parts.fillRate'), dataIndex: 'fillRate', align: 'right', width: 90, render: (v: number | null) => percent(v) },
        ]}
        summary={() =>
          data && rows.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <strong>{t('service.parts.totals')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">{data.totals.issuedQty}</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{data.totals.returnedQty}</Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">{data.totals.netQty}</Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">{formatFen(data.totals.valueFen)}</Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">{data.totals.requests}</Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">{data.totals.short}</Table.Summary.Cell>
              <Table.Summary.Cell index={8} align="right">
                <strong>{percent(data.totals.fillRate)}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </div>
  );
}

// 投诉统计分析: Pareto of categories and of causes, the trend, a breakdown by product / province / outlet /
// department, and the handling KPIs (reply and resolution times, escalation, reopen and overdue rates, the customer's
// confirmation, valid vs invalid) of the complaints received in a period.
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Segmented, Space, Spin, Statistic, Table, Typography } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TAnalysisBreakdownRow, TAnalysisQuery } from '@kehu/shared';
import { currentLanguage } from '../../../app/i18n';
import { errorText } from '../../../lib/api';
import { EChart } from '../../../lib/EChart';
import { useDictLabel } from '../../../lib/reference';
import { trackingXlsxHref, useAnalysis } from './api';
import { paretoOption } from './report-format';
import { companyNow, companyToday } from '../../../lib/clock';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const K = 'complaints.reports.analysis';
const BY = ['category', 'cause', 'product', 'region', 'outlet', 'department'] as const;
const PERIODS = ['month', 'week'] as const;
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The label of a dictionary code; '?' stands for the codes outside the dictionary (counted together by the server). */
function useCodeLabel(type: string) {
  const { t } = useTranslation();
  const label = useDictLabel();
  return (code: string | null, none: string) => (!code ? none : code === '?' ? t(`${K}.unlisted`) : label(type, code));
}

/** A captioned donut of shares (satisfaction, validity). */
function Donut({ title, slices }: { title: string; slices: { name: string; value: number; color: string }[] }) {
  return (
    <>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <EChart
        style={{ height: 300 }}
        option={{
          tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
          legend: { bottom: 0 },
          series: [
            {
              type: 'pie',
              radius: ['35%', '65%'],
              label: { position: 'inside', formatter: '{d}%', color: '#fff', fontSize: 11 },
              data: slices.map((x) => ({ name: x.name, value: x.value, itemStyle: { color: x.color } })),
            },
          ],
        }}
      />
    </>
  );
}

export function AnalysisPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q: TAnalysisQuery = {
    from: params.get('from') ?? companyNow().subtract(11, 'month').startOf('month').format('YYYY-MM-DD'),
    to: params.get('to') ?? companyToday(),
    by: (BY as readonly string[]).includes(params.get('by') ?? '') ? (params.get('by') as TAnalysisQuery['by']) : 'category',
    period: params.get('period') === 'week' ? 'week' : 'month',
  };
  const set = (patch: Partial<TAnalysisQuery>) => setParams({ ...q, ...patch });
  const { data: a, error, isFetching } = useAnalysis(q);
  const category = useCodeLabel('complaint_category');
  const cause = useCodeLabel('complaint_cause');
  const notSet = t(`${K}.notSet`);
  const keyLabel = (b: TAnalysisBreakdownRow) =>
    q.by === 'category' ? category(b.key, notSet) : q.by === 'cause' ? cause(b.key, notSet) : (b.name ?? (b.key === null ? notSet : `#${b.key}`));
  const k = a?.kpis;
  const s = k?.satisfaction;

  return (
    <div className="kehu-page">
      <Typography.Title level={3}>{t(`${K}.title`)}</Typography.Title>
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{t(`${K}.period`)}</span>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(q.from), dayjs(q.to)]}
          onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
          data-testid="analysis-range"
        />
        <Segmented value={q.period} onChange={(v) => set({ period: v as TAnalysisQuery['period'] })} options={PERIODS.map((p) => ({ value: p, label: t(`${K}.periodOpt.${p}`) }))} />
        <Button icon={<DownloadOutlined />} href={trackingXlsxHref(q.from, q.to, currentLanguage())} data-testid="analysis-export">
          {t(`${K}.export`)}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t(`${K}.hint`)}</Typography.Paragraph>
      {error && <Alert type="error" title={errorText(error)} style={{ marginBottom: 16 }} />}
      {!a && isFetching && <Spin style={{ margin: 80 }} />}
      {a && k && s && (
        <Spin spinning={isFetching}>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="analysis-kpis">
            {[
              [t(`${K}.kpi.total`), k.total, undefined],
              [t(`${K}.kpi.closed`), k.closed, undefined],
              [t(`${K}.kpi.meanReply`), k.meanReplyHours ?? '—', t(`${K}.kpi.hoursUnit`)],
              [t(`${K}.kpi.meanResolve`), k.meanResolveHours ?? '—', t(`${K}.kpi.hoursUnit`)],
              [t(`${K}.kpi.escalation`), pct(k.escalationRate), undefined],
              [t(`${K}.kpi.reopen`), pct(k.reopenRate), undefined],
              [t(`${K}.kpi.overdue`), pct(k.overdueRate), undefined],
              [t(`${K}.kpi.rating`), s.meanRating ?? '—', s.meanRating === null ? undefined : '/ 5'],
            ].map(([title, value, suffix]) => (
              <Col key={String(title)} xs={12} md={6} xl={3}>
                <Card size="small">
                  <Statistic title={title} value={value as string | number} suffix={suffix as string | undefined} />
                </Card>
              </Col>
            ))}
          </Row>
          {k.total === 0 ? (
            <Empty description={t(`${K}.noData`)} />
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card title={t(`${K}.pareto`)} size="small">
                  <EChart style={{ height: 340 }} option={paretoOption(a.paretoCategory, (key) => category(key, notSet), { count: t(`${K}.count`), cumulative: t(`${K}.cumulative`) })} />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t(`${K}.paretoCause`)} size="small">
                  <EChart style={{ height: 340 }} option={paretoOption(a.paretoCause, (key) => cause(key, notSet), { count: t(`${K}.count`), cumulative: t(`${K}.cumulative`) })} />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t(`${K}.trend`)} size="small">
                  <EChart
                    style={{ height: 320 }}
                    option={{
                      tooltip: { trigger: 'axis' },
                      legend: { top: 0 },
                      grid: { left: 50, right: 30, top: 36, bottom: 30 },
                      xAxis: { type: 'category', data: a.trend.map((r) => r.period) },
                      yAxis: { type: 'value', minInterval: 1 },
                      series: [
                        { name: t(`${K}.trendCount`), type: 'line', data: a.trend.map((r) => r.count), itemStyle: { color: '#1668dc' } },
                        { name: t(`${K}.trendClosed`), type: 'line', data: a.trend.map((r) => r.closed), itemStyle: { color: '#52c41a' } },
                        { name: t(`${K}.trendOverdue`), type: 'line', data: a.trend.map((r) => r.overdue), itemStyle: { color: '#cf1322' } },
                      ],
                    }}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t(`${K}.satisfaction`)} size="small">
                  <Row>
                    <Col span={12}>
                      <Donut
                        title={t(`${K}.satisfactionPie`)}
                        slices={[
                          { name: t('complaints.main.confirmation.satisfied'), value: s.satisfied, color: '#52c41a' },
                          { name: t('complaints.main.confirmation.basic'), value: s.basic, color: '#91caff' },
                          { name: t('complaints.main.confirmation.dissatisfied'), value: s.dissatisfied, color: '#cf1322' },
                          { name: t(`${K}.unconfirmed`), value: s.unconfirmed, color: '#d9d9d9' },
                        ]}
                      />
                    </Col>
                    <Col span={12}>
                      <Donut
                        title={t(`${K}.validity`)}
                        slices={[
                          { name: t(`${K}.valid`), value: k.validity.valid, color: '#fa8c16' },
                          { name: t(`${K}.invalid`), value: k.validity.invalid, color: '#8c8c8c' },
                          { name: t(`${K}.unjudged`), value: k.validity.unjudged, color: '#d9d9d9' },
                        ]}
                      />
                    </Col>
                  </Row>
                </Card>
              </Col>
              <Col xs={24}>
                <Card
                  title={t(`${K}.breakdown`)}
                  size="small"
                  extra={<Segmented size="small" value={q.by} onChange={(v) => set({ by: v as TAnalysisQuery['by'] })} options={BY.map((b) => ({ value: b, label: t(`${K}.byOpt.${b}`) }))} />}
                >
                  <Row gutter={16}>
                    <Col xs={24} xl={12}>
                      <EChart
                        style={{ height: Math.max(260, Math.min(a.breakdown.length, 20) * 28) }}
                        option={{
                          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                          legend: { top: 0 },
                          grid: { left: 140, right: 30, top: 30, bottom: 20 },
                          xAxis: { type: 'value', minInterval: 1 },
                          yAxis: { type: 'category', inverse: true, data: a.breakdown.slice(0, 20).map(keyLabel) },
                          series: [
                            { name: t(`${K}.count`), type: 'bar', data: a.breakdown.slice(0, 20).map((b) => b.count), itemStyle: { color: '#1668dc' } },
                            { name: t(`${K}.overdueCol`), type: 'bar', data: a.breakdown.slice(0, 20).map((b) => b.overdue), itemStyle: { color: '#cf1322' } },
                          ],
                        }}
                      />
                    </Col>
                    <Col xs={24} xl={12}>
                      <Table<TAnalysisBreakdownRow>
                        size="small"
                        rowKey={(b) => String(b.key)}
                        dataSource={a.breakdown}
                        pagination={a.breakdown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                        columns={[
                          { title: t(`${K}.byOpt.${q.by}`), render: (_, b) => keyLabel(b) },
                          { title: t(`${K}.count`), dataIndex: 'count', align: 'right' },
                          { title: t(`${K}.share`), render: (_, b) => pct(b.share), align: 'right' },
                          { title: t(`${K}.closedCol`), dataIndex: 'closed', align: 'right' },
                          { title: t(`${K}.overdueCol`), dataIndex: 'overdue', align: 'right' },
                          { title: t(`${K}.escalatedCol`), dataIndex: 'escalated', align: 'right' },
                        ]}
                      />
                    </Col>
                  </Row>
                </Card>
              </Col>
            </Row>
          )}
        </Spin>
      )}
    </div>
  );
}

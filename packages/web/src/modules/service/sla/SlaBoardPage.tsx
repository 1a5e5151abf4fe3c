// SLA 看板: open orders against their deadlines — counts, a chart by outlet, what breaches within the hour and what
// has breached, by technician. Refreshes every minute (the scan runs every minute on the server).
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TSlaBoardGroup, TSlaBoardOrder } from '@kehu/shared';
import { EChart } from '../../../lib/EChart';
import { formatDateTime } from '../../../lib/format';
import { useSlaBoard, type BoardQuery } from './api';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** '2 小时 5 分钟' style distance between two instants. */
function useSpan() {
  const { t } = useTranslation();
  return (ms: number) => {
    const m = Math.max(0, Math.round(ms / 60_000));
    if (m < 60) return t('service.sla.duration.minutes', { n: m });
    if (m < 48 * 60) return t('service.sla.duration.hours', { n: Math.round((m / 60) * 10) / 10 });
    return t('service.sla.duration.days', { n: Math.round((m / 1440) * 10) / 10 });
  };
}

export function SlaBoardPage() {
  const { t } = useTranslation();
  const span = useSpan();
  const [q, setQ] = useState<BoardQuery>({ soonPage: 1, breachedPage: 1, pageSize: 10 });
  const { data, isFetching, refetch } = useSlaBoard(q);
  const now = data ? new Date(data.now).getTime() : 0;
  const outlets = (data?.byOutlet ?? []).slice(0, 20);
  const outletName = (g: TSlaBoardGroup) => g.name ?? t('service.sla.noOutlet');
  const techName = (g: TSlaBoardGroup) => g.name ?? t('service.sla.noTechnician');
  const stateLabel = (s: string) => t(`service.orders.state.${s}`, { defaultValue: s });

  const orderColumns = (kind: 'soon' | 'breached') => [
    { title: t('service.sla.code'), dataIndex: 'code', width: 170, render: (v: string, r: TSlaBoardOrder) => <Link to={`/service/orders/${r.id}`}>{v}</Link> },
    { title: t('service.sla.customer'), dataIndex: 'customerName', ellipsis: true },
    { title: t('service.sla.dueKind'), dataIndex: 'nextDueKind', width: 120, render: (v: string | null) => (v ? t(`service.sla.${v}`) : '—') },
    { title: t('service.sla.dueAt'), dataIndex: 'nextDue', width: 140, render: (v: string | null) => formatDateTime(v) },
    kind === 'soon'
      ? { title: t('service.sla.remaining'), key: 'left', width: 100, render: (_: unknown, r: TSlaBoardOrder) => <Tag color="orange">{r.nextDue ? span(new Date(r.nextDue).getTime() - now) : '—'}</Tag> }
      : { title: t('service.sla.breachedAt'), dataIndex: 'breachedAt', width: 140, render: (v: string | null) => <Typography.Text type="danger">{formatDateTime(v)}</Typography.Text> },
    { title: t('service.sla.outlet'), dataIndex: 'outletName', width: 140, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('service.sla.technician'), dataIndex: 'ownerName', width: 110, render: (v: string | null) => v ?? '—' },
    { title: t('service.sla.state'), dataIndex: 'state', width: 150, render: (v: string, r: TSlaBoardOrder) => (r.escalated ? <Space size={4}>{stateLabel(v)}<Tag color="red">{t('service.sla.escalated')}</Tag></Space> : stateLabel(v)) },
  ];

  const stat = (title: string, value: number | undefined, color?: string) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small">
        <Statistic title={title} value={value ?? 0} valueStyle={color ? { color } : undefined} />
      </Card>
    </Col>
  );

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('service.sla.boardTitle')}
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }}>
          {q.outletId && (
            <Tag closable onClose={() => setQ({ ...q, outletId: undefined, soonPage: 1, breachedPage: 1 })} color="blue">
              {outletName(data?.byOutlet.find((g) => g.id === q.outletId) ?? { id: q.outletId, name: null, open: 0, soon: 0, breached: 0 })}
            </Tag>
          )}
          {data && <Typography.Text type="secondary">{t('service.sla.refreshedAt', { t: formatDateTime(data.now) })}</Typography.Text>}
          {data?.countsAt && (
            <Tooltip title={t('service.sla.countsAtHint')}>
              <Typography.Text type="secondary">{t('service.sla.countsAt', { t: dayjs(data.countsAt).format('HH:mm') })}</Typography.Text>
            </Tooltip>
          )}
          <Button icon={<ReloadOutlined />} loading={isFetching} onClick={() => void refetch()} aria-label={t('common.reload')} />
        </Space>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('service.sla.boardHint')} />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {stat(t('service.sla.openOrders'), data?.counts.open)}
        {stat(t('service.sla.warned'), data?.counts.warned, '#d48806')}
        {stat(t('service.sla.soon'), data?.counts.soon, '#fa8c16')}
        {stat(t('service.sla.breached'), data?.counts.breached, '#cf1322')}
        {stat(t('service.sla.escalated'), data?.counts.escalated, '#cf1322')}
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('service.sla.byOutlet')} style={{ marginBottom: 16 }}>
            {outlets.length ? (
              <EChart
                style={{ height: Math.max(240, outlets.length * 30 + 60) }}
                onClick={(e) => {
                  const g = outlets[e.dataIndex];
                  if (g?.id) setQ({ ...q, outletId: g.id, soonPage: 1, breachedPage: 1 });
                }}
                option={{
                  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                  legend: { top: 0 },
                  grid: { left: 130, right: 30, top: 30, bottom: 20 },
                  xAxis: { type: 'value', minInterval: 1 },
                  yAxis: { type: 'category', inverse: true, data: outlets.map(outletName) },
                  series: [
                    { name: t('service.sla.breached'), type: 'bar', stack: 'n', data: outlets.map((g) => g.breached), itemStyle: { color: '#cf1322' } },
                    { name: t('service.sla.soon'), type: 'bar', stack: 'n', data: outlets.map((g) => g.soon), itemStyle: { color: '#fa8c16' } },
                    { name: t('service.sla.openOrders'), type: 'bar', stack: 'n', data: outlets.map((g) => Math.max(0, g.open - g.breached - g.soon)), itemStyle: { color: '#1668dc' } },
                  ],
                }}
              />
            ) : (
              <Typography.Text type="secondary">{t('service.sla.noData')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('service.sla.byTechnician')} style={{ marginBottom: 16 }}>
            <Table<TSlaBoardGroup>
              rowKey={(g) => String(g.id)}
              size="small"
              dataSource={data?.byTechnician ?? []}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t('service.sla.technician'), key: 'name', render: (_, g) => techName(g) },
                { title: t('service.sla.openOrders'), dataIndex: 'open', align: 'right', width: 90 },
                { title: t('service.sla.soon'), dataIndex: 'soon', align: 'right', width: 90, render: (v: number) => (v ? <Typography.Text style={{ color: '#fa8c16' }}>{v}</Typography.Text> : v) },
                { title: t('service.sla.breached'), dataIndex: 'breached', align: 'right', width: 80, render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('service.sla.soonList')} style={{ marginBottom: 16 }}>
        <Table<TSlaBoardOrder>
          rowKey="id"
          size="small"
          loading={isFetching}
          dataSource={data?.soon.items ?? []}
          columns={orderColumns('soon')}
          scroll={{ x: 1000 }}
          pagination={{ current: q.soonPage, pageSize: q.pageSize, total: data?.soon.total ?? 0, hideOnSinglePage: true, onChange: (soonPage) => setQ({ ...q, soonPage }) }}
        />
      </Card>
      <Card size="small" title={t('service.sla.breachedList')}>
        <Table<TSlaBoardOrder>
          rowKey="id"
          size="small"
          loading={isFetching}
          dataSource={data?.breached.items ?? []}
          columns={orderColumns('breached')}
          scroll={{ x: 1000 }}
          pagination={{ current: q.breachedPage, pageSize: q.pageSize, total: data?.breached.total ?? 0, hideOnSinglePage: true, onChange: (breachedPage) => setQ({ ...q, breachedPage }) }}
        />
      </Card>
    </div>
  );
}

// 奖罚积分: the month's points per technician and per outlet with bar charts, the entries, manual entries and voiding.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Input, Modal, Row, Space, Table, Tag, Tabs, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TPointsEntry, TPointsOutletRow, TPointsPersonRow } from '@kehu/shared';
import { EChart } from '../../../lib/EChart';
import { formatDateTime, formatFen } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { statePagination } from '../../../lib/pagination';
import { evaluationApi, evaluationKeys, useEvaluationMutation, usePointsEntries, usePointsLedger, type EntryQuery } from './api';
import { PointsEntryModal } from './PointsEntryModal';
import { companyNow } from '../../../lib/clock';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

const signed = (v: number) => <Typography.Text type={v < 0 ? 'danger' : v > 0 ? 'success' : undefined}>{v > 0 ? `+${v}` : v}</Typography.Text>;

function barOption(labels: string[], values: number[]) {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 120, right: 30, top: 10, bottom: 30 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: labels },
    series: [{ type: 'bar', data: values.map((v) => ({ value: v, itemStyle: { color: v < 0 ? '#ff4d4f' : '#52c41a' } })) }],
  };
}

export function PointsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useShowError();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? companyNow().format('YYYY-MM');
  const { data, isFetching } = usePointsLedger(month);
  const [eq, setEq] = useState<Omit<EntryQuery, 'month'>>({ page: 1, pageSize: 20, voided: 'all' });
  const entries = usePointsEntries({ ...eq, month });
  const [adding, setAdding] = useState(false);
  const [voiding, setVoiding] = useState<TPointsEntry | null>(null);
  const [voidReason, setVoidReason] = useState('');
  const recompute = useEvaluationMutation(evaluationApi.recompute, [evaluationKeys.points]);
  const voidEntry = useEvaluationMutation((v: { id: number; reason: string }) => evaluationApi.voidEntry(v.id, v.reason), [evaluationKeys.points]);
  const persons = data?.persons ?? [];
  const outlets = data?.outlets ?? [];

  const onRecompute = async () => {
    try {
      const r = await recompute.mutateAsync(month);
      message.success(t('service.evaluation.recomputed', { n: r.entries }));
    } catch (e) {
      showError(e);
    }
  };
  const onVoid = async () => {
    if (!voiding || !voidReason.trim()) return;
    try {
      await voidEntry.mutateAsync({ id: voiding.id, reason: voidReason.trim() });
      message.success(t('common.saved'));
      setVoiding(null);
      setVoidReason('');
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('service.evaluation.pointsTitle')}
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }} wrap>
          <span>{t('service.evaluation.month')}</span>
          <DatePicker picker="month" allowClear={false} value={dayjs(month + '-01')} onChange={(d) => d && setParams({ month: d.format('YYYY-MM') })} />
          {can('service:kpi') && (
            <Button icon={<ReloadOutlined />} loading={recompute.isPending} onClick={() => void onRecompute()}>
              {t('service.evaluation.recompute')}
            </Button>
          )}
          {can('service:dispatch') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('service.evaluation.addEntry')}
            </Button>
          )}
        </Space>
      </div>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={data?.computedAt ? t('service.evaluation.computedAt', { at: formatDateTime(data.computedAt) }) : t('service.evaluation.neverComputed')}
        description={t('service.evaluation.pointsHint')}
      />
      <Tabs
        items={[
          {
            key: 'persons',
            label: t('service.evaluation.persons'),
            children: (
              <Row gutter={16}>
                <Col xs={24} xl={14}>
                  <Table<TPointsPersonRow>
                    rowKey="userId"
                    size="small"
                    loading={isFetching}
                    dataSource={persons}
                    pagination={false}
                    onRow={(r) => ({ onClick: () => setEq({ ...eq, page: 1, userId: r.userId, outletId: undefined }), style: { cursor: 'pointer' } })}
                    columns={[
                      { title: t('service.evaluation.technician'), dataIndex: 'name' },
                      { title: t('service.evaluation.outlet'), dataIndex: 'outletName', render: (v: string | null) => v ?? '—' },
                      { title: t('service.evaluation.total'), dataIndex: 'points', align: 'right', render: signed },
                      { title: t('service.evaluation.rewardPoints'), dataIndex: 'rewardPoints', align: 'right' },
                      { title: t('service.evaluation.penaltyPoints'), dataIndex: 'penaltyPoints', align: 'right' },
                      { title: t('service.evaluation.amountTotal'), dataIndex: 'amountFen', align: 'right', render: (v: number) => (v ? formatFen(v) : '—') },
                      { title: t('service.evaluation.entries'), dataIndex: 'entries', align: 'right' },
                    ]}
                  />
                </Col>
                <Col xs={24} xl={10}>
                  <Card size="small" title={t('service.evaluation.chartPersons')}>
                    {persons.length ? <EChart style={{ height: Math.max(240, persons.length * 28) }} option={barOption(persons.map((p) => p.name), persons.map((p) => p.points))} /> : <Empty description={t('service.evaluation.noData')} />}
                  </Card>
                </Col>
              </Row>
            ),
          },
          {
            key: 'outlets',
            label: t('service.evaluation.outlets'),
            children: (
              <Row gutter={16}>
                <Col xs={24} xl={14}>
                  <Table<TPointsOutletRow>
                    rowKey="outletId"
                    size="small"
                    loading={isFetching}
                    dataSource={outlets}
                    pagination={false}
                    onRow={(r) => ({ onClick: () => setEq({ ...eq, page: 1, outletId: r.outletId, userId: undefined }), style: { cursor: 'pointer' } })}
                    columns={[
                      { title: t('service.evaluation.outlet'), dataIndex: 'name' },
                      { title: t('service.evaluation.outletPoints'), dataIndex: 'points', align: 'right', render: signed },
                      { title: t('service.evaluation.amountTotal'), dataIndex: 'amountFen', align: 'right', render: (v: number) => (v ? formatFen(v) : '—') },
                      { title: t('service.evaluation.entries'), dataIndex: 'entries', align: 'right' },
                      { title: t('service.evaluation.staffPoints'), dataIndex: 'staffPoints', align: 'right', render: signed },
                    ]}
                  />
                </Col>
                <Col xs={24} xl={10}>
                  <Card size="small" title={t('service.evaluation.chartOutlets')}>
                    {outlets.length ? <EChart style={{ height: Math.max(240, outlets.length * 28) }} option={barOption(outlets.map((o) => o.name), outlets.map((o) => o.points))} /> : <Empty description={t('service.evaluation.noData')} />}
                  </Card>
                </Col>
              </Row>
            ),
          },
        ]}
      />
      <Card
        size="small"
        style={{ marginTop: 16 }}
        title={t('service.evaluation.details')}
        extra={
          (eq.userId || eq.outletId) && (
            <a onClick={() => setEq({ ...eq, page: 1, userId: undefined, outletId: undefined })}>{t('common.all')}</a>
          )
        }
      >
        <Table<TPointsEntry>
          rowKey="id"
          size="small"
          loading={entries.isFetching}
          dataSource={entries.data?.items ?? []}
          scroll={{ x: 1100 }}
          pagination={statePagination(t, eq, setEq, entries.data?.total)}
          onRow={(r) => ({ style: r.voidedAt ? { opacity: 0.55 } : undefined })}
          columns={[
            { title: t('service.evaluation.occurredAt'), dataIndex: 'occurredAt', width: 140, render: (v: string) => formatDateTime(v) },
            { title: t('service.evaluation.subject'), key: 'subject', width: 180, render: (_, r) => (r.subject === 'person' ? r.user?.name : r.outlet?.name) ?? '—' },
            { title: t('service.evaluation.event'), dataIndex: 'event', width: 150, render: (v: string) => t(`service.evaluation.events.${v}`) },
            { title: t('service.evaluation.rule'), key: 'rule', width: 160, render: (_, r) => (r.rule ? `${r.rule.code} ${r.rule.matter}` : '—') },
            { title: t('service.evaluation.points'), dataIndex: 'points', width: 70, align: 'right', render: signed },
            { title: t('service.evaluation.amount'), dataIndex: 'amountFen', width: 100, align: 'right', render: (v: number) => (v ? formatFen(v) : '—') },
            { title: t('service.evaluation.order'), key: 'order', width: 150, render: (_, r) => (r.order ? <Link to={`/service/orders/${r.order.id}`}>{r.order.code}</Link> : '—') },
            { title: t('service.evaluation.reason'), dataIndex: 'reason', ellipsis: true, render: (v: string | null, r) => (r.voidedAt ? <Space><Tag>{t('service.evaluation.voided')}</Tag>{r.voidReason}</Space> : (v ?? '—')) },
            { title: t('service.evaluation.source'), dataIndex: 'source', width: 70, render: (v: string) => t(`service.evaluation.sources.${v}`) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 70,
              fixed: 'right',
              render: (_, r) => (r.source === 'manual' && !r.voidedAt && can('service:dispatch') ? <a onClick={() => setVoiding(r)}>{t('service.evaluation.void')}</a> : null),
            },
          ]}
        />
      </Card>
      {adding && <PointsEntryModal month={month} onClose={() => setAdding(false)} />}
      <Modal open={!!voiding} title={t('service.evaluation.voidTitle')} onCancel={() => setVoiding(null)} onOk={() => void onVoid()} okButtonProps={{ disabled: !voidReason.trim(), danger: true }} confirmLoading={voidEntry.isPending}>
        <Input.TextArea rows={2} maxLength={500} placeholder={t('service.evaluation.voidReason')} value={voidReason} onChange={(e) => setVoidReason(e.target.value)} />
      </Modal>
    </div>
  );
}

// 售后服务评价: the assessment runs (draft / final) with score and star level, and the trend of the final scores.
import { PlusOutlined } from '@ant-design/icons';
import { Card, Empty, Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TRunSummary } from '@kehu/shared';
import { EChart } from '../../../lib/EChart';
import { formatDate } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { statePagination } from '../../../lib/pagination';
import { useRuns, useTrend } from './api';
import { RunCreateModal } from './RunCreateModal';
import { StarTag } from './StarTag';

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export function RunsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [q, setQ] = useState<{ page: number; pageSize: number; state?: string }>({ page: 1, pageSize: 20 });
  const { data, isFetching } = useRuns(q);
  const trend = useTrend();
  const [creating, setCreating] = useState(false);
  const points = trend.data ?? [];
  const groupNames = [...new Set(points.flatMap((p) => p.groups.map((g) => g.name)))];

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('service.evaluation.runsTitle')}
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }}>
          <Segmented
            value={q.state ?? 'all'}
            onChange={(v) => setQ({ ...q, page: 1, state: v === 'all' ? undefined : String(v) })}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'draft', label: t('service.evaluation.states.draft') },
              { value: 'final', label: t('service.evaluation.states.final') },
            ]}
          />
          {can('service:kpi') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('service.evaluation.newRun')}
            </Button>
          )}
        </Space>
      </div>
      <Table<TRunSummary>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={statePagination(t, q, setQ, data?.total)}
        columns={[
          { title: t('service.evaluation.runCode'), dataIndex: 'code', width: 150, render: (v: string, r) => <Link to={`/service/evaluation/runs/${r.id}`}>{v}</Link> },
          { title: t('service.evaluation.title'), dataIndex: 'title' },
          { title: t('service.evaluation.assessedOn'), dataIndex: 'assessedOn', width: 130, render: (v: string) => formatDate(v) },
          { title: t('service.evaluation.scheme'), key: 'scheme', width: 120, render: (_, r) => t('service.evaluation.revision', { n: r.scheme.revision }) },
          { title: t('service.evaluation.assessors'), dataIndex: 'assessors', width: 160, render: (v: string[]) => v.join('、') },
          { title: t('service.evaluation.state'), dataIndex: 'state', width: 80, render: (v: string) => <Tag color={v === 'final' ? 'green' : 'default'}>{t(`service.evaluation.states.${v}`)}</Tag> },
          { title: t('service.evaluation.score'), dataIndex: 'score', width: 90, align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
          { title: t('service.evaluation.star'), dataIndex: 'star', width: 130, render: (v: TRunSummary['star']) => <StarTag star={v} /> },
          { title: t('service.evaluation.openActions'), dataIndex: 'openActions', width: 100, align: 'right', render: (v: number) => (v ? <Tag color="orange">{v}</Tag> : '0') },
        ]}
      />
      <Card title={t('service.evaluation.trend')} style={{ marginTop: 16 }}>
        {points.length ? (
          <EChart
            style={{ height: 320 }}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 50, right: 60, top: 40, bottom: 30 },
              xAxis: { type: 'category', data: points.map((p) => `${p.assessedOn}\n${p.code}`) },
              yAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100 },
              series: [
                {
                  name: t('service.evaluation.score'),
                  type: 'line',
                  data: points.map((p) => p.score),
                  lineStyle: { width: 3 },
                  markLine: {
                    symbol: 'none',
                    lineStyle: { type: 'dashed', color: '#bfbfbf' },
                    label: { formatter: '{b}', position: 'end' },
                    data: [
                      { name: t('service.evaluation.stars.compliant'), yAxis: 70 },
                      { name: t('service.evaluation.stars.three'), yAxis: 80 },
                      { name: t('service.evaluation.stars.four'), yAxis: 90 },
                      { name: t('service.evaluation.stars.five'), yAxis: 95 },
                    ],
                  },
                },
                ...groupNames.map((name) => ({
                  name,
                  type: 'line',
                  data: points.map((p) => p.groups.find((g) => g.name === name)?.score ?? null),
                  lineStyle: { type: 'dotted' },
                })),
              ],
            }}
          />
        ) : (
          <Empty description={t('service.evaluation.trendEmpty')} />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('service.evaluation.starHint')}
        </Typography.Paragraph>
      </Card>
      {creating && <RunCreateModal onClose={() => setCreating(false)} />}
    </div>
  );
}

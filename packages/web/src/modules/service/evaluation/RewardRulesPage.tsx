// 客户服务奖罚规则 (tool 31): the rule table with kind, matter, criterion, the event counted, points/amount and dates.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REWARD_EVENTS, type TRewardRule } from '@kehu/shared';
import { formatDate, formatFen } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { statePagination } from '../../../lib/pagination';
import { useRewardRules, type RuleQuery } from './api';
import { RewardRuleModal } from './RewardRuleModal';

export function RewardRulesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [q, setQ] = useState<RuleQuery>({ page: 1, pageSize: 50, active: 'all' });
  const { data, isFetching } = useRewardRules(q);
  const [editing, setEditing] = useState<TRewardRule | 'new' | null>(null);
  const writable = can('service:rules');

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('service.evaluation.rulesTitle')}
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }} wrap>
          <Input.Search allowClear placeholder={t('common.search')} onSearch={(v) => setQ({ ...q, page: 1, q: v || undefined })} style={{ width: 200 }} />
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('service.evaluation.event')}
            value={q.event}
            onChange={(v) => setQ({ ...q, page: 1, event: v })}
            options={REWARD_EVENTS.map((e) => ({ value: e, label: t(`service.evaluation.events.${e}`) }))}
          />
          <Segmented
            value={q.kind ?? 'all'}
            onChange={(v) => setQ({ ...q, page: 1, kind: v === 'all' ? undefined : String(v) })}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'reward', label: t('service.evaluation.kinds.reward') },
              { value: 'penalty', label: t('service.evaluation.kinds.penalty') },
            ]}
          />
          <Segmented
            value={q.active}
            onChange={(v) => setQ({ ...q, page: 1, active: v as RuleQuery['active'] })}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'true', label: t('service.evaluation.active') },
              { value: 'false', label: t('service.evaluation.inactive') },
            ]}
          />
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('service.evaluation.newRule')}
            </Button>
          )}
        </Space>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('service.evaluation.rulesHint')} />
      <Table<TRewardRule>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1300 }}
        pagination={statePagination(t, q, setQ, data?.total)}
        columns={[
          { title: t('service.evaluation.code'), dataIndex: 'code', width: 80, fixed: 'left' },
          { title: t('service.evaluation.kind'), dataIndex: 'kind', width: 70, render: (v: string) => <Tag color={v === 'reward' ? 'green' : 'red'}>{t(`service.evaluation.kinds.${v}`)}</Tag> },
          { title: t('service.evaluation.matter'), dataIndex: 'matter', width: 180 },
          { title: t('service.evaluation.criterion'), dataIndex: 'criterion', ellipsis: true },
          { title: t('service.evaluation.event'), dataIndex: 'event', width: 170, render: (v: string) => (v === 'manual' ? t(`service.evaluation.events.${v}`) : <Tag color="blue">{t(`service.evaluation.events.${v}`)}</Tag>) },
          { title: t('service.evaluation.points'), dataIndex: 'points', width: 70, align: 'right', render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : v > 0 ? 'success' : undefined}>{v > 0 ? `+${v}` : v}</Typography.Text> },
          { title: t('service.evaluation.amount'), dataIndex: 'amountFen', width: 110, align: 'right', render: (v: number) => (v ? formatFen(v) : '—') },
          { title: t('service.evaluation.appliesTo'), dataIndex: 'appliesTo', width: 80, render: (v: string) => t(`service.evaluation.subjects.${v}`) },
          { title: t('service.evaluation.department'), dataIndex: 'department', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('service.evaluation.effectiveFrom'), key: 'dates', width: 200, render: (_, r) => `${formatDate(r.effectiveFrom)}${r.effectiveTo ? ` – ${formatDate(r.effectiveTo)}` : ''}` },
          { title: t('service.evaluation.activeFilter'), dataIndex: 'active', width: 70, render: (v: boolean) => (v ? t('service.evaluation.active') : <Tag>{t('service.evaluation.inactive')}</Tag>) },
          ...(writable
            ? [{ title: t('common.actions'), key: 'actions', width: 80, fixed: 'right' as const, render: (_: unknown, r: TRewardRule) => <a onClick={() => setEditing(r)}>{t('common.edit')}</a> }]
            : []),
        ]}
      />
      {editing && <RewardRuleModal rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

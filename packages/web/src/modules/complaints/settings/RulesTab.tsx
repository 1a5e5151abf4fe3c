// 时限规则: reply and resolution targets by severity × customer tier, shown as hours / working days.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPLAINT_TIER_ANY, SEVERITIES, type TComplaintRule } from '@kehu/shared';
import { statePagination } from '../../../lib/pagination';
import { useShowError } from '../../admin/useShowError';
import { useWorkPeriods } from '../../service/sla/api';
import { useTargetText } from '../../service/sla/useSlaLabels';
import { settingsApi, settingsKeys, useComplaintRules, useSettingsMutation, type RuleQuery } from './api';
import { RuleModal } from './RuleModal';
import { useSettingsLabels } from './useSettingsLabels';

/** severity in its own order (minor → critical), the any-tier rule first within a severity */
const byKey = (a: TComplaintRule, b: TComplaintRule) =>
  SEVERITIES.indexOf(a.severity as never) - SEVERITIES.indexOf(b.severity as never) ||
  Number(b.tier === COMPLAINT_TIER_ANY) - Number(a.tier === COMPLAINT_TIER_ANY) ||
  a.tier.localeCompare(b.tier);

const SEVERITY_COLOR: Record<string, string> = { minor: 'default', major: 'orange', critical: 'red' };

export function RulesTab({ writable }: { writable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const labels = useSettingsLabels();
  const targetText = useTargetText();
  const minutesPerDay = useWorkPeriods().data?.minutesPerDay ?? 480;
  const [q, setQ] = useState<RuleQuery>({ page: 1, pageSize: 50, archived: 'false' });
  const { data, isFetching } = useComplaintRules(q);
  const [editing, setEditing] = useState<TComplaintRule | 'new' | null>(null);
  const toggle = useSettingsMutation((r: TComplaintRule) => (r.archivedAt ? settingsApi.restoreRule(r.id, r.version) : settingsApi.archiveRule(r.id, r.version)), [settingsKeys.rules]);

  const onToggle = async (r: TComplaintRule) => {
    try {
      await toggle.mutateAsync(r);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const target = (minutes: number, businessHours: boolean) => (
    <Tooltip title={`${minutes} ${t('complaints.settings.minutes')}`}>
      <Space size={4}>
        <span>{targetText(minutes, businessHours, minutesPerDay)}</span>
        {!businessHours && <Tag color="orange">{t('complaints.settings.calendarTime')}</Tag>}
      </Space>
    </Tooltip>
  );

  return (
    <>
      <div className="kehu-toolbar">
        <Space style={{ marginLeft: 'auto' }}>
          <Switch checked={q.archived === 'true'} onChange={(v) => setQ({ ...q, page: 1, archived: v ? 'true' : 'false' })} aria-label={t('complaints.settings.showArchived')} />
          <span>{t('complaints.settings.showArchived')}</span>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="complaint-rule-new">
              {t('complaints.settings.rules.new')}
            </Button>
          )}
        </Space>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('complaints.settings.rules.hint')} />
      <Table<TComplaintRule>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={[...(data?.items ?? [])].sort(byKey)}
        pagination={statePagination(t, q, setQ, data?.total)}
        data-testid="complaint-rules"
        columns={[
          {
            title: t('complaints.settings.rules.severity'),
            dataIndex: 'severity',
            width: 120,
            render: (v: string) => <Tag color={SEVERITY_COLOR[v]}>{labels.severity(v)}</Tag>,
          },
          {
            title: t('complaints.settings.rules.tier'),
            dataIndex: 'tier',
            width: 170,
            render: (v: string) =>
              v === COMPLAINT_TIER_ANY ? (
                <Tooltip title={t('complaints.settings.rules.defaultRuleHint')}>
                  <Space size={4}>
                    <Typography.Text type="secondary">{labels.tier(v)}</Typography.Text>
                    <Tag>{t('complaints.settings.rules.defaultRule')}</Tag>
                  </Space>
                </Tooltip>
              ) : (
                <Tag color="blue">{labels.tier(v)}</Tag>
              ),
          },
          { title: t('complaints.settings.rules.reply'), key: 'reply', render: (_, r) => target(r.replyMinutes, r.replyBusinessHours) },
          { title: t('complaints.settings.rules.resolve'), key: 'resolve', render: (_, r) => target(r.resolveMinutes, r.resolveBusinessHours) },
          { title: t('complaints.settings.rules.warnPercent'), dataIndex: 'warnPercent', width: 100, align: 'right', render: (v: number) => `${v}%` },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 120,
                  render: (_: unknown, r: TComplaintRule) =>
                    r.archivedAt ? (
                      <a onClick={() => void onToggle(r)}>{t('common.restore')}</a>
                    ) : (
                      <Space>
                        <a onClick={() => setEditing(r)}>{t('common.edit')}</a>
                        {r.tier !== COMPLAINT_TIER_ANY && (
                          <Popconfirm title={t('complaints.settings.rules.archiveConfirm')} onConfirm={() => onToggle(r)}>
                            <a>{t('common.archive')}</a>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing && <RuleModal rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

// 时限规则: the SLA rule table (服务响应时间细则) with its four key fields, targets in minutes and hours/days.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SLA_TARGET_FIELDS, SLA_WILDCARD, type TSlaRule } from '@kehu/shared';
import { useCan } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { statePagination } from '../../../lib/pagination';
import { slaApi, slaKeys, useSlaMutation, useSlaRules, useWorkPeriods, type RuleQuery } from './api';
import { SlaRuleModal } from './SlaRuleModal';
import { useSlaLabels, useTargetText } from './useSlaLabels';

const TARGET_KEY = { ackMinutes: 'ack', appointmentMinutes: 'appointment', arrivalMinutes: 'arrival', fixMinutes: 'fix', visitMinutes: 'visit' } as const;

export function SlaRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useShowError();
  const labels = useSlaLabels();
  const targetText = useTargetText();
  const minutesPerDay = useWorkPeriods().data?.minutesPerDay ?? 480;
  const [q, setQ] = useState<RuleQuery>({ page: 1, pageSize: 50, archived: 'false' });
  const { data, isFetching } = useSlaRules(q);
  const [editing, setEditing] = useState<TSlaRule | 'new' | null>(null);
  const toggle = useSlaMutation((r: TSlaRule) => (r.archivedAt ? slaApi.restoreRule(r.id, r.version) : slaApi.archiveRule(r.id, r.version)), [slaKeys.rules]);
  const writable = can('service:rules');

  const onToggle = async (r: TSlaRule) => {
    try {
      await toggle.mutateAsync(r);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const key = (v: string, text: string) => (v === SLA_WILDCARD ? <Typography.Text type="secondary">{text}</Typography.Text> : <Tag color="blue">{text}</Tag>);

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('service.sla.rulesTitle')}
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }}>
          <Switch checked={q.archived === 'true'} onChange={(v) => setQ({ ...q, page: 1, archived: v ? 'true' : 'false' })} aria-label={t('service.sla.showArchived')} />
          <span>{t('service.sla.showArchived')}</span>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('service.sla.newRule')}
            </Button>
          )}
        </Space>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('service.sla.rulesHint')} />
      <Table<TSlaRule>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1300 }}
        pagination={statePagination(t, q, setQ, data?.total)}
        columns={[
          { title: t('service.sla.serviceType'), dataIndex: 'serviceType', width: 100, fixed: 'left', render: (v: string) => key(v, labels.serviceType(v)) },
          { title: t('service.sla.tier'), dataIndex: 'tier', width: 90, render: (v: string) => key(v, labels.tier(v)) },
          { title: t('service.sla.regionType'), dataIndex: 'regionType', width: 100, render: (v: string) => key(v, labels.regionType(v)) },
          { title: t('service.sla.priority'), dataIndex: 'priority', width: 80, render: (v: string) => key(v, labels.priority(v)) },
          ...SLA_TARGET_FIELDS.map((f) => ({
            title: t(`service.sla.${TARGET_KEY[f]}`),
            dataIndex: f,
            width: 120,
            align: 'right' as const,
            render: (v: number, r: TSlaRule) => (
              <Tooltip title={`${v} ${t('service.sla.minutesSuffix')}`}>
                <span>{targetText(v, r.businessHours, minutesPerDay)}</span>
              </Tooltip>
            ),
          })),
          {
            title: t('service.sla.businessHours'),
            dataIndex: 'businessHours',
            width: 120,
            render: (v: boolean) => (v ? t('service.sla.businessHoursOn') : <Tag color="orange">{t('service.sla.businessHoursOff')}</Tag>),
          },
          { title: t('service.sla.warnPercent'), dataIndex: 'warnPercent', width: 90, align: 'right', render: (v: number) => `${v}%` },
          {
            title: t('service.sla.pauseOnParts'),
            key: 'pauses',
            width: 150,
            render: (_, r) => (
              <Space size={4} wrap>
                {r.pauseOnCustomer && <Tag>{t('service.sla.pauseOnCustomer')}</Tag>}
                {r.pauseOnParts && <Tag>{t('service.sla.pauseOnParts')}</Tag>}
              </Space>
            ),
          },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 120,
                  fixed: 'right' as const,
                  render: (_: unknown, r: TSlaRule) =>
                    r.archivedAt ? (
                      <a onClick={() => void onToggle(r)}>{t('common.restore')}</a>
                    ) : (
                      <Space>
                        <a onClick={() => setEditing(r)}>{t('common.edit')}</a>
                        <Popconfirm title={t('service.sla.archiveConfirm')} onConfirm={() => onToggle(r)}>
                          <a>{t('common.archive')}</a>
                        </Popconfirm>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing && <SlaRuleModal rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

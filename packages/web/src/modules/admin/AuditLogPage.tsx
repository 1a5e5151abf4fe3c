// 审计日志: who did what to which record, newest first; each row expands to its before/after JSON.
import { AutoComplete, Button, Col, DatePicker, Input, Row, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAuditEntry } from '@kehu/shared';
import { formatDateTime } from '../../lib/format';
import { useUserOptions } from '../../lib/reference';
import { useAuditLog, type AuditQuery } from './api';

// the actions and entities written today; the filters also accept any other text
const ACTIONS = ['create', 'update', 'delete', 'archive', 'restore', 'move', 'disable', 'enable', 'password_reset', 'password_changed', 'login', 'login_failed', 'account_locked', 'revoke', 'pii_view', 'export', 'import', 'merge', 'purge', 'grade', 'note', 'upload', 'download', 'seed_demo'];
const ENTITIES = ['user', 'org_unit', 'role', 'api_token', 'dictionary', 'customer', 'contact', 'address', 'attachment', 'customer_import', 'report', 'system'];

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre style={{ margin: 0, maxHeight: 320, overflow: 'auto', background: '#fafafa', padding: 8, borderRadius: 4, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(value, null, 2)}</pre>;
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<AuditQuery>({ page: 1, pageSize: 50 });
  const [entityId, setEntityId] = useState('');
  const [actionText, setActionText] = useState('');
  const [dates, setDates] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const { data, isFetching } = useAuditLog(query);
  const users = useUserOptions().data ?? [];
  const update = (patch: Partial<AuditQuery>) => setQuery((q) => ({ ...q, page: 1, ...patch }));
  const actionLabel = (a: string) => t(`admin.audit.actions.${a}`, { defaultValue: a });
  const entityLabel = (e: string) => t(`admin.audit.entities.${e}`, { defaultValue: e });
  const onDates = (range: [Dayjs | null, Dayjs | null] | null) => {
    setDates(range);
    update({ from: range?.[0]?.format('YYYY-MM-DD') ?? undefined, to: range?.[1]?.format('YYYY-MM-DD') ?? undefined });
  };

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('admin.audit.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 180 }}
          placeholder={t('admin.audit.user')}
          value={query.userId}
          onChange={(v) => update({ userId: v })}
          options={users.map((u) => ({ value: u.id, label: u.displayName }))}
        />
        <AutoComplete
          allowClear
          style={{ width: 160 }}
          placeholder={t('admin.audit.action')}
          value={actionText}
          options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
          filterOption={(input, o) => String(o?.value).includes(input) || String(o?.label).includes(input)}
          onChange={(v: string) => {
            setActionText(v ?? '');
            if (!v) update({ action: undefined });
          }}
          onSelect={(v: string) => update({ action: v })}
          onBlur={() => update({ action: actionText.trim() || undefined })}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 160 }}
          placeholder={t('admin.audit.entity')}
          value={query.entity}
          onChange={(v) => update({ entity: v })}
          options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))}
        />
        <Input.Search allowClear style={{ width: 170 }} placeholder={t('admin.audit.entityId')} value={entityId} onChange={(e) => setEntityId(e.target.value)} onSearch={(v) => update({ entityId: v.trim() || undefined })} />
        <DatePicker.RangePicker allowEmpty={[true, true]} value={dates} onChange={(r) => onDates(r as [Dayjs | null, Dayjs | null] | null)} aria-label={t('admin.audit.dateRange')} />
        <Button
          onClick={() => {
            setEntityId('');
            setActionText('');
            setDates(null);
            setQuery({ page: 1, pageSize: query.pageSize });
          }}
        >
          {t('common.reset')}
        </Button>
      </div>
      <Table<TAuditEntry>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1000 }}
        onChange={(pg) => setQuery((q) => ({ ...q, page: pg.current ?? 1, pageSize: pg.pageSize ?? 50 }))}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200], showTotal: (total) => t('common.total', { total }) }}
        expandable={{
          rowExpandable: (r) => r.before !== null || r.after !== null,
          expandedRowRender: (r) => (
            <Row gutter={16}>
              <Col span={12}>
                <Typography.Text strong>{t('admin.audit.before')}</Typography.Text>
                <Json value={r.before} />
              </Col>
              <Col span={12}>
                <Typography.Text strong>{t('admin.audit.after')}</Typography.Text>
                <Json value={r.after} />
              </Col>
              <Col span={24} style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">
                  {t('admin.audit.requestId')}: {r.requestId ?? '—'}
                </Typography.Text>
              </Col>
            </Row>
          ),
        }}
        columns={[
          { title: t('admin.audit.at'), dataIndex: 'at', width: 150, render: (v) => formatDateTime(v) },
          { title: t('admin.audit.user'), dataIndex: 'username', width: 120, render: (v) => v ?? t('admin.audit.system') },
          { title: t('admin.audit.action'), dataIndex: 'action', width: 120, render: (v) => actionLabel(v) },
          { title: t('admin.audit.entity'), dataIndex: 'entity', width: 120, render: (v) => entityLabel(v) },
          { title: t('admin.audit.entityId'), dataIndex: 'entityId', width: 90, render: (v) => v ?? '—' },
          { title: t('admin.audit.summary'), dataIndex: 'summary', ellipsis: true, render: (v) => v ?? '—' },
          { title: t('admin.audit.ip'), dataIndex: 'ip', width: 130, render: (v) => v ?? '—' },
        ]}
      />
    </div>
  );
}

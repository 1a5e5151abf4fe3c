// API 令牌: tokens for integrations; created for a user, shown once, revocable.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TApiToken } from '@kehu/shared';
import { formatDateTime } from '../../lib/format';
import { useUserOptions } from '../../lib/reference';
import { adminApi, adminKeys, useAdminMutation, useApiTokens, type TokenQuery } from './api';
import { CreateTokenModal } from './CreateTokenModal';
import { useShowError } from './useShowError';

export function ApiTokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [query, setQuery] = useState<TokenQuery>({ page: 1, pageSize: 20, revoked: 'false' });
  const [creating, setCreating] = useState(false);
  const { data, isFetching } = useApiTokens(query);
  const users = useUserOptions().data ?? [];
  const revoke = useAdminMutation((id: number) => adminApi.revokeToken(id), [adminKeys.tokens]);

  const onRevoke = async (id: number) => {
    try {
      await revoke.mutateAsync(id);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('admin.tokens.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          placeholder={t('admin.tokens.user')}
          value={query.userId}
          onChange={(v) => setQuery((q) => ({ ...q, page: 1, userId: v }))}
          options={users.map((u) => ({ value: u.id, label: u.displayName }))}
        />
        <Select
          style={{ width: 120 }}
          value={query.revoked ?? 'all'}
          onChange={(v: 'true' | 'false' | 'all') => setQuery((q) => ({ ...q, page: 1, revoked: v === 'all' ? undefined : v }))}
          options={[
            { value: 'false', label: t('admin.tokens.active') },
            { value: 'true', label: t('admin.tokens.revoked') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setCreating(true)}>
          {t('admin.tokens.new')}
        </Button>
      </div>
      <Table<TApiToken>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1000 }}
        onChange={(pg) => setQuery((q) => ({ ...q, page: pg.current ?? 1, pageSize: pg.pageSize ?? 20 }))}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        columns={[
          { title: t('admin.tokens.name'), dataIndex: 'name' },
          { title: t('admin.tokens.prefix'), dataIndex: 'prefix', width: 150, render: (v) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t('admin.tokens.user'), key: 'user', width: 160, render: (_, r) => `${r.userDisplayName} (${r.username})` },
          { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: (v) => formatDateTime(v) },
          { title: t('admin.tokens.createdBy'), dataIndex: 'createdByName', width: 120, render: (v) => v ?? '—' },
          { title: t('admin.tokens.lastUsed'), dataIndex: 'lastUsedAt', width: 150, render: (v) => (v ? formatDateTime(v) : t('admin.tokens.never')) },
          {
            title: t('admin.status'),
            dataIndex: 'revokedAt',
            width: 170,
            render: (v) => (v ? <Tag color="red">{`${t('admin.tokens.revoked')} ${formatDateTime(v)}`}</Tag> : <Tag color="green">{t('admin.tokens.active')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right',
            render: (_, r) =>
              r.revokedAt ? null : (
                <Popconfirm title={t('admin.tokens.revokeConfirm')} onConfirm={() => onRevoke(r.id)}>
                  <a>{t('admin.tokens.revoke')}</a>
                </Popconfirm>
              ),
          },
        ]}
      />
      {creating && <CreateTokenModal onClose={() => setCreating(false)} />}
    </div>
  );
}

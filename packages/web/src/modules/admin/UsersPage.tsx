// 用户: accounts, their unit and roles; disable/enable and password reset.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUser } from '@kehu/shared';
import { formatDateTime } from '../../lib/format';
import { ListSearch } from '../../lib/ListSearch';
import { adminApi, adminKeys, unitTreeOptions, useAdminMutation, useOrgUnits, useRoles, useUsers, type UserQuery } from './api';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';
import { useShowError } from './useShowError';

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [query, setQuery] = useState<UserQuery>({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);
  const { data, isFetching } = useUsers(query);
  const units = useOrgUnits().data ?? [];
  const roles = useRoles().data ?? [];
  const toggle = useAdminMutation((u: TUser) => (u.disabled ? adminApi.enableUser(u.id, u.version) : adminApi.disableUser(u.id, u.version)), [adminKeys.users, adminKeys.orgUnits]);

  const update = (patch: Partial<UserQuery>) => setQuery((cur) => ({ ...cur, page: 1, ...patch }));
  const roleName = (r: { nameZh: string; nameEn: string }) => (i18n.language === 'en-US' ? r.nameEn : r.nameZh);

  const onTable = (pg: TablePaginationConfig, _f: unknown, sorter: SorterResult<TUser> | SorterResult<TUser>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? (s.order === 'descend' ? '-' : '') + String(s.columnKey) : undefined;
    setQuery((cur) => ({ ...cur, page: pg.current ?? 1, pageSize: pg.pageSize ?? 20, sort }));
  };

  const onToggle = async (u: TUser) => {
    try {
      await toggle.mutateAsync(u);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('admin.users.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={t('admin.users.searchPlaceholder')} width={280} />
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          style={{ width: 200 }}
          placeholder={t('admin.users.orgUnit')}
          value={query.orgUnitId}
          onChange={(v) => update({ orgUnitId: v })}
          treeData={unitTreeOptions(units)}
        />
        <Select allowClear style={{ width: 160 }} placeholder={t('admin.users.roles')} value={query.roleId} onChange={(v) => update({ roleId: v })} options={roles.map((r) => ({ value: r.id, label: roleName(r) }))} />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('admin.status')}
          value={query.disabled}
          onChange={(v) => update({ disabled: v })}
          options={[
            { value: 'false', label: t('admin.users.filterStatus.active') },
            { value: 'true', label: t('admin.users.filterStatus.disabled') },
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setEditing('new')}>
          {t('admin.users.new')}
        </Button>
      </div>
      <Table<TUser>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1000 }}
        pagination={{ current: query.page, pageSize: query.pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username', key: 'username', sorter: true, width: 150 },
          { title: t('admin.users.displayName'), dataIndex: 'displayName', key: 'displayName', sorter: true, width: 140 },
          { title: t('admin.users.orgUnit'), dataIndex: 'orgUnitName', width: 160, render: (v) => v ?? '—' },
          { title: t('admin.users.roles'), dataIndex: 'roles', render: (rs: TUser['roles']) => rs.map((r) => <Tag key={r.id}>{roleName(r)}</Tag>) },
          {
            title: t('admin.status'),
            key: 'status',
            width: 170,
            render: (_, u) => (
              <Space size={4} wrap>
                {u.disabled ? <Tag color="red">{t('admin.disabledTag')}</Tag> : <Tag color="green">{t('admin.enabled')}</Tag>}
                {u.locked && <Tag color="orange">{t('admin.users.locked')}</Tag>}
                {u.mustChangePassword && <Tag color="blue">{t('admin.users.mustChange')}</Tag>}
              </Space>
            ),
          },
          { title: t('admin.users.lastLogin'), dataIndex: 'lastLoginAt', key: 'lastLoginAt', sorter: true, width: 150, render: (v) => (v ? formatDateTime(v) : t('admin.users.never')) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 240,
            fixed: 'right',
            render: (_, u) => (
              <Space>
                <a onClick={() => setEditing(u)}>{t('common.edit')}</a>
                {u.disabled ? (
                  <a onClick={() => void onToggle(u)}>{t('admin.users.enable')}</a>
                ) : (
                  <Popconfirm title={t('admin.users.disableConfirm')} onConfirm={() => onToggle(u)}>
                    <a>{t('admin.users.disable')}</a>
                  </Popconfirm>
                )}
                <a onClick={() => setResetting(u)}>{t('admin.users.resetPassword')}</a>
              </Space>
            ),
          },
        ]}
      />
      {editing && <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </div>
  );
}

// 角色权限: roles with their permissions and data scopes.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TRole } from '@kehu/shared';
import { adminApi, adminKeys, useAdminMutation, useRoles } from './api';
import { usePermissionLabel } from './PermissionMatrix';
import { RoleFormModal } from './RoleFormModal';
import { useShowError } from './useShowError';

export function RolesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const label = usePermissionLabel();
  const { data, isFetching } = useRoles();
  const [editing, setEditing] = useState<TRole | 'new' | null>(null);
  const remove = useAdminMutation((r: TRole) => adminApi.deleteRole(r.id, r.version), [adminKeys.roles]);

  const onDelete = async (r: TRole) => {
    try {
      await remove.mutateAsync(r);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('admin.roles.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setEditing('new')}>
          {t('admin.roles.new')}
        </Button>
      </div>
      <Table<TRole>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        columns={[
          {
            title: t('admin.roles.name'),
            key: 'name',
            width: 200,
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <span>{i18n.language === 'en-US' ? r.nameEn : r.nameZh}</span>
                <Typography.Text type="secondary" code>
                  {r.code}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('admin.status'), dataIndex: 'builtIn', width: 100, render: (v) => (v ? <Tag color="blue">{t('admin.builtIn')}</Tag> : <Tag>{t('admin.custom')}</Tag>) },
          { title: t('admin.roles.users'), dataIndex: 'userCount', width: 90 },
          {
            title: t('admin.roles.permissions'),
            dataIndex: 'permissions',
            render: (ps: string[]) => (
              <Space size={[4, 4]} wrap>
                {ps.map((p) => (
                  <Tag key={p} title={p}>
                    {label(p)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('admin.roles.scopes'),
            dataIndex: 'scopes',
            width: 160,
            render: (s: TRole['scopes']) =>
              Object.entries(s).map(([m, v]) => (
                <div key={m}>
                  {t(`admin.modules.${m}`, { defaultValue: m })}: {t(`admin.scopes.${v}`)}
                </div>
              )),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 140,
            fixed: 'right',
            render: (_, r) => {
              const deletable = !r.builtIn && r.userCount === 0;
              return (
                <Space>
                  <a onClick={() => setEditing(r)}>{t('common.edit')}</a>
                  {deletable ? (
                    <Popconfirm title={t('admin.roles.deleteConfirm')} onConfirm={() => onDelete(r)}>
                      <a>{t('common.delete')}</a>
                    </Popconfirm>
                  ) : (
                    <Tooltip title={t('admin.roles.cannotDelete')}>
                      <Typography.Text type="secondary">{t('common.delete')}</Typography.Text>
                    </Tooltip>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {editing && <RoleFormModal role={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

// 部门与团队: the organisation tree; create, rename, move, archive and restore units.
import { App, Popconfirm, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOrgUnitNode } from '@kehu/shared';
import { adminApi, adminKeys, flattenUnits, useAdminMutation, useOrgUnits } from './api';
import { OrgUnitFormModal, type OrgUnitFormTarget } from './OrgUnitFormModal';
import { useShowError } from './useShowError';

type Row = Omit<TOrgUnitNode, 'children'> & { children?: Row[] };

/** antd shows an expander for any `children` array, so leaves carry none. */
function toRows(nodes: TOrgUnitNode[]): Row[] {
  return nodes.map(({ children, ...n }) => (children.length ? { ...n, children: toRows(children) } : n));
}

export function OrgUnitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [showArchived, setShowArchived] = useState(false);
  const { data, isLoading, isFetching } = useOrgUnits(showArchived);
  const [target, setTarget] = useState<OrgUnitFormTarget | null>(null);
  // everything starts expanded (new units too); only what the user folds stays folded
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const archive = useAdminMutation((n: Row) => (n.archivedAt ? adminApi.restoreOrgUnit(n.id, n.version) : adminApi.archiveOrgUnit(n.id, n.version)), [adminKeys.orgUnits]);

  const onArchive = async (n: Row) => {
    try {
      await archive.mutateAsync(n);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const tree = data ?? [];
  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('admin.org.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <Space>
          <Switch checked={showArchived} onChange={setShowArchived} aria-label={t('admin.org.showArchived')} />
          {t('admin.org.showArchived')}
        </Space>
      </div>
      {isLoading ? (
        <Spin style={{ margin: 40 }} />
      ) : (
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={isFetching}
          pagination={false}
          dataSource={toRows(tree)}
          expandable={{
            expandedRowKeys: flattenUnits(tree).map((n) => n.id).filter((id) => !collapsed.has(id)),
            onExpand: (open, n) =>
              setCollapsed((cur) => {
                const next = new Set(cur);
                if (open) next.delete(n.id);
                else next.add(n.id);
                return next;
              }),
          }}
          columns={[
            {
              title: t('admin.org.name'),
              dataIndex: 'name',
              render: (v, n) => (
                <Space>
                  {v}
                  {n.parentId === null && <Tag>{t('admin.org.root')}</Tag>}
                  {n.archivedAt && <Tag>{t('admin.archivedTag')}</Tag>}
                </Space>
              ),
            },
            { title: t('admin.org.kind'), dataIndex: 'kind', width: 120, render: (v) => <Tag color={v === 'department' ? 'geekblue' : 'green'}>{t(`admin.org.kinds.${v}`)}</Tag> },
            { title: t('admin.org.users'), dataIndex: 'userCount', width: 110 },
            { title: t('admin.org.sort'), dataIndex: 'sort', width: 90 },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 240,
              render: (_, n) =>
                n.archivedAt ? (
                  <a onClick={() => void onArchive(n)}>{t('common.restore')}</a>
                ) : (
                  <Space>
                    <a onClick={() => setTarget({ mode: 'create', parent: n })}>{t('admin.org.new')}</a>
                    <a onClick={() => setTarget({ mode: 'edit', unit: n })}>{t('admin.org.edit')}</a>
                    {n.parentId !== null && (
                      <Popconfirm title={t('admin.org.archiveConfirm')} onConfirm={() => onArchive(n)}>
                        <a>{t('common.archive')}</a>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      )}
      {target && <OrgUnitFormModal target={target} tree={tree} onClose={() => setTarget(null)} />}
    </div>
  );
}

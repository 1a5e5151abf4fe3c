// 产品类别与三包规则: the categories with their return, exchange and warranty periods.
import { PlusOutlined } from '@ant-design/icons';
import type { TCategory } from '@kehu/shared';
import { Alert, Button, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../lib/reference';
import { ArchivedFilter } from '../shared/ArchivedFilter';
import { archiveActionsColumn, useArchiveToggle } from '../shared/ArchiveActions';
import { statePagination } from '../../../lib/pagination';
import { catalogueApi, useCatalogueMutation, useCategories, type CatalogueListQuery } from './api';
import { CategoryFormModal } from './CategoryFormModal';

export function CategoriesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [query, setQuery] = useState<CatalogueListQuery>({ page: 1, pageSize: 20, archived: 'false' });
  const [editing, setEditing] = useState<TCategory | 'new' | null>(null);
  const { data, isFetching } = useCategories(query);
  const writable = can('service:catalogue');
  const archive = useCatalogueMutation((c: TCategory) => catalogueApi.archiveCategory(c.id, c.version, !c.archivedAt));

  const onArchive = useArchiveToggle(archive.mutateAsync);

  const days = (n: number) => (n > 0 ? n : <Typography.Text type="secondary">—</Typography.Text>);
  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.catalogue.category.title')}
      </Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('service.catalogue.category.intro')} />
      <div className="kehu-toolbar">
        <Space wrap>
          <Input.Search allowClear placeholder={t('service.catalogue.searchPlaceholder')} onSearch={(q) => setQuery({ ...query, page: 1, q: q || undefined })} style={{ width: 260 }} />
          <ArchivedFilter value={query.archived} width={120} onChange={(archived) => setQuery({ ...query, page: 1, archived })} />
        </Space>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setEditing('new')}>
            {t('service.catalogue.category.new')}
          </Button>
        )}
      </div>
      <Table<TCategory>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={statePagination(t, query, setQuery, data?.total)}
        columns={[
          { title: t('service.catalogue.category.code'), dataIndex: 'code', width: 150, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('service.catalogue.category.name'),
            dataIndex: 'name',
            render: (v: string, c) => (
              <Space>
                {v}
                {c.archivedAt && <Tag>{t('service.catalogue.archived')}</Tag>}
              </Space>
            ),
          },
          { title: t('service.catalogue.category.warrantyMonths'), dataIndex: 'warrantyMonths', width: 110, align: 'right' },
          { title: t('service.catalogue.category.returnDays'), dataIndex: 'returnDays', width: 110, align: 'right', render: days },
          { title: t('service.catalogue.category.exchangeDays'), dataIndex: 'exchangeDays', width: 110, align: 'right', render: days },
          { title: t('service.catalogue.category.noReasonReturnDays'), dataIndex: 'noReasonReturnDays', width: 130, align: 'right', render: days },
          { title: t('service.catalogue.category.freeRepairs'), dataIndex: 'freeRepairsBeforeExchange', width: 130, align: 'right', render: days },
          { title: t('service.catalogue.category.maintenanceIntervalDays'), dataIndex: 'maintenanceIntervalDays', width: 120, align: 'right', render: (v: number | null) => v ?? '—' },
          { title: t('service.catalogue.category.products'), dataIndex: 'productCount', width: 80, align: 'right' },
          ...(writable
            ? [
                archiveActionsColumn<TCategory>(t, {
                  width: 130,
                  confirm: t('service.catalogue.archiveConfirm'),
                  onEdit: setEditing,
                  onArchive,
                  blocked: (c) => (c.productCount > 0 ? t('service.catalogue.category.inUse') : undefined),
                }),
              ]
            : []),
        ]}
      />
      {editing && <CategoryFormModal category={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

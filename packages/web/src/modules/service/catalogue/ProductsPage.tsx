// 产品目录: products by category with their warranty, maintenance interval, list price and required skill.
import { PlusOutlined } from '@ant-design/icons';
import type { TProduct } from '@kehu/shared';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { ArchivedFilter } from '../shared/ArchivedFilter';
import { archiveActionsColumn, useArchiveToggle } from '../shared/ArchiveActions';
import { statePagination } from '../../../lib/pagination';
import { catalogueApi, useCatalogueMutation, useCategoryOptions, useProducts, type ProductQuery } from './api';
import { ProductFormModal } from './ProductFormModal';

export function ProductsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [query, setQuery] = useState<ProductQuery>({ page: 1, pageSize: 20, archived: 'false' });
  const [editing, setEditing] = useState<TProduct | 'new' | null>(null);
  const { data, isFetching } = useProducts(query);
  const categories = useCategoryOptions().data?.items ?? [];
  const writable = can('service:catalogue');
  const archive = useCatalogueMutation((p: TProduct) => catalogueApi.archiveProduct(p.id, p.version, !p.archivedAt));
  const onArchive = useArchiveToggle(archive.mutateAsync);

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.catalogue.product.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <Space wrap>
          <Input.Search allowClear placeholder={t('service.catalogue.product.searchPlaceholder')} onSearch={(q) => setQuery({ ...query, page: 1, q: q || undefined })} style={{ width: 240 }} />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('service.catalogue.product.allCategories')}
            aria-label={t('service.catalogue.product.category')}
            style={{ width: 200 }}
            value={query.categoryId}
            onChange={(categoryId?: number) => setQuery({ ...query, page: 1, categoryId })}
            options={categories.map((c) => ({ value: c.id, label: c.name }))}
          />
          <ArchivedFilter value={query.archived} width={120} onChange={(archived) => setQuery({ ...query, page: 1, archived })} />
        </Space>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => setEditing('new')}>
            {t('service.catalogue.product.new')}
          </Button>
        )}
      </div>
      <Table<TProduct>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 960 }}
        pagination={statePagination(t, query, setQuery, data?.total)}
        columns={[
          { title: t('service.catalogue.product.model'), dataIndex: 'model', width: 150, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          {
            title: t('service.catalogue.product.name'),
            dataIndex: 'name',
            render: (v: string, p) => (
              <Space>
                {v}
                {p.archivedAt && <Tag>{t('service.catalogue.archived')}</Tag>}
              </Space>
            ),
          },
          { title: t('service.catalogue.product.category'), dataIndex: 'categoryName', width: 140 },
          {
            title: t('service.catalogue.product.warrantyMonths'),
            dataIndex: 'effectiveWarrantyMonths',
            width: 130,
            align: 'right',
            render: (v: number, p) => (p.warrantyMonths === null ? <Typography.Text type="secondary">{t('service.catalogue.product.warrantyFromCategory', { n: v })}</Typography.Text> : v),
          },
          { title: t('service.catalogue.product.maintenanceIntervalDays'), dataIndex: 'maintenanceIntervalDays', width: 120, align: 'right', render: (v: number | null) => v ?? '—' },
          { title: t('service.catalogue.product.designLifeYears'), dataIndex: 'designLifeYears', width: 110, align: 'right', render: (v: number | null) => v ?? '—' },
          { title: t('service.catalogue.product.listPrice'), dataIndex: 'listPriceFen', width: 130, align: 'right', render: (v: number | null) => formatFen(v) },
          { title: t('service.catalogue.product.skill'), dataIndex: 'skill', width: 110, render: (v: string | null) => (v ? <Tag>{v}</Tag> : '—') },
          ...(writable ? [archiveActionsColumn<TProduct>(t, { width: 120, confirm: t('service.catalogue.archiveConfirm'), onEdit: setEditing, onArchive })] : []),
        ]}
      />
      {editing && <ProductFormModal product={editing === 'new' ? null : editing} defaultCategoryId={query.categoryId} onClose={() => setEditing(null)} />}
    </div>
  );
}

// 机器档案: the installed base, searchable by serial, quality card number and customer name, filterable by
// category, product and warranty state; each unit links to its customer.
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import type { TUnit } from '@kehu/shared';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDate } from '../../../lib/format';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useCan } from '../../../lib/reference';
import { useListParams } from '../../../lib/useListParams';
import { ArchivedFilter } from '../shared/ArchivedFilter';
import { useCategoryOptions, useProducts, useUnits, type UnitQuery } from './api';
import { warrantyState, WarrantyTag } from './WarrantyTag';
import { companyToday } from '../../../lib/clock';

const num = (v: string | null) => (v ? Number(v) : undefined);

export function UnitListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const { query, update, onTable } = useListParams<UnitQuery>((params) => ({
    sort: params.get('sort') ?? undefined,
    q: params.get('q') ?? undefined,
    customerId: num(params.get('customerId')),
    categoryId: num(params.get('categoryId')),
    productId: num(params.get('productId')),
    warranty: (params.get('warranty') as UnitQuery['warranty']) ?? undefined,
    archived: (params.get('archived') as UnitQuery['archived']) ?? undefined,
  }));
  const { data, isFetching } = useUnits(query);
  const categories = useCategoryOptions().data?.items ?? [];
  const products = useProducts({ page: 1, pageSize: 200, categoryId: query.categoryId }).data?.items ?? [];
  const today = companyToday();

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.catalogue.unit.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={t('service.catalogue.unit.searchPlaceholder')} width={340} />
        <Select
          allowClear
          placeholder={t('service.catalogue.product.allCategories')}
          style={{ width: 160 }}
          value={query.categoryId}
          onChange={(v?: number) => update({ categoryId: v, productId: undefined })}
          options={categories.map((c) => ({ value: c.id, label: c.name }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('service.catalogue.unit.allProducts')}
          style={{ width: 200 }}
          value={query.productId}
          onChange={(v?: number) => update({ productId: v })}
          options={products.map((p) => ({ value: p.id, label: `${p.model} ${p.name}` }))}
        />
        <Select
          allowClear
          placeholder={t('service.catalogue.unit.warranty')}
          style={{ width: 130 }}
          value={query.warranty}
          onChange={(v?: UnitQuery['warranty']) => update({ warranty: v })}
          options={(['in', 'out', 'unknown'] as const).map((w) => ({ value: w, label: t(`service.catalogue.unit.warrantyFilter.${w}`) }))}
        />
        <ArchivedFilter value={query.archived ?? 'false'} width={110} onChange={(v) => update({ archived: v === 'false' ? undefined : v })} />
        {can('service:create') && (
          <Space style={{ marginLeft: 'auto' }}>
            <Button icon={<ImportOutlined />} onClick={() => navigate('/service/units/import')}>
              {t('service.catalogue.unit.import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/service/units/new' + (query.customerId ? `?customerId=${query.customerId}` : ''))}>
              {t('service.catalogue.unit.new')}
            </Button>
          </Space>
        )}
      </div>
      <Table<TUnit>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1300 }}
        pagination={listPagination(t, query, data?.total)}
        columns={[
          {
            title: t('service.catalogue.unit.serialNo'),
            dataIndex: 'serialNo',
            key: 'serialNo',
            sorter: true,
            width: 180,
            render: (v: string, u) => (
              <Space direction="vertical" size={0}>
                <Link to={`/service/units/${u.id}`}>{v}</Link>
                {u.archivedAt && <Tag>{t('service.catalogue.archived')}</Tag>}
              </Space>
            ),
          },
          { title: t('service.catalogue.unit.model'), dataIndex: 'productModel', width: 140, render: (v: string, u) => <span title={u.productName}>{v}</span> },
          { title: t('service.catalogue.unit.product'), dataIndex: 'productName', width: 180 },
          { title: t('service.catalogue.unit.customer'), dataIndex: 'customerName', width: 220, render: (v: string, u) => <Link to={`/customers/${u.customerId}`}>{v}</Link> },
          { title: t('service.catalogue.unit.purchaseDate'), dataIndex: 'purchaseDate', key: 'purchaseDate', sorter: true, width: 140, render: (v: string | null) => formatDate(v) },
          {
            title: t('service.catalogue.unit.warranty'),
            dataIndex: 'warrantyEnd',
            key: 'warrantyEnd',
            sorter: true,
            width: 220,
            render: (v: string | null, u) => <WarrantyTag state={warrantyState(v, today, u.purchaseDate)} warrantyEnd={v} />,
          },
          { title: t('service.catalogue.unit.qualityCardNo'), dataIndex: 'qualityCardNo', width: 140, render: (v: string | null) => v ?? '—' },
          { title: t('service.catalogue.unit.region'), dataIndex: 'region', width: 180, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </div>
  );
}

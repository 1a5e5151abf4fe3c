import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { LIFECYCLE_STATES } from '@kehu/shared';
import { qs } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { ListSearch } from '../../lib/ListSearch';
import { listPagination } from '../../lib/pagination';
import { useCan, useDictLabel, useDictOptions, useRegions } from '../../lib/reference';
import { useCustomers, type CustomerListItem, type CustomerQuery } from './api';

export function CustomerListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const label = useDictLabel();
  const [params, setParams] = useSearchParams();
  const query: CustomerQuery = {
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
    sort: params.get('sort') ?? undefined,
    q: params.get('q') ?? undefined,
    type: params.get('type') ?? undefined,
    lifecycleState: params.get('lifecycleState') ?? undefined,
    grade: params.get('grade') ?? undefined,
    source: params.get('source') ?? undefined,
    provinceCode: params.get('provinceCode') ?? undefined,
    archived: params.get('archived') ?? undefined,
  };
  const { data, isFetching } = useCustomers(query);
  const regions = useRegions().data ?? [];
  const gradeOptions = useDictOptions('grade');
  const sourceOptions = useDictOptions('source');

  const update = (patch: Partial<CustomerQuery>) => {
    const next = { ...query, page: 1, ...patch };
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== '' && v !== null) p.set(k, String(v));
    setParams(p);
  };

  const onTable = (pg: TablePaginationConfig, _f: unknown, sorter: SorterResult<CustomerListItem> | SorterResult<CustomerListItem>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? (s.order === 'descend' ? '-' : '') + String(s.field) : undefined;
    update({ page: pg.current ?? 1, pageSize: pg.pageSize ?? 20, sort });
  };

  // in the app's language (headers, types, states, list entries), not the browser's
  const exportHref = '/api/v1/customers/export.xlsx' + qs({ ...query, page: undefined, pageSize: undefined, sort: undefined, lang: currentLanguage() });

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('customer.list')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={t('customer.searchPlaceholder')} width={360} />
        <Select allowClear placeholder={t('customer.type')} style={{ width: 130 }} value={query.type} onChange={(v) => update({ type: v })} options={[{ value: 'enterprise', label: t('customer.enterprise') }, { value: 'individual', label: t('customer.individual') }]} />
        <Select allowClear placeholder={t('customer.lifecycleState')} style={{ width: 130 }} value={query.lifecycleState} onChange={(v) => update({ lifecycleState: v })} options={LIFECYCLE_STATES.map((s) => ({ value: s, label: t(`customer.state.${s}`) }))} />
        <Select allowClear placeholder={t('customer.grade')} style={{ width: 150 }} value={query.grade} onChange={(v) => update({ grade: v })} options={gradeOptions} />
        <Select allowClear placeholder={t('customer.source')} style={{ width: 140 }} value={query.source} onChange={(v) => update({ source: v })} options={sourceOptions} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('customer.region')} style={{ width: 150 }} value={query.provinceCode} onChange={(v) => update({ provinceCode: v })} options={regions.map((r) => ({ value: r.code, label: r.name }))} />
        <Select style={{ width: 110 }} value={query.archived ?? 'false'} onChange={(v) => update({ archived: v === 'false' ? undefined : v })} options={[{ value: 'false', label: t('customer.active') }, { value: 'true', label: t('customer.archived') }, { value: 'all', label: t('common.all') }]} />
        <Space style={{ marginLeft: 'auto' }}>
          {can('customers:export') && (
            <Button icon={<DownloadOutlined />} href={exportHref}>
              {t('common.export')}
            </Button>
          )}
          {can('customers:create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/customers/new')}>
              {t('customer.new')}
            </Button>
          )}
        </Space>
      </div>
      <Table<CustomerListItem>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1500 }}
        pagination={listPagination(t, query, data?.total, data?.totalCapped)}
        columns={[
          { title: t('customer.code'), dataIndex: 'code', key: 'code', sorter: true, width: 160, render: (v, r) => <Link to={`/customers/${r.id}`}>{v}</Link> },
          {
            title: t('customer.name'),
            dataIndex: 'name',
            key: 'name',
            sorter: true,
            width: 260,
            render: (v, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/customers/${r.id}`}>{v}</Link>
                {r.archivedAt && <Tag>{t('customer.archived')}</Tag>}
              </Space>
            ),
          },
          { title: t('customer.type'), dataIndex: 'type', width: 110, render: (v) => t(`customer.${v}`) },
          { title: t('customer.phone'), dataIndex: 'phone', width: 140 },
          { title: t('customer.grade'), dataIndex: 'grade', key: 'grade', sorter: true, width: 130, render: (v) => (v ? <Tag color={v === 'A' ? 'red' : v === 'B' ? 'orange' : 'blue'}>{label('grade', v)}</Tag> : '—') },
          { title: t('customer.lifecycleState'), dataIndex: 'lifecycleState', width: 110, render: (v) => t(`customer.state.${v}`) },
          { title: t('customer.region'), dataIndex: 'region', width: 200 },
          { title: t('customer.owner'), dataIndex: 'ownerName', width: 100 },
          { title: t('customer.tags'), dataIndex: 'tags', width: 160, render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', sorter: true, width: 150, render: (v) => formatDate(v) },
        ]}
      />
    </div>
  );
}

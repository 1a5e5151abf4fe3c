// 退换货 list: filters (state, type) and search in the URL, paged like the other lists.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { RETURN_STATES, RETURN_TYPES, type TReturnListItem } from '@kehu/shared';
import { formatDate, formatDateTime, formatFen } from '../../../lib/format';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useCan } from '../../../lib/reference';
import { useListParams } from '../../../lib/useListParams';
import { useReturns, type ReturnQuery } from './api';
import { ReturnStateTag, ReturnTypeTag } from './ReturnTags';

export function ReturnListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const { query, update, onTable } = useListParams<ReturnQuery>((params) => ({
    q: params.get('q') ?? undefined,
    state: params.get('state') ?? undefined,
    type: params.get('type') ?? undefined,
  }));
  const { data, isFetching } = useReturns(query);

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.returns.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={t('service.returns.searchPlaceholder')} width={360} data-testid="return-search" />
        <Select
          allowClear
          data-testid="return-filter-state"
          placeholder={t('service.returns.filterState')}
          style={{ width: 140 }}
          value={query.state}
          onChange={(v) => update({ state: v })}
          options={[{ value: 'open', label: t('service.returns.open') }, ...RETURN_STATES.map((s) => ({ value: s, label: t(`service.returns.state.${s}`) }))]}
        />
        <Select
          allowClear
          data-testid="return-filter-type"
          placeholder={t('service.returns.filterType')}
          style={{ width: 130 }}
          value={query.type}
          onChange={(v) => update({ type: v })}
          options={RETURN_TYPES.map((s) => ({ value: s, label: t(`service.returns.types.${s}`) }))}
        />
        <Space style={{ marginLeft: 'auto' }}>
          {can('service:create') && (
            <Button type="primary" icon={<PlusOutlined />} data-testid="return-new" onClick={() => navigate('/service/returns/new')}>
              {t('service.returns.new')}
            </Button>
          )}
        </Space>
      </div>
      <Table<TReturnListItem>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1300 }}
        pagination={listPagination(t, query, data?.total)}
        columns={[
          { title: t('service.returns.code'), dataIndex: 'code', width: 170, render: (v, r) => <Link to={`/service/returns/${r.id}`}>{v}</Link> },
          { title: t('service.returns.customer'), dataIndex: 'customerName', width: 200, render: (v, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
          {
            title: t('service.returns.product'),
            key: 'product',
            width: 240,
            render: (_, r) => (
              <span>
                {r.productName} {r.productModel}
                {r.serialNo ? (
                  <>
                    {' · '}
                    <Link to={`/service/units/${r.unitId}`}>{r.serialNo}</Link>
                  </>
                ) : (
                  ` × ${r.qty}`
                )}
              </span>
            ),
          },
          {
            title: t('service.returns.type'),
            dataIndex: 'type',
            width: 150,
            render: (v, r) => (
              <Space size={0} wrap>
                <ReturnTypeTag type={v} />
                <span>{t(`service.returns.reasons.${r.reason}`)}</span>
              </Space>
            ),
          },
          {
            title: t('service.returns.stateLabel'),
            dataIndex: 'state',
            width: 160,
            render: (v, r) => (
              <Space size={0} wrap>
                <ReturnStateTag state={v} />
                {r.overridden && <Tag color="magenta">{t('service.returns.overridden')}</Tag>}
              </Space>
            ),
          },
          { title: t('service.returns.decisionLabel'), dataIndex: 'decision', width: 100, render: (v) => (v ? t(`service.returns.decisions.${v}`) : '—') },
          { title: t('service.returns.refund'), dataIndex: 'refundFen', width: 120, align: 'right', render: (v) => (v === null ? '—' : formatFen(v)) },
          { title: t('service.returns.purchaseDate'), dataIndex: 'purchaseDate', width: 130, render: (v) => formatDate(v) },
          { title: t('service.returns.requestDate'), dataIndex: 'requestDate', width: 130, render: (v) => formatDate(v) },
          { title: t('service.returns.createdAt'), dataIndex: 'createdAt', width: 150, render: (v) => formatDateTime(v) },
        ]}
      />
    </div>
  );
}

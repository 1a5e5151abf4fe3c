// 服务工单 list: filters in the URL, deadline countdowns, paging like the customer list.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ORDER_STATES, SERVICE_TYPES } from '@kehu/shared';
import { formatDateTime } from '../../../lib/format';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useCan } from '../../../lib/reference';
import { useListParams } from '../../../lib/useListParams';
import { useOrders, type OrderListItem, type OrderQuery } from './api';
import { DueTag, StateTag, WarrantyTag } from './OrderTags';

export function OrderListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const { query, update, onTable } = useListParams<OrderQuery>((params) => ({
    q: params.get('q') ?? undefined,
    state: params.get('state') ?? undefined,
    type: params.get('type') ?? undefined,
    escalated: params.get('escalated') ?? undefined,
    mine: params.get('mine') ?? undefined,
  }));
  const { data, isFetching } = useOrders(query);

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.orders.title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={t('service.orders.searchPlaceholder')} width={340} />
        <Select
          allowClear
          data-testid="order-filter-state"
          placeholder={t('service.orders.filterState')}
          style={{ width: 140 }}
          value={query.state}
          onChange={(v) => update({ state: v })}
          options={[{ value: 'open', label: t('service.orders.open') }, ...ORDER_STATES.map((s) => ({ value: s, label: t(`service.orders.state.${s}`) }))]}
        />
        <Select
          allowClear
          placeholder={t('service.orders.filterType')}
          style={{ width: 130 }}
          value={query.type}
          onChange={(v) => update({ type: v })}
          options={SERVICE_TYPES.map((s) => ({ value: s, label: t(`service.orders.types.${s}`) }))}
        />
        <Checkbox checked={query.escalated === 'true'} onChange={(e) => update({ escalated: e.target.checked ? 'true' : undefined })}>
          {t('service.orders.escalatedOnly')}
        </Checkbox>
        <Checkbox checked={query.mine === 'true'} onChange={(e) => update({ mine: e.target.checked ? 'true' : undefined })}>
          {t('service.orders.mineOnly')}
        </Checkbox>
        <Space style={{ marginLeft: 'auto' }}>
          {can('service:create') && (
            <Button type="primary" icon={<PlusOutlined />} data-testid="order-new" onClick={() => navigate('/service/orders/new')}>
              {t('service.orders.new')}
            </Button>
          )}
        </Space>
      </div>
      <Table<OrderListItem>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1500 }}
        pagination={listPagination(t, query, data?.total, data?.totalCapped)}
        columns={[
          {
            title: t('service.orders.code'),
            dataIndex: 'code',
            width: 220,
            render: (v, r) => (
              <Space size={4}>
                <Link to={`/service/orders/${r.id}`}>{v}</Link>
                {r.priority === 'urgent' && <Tag color="red">{t('service.orders.urgent')}</Tag>}
              </Space>
            ),
          },
          { title: t('service.orders.customer'), dataIndex: 'customerName', width: 200, render: (v, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
          { title: t('service.orders.type'), dataIndex: 'type', width: 100, render: (v, r) => `${t(`service.orders.types.${v}`)}·${t(`service.orders.modes.${r.mode}`)}` },
          {
            title: t('service.orders.stateLabel'),
            dataIndex: 'state',
            width: 150,
            render: (v, r) => (
              <Space size={0} wrap>
                <StateTag state={v} />
                {r.escalated && <Tag color="magenta">{t('service.orders.escalated')}</Tag>}
              </Space>
            ),
          },
          { title: t('service.orders.warrantyLabel'), dataIndex: 'warranty', width: 100, render: (v) => <WarrantyTag warranty={v} /> },
          { title: t('service.orders.outlet'), dataIndex: 'outletName', width: 150, render: (v) => v ?? '—' },
          { title: t('service.orders.technician'), dataIndex: 'technicianName', width: 100, render: (v) => v ?? '—' },
          { title: t('service.orders.appointment'), dataIndex: 'appointmentFrom', width: 160, render: (v, r) => (v ? `${formatDateTime(v)}–${formatDateTime(r.appointmentTo).slice(11)}` : '—') },
          { title: t('service.orders.nextDue'), dataIndex: 'nextDue', width: 190, render: (v, r) => <DueTag due={v} kind={r.nextDueKind} warnAt={r.nextWarnAt} /> },
          { title: t('service.orders.createdAt'), dataIndex: 'createdAt', width: 150, render: (v) => formatDateTime(v) },
        ]}
      />
    </div>
  );
}

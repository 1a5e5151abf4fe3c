// 回访任务: open return visits by due time, overdue in red; each links to the order card's visit section.
import { Checkbox, Rate, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useListParams } from '../../../lib/useListParams';
import { listPagination } from '../../../lib/pagination';
import { useVisits, type VisitListItem, type VisitQuery } from './api';
import './orders.css';

export function VisitListPage() {
  const { t } = useTranslation();
  const { query, update, onTable } = useListParams<VisitQuery>((params) => ({
    state: params.get('state') ?? 'open',
    mine: params.get('mine') ?? undefined,
    overdue: params.get('overdue') ?? undefined,
  }));
  const { data, isFetching } = useVisits({ ...query, state: query.state === 'all' ? undefined : query.state });

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.orders.visit.listTitle')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <Select
          style={{ width: 130 }}
          value={query.state}
          onChange={(v) => update({ state: v })}
          options={[...(['open', 'done', 'cancelled'] as const).map((s) => ({ value: s, label: t(`service.orders.visit.state.${s}`) })), { value: 'all', label: t('common.all') }]}
        />
        <Checkbox checked={query.mine === 'true'} onChange={(e) => update({ mine: e.target.checked ? 'true' : undefined })}>
          {t('service.orders.visit.mine')}
        </Checkbox>
        <Checkbox checked={query.overdue === 'true'} onChange={(e) => update({ overdue: e.target.checked ? 'true' : undefined })}>
          {t('service.orders.visit.overdue')}
        </Checkbox>
      </div>
      <Table<VisitListItem>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1100 }}
        rowClassName={(r) => (r.overdue ? 'kehu-row-overdue' : '')}
        pagination={listPagination(t, query, data?.total)}
        columns={[
          { title: t('service.orders.code'), dataIndex: 'orderCode', width: 170, render: (v, r) => <Link to={`/service/orders/${r.orderId}?tab=visit`}>{v}</Link> },
          { title: t('service.orders.customer'), dataIndex: 'customerName', width: 200 },
          { title: t('service.orders.type'), dataIndex: 'orderType', width: 90, render: (v) => t(`service.orders.types.${v}`) },
          { title: t('service.orders.technician'), dataIndex: 'technicianName', width: 100, render: (v) => v ?? '—' },
          { title: t('service.orders.visit.completedAt'), dataIndex: 'completedAt', width: 150, render: (v) => formatDateTime(v) },
          {
            title: t('service.orders.visit.dueAt'),
            dataIndex: 'dueAt',
            width: 190,
            render: (v, r) => (
              <span style={r.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>
                {formatDateTime(v)} {r.overdue && <Tag color="red">{t('service.orders.visit.overdue')}</Tag>}
              </span>
            ),
          },
          { title: t('service.orders.visit.assignee'), dataIndex: 'assigneeName', width: 100, render: (v) => v ?? '—' },
          {
            title: t('service.orders.stateLabel'),
            dataIndex: 'state',
            width: 200,
            render: (v, r) => (
              <>
                <Tag color={v === 'open' ? 'blue' : v === 'done' ? 'green' : 'default'}>{t(`service.orders.visit.state.${v}`)}</Tag>
                {r.rating ? <Rate disabled value={r.rating} style={{ fontSize: 12 }} /> : null}
                {r.dissatisfied && <Tag color="red">{t('service.orders.visit.dissatisfied')}</Tag>}
              </>
            ),
          },
          {
            title: t('common.actions'),
            key: 'go',
            width: 100,
            render: (_, r) => <Link to={`/service/orders/${r.orderId}?tab=visit`}>{r.state === 'open' ? t('service.orders.visit.open') : t('common.details')}</Link>,
          },
        ]}
      />
    </div>
  );
}

// 索赔 list: state filter and search in the URL, amounts in ¥, paged like the other lists.
import { Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CLAIM_STATES, type TClaimListItem } from '@kehu/shared';
import { formatDateTime, formatFen } from '../../../lib/format';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useListParams } from '../../../lib/useListParams';
import { useClaims, type ClaimQuery } from './api';
import { ClaimStateTag } from './ClaimTags';
import { NewClaimButton } from './NewClaimButton';

export function ClaimListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { query, update, onTable } = useListParams<ClaimQuery>((params) => ({
    q: params.get('q') ?? undefined,
    state: params.get('state') ?? undefined,
    customerId: params.get('customerId') ? Number(params.get('customerId')) : undefined,
    complaintId: params.get('complaintId') ? Number(params.get('complaintId')) : undefined,
  }));
  const { data, isFetching } = useClaims(query);
  const l = (k: string) => t(`complaints.claims.${k}`);

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {l('title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={l('searchPlaceholder')} width={380} data-testid="claim-search" />
        <Select
          allowClear
          data-testid="claim-filter-state"
          placeholder={l('filterState')}
          style={{ width: 150 }}
          value={query.state}
          onChange={(v) => update({ state: v })}
          options={[{ value: 'open', label: l('open') }, ...CLAIM_STATES.map((s) => ({ value: s, label: t(`complaints.claims.state.${s}`) }))]}
        />
        <Space style={{ marginLeft: 'auto' }}>
          <NewClaimButton customerId={query.customerId} complaintId={query.complaintId} onCreated={(c) => navigate(`/complaints/claims/${c.id}`)} />
        </Space>
      </div>
      <Table<TClaimListItem>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        scroll={{ x: 1400 }}
        pagination={listPagination(t, query, data?.total)}
        columns={[
          { title: l('code'), dataIndex: 'code', width: 170, render: (v, r) => <Link to={`/complaints/claims/${r.id}`}>{v}</Link> },
          { title: l('customer'), dataIndex: 'customerName', width: 200, render: (v, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
          { title: l('complaint'), dataIndex: 'complaintCode', width: 170, render: (v, r) => (v ? <Link to={`/complaints/${r.complaintId}`}>{v}</Link> : '—') },
          { title: l('product'), key: 'product', width: 200, render: (_, r) => (r.productName ? `${r.productName} ${r.productModel ?? ''}` : '—') },
          { title: l('reason'), dataIndex: 'reason', width: 220, ellipsis: true },
          { title: l('filterState'), dataIndex: 'state', width: 120, render: (v) => <ClaimStateTag state={v} /> },
          { title: l('liabilityLabel'), dataIndex: 'liability', width: 100, render: (v) => (v ? t(`complaints.claims.liability.${v}`) : '—') },
          { title: l('amount'), dataIndex: 'amountFen', width: 130, align: 'right', render: (v) => formatFen(v) },
          { title: l('approved'), dataIndex: 'approvedFen', width: 130, align: 'right', render: (v) => formatFen(v) },
          { title: l('settled'), dataIndex: 'settledFen', width: 130, align: 'right', render: (v, r) => (v === null ? '—' : `${formatFen(v)}${r.settlement ? ` · ${t(`complaints.claims.settlement.${r.settlement}`)}` : ''}`) },
          { title: l('owner'), dataIndex: 'ownerName', width: 100, render: (v) => v ?? '—' },
          { title: l('createdAt'), dataIndex: 'createdAt', width: 150, render: (v) => formatDateTime(v) },
        ]}
      />
    </div>
  );
}

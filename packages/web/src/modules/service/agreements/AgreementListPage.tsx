// 售后服务协议: agreements in the user's customer scope, searchable by number or customer, filtered by state.
import { PlusOutlined } from '@ant-design/icons';
import { AGREEMENT_STATES, type AgreementState, type TAgreement } from '@kehu/shared';
import { Button, Checkbox, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDate, formatFen } from '../../../lib/format';
import { ListSearch } from '../../../lib/ListSearch';
import { listPagination } from '../../../lib/pagination';
import { useCan, useDictLabel } from '../../../lib/reference';
import { useListParams } from '../../../lib/useListParams';
import { ArchivedFilter } from '../shared/ArchivedFilter';
import { useAgreements, type AgreementQuery } from './api';
import { AgreementStateTag } from './AgreementStateTag';

export function AgreementListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const dict = useDictLabel();
  const { query, update, onTable } = useListParams<AgreementQuery>((params) => ({
    sort: params.get('sort') ?? undefined,
    q: params.get('q') ?? undefined,
    state: (params.get('state') as AgreementState | null) ?? undefined,
    customerId: params.get('customerId') ? Number(params.get('customerId')) : undefined,
    endingWithinDays: params.get('endingWithinDays') ? Number(params.get('endingWithinDays')) : undefined,
    archived: (params.get('archived') as AgreementQuery['archived']) ?? undefined,
  }));
  const { data, isFetching } = useAgreements(query);
  const a = (k: string) => t(`service.agreements.${k}`);

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {a('title')}
      </Typography.Title>
      <div className="kehu-toolbar">
        <ListSearch value={query.q} onSearch={(q) => update({ q })} placeholder={a('searchPlaceholder')} width={320} />
        <Select
          allowClear
          placeholder={a('allStates')}
          style={{ width: 140 }}
          value={query.state}
          onChange={(v?: AgreementState) => update({ state: v })}
          options={AGREEMENT_STATES.map((s) => ({ value: s, label: t(`service.agreements.states.${s}`) }))}
        />
        <Checkbox checked={query.endingWithinDays === 30} onChange={(e) => update({ endingWithinDays: e.target.checked ? 30 : undefined })}>
          {a('endingSoon')}
        </Checkbox>
        <ArchivedFilter value={query.archived ?? 'false'} width={110} onChange={(v) => update({ archived: v === 'false' ? undefined : v })} />
        {can('service:dispatch') && (
          <Button type="primary" icon={<PlusOutlined />} style={{ marginLeft: 'auto' }} onClick={() => navigate('/service/agreements/new' + (query.customerId ? `?customerId=${query.customerId}` : ''))}>
            {a('new')}
          </Button>
        )}
      </div>
      <Table<TAgreement>
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        onChange={onTable}
        pagination={listPagination(t, query, data?.total)}
        data-testid="agreement-table"
        columns={[
          { title: a('code'), dataIndex: 'code', sorter: true, render: (v: string, r) => <Link to={`/service/agreements/${r.id}`}>{v}</Link> },
          { title: a('customer'), dataIndex: 'customerName', render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
          {
            title: a('state'),
            dataIndex: 'state',
            render: (v: AgreementState, r) => (
              <>
                <AgreementStateTag state={v} />
                {r.archivedAt && <Tag>{a('archivedTag')}</Tag>}
              </>
            ),
          },
          { title: a('startDate'), dataIndex: 'startDate', sorter: true, render: formatDate },
          { title: a('endDate'), dataIndex: 'endDate', sorter: true, render: formatDate },
          { title: a('unitCount'), dataIndex: 'unitCount', align: 'right' },
          { title: a('visitsPerYear'), dataIndex: 'visitsPerYear', align: 'right' },
          { title: a('responseLevel'), dataIndex: 'responseLevel', render: (v: string) => dict('service_tier', v) },
          { title: a('partsIncluded'), dataIndex: 'partsIncluded', render: (v: boolean) => (v ? a('partsYes') : a('partsNo')) },
          { title: a('fee'), dataIndex: 'feeFen', sorter: true, align: 'right', render: (v: number) => formatFen(v) },
        ]}
      />
    </div>
  );
}

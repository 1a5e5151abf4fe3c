// The short complaint table shown on another record's card (a customer, a service order): the complaints that the
// query picks, paged, each linking to its complaint page.
import { Table, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { statePagination } from '../../../lib/pagination';
import { useDictLabel } from '../../../lib/reference';
import { useComplaints, type ComplaintListItem, type ComplaintQuery } from '../api';
import { ComplaintStateTag, LevelTag, SeverityTag } from '../ComplaintTags';

export function LinkedComplaintsTable({ initialQuery, testId, emptyText }: { initialQuery: ComplaintQuery; testId: string; emptyText?: ReactNode }) {
  const { t } = useTranslation();
  const dict = useDictLabel();
  const [query, setQuery] = useState<ComplaintQuery>(initialQuery);
  const { data, isFetching } = useComplaints(query);
  return (
    <Table<ComplaintListItem>
      rowKey="id"
      size="small"
      loading={isFetching}
      dataSource={data?.items ?? []}
      pagination={statePagination(t, query, setQuery, data?.total)}
      locale={emptyText ? { emptyText } : undefined}
      scroll={{ x: 900 }}
      data-testid={testId}
      columns={[
        { title: t('complaints.main.code'), dataIndex: 'code', width: 160, render: (v, r) => <Link to={`/complaints/${r.id}`}>{v}</Link> },
        { title: t('complaints.main.receivedDate'), dataIndex: 'receivedAt', width: 120, render: (v) => formatDate(v) },
        { title: t('complaints.main.summary'), dataIndex: 'summary', ellipsis: true },
        { title: t('complaints.main.category'), dataIndex: 'category', width: 120, render: (v) => dict('complaint_category', v) },
        { title: t('complaints.main.severityLabel'), dataIndex: 'severity', width: 90, render: (v) => <SeverityTag severity={v} /> },
        {
          title: t('complaints.main.progress'),
          dataIndex: 'state',
          width: 170,
          render: (v, r) => (
            <>
              <ComplaintStateTag state={v} />
              <LevelTag level={r.level} />
              {r.overdue && <Tag color="red">{t('complaints.main.overdue')}</Tag>}
            </>
          ),
        },
        { title: t('complaints.main.owner'), dataIndex: 'ownerName', width: 100, render: (v) => v ?? '—' },
        { title: t('complaints.main.closedDate'), dataIndex: 'closedAt', width: 120, render: (v) => formatDate(v) },
      ]}
    />
  );
}

// The 投诉 tab of the customer card: the customer's complaints, newest first, and the way to take in a new one.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDate } from '../../../lib/format';
import { statePagination } from '../../../lib/pagination';
import { useCan, useDictLabel } from '../../../lib/reference';
import { useComplaints, type ComplaintListItem, type ComplaintQuery } from '../api';
import { ComplaintStateTag, LevelTag, SeverityTag } from '../ComplaintTags';

export function CustomerComplaintsTab({ customerId, archived }: { customerId: number; archived: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const dict = useDictLabel();
  const [query, setQuery] = useState<ComplaintQuery>({ page: 1, pageSize: 10, customerId, state: 'all' });
  const { data, isFetching } = useComplaints(query);
  return (
    <>
      {can('complaints:create') && !archived && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => navigate(`/complaints/new?customerId=${customerId}`)} data-testid="customer-complaint-new">
          {t('complaints.main.new')}
        </Button>
      )}
      <Table<ComplaintListItem>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items ?? []}
        pagination={statePagination(t, query, setQuery, data?.total)}
        scroll={{ x: 900 }}
        data-testid="customer-complaints"
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
    </>
  );
}

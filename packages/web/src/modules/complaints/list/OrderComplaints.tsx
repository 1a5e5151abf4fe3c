// Complaints on the service-order card: the 投诉 button (in the card's head) that opens the intake form about the
// order, and the tab listing the complaints linked to it (GET /api/v1/complaints?serviceOrderId=).
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, Empty, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDate } from '../../../lib/format';
import { statePagination } from '../../../lib/pagination';
import { useCan, useDictLabel } from '../../../lib/reference';
import { useComplaints, type ComplaintListItem, type ComplaintQuery } from '../api';
import { ComplaintStateTag, LevelTag, SeverityTag } from '../ComplaintTags';
import { complaintIntakePath } from '../intake/intake-link';

/** What the complaint is about: the order, its customer and unit. */
export interface ComplainedOrder {
  id: number;
  customer: { id: number } | null;
  unit: { id: number } | null;
}

export function OrderComplaintButton({ order }: { order: ComplainedOrder }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  if (!can('complaints:create')) return null;
  return (
    <Tooltip title={t('complaints.main.serviceLinks.orderButtonHint')}>
      <Button
        icon={<ExclamationCircleOutlined />}
        data-testid="order-complaint-new"
        onClick={() => navigate(complaintIntakePath({ customerId: order.customer?.id, unitId: order.unit?.id, serviceOrderId: order.id }))}
      >
        {t('complaints.main.serviceLinks.orderButton')}
      </Button>
    </Tooltip>
  );
}

const firstPage = (serviceOrderId: number): ComplaintQuery => ({ page: 1, pageSize: 10, serviceOrderId, state: 'all' });

/** The tab's title with the number of complaints (the same query as the tab, so one request). */
export function OrderComplaintsTabLabel({ orderId }: { orderId: number }) {
  const { t } = useTranslation();
  const { data } = useComplaints(firstPage(orderId));
  return (
    <span data-testid="order-complaints-tab">
      {t('complaints.main.serviceLinks.orderTab')}
      {data?.total ? ` (${data.total})` : ''}
    </span>
  );
}

export function OrderComplaintsTab({ order }: { order: ComplainedOrder }) {
  const { t } = useTranslation();
  const dict = useDictLabel();
  const [query, setQuery] = useState<ComplaintQuery>(() => firstPage(order.id));
  const { data, isFetching } = useComplaints(query);
  return (
    <Table<ComplaintListItem>
      rowKey="id"
      size="small"
      loading={isFetching}
      dataSource={data?.items ?? []}
      pagination={statePagination(t, query, setQuery, data?.total)}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.main.serviceLinks.orderNone')} /> }}
      scroll={{ x: 900 }}
      data-testid="order-complaints"
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

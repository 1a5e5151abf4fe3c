// Complaints on the service-order card: the 投诉 button (in the card's head) that opens the intake form about the
// order, and the tab listing the complaints linked to it (GET /api/v1/complaints?serviceOrderId=).
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Button, Empty, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../../../lib/reference';
import { useComplaints, type ComplaintQuery } from '../api';
import { complaintIntakePath } from '../intake/intake-link';
import { LinkedComplaintsTable } from './LinkedComplaintsTable';

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
  return (
    <LinkedComplaintsTable
      initialQuery={firstPage(order.id)}
      emptyText={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaints.main.serviceLinks.orderNone')} />}
      testId="order-complaints"
    />
  );
}

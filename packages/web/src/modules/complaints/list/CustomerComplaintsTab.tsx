// The 投诉 tab of the customer card: the customer's complaints, newest first, and the way to take in a new one.
import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../../../lib/reference';
import { LinkedComplaintsTable } from './LinkedComplaintsTable';

export function CustomerComplaintsTab({ customerId, archived }: { customerId: number; archived: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  return (
    <>
      {can('complaints:create') && !archived && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => navigate(`/complaints/new?customerId=${customerId}`)} data-testid="customer-complaint-new">
          {t('complaints.main.new')}
        </Button>
      )}
      <LinkedComplaintsTable initialQuery={{ page: 1, pageSize: 10, customerId, state: 'all' }} testId="customer-complaints" />
    </>
  );
}

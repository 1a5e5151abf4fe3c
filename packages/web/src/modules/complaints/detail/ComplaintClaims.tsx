// 索赔 raised on this complaint (tool 41): code, state and amount, each opening the claim; a new claim takes the
// customer, product, unit and order from the complaint.
import { useQueryClient } from '@tanstack/react-query';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatFen } from '../../../lib/format';
import { NewClaimButton } from '../claims/NewClaimButton';
import { complaintKeys, type ComplaintClaimSummary, type ComplaintDetail } from '../api';

/** Claims are raised only while the complaint is being worked on (the claims service refuses the others). */
const NO_CLAIM_STATES = ['draft', 'dismissed', 'closed'];

export function ComplaintClaims({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return (
    <>
      {!NO_CLAIM_STATES.includes(c.state) && (
        <div style={{ marginBottom: 8 }}>
          <NewClaimButton complaintId={c.id} customerId={c.customer?.id ?? null} onCreated={() => void qc.invalidateQueries({ queryKey: complaintKeys.detail(c.id) })} />
        </div>
      )}
      <Table<ComplaintClaimSummary>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.claims}
        locale={{ emptyText: t('complaints.main.claims.none') }}
        data-testid="complaint-claims"
        columns={[
          { title: t('complaints.main.claims.code'), dataIndex: 'code', render: (v, r) => <Link to={`/complaints/claims/${r.id}`}>{v}</Link> },
          { title: t('complaints.main.claims.state'), dataIndex: 'state', render: (v: string) => t(`complaints.claims.state.${v}`, { defaultValue: v }) },
          { title: t('complaints.main.claims.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
        ]}
      />
    </>
  );
}

// A claim: state and steps, what is claimed and on what grounds, the outcome (liability, approval, settlement,
// recovery), history and evidence; the actions the server allows the user now.
import { Alert, Card, Col, Descriptions, Row, Spin, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { PAYABLE_LIABILITIES, type TClaim } from '@kehu/shared';
import { errorText } from '../../../lib/api';
import { formatDateTime, formatFen } from '../../../lib/format';
import { EventHistory } from '../../service/shared/EventHistory';
import { RecordHeader } from '../../service/shared/RecordHeader';
import { useClaim } from './api';
import { ClaimActionButtons } from './ClaimActionDialog';
import { ClaimFiles } from './ClaimFiles';
import { ClaimSteps } from './ClaimSteps';
import { ClaimStateTag } from './ClaimTags';

export function ClaimDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const { data: c, isLoading, error } = useClaim(id);
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !c) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const tab = params.get('tab') ?? 'history';
  const notPayable = c.state === 'liability_determined' && !!c.liability && !PAYABLE_LIABILITIES.includes(c.liability);

  return (
    <div className="kehu-page">
      <RecordHeader
        title={`${t('complaints.claims.title')} ${c.code}`}
        titleTestId="claim-code"
        tags={
          <>
            <ClaimStateTag state={c.state} />
            {c.liability && <Tag>{t(`complaints.claims.liability.${c.liability}`)}</Tag>}
            <Tag color="volcano">{formatFen(c.amountFen)}</Tag>
          </>
        }
        actions={<ClaimActionButtons claim={c} />}
        print={{ to: `/complaints/claims/${c.id}/print`, label: t('complaints.claims.print'), testId: 'claim-print' }}
        steps={<ClaimSteps claim={c} />}
      />
      {notPayable && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('complaints.claims.fields.notPayable')} data-testid="claim-not-payable" />}
      <Row gutter={16}>
        <Col xs={24} xl={13} style={{ marginBottom: 16 }}>
          <Card title={t('complaints.claims.tabs.info')} size="small">
            <ClaimFacts claim={c} />
          </Card>
        </Col>
        <Col xs={24} xl={11} style={{ marginBottom: 16 }}>
          <Card title={t('complaints.claims.tabs.handling')} size="small">
            <ClaimOutcome claim={c} />
          </Card>
        </Col>
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            { key: 'history', label: t('complaints.claims.tabs.history'), children: <EventHistory events={c.events} textPrefix="complaints.claims" testId="claim-history" actionWidth={110} /> },
            { key: 'files', label: `${t('complaints.claims.tabs.files')}${c.files.length ? ` (${c.files.length})` : ''}`, children: <ClaimFiles claim={c} /> },
          ]}
        />
      </Card>
    </div>
  );
}

function ClaimFacts({ claim: c }: { claim: TClaim }) {
  const { t } = useTranslation();
  const l = (k: string) => t(`complaints.claims.${k}`);
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="claim-facts">
      <Descriptions.Item label={l('customer')}>
        <Link to={`/customers/${c.customer.id}`}>
          {c.customer.name}（{c.customer.code}）
        </Link>
      </Descriptions.Item>
      <Descriptions.Item label={l('complaint')}>{c.complaint ? <Link to={`/complaints/${c.complaint.id}`}>{c.complaint.code}</Link> : '—'}</Descriptions.Item>
      <Descriptions.Item label={l('product')}>{c.product ? `${c.product.name} ${c.product.model}` : '—'}</Descriptions.Item>
      <Descriptions.Item label={l('unit')}>{c.unit ? <Link to={`/service/units/${c.unit.id}`}>{c.unit.serialNo}</Link> : '—'}</Descriptions.Item>
      <Descriptions.Item label={l('orderNo')}>{c.orderNo ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={l('batchNo')}>{c.batchNo ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={l('quantity')}>{c.quantity ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={l('serviceOrder')}>{c.serviceOrder ? <Link to={`/service/orders/${c.serviceOrder.id}`}>{c.serviceOrder.code}</Link> : '—'}</Descriptions.Item>
      <Descriptions.Item label={l('amount')}>
        <strong data-testid="claim-amount">{formatFen(c.amountFen)}</strong>
      </Descriptions.Item>
      <Descriptions.Item label={l('createdBy')}>
        {c.createdByName ?? '—'} · {formatDateTime(c.createdAt)}
      </Descriptions.Item>
      <Descriptions.Item label={l('owner')}>{c.ownerName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={l('team')}>{c.teamName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={l('reason')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{c.reason}</span>
      </Descriptions.Item>
      {c.basis && (
        <Descriptions.Item label={l('basis')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{c.basis}</span>
        </Descriptions.Item>
      )}
      {c.note && (
        <Descriptions.Item label={l('note')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{c.note}</span>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function ClaimOutcome({ claim: c }: { claim: TClaim }) {
  const { t } = useTranslation();
  const l = (k: string) => t(`complaints.claims.${k}`);
  return (
    <Descriptions bordered size="small" column={1} data-testid="claim-outcome">
      <Descriptions.Item label={l('finding')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{c.finding ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={l('liabilityLabel')}>{c.liability ? t(`complaints.claims.liability.${c.liability}`) : '—'}</Descriptions.Item>
      <Descriptions.Item label={l('approved')}>
        {c.approvedFen === null ? '—' : `${formatFen(c.approvedFen)} · ${c.approvedByName ?? ''} ${formatDateTime(c.approvedAt)}`}
      </Descriptions.Item>
      {c.rejectReason && <Descriptions.Item label={l('rejectReason')}>{c.rejectReason}</Descriptions.Item>}
      <Descriptions.Item label={l('settlementLabel')}>
        {c.settlement ? `${t(`complaints.claims.settlement.${c.settlement}`)} · ${formatFen(c.settledFen)} · ${formatDateTime(c.settledAt)}` : '—'}
        {c.settlementNote && <div>{c.settlementNote}</div>}
      </Descriptions.Item>
      <Descriptions.Item label={l('recovery')}>
        {c.recoveryParty ? `${c.recoveryParty} · ${formatFen(c.recoveryFen)} · ${c.recoveryState ? t(`complaints.claims.recoveryState.${c.recoveryState}`) : ''}` : '—'}
      </Descriptions.Item>
      {c.closedAt && <Descriptions.Item label={t('complaints.claims.state.closed')}>{formatDateTime(c.closedAt)}</Descriptions.Item>}
    </Descriptions>
  );
}

// A return/exchange request: state and steps, the 三包 check (with the complaint route when rejected), the request's
// facts, the handling record (receipt, inspection, decision, sign-off), history and photos; actions by state and permission.
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { TReturn, TReturnEvent } from '@kehu/shared';
import { errorText } from '../../../lib/api';
import { formatDate, formatDateTime, formatFen } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { complaintIntakePath } from '../../complaints/intake/intake-link';
import { EventHistory } from '../shared/EventHistory';
import { RecordHeader } from '../shared/RecordHeader';
import { useReturn } from './api';
import { EligibilityPanel } from './EligibilityPanel';
import { ReturnActionButtons } from './ReturnActionDialog';
import { ReturnPhotos } from './ReturnPhotos';
import { ReturnSteps } from './ReturnSteps';
import { ReturnStateTag, ReturnTypeTag } from './ReturnTags';

export function ReturnDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const { data: r, isLoading, error } = useReturn(id);
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !r) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const tab = params.get('tab') ?? 'handling';

  return (
    <div className="kehu-page">
      <RecordHeader
        title={`${t('service.returns.title')} ${r.code}`}
        titleTestId="return-code"
        tags={
          <>
            <ReturnStateTag state={r.state} />
            <ReturnTypeTag type={r.type} />
            <Tag>{t(`service.returns.reasons.${r.reason}`)}</Tag>
            {r.override && <Tag color="magenta">{t('service.returns.overridden')}</Tag>}
          </>
        }
        actions={<ReturnActionButtons ret={r} />}
        print={{ to: `/service/returns/${r.id}/print`, label: t('service.returns.print'), testId: 'return-print' }}
        steps={<ReturnSteps ret={r} />}
      />
      {r.rejection && r.state === 'rejected' && <RejectionNotice ret={r} />}
      <Row gutter={16}>
        <Col xs={24} xl={14} style={{ marginBottom: 16 }}>
          <Card title={t('service.returns.tabs.info')} size="small">
            <ReturnFacts ret={r} />
          </Card>
        </Col>
        <Col xs={24} xl={10} style={{ marginBottom: 16 }}>
          <Card title={t('service.returns.eligibility.title')} size="small">
            <EligibilityPanel e={r.eligibility} />
            {r.override && (
              <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="return-override">
                {t('service.returns.override', { reason: r.override.reason, by: r.override.byName ?? '—', at: formatDateTime(r.override.at) })}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            { key: 'handling', label: t('service.returns.tabs.handling'), children: <Handling ret={r} /> },
            { key: 'history', label: t('service.returns.tabs.history'), children: <ReturnHistory events={r.events} /> },
            {
              key: 'photos',
              label: `${t('service.returns.tabs.photos')}${r.photoCount ? ` (${r.photoCount})` : ''}`,
              children: <ReturnPhotos returnId={r.id} canUpload={can('service:create') || can('service:dispatch')} />,
            },
          ]}
        />
      </Card>
    </div>
  );
}

/** A rejection states its reason and dates and offers the complaint route (domain.md §4.6): 转为投诉 opens the intake prefilled. */
function RejectionNotice({ ret: r }: { ret: TReturn }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const rej = r.rejection!;
  const why = t(`service.returns.rejection.${rej.code}`, { defaultValue: rej.code });
  const toComplaint = () =>
    navigate(
      complaintIntakePath({
        customerId: r.customer.id,
        unitId: r.unit?.id,
        serviceOrderId: r.serviceOrder?.id,
        orderNo: r.orderNo,
        content: t('complaints.main.serviceLinks.returnContent', { code: r.code, why, description: r.description }),
      }),
    );
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="return-rejection"
      title={t('service.returns.rejection.titleWith', { why })}
      description={
        <>
          {rej.lastDay && <div>{t('service.returns.rejection.dates', { purchase: formatDate(r.purchaseDate), last: formatDate(rej.lastDay), request: formatDate(r.requestDate) })}</div>}
          {rej.note && <div>{rej.note}</div>}
          {r.complaintHint && (
            <div style={{ marginTop: 6 }} data-testid="return-complaint-hint">
              {t('service.returns.rejection.complaint')}
              {can('complaints:create') && (
                <Button size="small" style={{ marginLeft: 8 }} onClick={toComplaint} data-testid="return-to-complaint">
                  {t('complaints.main.serviceLinks.returnButton')}
                </Button>
              )}
            </div>
          )}
        </>
      }
    />
  );
}

export function ReturnFacts({ ret: r }: { ret: TReturn }) {
  const { t } = useTranslation();
  const l = (k: string) => t(`service.returns.${k}`);
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label={l('customer')}>
        <Link to={`/customers/${r.customer.id}`}>
          {r.customer.name}（{r.customer.code}）
        </Link>
      </Descriptions.Item>
      <Descriptions.Item label={l('contact')}>{[r.contactName, r.contactPhone ?? r.customer.phone].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
      <Descriptions.Item label={l('product')}>
        {r.product.name} {r.product.model}
        <Typography.Text type="secondary"> · {r.product.categoryName}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={r.unit ? l('serialNo') : l('qty')}>
        {r.unit ? (
          <Space size={4}>
            <Link to={`/service/units/${r.unit.id}`}>{r.unit.serialNo}</Link>
            {r.unit.returned && <Tag color="orange">{l('returned')}</Tag>}
          </Space>
        ) : (
          r.qty
        )}
      </Descriptions.Item>
      <Descriptions.Item label={l('orderNo')}>{r.orderNo ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={l('purchaseDate')}>{formatDate(r.purchaseDate)}</Descriptions.Item>
      <Descriptions.Item label={l('requestDate')}>{formatDate(r.requestDate)}</Descriptions.Item>
      <Descriptions.Item label={l('createdBy')}>
        {r.createdByName ?? '—'} · {formatDateTime(r.createdAt)}
      </Descriptions.Item>
      <Descriptions.Item label={l('description')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{r.description}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

function Handling({ ret: r }: { ret: TReturn }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`service.returns.fields.${k}`);
  const yn = (v: boolean | null) => (v === null ? '—' : v ? t('service.returns.yes') : t('service.returns.no'));
  const g = r.goodsCondition;
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="return-handling">
      <Descriptions.Item label={f('goodsCondition')} span={2}>
        {g
          ? `${f('packagingIntact')}：${yn(g.packagingIntact)}；${f('accessoriesComplete')}：${yn(g.accessoriesComplete)}；${f('invoicePresent')}：${yn(g.invoicePresent)}${g.note ? `；${g.note}` : ''}`
          : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={f('inspectionResult')} span={2}>
        {r.inspectionResult ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label={f('responsibleParty')}>{r.responsibleParty ? t(`service.returns.parties.${r.responsibleParty}`) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('service.returns.decisionLabel')}>{r.decision ? t(`service.returns.decisions.${r.decision}`) : '—'}</Descriptions.Item>
      {r.decision === 'refund' && (
        <>
          <Descriptions.Item label={t('service.returns.refund')}>{formatFen(r.refundFen)}</Descriptions.Item>
          <Descriptions.Item label={f('refundMethod')}>{r.refundMethod ? t(`service.returns.refundMethods.${r.refundMethod}`) : '—'}</Descriptions.Item>
        </>
      )}
      {r.replacementUnit && (
        <Descriptions.Item label={t('service.returns.replacementUnit')} span={2}>
          <Link to={`/service/units/${r.replacementUnit.id}`}>
            {r.replacementUnit.model} · {r.replacementUnit.serialNo}
          </Link>
          <Typography.Text type="secondary">
            {' '}
            · {t('service.returns.eligibility.warrantyEnd')} {formatDate(r.replacementUnit.warrantyEnd)}
          </Typography.Text>
        </Descriptions.Item>
      )}
      {r.serviceOrder && (
        <Descriptions.Item label={t('service.returns.serviceOrder')} span={2}>
          <Link to={`/service/orders/${r.serviceOrder.id}`}>{r.serviceOrder.code}</Link> · {t(`service.orders.state.${r.serviceOrder.state}`)}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={f('freightPayer')}>{r.freightPayer ? t(`service.returns.parties.${r.freightPayer}`) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('service.returns.signedBy')}>{r.signedBy ? `${r.signedBy} · ${formatDate(r.completedDate)}` : '—'}</Descriptions.Item>
    </Descriptions>
  );
}

export function ReturnHistory({ events }: { events: TReturnEvent[] }) {
  return <EventHistory events={events} textPrefix="service.returns" testId="return-history" actionWidth={130} />;
}

// The service-order card: state and path, deadlines, the facts, the actions, history, parts & fees, photos, signature, return visit,
// and the complaints about the order (with the button that takes one in).
import { Alert, Card, Col, Descriptions, Empty, Row, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorText } from '../../../lib/api';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { OrderComplaintButton, OrderComplaintsTab, OrderComplaintsTabLabel } from '../../complaints/list/OrderComplaints';
import { signatureUrl, useOrder, type OrderDetail, type OrderEvent } from './api';
import { EventHistory } from '../shared/EventHistory';
import { RecordHeader } from '../shared/RecordHeader';
import { OrderFees, useCanWorkOn } from './OrderFees';
import { OrderPhotos } from './OrderPhotos';
import { OrderSteps } from './OrderSteps';
import { StateTag, WarrantyTag } from './OrderTags';
import { SlaPanel } from './SlaPanel';
import { ActionButtons } from './TransitionDialogs';
import { VisitPanel } from './VisitPanel';

export function OrderDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const can = useCan();
  const { data: o, isLoading, error } = useOrder(id);
  if (isLoading) return <Spin style={{ margin: 80 }} />;
  if (error || !o) return <Alert type="error" style={{ margin: 24 }} title={errorText(error)} />;
  const tab = params.get('tab') ?? 'history';

  return (
    <div className="kehu-page">
      <RecordHeader
        title={`${t('service.orders.title')} ${o.code}`}
        titleTestId="order-code"
        tags={
          <>
            <StateTag state={o.state} />
            {o.escalated && <Tag color="magenta">{t('service.orders.escalated')}</Tag>}
            <WarrantyTag warranty={o.warranty} />
            {o.repeatRepair && <Tag color="volcano">{t('service.orders.repeatRepair')}</Tag>}
            {o.priority === 'urgent' && <Tag color="red">{t('service.orders.urgent')}</Tag>}
            <Tag>{t(`service.orders.types.${o.type}`)}</Tag>
            <Tag>{t(`service.orders.modes.${o.mode}`)}</Tag>
            {o.reworkOfId && <Link to={`/service/orders/${o.reworkOfId}`}>{t('service.orders.reworkOf')} #{o.reworkOfId}</Link>}
          </>
        }
        actions={
          <>
            <ActionButtons order={o} />
            <OrderComplaintButton order={o} />
          </>
        }
        actionsClassName="no-print"
        print={{ to: `/service/orders/${o.id}/print`, label: t('service.orders.print'), testId: 'order-print' }}
        steps={<OrderSteps order={o} />}
      />
      <Row gutter={16}>
        <Col xs={24} xl={14} style={{ marginBottom: 16 }}>
          <Card title={t('service.orders.tabs.info')} size="small">
            <OrderFacts order={o} />
          </Card>
        </Col>
        <Col xs={24} xl={10} style={{ marginBottom: 16 }}>
          <Card title={t('service.orders.sla')} size="small">
            <SlaPanel order={o} />
          </Card>
        </Col>
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            { key: 'history', label: t('service.orders.tabs.history'), children: <OrderHistory events={o.events} /> },
            { key: 'parts', label: t('service.orders.tabs.parts'), children: <PartsTab order={o} /> },
            { key: 'photos', label: t('service.orders.tabs.photos'), children: <PhotosTab order={o} /> },
            { key: 'signature', label: t('service.orders.tabs.signature'), children: <SignatureView order={o} /> },
            { key: 'visit', label: t('service.orders.tabs.visit'), children: <VisitPanel order={o} /> },
            ...(can('complaints:read') ? [{ key: 'complaints', label: <OrderComplaintsTabLabel orderId={o.id} />, children: <OrderComplaintsTab order={o} /> }] : []),
          ]}
        />
      </Card>
    </div>
  );
}

export function OrderFacts({ order: o }: { order: OrderDetail }) {
  const { t } = useTranslation();
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label={t('service.orders.customer')}>
        {o.customer ? (
          <Link to={`/customers/${o.customer.id}`}>
            {o.customer.name}（{o.customer.code}）
          </Link>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('service.orders.unit')}>
        {o.unit ? (
          <Link to={`/service/units/${o.unit.id}`}>
            {o.unit.productName} {o.unit.model} · {o.unit.serialNo}
          </Link>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('service.orders.contact')}>{[o.contactName, o.contactPhone ?? o.customer?.phone].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.purchaseDate')}>{formatDate(o.unit?.purchaseDate)}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.address')} span={2}>
        {`${o.region}${o.address ?? ''}` || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('service.orders.description')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{o.description}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('service.orders.channel')}>{t(`service.orders.channels.${o.channel}`)}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.createdAt')}>{formatDateTime(o.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.outlet')}>{o.outlet ? `${o.outlet.name}${o.outlet.phone ? ' ' + o.outlet.phone : ''}` : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.technician')}>{o.technician ? `${o.technician.name}${o.technician.phone ? ' ' + o.technician.phone : ''}` : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('service.orders.appointment')} span={2}>
        {o.appointmentFrom ? `${formatDateTime(o.appointmentFrom)} – ${formatDateTime(o.appointmentTo)}` : '—'}
      </Descriptions.Item>
      {(o.faultCode || o.diagnosis) && (
        <Descriptions.Item label={`${t('service.orders.faultCode')} / ${t('service.orders.diagnosis')}`} span={2}>
          {[o.faultCode, o.diagnosis].filter(Boolean).join(' · ')}
        </Descriptions.Item>
      )}
      {o.resolution && (
        <Descriptions.Item label={t('service.orders.resolution')} span={2}>
          {o.resolution}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

export function OrderHistory({ events }: { events: OrderEvent[] }) {
  return <EventHistory events={events} textPrefix="service.orders" testId="order-history" actionWidth={110} />;
}

function PartsTab({ order }: { order: OrderDetail }) {
  return <OrderFees order={order} />;
}

function PhotosTab({ order }: { order: OrderDetail }) {
  return <OrderPhotos orderId={order.id} canUpload={useCanWorkOn(order, { anyState: true })} />;
}

export function SignatureView({ order: o }: { order: OrderDetail }) {
  const { t } = useTranslation();
  if (!o.signatureFileId) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.orders.noSignature')} />;
  return (
    <Space orientation="vertical">
      <img src={signatureUrl(o.id, o.signatureFileId)} alt={t('service.orders.signature')} style={{ maxWidth: 400, width: '100%', border: '1px solid #eee' }} data-testid="order-signature" />
      <Typography.Text>
        {t('service.orders.signedBy')}：{o.signedBy ?? '—'} · {formatDateTime(o.times.completed)}
      </Typography.Text>
    </Space>
  );
}

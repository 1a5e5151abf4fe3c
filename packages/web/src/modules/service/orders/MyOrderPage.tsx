// One order on the technician's phone: the facts, big buttons for the next steps, parts, photos, signature sheet.
import { ArrowLeftOutlined, ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorText } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useOrder } from './api';
import { OrderFees, useCanWorkOn } from './OrderFees';
import { OrderHistory, SignatureView } from './OrderDetailPage';
import { OrderPhotos } from './OrderPhotos';
import { DueTag, StateTag, WarrantyTag } from './OrderTags';
import { ActionButtons } from './TransitionDialogs';
import './mobile.css';

export function MyOrderPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const { data: o, isLoading, error } = useOrder(id);
  const canWork = useCanWorkOn(o, { anyState: true });
  if (isLoading) return <Spin style={{ margin: 40 }} />;
  if (error || !o) return <Alert type="error" style={{ margin: 12 }} title={errorText(error)} />;
  const phone = o.contactPhone ?? o.customer?.phone ?? null;
  const dialable = phone && !phone.includes('*') ? phone.replace(/[^\d+]/g, '') : null;

  return (
    <div className="kehu-mobile">
      <div className="kehu-mobile-head">
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }} onClick={() => navigate('/service/my')}>
          {t('service.orders.my.title')}
        </Button>
      </div>
      <Card size="small" className="kehu-mobile-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
          <Typography.Text strong style={{ fontSize: 17 }}>
            {o.customer?.name ?? '—'}
          </Typography.Text>
          <StateTag state={o.state} />
        </div>
        <Space size={4} wrap style={{ margin: '6px 0' }}>
          <Tag>{t(`service.orders.types.${o.type}`)}</Tag>
          <WarrantyTag warranty={o.warranty} />
          {o.escalated && <Tag color="magenta">{t('service.orders.escalated')}</Tag>}
          {o.due.next && <DueTag due={o.due.next} kind={o.due.nextKind} warnAt={o.due.warnAt} />}
        </Space>
        <div className="kehu-mobile-line">
          <EnvironmentOutlined /> {`${o.region}${o.address ?? ''}` || '—'}
        </div>
        <div className="kehu-mobile-line">
          <PhoneOutlined /> {o.contactName ?? ''} {dialable ? <a href={`tel:${dialable}`}>{phone}</a> : (phone ?? '—')}
        </div>
        <div className="kehu-mobile-line">
          <ClockCircleOutlined /> {o.appointmentFrom ? `${formatDateTime(o.appointmentFrom)} – ${formatDateTime(o.appointmentTo).slice(11)}` : `${t('service.orders.appointment')}：—`}
        </div>
        {o.unit && (
          <div className="kehu-mobile-line">
            {o.unit.productName} {o.unit.model} · {o.unit.serialNo}
          </div>
        )}
        <Typography.Paragraph style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap' }}>{o.description}</Typography.Paragraph>
        {(o.faultCode || o.diagnosis) && (
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
            {t('service.orders.my.diagnosis')}：{[o.faultCode, o.diagnosis].filter(Boolean).join(' · ')}
          </Typography.Paragraph>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <Link to={`/service/orders/${o.id}`}>{o.code}</Link>
        </Typography.Text>
      </Card>
      <div style={{ margin: '12px 0' }}>
        <ActionButtons order={o} block />
      </div>
      {o.state === 'completed' && <Alert type="success" showIcon title={t('service.orders.my.workDone')} style={{ marginBottom: 12 }} />}
      <Collapse
        defaultActiveKey={['photos']}
        items={[
          { key: 'parts', label: t('service.orders.tabs.parts'), children: <OrderFees order={o} /> },
          { key: 'photos', label: t('service.orders.tabs.photos'), children: <OrderPhotos orderId={o.id} canUpload={canWork} camera /> },
          ...(o.signatureFileId ? [{ key: 'signature', label: t('service.orders.tabs.signature'), children: <SignatureView order={o} /> }] : []),
          { key: 'history', label: t('service.orders.tabs.history'), children: <OrderHistory events={o.events} /> },
        ]}
      />
    </div>
  );
}

// 我的工单: the technician's day on a phone — today's open orders as cards, tap to work on one.
import { EnvironmentOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useOrders, type OrderListItem } from './api';
import { DueTag, StateTag } from './OrderTags';
import './mobile.css';

export function MyOrdersPage() {
  const { t } = useTranslation();
  const { data, isLoading } = useOrders({ page: 1, pageSize: 100, today: 'true', mine: 'true' }, { refetchInterval: 60_000 });
  const items = data?.items ?? [];
  return (
    <div className="kehu-mobile">
      <Typography.Title level={4} style={{ margin: '0 0 12px' }} className="kehu-mobile-head">
        {t('service.orders.my.title')} · {t('service.orders.my.today')}
        {data ? <Typography.Text type="secondary"> ({data.total})</Typography.Text> : null}
      </Typography.Title>
      {isLoading ? <Spin /> : items.length ? items.map((o) => <MyOrderCard key={o.id} o={o} />) : <Empty description={t('service.orders.my.empty')} />}
    </div>
  );
}

function MyOrderCard({ o }: { o: OrderListItem }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card size="small" hoverable className="kehu-mobile-card" onClick={() => navigate(`/service/my/${o.id}`)} data-testid="my-order-card">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {o.customerName}
        </Typography.Text>
        <StateTag state={o.state} />
      </div>
      <Space size={4} wrap style={{ margin: '6px 0' }}>
        <Tag>{t(`service.orders.types.${o.type}`)}</Tag>
        {o.priority === 'urgent' && <Tag color="red">{t('service.orders.urgent')}</Tag>}
        <DueTag due={o.nextDue} kind={o.nextDueKind} warnAt={o.nextWarnAt} />
      </Space>
      <div className="kehu-mobile-line">
        <EnvironmentOutlined /> {`${o.region}${o.address ?? ''}` || '—'}
      </div>
      <div className="kehu-mobile-line">
        <ClockCircleOutlined /> {o.appointmentFrom ? `${formatDateTime(o.appointmentFrom)}–${formatDateTime(o.appointmentTo).slice(11)}` : t('service.orders.appointment') + '：—'}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {o.code}
      </Typography.Text>
    </Card>
  );
}

// The customer card's 售后服务 tab: the customer's installed units with their warranty, and their service orders.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TUnit } from '@kehu/shared';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { useUnits } from '../catalogue/api';
import { warrantyState, WarrantyTag } from '../catalogue/WarrantyTag';
import { useOrders, type OrderListItem } from '../orders/api';
import { StateTag } from '../orders/OrderTags';
import { companyToday } from '../../../lib/clock';

const PAGE_SIZE = 10;

export function CustomerServiceTab({ customerId, archived }: { customerId: number; archived: boolean }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const today = companyToday();
  const [unitPage, setUnitPage] = useState(1);
  const [orderPage, setOrderPage] = useState(1);
  const units = useUnits({ page: unitPage, pageSize: PAGE_SIZE, customerId });
  const orders = useOrders({ page: orderPage, pageSize: PAGE_SIZE, customerId });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('service.fees.units')}
        extra={
          can('service:create') &&
          !archived && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => navigate(`/service/units/new?customerId=${customerId}`)} data-testid="customer-register-unit">
              {t('service.fees.registerUnit')}
            </Button>
          )
        }
      >
        <Table<TUnit>
          rowKey="id"
          size="small"
          loading={units.isFetching}
          dataSource={units.data?.items ?? []}
          locale={{ emptyText: t('service.fees.noUnits') }}
          pagination={{ current: unitPage, pageSize: PAGE_SIZE, total: units.data?.total ?? 0, onChange: setUnitPage, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          columns={[
            { title: t('service.fees.serial'), dataIndex: 'serialNo', render: (v: string, u) => <Link to={`/service/units/${u.id}`}>{v}</Link> },
            { title: t('service.fees.product'), dataIndex: 'productModel', render: (v: string, u) => `${v} ${u.productName}` },
            { title: t('service.fees.purchaseDate'), dataIndex: 'purchaseDate', width: 140, render: (v: string | null) => formatDate(v) },
            { title: t('service.fees.installDate'), dataIndex: 'installDate', width: 140, render: (v: string | null) => formatDate(v) },
            {
              title: t('service.fees.warranty'),
              dataIndex: 'warrantyEnd',
              width: 240,
              render: (v: string | null, u) => <WarrantyTag state={warrantyState(v, today, u.purchaseDate)} warrantyEnd={v} />,
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('service.fees.orders')}
        extra={
          can('service:create') &&
          !archived && (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/service/orders/new?customerId=${customerId}`)} data-testid="customer-new-order">
              {t('service.fees.newOrder')}
            </Button>
          )
        }
      >
        <Table<OrderListItem>
          rowKey="id"
          size="small"
          loading={orders.isFetching}
          dataSource={orders.data?.items ?? []}
          locale={{ emptyText: t('service.fees.noOrders') }}
          pagination={{ current: orderPage, pageSize: PAGE_SIZE, total: orders.data?.total ?? 0, onChange: setOrderPage, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          columns={[
            {
              title: t('service.fees.code'),
              dataIndex: 'code',
              render: (v: string, r) => (
                <Space size={4}>
                  <Link to={`/service/orders/${r.id}`}>{v}</Link>
                  {r.priority === 'urgent' && <Tag color="red">{t('service.orders.urgent')}</Tag>}
                </Space>
              ),
            },
            { title: t('service.fees.type'), dataIndex: 'type', width: 140, render: (v: string, r) => `${t(`service.orders.types.${v}`)}·${t(`service.orders.modes.${r.mode}`)}` },
            { title: t('service.fees.state'), dataIndex: 'state', width: 120, render: (v: string) => <StateTag state={v} /> },
            { title: t('service.orders.technician'), dataIndex: 'technicianName', width: 110, render: (v: string | null) => v ?? '—' },
            { title: t('service.fees.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
          ]}
        />
      </Card>
    </Space>
  );
}

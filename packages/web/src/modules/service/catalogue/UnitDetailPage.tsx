// A unit's file (机器档案): product, customer, dates, quality card, the 三包 state and windows for today, and its
// service history with a shortcut to a new service order.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { translate, type TUnitDetail, type TUnitServiceOrder } from '@kehu/shared';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { currentLanguage } from '../../../app/i18n';
import { ApiError } from '../../../lib/api';
import { formatDate, formatDateTime, formatFen } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { catalogueApi, useCatalogueMutation, useUnit } from './api';
import { WarrantyTag, type WarrantyState } from './WarrantyTag';

function stateOf(u: TUnitDetail): WarrantyState {
  if (u.warranty.reason === 'warranty_unknown') return 'unknown';
  if (u.warranty.reason === 'warranty_not_started') return 'notStarted';
  return u.warranty.inWarranty ? 'in' : 'out';
}

export function UnitDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const showError = useShowError();
  const id = Number(useParams().id);
  const { data: u, isLoading, error } = useUnit(id);
  const archive = useCatalogueMutation((x: TUnitDetail) => catalogueApi.archiveUnit(x.id, x.version, !x.archivedAt));

  if (isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error || !u) {
    return <Result status={error instanceof ApiError && error.status === 404 ? '404' : 'error'} title={error instanceof ApiError ? error.title : t('common.loading')} extra={<Button onClick={() => navigate('/service/units')}>{t('common.back')}</Button>} />;
  }

  const onArchive = async () => {
    try {
      await archive.mutateAsync(u);
      message.success(t('common.saved'));
    } catch (e) {
      showError(e);
    }
  };

  const w = u.warranty;
  const until = (d: string | null) => (d ? formatDate(d) : <Typography.Text type="secondary">{t('service.catalogue.unit.notApplicable')}</Typography.Text>);
  const open = (d: string | null) => !!d && u.today <= d;
  const remedies = [
    w.returnAllowed && t('service.catalogue.unit.remedy.return'),
    w.exchangeAllowed && t('service.catalogue.unit.remedy.exchange'),
    w.repairFree ? t('service.catalogue.unit.remedy.freeRepair') : t('service.catalogue.unit.remedy.paidRepair'),
  ].filter(Boolean) as string[];

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Space align="center" wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('service.catalogue.unit.detail')} {u.serialNo}
          </Typography.Title>
          <WarrantyTag state={stateOf(u)} warrantyEnd={u.warrantyEnd} />
          {u.archivedAt && <Tag>{t('service.catalogue.archived')}</Tag>}
        </Space>
        <Space style={{ marginLeft: 'auto' }} wrap>
          {can('service:create') && !u.archivedAt && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/service/orders/new?unitId=${u.id}&customerId=${u.customerId}`)} data-testid="unit-new-order">
              {t('service.catalogue.unit.newOrder')}
            </Button>
          )}
          {can('service:create') && !u.archivedAt && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/service/units/${u.id}/edit`)}>
              {t('common.edit')}
            </Button>
          )}
          {can('service:catalogue') &&
            (u.archivedAt ? (
              <Button onClick={() => void onArchive()}>{t('common.restore')}</Button>
            ) : (
              <Popconfirm title={t('service.catalogue.archiveConfirm')} onConfirm={onArchive}>
                <Button danger>{t('common.archive')}</Button>
              </Popconfirm>
            ))}
        </Space>
      </div>

      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('service.catalogue.unit.serialNo')}>{u.serialNo}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.product')}>
          {u.product.model} {u.product.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.category')}>{u.category.name}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.customer')}>
          <Link to={`/customers/${u.customerId}`}>
            {u.customerName}（{u.customerCode}）
          </Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.purchaseDate')}>{formatDate(u.purchaseDate)}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.installDate')}>{formatDate(u.installDate)}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.dealer')}>{u.dealer ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.invoiceNo')}>{u.invoiceNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.qualityCardNo')}>{u.qualityCardNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.region')}>{u.region ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.address')} span={2}>
          {u.address ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.listPrice')}>{formatFen(u.product.listPriceFen)}</Descriptions.Item>
        <Descriptions.Item label={t('service.catalogue.unit.note')} span={2}>
          {u.note ?? '—'}
        </Descriptions.Item>
      </Descriptions>

      <Card size="small" title={t('service.catalogue.unit.windows')} style={{ marginBottom: 16 }} data-testid="unit-warranty">
        <Alert
          type={w.inWarranty ? 'success' : w.reason === 'warranty_unknown' ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={`${t('service.catalogue.unit.today', { date: formatDate(u.today) })}：${translate(w.reason, currentLanguage()) ?? w.reason}`}
          description={
            <Space wrap>
              {w.daysSincePurchase !== null && w.daysSincePurchase >= 0 && <span>{t('service.catalogue.unit.daysSince', { n: w.daysSincePurchase })}</span>}
              <span>{t('service.catalogue.unit.priorRepairs', { n: u.priorRepairs })}</span>
              <span>
                {t('service.catalogue.unit.remedies')}：
                {remedies.map((r) => (
                  <Tag key={r} color="blue">
                    {r}
                  </Tag>
                ))}
              </span>
              {w.exchangeDueToRepairs && <Tag color="orange">{t('service.catalogue.unit.exchangeDue')}</Tag>}
            </Space>
          }
        />
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('service.catalogue.unit.returnUntil')}>
            <Typography.Text type={open(u.returnUntil) ? 'success' : undefined}>{until(u.returnUntil)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('service.catalogue.unit.exchangeUntil')}>
            <Typography.Text type={open(u.exchangeUntil) ? 'success' : undefined}>{until(u.exchangeUntil)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('service.catalogue.unit.noReasonUntil')}>{until(u.noReasonReturnUntil)}</Descriptions.Item>
          <Descriptions.Item label={t('service.catalogue.unit.warrantyEnd')}>
            <Typography.Text type={open(u.warrantyEnd) ? 'success' : undefined}>{until(u.warrantyEnd)}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('service.catalogue.unit.rules')} span={4}>
            <Typography.Text type="secondary">
              {t('service.catalogue.category.rulesText', { r: u.rules.returnDays, e: u.rules.exchangeDays, w: u.rules.warrantyMonths })}
              {u.rules.freeRepairsBeforeExchange > 0 && ` · ${t('service.catalogue.category.freeRepairs')} ${u.rules.freeRepairsBeforeExchange}`}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('service.catalogue.unit.history')}>
        <Table<TUnitServiceOrder>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={u.serviceOrders}
          locale={{ emptyText: t('service.catalogue.unit.noHistory') }}
          columns={[
            { title: t('service.catalogue.unit.orderCode'), dataIndex: 'code', width: 170, render: (v: string, o) => <Link to={`/service/orders/${o.id}`}>{v}</Link> },
            { title: t('service.catalogue.unit.orderType'), dataIndex: 'type', width: 110, render: (v: string) => t(`service.orders.types.${v}`, { defaultValue: v }) },
            { title: t('service.catalogue.unit.orderState'), dataIndex: 'state', width: 110, render: (v: string) => t(`service.orders.state.${v}`, { defaultValue: v }) },
            { title: t('service.catalogue.unit.orderWarranty'), dataIndex: 'warranty', width: 110, render: (v: string) => t(`service.orders.warranty.${v}`, { defaultValue: v }) },
            { title: t('service.catalogue.unit.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
            { title: t('service.catalogue.unit.completedAt'), dataIndex: 'completedAt', width: 160, render: (v: string | null) => formatDateTime(v) },
          ]}
        />
      </Card>
    </div>
  );
}

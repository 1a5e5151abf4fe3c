// One service agreement: its terms, this agreement year's visits (used / included), the covered units, the orders taken
// under it, and the steps of its life (put in force, terminate, renew, archive, print the 售后服务协议书).
import { EditOutlined, PrinterOutlined } from '@ant-design/icons';
import type { TAgreementDetail, TAgreementOrder, TAgreementUnit } from '@kehu/shared';
import { Alert, App, Button, Card, Col, Descriptions, Input, Modal, Popconfirm, Progress, Result, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../lib/api';
import { formatDate, formatDateTime, formatFen } from '../../../lib/format';
import { useCan, useDictLabel } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { agreementApi, useAgreement, useAgreementMutation } from './api';
import { AgreementStateTag } from './AgreementStateTag';

export function AgreementDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const dict = useDictLabel();
  const showError = useShowError();
  const id = Number(useParams().id);
  const { data: ag, error, isLoading } = useAgreement(id);
  const [terminating, setTerminating] = useState(false);
  const [reason, setReason] = useState('');
  const run = useAgreementMutation(async (fn: () => Promise<TAgreementDetail>) => fn());
  const a = (k: string, o?: Record<string, unknown>) => t(`service.agreements.${k}`, o ?? {});

  if (isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (error || !ag) {
    return <Result status="404" title={error instanceof ApiError ? error.title : t('common.loading')} extra={<Button onClick={() => navigate('/service/agreements')}>{t('common.back')}</Button>} />;
  }

  const act = async (fn: () => Promise<TAgreementDetail>, done: string, go?: (r: TAgreementDetail) => void) => {
    try {
      const r = await run.mutateAsync(fn);
      message.success(done);
      go?.(r);
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  };
  const write = can('service:dispatch') && !ag.archivedAt;
  const u = ag.usage;
  const percent = u.visitsIncluded ? Math.min(100, Math.round((u.visitsUsed / u.visitsIncluded) * 100)) : 0;

  return (
    <div className="kehu-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {a('title')} {ag.code}
          </Typography.Title>
          <AgreementStateTag state={ag.state} />
          {ag.archivedAt && <Tag>{a('archivedTag')}</Tag>}
        </Space>
        <Space wrap>
          <Button icon={<PrinterOutlined />} onClick={() => navigate(`/service/agreements/${ag.id}/print`)}>
            {a('print')}
          </Button>
          {write && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/service/agreements/${ag.id}/edit`)}>
              {t('common.edit')}
            </Button>
          )}
          {write && ag.state === 'draft' && (
            <Popconfirm title={a('activateConfirm')} onConfirm={() => act(() => agreementApi.activate(ag.id, ag.version), a('activated'))}>
              <Button type="primary" data-testid="agreement-activate">
                {a('activate')}
              </Button>
            </Popconfirm>
          )}
          {write && (ag.state === 'active' || ag.state === 'expired') && !ag.renewedBy && (
            <Popconfirm title={a('renewConfirm')} onConfirm={() => act(() => agreementApi.renew(ag.id), a('renewed'), (r) => navigate(`/service/agreements/${r.id}`))}>
              <Button>{a('renew')}</Button>
            </Popconfirm>
          )}
          {write && ag.state === 'active' && (
            <Button danger onClick={() => setTerminating(true)}>
              {a('terminate')}
            </Button>
          )}
          {can('service:dispatch') && ag.state !== 'active' && (
            <Popconfirm
              title={ag.archivedAt ? t('common.restore') : a('archiveConfirm')}
              onConfirm={() => act(() => agreementApi.archive(ag.id, ag.version, !ag.archivedAt), t('common.saved'))}
            >
              <Button>{ag.archivedAt ? t('common.restore') : t('common.archive')}</Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      {ag.state === 'terminated' && ag.terminationReason && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`${a('terminationReason')}：${ag.terminationReason}`} />}
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={a('customer')}>
                <Link to={`/customers/${ag.customerId}`}>
                  {ag.customerName}（{ag.customerCode}）
                </Link>
              </Descriptions.Item>
              <Descriptions.Item label={a('period')}>
                {formatDate(ag.startDate)} – {formatDate(ag.endDate)}
              </Descriptions.Item>
              <Descriptions.Item label={a('responseLevel')}>{dict('service_tier', ag.responseLevel)}</Descriptions.Item>
              <Descriptions.Item label={a('visitsPerYear')}>{ag.visitsPerYear}</Descriptions.Item>
              <Descriptions.Item label={a('partsIncluded')}>{ag.partsIncluded ? a('partsYes') : a('partsNo')}</Descriptions.Item>
              <Descriptions.Item label={a('fee')}>{formatFen(ag.feeFen)}</Descriptions.Item>
              <Descriptions.Item label={a('paymentTerms')}>{ag.paymentTerms ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={a('signedDate')}>{formatDate(ag.signedDate)}</Descriptions.Item>
              <Descriptions.Item label={a('scope')} span={2}>
                {ag.scope.map((s) => (
                  <Tag key={s}>{t(`service.agreements.scopes.${s}`)}</Tag>
                ))}
              </Descriptions.Item>
              {ag.renewedFrom && (
                <Descriptions.Item label={a('renewedFrom')}>
                  <Link to={`/service/agreements/${ag.renewedFrom.id}`}>{ag.renewedFrom.code}</Link>
                </Descriptions.Item>
              )}
              {ag.renewedBy && (
                <Descriptions.Item label={a('renewedBy')}>
                  <Link to={`/service/agreements/${ag.renewedBy.id}`}>{ag.renewedBy.code}</Link> <AgreementStateTag state={ag.renewedBy.state} />
                </Descriptions.Item>
              )}
              {ag.note && (
                <Descriptions.Item label={a('note')} span={2}>
                  {ag.note}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={a('usage')} style={{ marginBottom: 16 }} data-testid="agreement-usage">
            <Typography.Text type="secondary">{a('usageYear', { from: formatDate(u.yearStart), to: formatDate(u.yearEnd) })}</Typography.Text>
            <Statistic value={u.visitsUsed} suffix={`/ ${u.visitsIncluded}`} style={{ margin: '8px 0' }} />
            <Progress percent={percent} status={u.visitsIncluded && u.visitsUsed >= u.visitsIncluded ? 'exception' : 'normal'} showInfo={false} />
            <div>{a('usageText', { used: u.visitsUsed, included: u.visitsIncluded })}</div>
            {u.visitsCharged > 0 && <Typography.Text type="warning">{a('usageCharged', { n: u.visitsCharged })}</Typography.Text>}
          </Card>
        </Col>
      </Row>
      <Card title={`${a('units')}（${ag.units.length}）`} style={{ marginBottom: 16 }}>
        <Table<TAgreementUnit>
          rowKey="id"
          size="small"
          pagination={ag.units.length > 20 ? { pageSize: 20 } : false}
          dataSource={ag.units}
          columns={[
            { title: a('unit.serial'), dataIndex: 'serialNo', render: (v: string, r) => <Link to={`/service/units/${r.id}`}>{v}</Link> },
            { title: a('unit.model'), dataIndex: 'productModel' },
            { title: a('unit.name'), dataIndex: 'productName' },
            { title: a('unit.purchaseDate'), dataIndex: 'purchaseDate', render: formatDate },
            { title: a('unit.warrantyEnd'), dataIndex: 'warrantyEnd', render: formatDate },
            { title: a('unit.place'), render: (_: unknown, r) => [r.region, r.address].filter(Boolean).join(' ') || '—' },
          ]}
        />
      </Card>
      <Card title={a('orders')}>
        <Table<TAgreementOrder>
          rowKey="id"
          size="small"
          locale={{ emptyText: a('noOrders') }}
          pagination={ag.orders.length > 20 ? { pageSize: 20 } : false}
          dataSource={ag.orders}
          columns={[
            { title: a('orderCode'), dataIndex: 'code', render: (v: string, r) => <Link to={`/service/orders/${r.id}`}>{v}</Link> },
            { title: a('orderType'), dataIndex: 'type', render: (v: string) => t(`service.orders.types.${v}`) },
            { title: a('serial'), dataIndex: 'serialNo', render: (v: string | null) => v ?? '—' },
            { title: a('orderState'), dataIndex: 'state', render: (v: string) => t(`service.orders.state.${v}`) },
            { title: a('warranty'), dataIndex: 'warranty', render: (v: string) => <Tag color={v === 'agreement' ? 'green' : v === 'out' ? 'orange' : 'default'}>{t(`service.orders.warranty.${v}`)}</Tag> },
            { title: a('createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            { title: a('totalFee'), dataIndex: 'totalFeeFen', align: 'right', render: (v: number) => formatFen(v) },
          ]}
        />
      </Card>
      <Modal
        open={terminating}
        title={`${a('terminate')} ${ag.code}`}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: run.isPending }}
        onCancel={() => setTerminating(false)}
        onOk={async () => {
          if (await act(() => agreementApi.terminate(ag.id, ag.version, reason.trim()), a('terminated'))) {
            setTerminating(false);
            setReason('');
          }
        }}
      >
        <Typography.Paragraph>{a('terminationReason')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="agreement-terminate-reason" />
      </Modal>
    </div>
  );
}

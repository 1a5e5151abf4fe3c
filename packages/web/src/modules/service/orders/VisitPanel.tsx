// The order's return visit: the task, the answers once done, the phone questionnaire and the customer link.
import { CopyOutlined, LinkOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Empty, Form, Input, Radio, Rate, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isDissatisfied, type TVisitRecord } from '@kehu/shared';
import { ApiError, errorText } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { useCan, useMe } from '../../../lib/reference';
import { orderApi, orderKeys, useOrderMutation, type OrderDetail, type OrderVisit } from './api';
import { answersComplete, VisitQuestions, type VisitFormValues } from './VisitQuestions';

export function VisitPanel({ order: o }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe().data;
  const v = o.visit;
  if (!v) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.orders.visit.none')} />;
  const yn = (b: boolean | null) => (b === null ? '—' : b ? t('common.yes') : t('common.no'));
  return (
    <div data-testid="order-visit">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('service.orders.stateLabel')}>
          <Tag color={v.state === 'open' ? (Date.parse(v.dueAt) < Date.now() ? 'red' : 'blue') : v.state === 'done' ? 'green' : 'default'}>{t(`service.orders.visit.state.${v.state}`)}</Tag>
          {v.dissatisfied === true && <Tag color="red">{t('service.orders.visit.dissatisfied')}</Tag>}
          {v.dissatisfied === false && <Tag color="green">{t('service.orders.visit.satisfied')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('service.orders.visit.dueAt')}>{formatDateTime(v.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('service.orders.visit.assignee')}>{v.assigneeName ?? '—'}</Descriptions.Item>
        {v.state === 'done' && (
          <>
            <Descriptions.Item label={t('service.orders.visit.channel')}>{v.channel ? t(`service.orders.visit.channels.${v.channel}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.doneAt')}>{formatDateTime(v.doneAt)}</Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.onTime')}>{yn(v.onTime)}</Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.solved')}>{yn(v.solved)}</Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.attitude')}>{v.attitude ? <Rate disabled value={v.attitude} /> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.feesOk')}>{yn(v.feesOk)}</Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.misconduct')}>{yn(v.misconduct)}</Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.rating')}>{v.rating ? <Rate disabled value={v.rating} /> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.followUp')}>
              {v.followUp ? t(`service.orders.visit.followUps.${v.followUp}`) : t('service.orders.visit.followUps.none')}
              {v.followUpOrderId && (
                <>
                  {' '}
                  <Link to={`/service/orders/${v.followUpOrderId}`}>{t('service.orders.visit.followUpOrder')} #{v.followUpOrderId}</Link>
                </>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('service.orders.visit.comment')} span={3}>
              {v.comment ?? '—'}
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      {v.state === 'open' && can('service:visit') && (
        <>
          <VisitLink visit={v} />
          {o.state !== 'completed' ? null : me && o.technician?.id === me.id ? (
            <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('service.orders.visit.title')} description={t('service.orders.visit.byTechnician')} />
          ) : (
            <VisitForm order={o} visit={v} />
          )}
        </>
      )}
    </div>
  );
}

function VisitLink({ visit }: { visit: OrderVisit }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const make = async () => {
    setBusy(true);
    try {
      const r = await orderApi.visitLink(visit.id);
      setUrl(window.location.origin + r.path);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      message.success(t('service.orders.visit.copied'));
    } catch {
      // clipboard unavailable (plain http): the field is selectable
    }
  };
  return (
    <div style={{ marginTop: 16 }}>
      <Space wrap>
        <Button icon={<LinkOutlined />} loading={busy} onClick={() => void make()} data-testid="visit-link">
          {t('service.orders.visit.link')}
        </Button>
        <Typography.Text type="secondary">{t('service.orders.visit.linkHint')}</Typography.Text>
      </Space>
      {url && (
        <Space.Compact style={{ width: '100%', marginTop: 8, maxWidth: 720 }}>
          <Input readOnly value={url} data-testid="visit-link-url" onFocus={(e) => e.target.select()} />
          <Button icon={<CopyOutlined />} onClick={() => void copy()}>
            {t('service.orders.visit.copy')}
          </Button>
        </Space.Compact>
      )}
    </div>
  );
}

function VisitForm({ order: o, visit }: { order: OrderDetail; visit: OrderVisit }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<VisitFormValues>();
  const values = Form.useWatch([], form) ?? {};
  const dissatisfied = answersComplete(values) && isDissatisfied(values);
  const record = useOrderMutation((body: TVisitRecord) => orderApi.recordVisit(visit.id, body));

  const submit = async (v: VisitFormValues) => {
    if (!answersComplete(v)) return;
    const sad = isDissatisfied(v);
    try {
      const r = await record.mutateAsync({ ...v, comment: v.comment?.trim() || null, version: visit.version, followUp: sad ? (v.followUp ?? 'none') : 'none' });
      message.success(t('service.orders.visit.recorded'));
      if (r.followUpOrderId) message.info(`${t('service.orders.visit.followUpOrder')} #${r.followUpOrderId}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('service.orders.conflict'));
        await qc.invalidateQueries({ queryKey: orderKeys.detail(o.id) });
      } else message.error(errorText(e));
    }
  };

  return (
    <Form<VisitFormValues> form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16, maxWidth: 640 }} data-testid="visit-form">
      <Typography.Title level={5}>{t('service.orders.visit.record')}</Typography.Title>
      <VisitQuestions />
      {dissatisfied && (
        <Form.Item name="followUp" label={t('service.orders.visit.followUp')} rules={[{ required: true, message: t('service.orders.visit.followUpRequired') }]}>
          <Radio.Group data-testid="visit-follow-up" options={(['rework', 'complaint', 'none'] as const).map((f) => ({ value: f, label: t(`service.orders.visit.followUps.${f}`) }))} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="visit-submit">
        {t('service.orders.visit.record')}
      </Button>
    </Form>
  );
}

// 收费标准: the out-of-warranty fee schedule — labour by service type, call-out by region type — edited in yuan,
// stored in fen, saved as a whole against the etag of the schedule that was loaded.
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { SERVICE_FEE_MAX_FEN, type TServiceFee, type TServiceFees, type TServiceFeesPut } from '@kehu/shared';
import { ApiError } from '../../../lib/api';
import { formatDateTime, formatFen } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { fenToYuan, yuanToFen } from '../catalogue/api';
import { feeKeys, feesApi, useServiceFees } from './api';

type Kind = 'labour' | 'callout';
type Values = Record<Kind, Record<string, number | null>>;

/** the form's values (yuan) of a schedule (fen) */
function toValues(s: TServiceFees): Values {
  const of = (entries: TServiceFee<string>[]) => Object.fromEntries(entries.map((e) => [e.key, fenToYuan(e.amountFen)]));
  return { labour: of(s.labour), callout: of(s.callout) };
}

function toBody(v: Values, etag: string): TServiceFeesPut {
  const of = (m: Record<string, number | null>) => Object.fromEntries(Object.entries(m ?? {}).map(([k, y]) => [k, yuanToFen(y)]));
  return { etag, labour: of(v.labour), callout: of(v.callout) } as TServiceFeesPut;
}

export function FeesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const showError = useShowError();
  const qc = useQueryClient();
  const writable = can('service:rules');
  const { data, refetch } = useServiceFees();
  const [form] = Form.useForm<Values>();
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!data) return;
    form.resetFields();
    form.setFieldsValue(toValues(data));
    setDirty(false);
  }, [data, form]);

  const save = async () => {
    if (!data) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      const next = await feesApi.put(toBody(v, data.etag));
      qc.setQueryData(feeKeys.schedule, next);
      message.success(t('common.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'SERVICE_FEES_CHANGED') {
        message.warning(t('service.fees.changed'));
        await refetch();
      } else showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  const table = (kind: Kind, title: string, keyTitle: string, label: (k: string) => string) => (
    <Card size="small" title={title}>
      <Table<TServiceFee<string>>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={data?.[kind] ?? []}
        columns={[
          { title: keyTitle, dataIndex: 'key', width: 110, render: (k: string) => label(k) },
          {
            title: t('service.fees.amount'),
            key: 'amount',
            render: (_, e) =>
              writable ? (
                <Form.Item name={[kind, e.key]} style={{ margin: 0 }}>
                  <InputNumber
                    min={0}
                    max={SERVICE_FEE_MAX_FEN / 100}
                    precision={2}
                    step={10}
                    prefix="¥"
                    placeholder={t('service.fees.notSet')}
                    style={{ width: 170 }}
                    aria-label={`${title} ${label(e.key)}`}
                    data-testid={`fee-${kind}-${e.key}`}
                  />
                </Form.Item>
              ) : e.amountFen === null ? (
                <Typography.Text type="secondary">{t('service.fees.notSet')}</Typography.Text>
              ) : (
                formatFen(e.amountFen)
              ),
          },
          { title: '', key: 'preset', width: 70, render: (_, e) => e.preset && <Tag color="orange">{t('service.fees.preset')}</Tag> },
          { title: t('service.fees.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
        ]}
      />
    </Card>
  );

  const presets = data ? [...data.labour, ...data.callout].some((e) => e.preset) : false;

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('service.fees.title')}
        </Typography.Title>
        {writable && (
          <Space style={{ marginLeft: 'auto' }}>
            {dirty && <Typography.Text type="warning">{t('service.fees.dirty')}</Typography.Text>}
            <Button disabled={!dirty} onClick={() => data && (form.resetFields(), form.setFieldsValue(toValues(data)), setDirty(false))}>
              {t('service.fees.undo')}
            </Button>
            <Button type="primary" loading={saving} disabled={!data} onClick={() => void save()}>
              {t('common.save')}
            </Button>
          </Space>
        )}
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('service.fees.hint')} />
      {presets && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('service.fees.presetHint')} />}
      {!writable && <Alert type="info" style={{ marginBottom: 12 }} title={t('service.fees.readOnly')} />}
      <Form form={form} component={false} onValuesChange={() => setDirty(true)}>
        <Row gutter={[16, 16]}>
          <Col xs={24} xxl={12}>
            {table('labour', t('service.fees.labourTitle'), t('service.fees.serviceType'), (k) => t(`service.orders.types.${k}`, { defaultValue: k }))}
          </Col>
          <Col xs={24} xxl={12}>
            {table('callout', t('service.fees.calloutTitle'), t('service.fees.regionType'), (k) => t(`service.sla.regions.${k}`, { defaultValue: k }))}
          </Col>
        </Row>
      </Form>
    </div>
  );
}

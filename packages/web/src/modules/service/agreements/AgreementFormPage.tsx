// A new service agreement (draft) or the edit of one: the customer, then that customer's units, the period and the
// entitlements. In force only units, payment terms and note can change; once ended only the note. An edit sends only
// what changed, with the version.
import { AGREEMENT_SCOPES, type AgreementScope, type TAgreementCreate, type TAgreementDetail, type TPage, type TUnit } from '@kehu/shared';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Result, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, get, qs } from '../../../lib/api';
import { useDictOptions } from '../../../lib/reference';
import { useShowError } from '../../admin/useShowError';
import { CustomerPicker } from '../catalogue/CustomerPicker';
import { agreementApi, useAgreement, useAgreementMutation } from './api';
import { companyNow, isAfterCompanyToday } from '../../../lib/clock';

interface Values {
  customerId: number;
  unitIds: number[];
  period: [Dayjs, Dayjs];
  visitsPerYear: number;
  responseLevel: string;
  partsIncluded: boolean;
  feeYuan: number;
  paymentTerms?: string;
  scope: AgreementScope[];
  signedDate?: Dayjs | null;
  note?: string;
}

const day = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);

function toBody(v: Values): TAgreementCreate {
  return {
    customerId: v.customerId,
    unitIds: [...(v.unitIds ?? [])].sort((a, b) => a - b),
    startDate: day(v.period[0])!,
    endDate: day(v.period[1])!,
    visitsPerYear: v.visitsPerYear,
    responseLevel: v.responseLevel,
    partsIncluded: !!v.partsIncluded,
    feeFen: Math.round((v.feeYuan ?? 0) * 100),
    paymentTerms: v.paymentTerms?.trim() || null,
    scope: v.scope ?? [],
    signedDate: day(v.signedDate),
    note: v.note?.trim() || null,
  };
}

function fromAgreement(a: TAgreementDetail): Values {
  return {
    customerId: a.customerId,
    unitIds: a.units.map((u) => u.id),
    period: [dayjs(a.startDate), dayjs(a.endDate)],
    visitsPerYear: a.visitsPerYear,
    responseLevel: a.responseLevel,
    partsIncluded: a.partsIncluded,
    feeYuan: a.feeFen / 100,
    paymentTerms: a.paymentTerms ?? undefined,
    scope: a.scope,
    signedDate: a.signedDate ? dayjs(a.signedDate) : null,
    note: a.note ?? undefined,
  };
}

export function AgreementFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const showError = useShowError();
  const [params] = useSearchParams();
  const id = Number(useParams().id) || undefined;
  const existing = useAgreement(id);
  const agreement = existing.data;
  const [form] = Form.useForm<Values>();
  const customerId = Form.useWatch('customerId', form);
  const tiers = useDictOptions('service_tier');
  // the chosen customer's units, for the 产品清单
  const units = useQuery({
    queryKey: ['service-catalogue', 'units', 'of-customer', customerId],
    queryFn: () => get<TPage<TUnit>>('/api/v1/service/units' + qs({ customerId, pageSize: 200 })),
    enabled: !!customerId,
  });
  const presetId = id ? undefined : Number(params.get('customerId')) || undefined;
  const preset = useQuery({
    queryKey: ['service-agreements', 'customer-preset', presetId],
    queryFn: () => get<{ id: number; code: string; name: string }>(`/api/v1/customers/${presetId}`),
    enabled: !!presetId,
  });
  const initial = useMemo(() => (agreement ? toBody(fromAgreement(agreement)) : null), [agreement]);
  const a = (k: string) => t(`service.agreements.${k}`);

  useEffect(() => {
    if (agreement) form.setFieldsValue(fromAgreement(agreement));
    else if (!id) {
      const start = companyNow().add(1, 'day');
      form.setFieldsValue({
        customerId: presetId,
        unitIds: [],
        period: [start, start.add(1, 'year').subtract(1, 'day')],
        visitsPerYear: 2,
        responseLevel: 'gold',
        partsIncluded: false,
        feeYuan: 0,
        scope: ['repair', 'maintenance', 'inspection', 'hotline'],
      });
    }
  }, [agreement, id, presetId, form]);

  const save = useAgreementMutation(async (v: Values) => {
    const body = toBody(v);
    if (!agreement || !initial) return agreementApi.create(body);
    const changed = Object.fromEntries(Object.entries(body).filter(([k, val]) => JSON.stringify(initial[k as keyof TAgreementCreate]) !== JSON.stringify(val)));
    return agreementApi.update(agreement.id, { ...changed, version: agreement.version });
  });

  const submit = async (v: Values) => {
    try {
      const out = await save.mutateAsync(v);
      message.success(agreement ? t('common.saved') : a('created'));
      navigate(`/service/agreements/${out.id}`);
    } catch (e) {
      // the form edits the period with one range picker
      if (e instanceof ApiError) for (const f of e.errors) if (f.path === 'startDate' || f.path === 'endDate') f.path = 'period';
      if (e instanceof ApiError) for (const f of e.errors) if (f.path.startsWith('unitIds.')) f.path = 'unitIds';
      if (e instanceof ApiError) for (const f of e.errors) if (f.path === 'feeFen') f.path = 'feeYuan';
      showError(e, form);
    }
  };

  if (id && existing.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (id && (existing.error || !agreement)) {
    return <Result status="404" title={existing.error instanceof ApiError ? existing.error.title : t('common.loading')} extra={<Button onClick={() => navigate('/service/agreements')}>{t('common.back')}</Button>} />;
  }

  const state = agreement?.state ?? 'draft';
  const termsLocked = state !== 'draft';
  const unitsLocked = state !== 'draft' && state !== 'active';
  const req = [{ required: true, message: t('common.required') }];
  const unitOptions = [
    // units on the agreement that the list does not show (moved or archived) stay visible
    ...(agreement?.units ?? []).filter((u) => !(units.data?.items ?? []).some((x) => x.id === u.id)).map((u) => ({ value: u.id, label: `${u.serialNo} · ${u.productModel}` })),
    ...(units.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.serialNo} · ${u.productModel} ${u.productName}` })),
  ];

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {agreement ? `${a('edit')} ${agreement.code}` : a('new')}
      </Typography.Title>
      {state === 'active' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={a('lockedHint')} />}
      {unitsLocked && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={a('readOnlyHint')} />}
      <Card>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          // another customer: the units chosen were the previous customer's
          onValuesChange={(changed: Partial<Values>) => {
            if ('customerId' in changed) form.setFieldsValue({ unitIds: [] });
          }} data-testid="agreement-form" style={{ maxWidth: 960 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              {termsLocked && agreement && (
                <Form.Item label={a('customer')}>
                  <Input disabled value={`${agreement.customerName}（${agreement.customerCode}）`} />
                </Form.Item>
              )}
              <Form.Item name="customerId" label={a('customer')} rules={req} hidden={termsLocked}>
                <CustomerPicker
                  initial={agreement ? { id: agreement.customerId, code: agreement.customerCode, name: agreement.customerName } : preset.data ? { id: preset.data.id, code: preset.data.code, name: preset.data.name } : null}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="period" label={a('period')} rules={req}>
                <DatePicker.RangePicker style={{ width: '100%' }} disabled={termsLocked} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="unitIds" label={a('units')} extra={customerId && !units.isFetching && !unitOptions.length ? a('noUnits') : undefined}>
                <Select
                  mode="multiple"
                  allowClear
                  disabled={!customerId || unitsLocked}
                  placeholder={customerId ? a('unitsPick') : a('customerFirst')}
                  loading={units.isFetching}
                  options={unitOptions}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="agreement-units"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="visitsPerYear" label={a('visitsPerYear')} rules={req} extra={a('visitsHint')}>
                <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} disabled={termsLocked} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="responseLevel" label={a('responseLevel')} rules={req} extra={a('responseHint')}>
                <Select options={tiers} disabled={termsLocked} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="partsIncluded" label={a('partsIncluded')} valuePropName="checked">
                <Switch checkedChildren={a('partsYes')} unCheckedChildren={a('partsNo')} disabled={termsLocked} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="scope" label={a('scope')}>
                <Checkbox.Group options={AGREEMENT_SCOPES.map((s) => ({ value: s, label: t(`service.agreements.scopes.${s}`) }))} disabled={termsLocked} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="feeYuan" label={a('feeFen')} rules={req}>
                <InputNumber min={0} max={1_000_000_000} precision={2} prefix="¥" style={{ width: '100%' }} disabled={termsLocked} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="paymentTerms" label={a('paymentTerms')}>
                <Input maxLength={200} disabled={unitsLocked} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="signedDate" label={a('signedDate')}>
                <DatePicker style={{ width: '100%' }} disabled={termsLocked} disabledDate={isAfterCompanyToday} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="note" label={a('note')}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="agreement-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate(agreement ? `/service/agreements/${agreement.id}` : '/service/agreements')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}

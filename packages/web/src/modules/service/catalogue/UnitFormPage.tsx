// Register a unit (登记机器) or edit its file: serial, product, customer, purchase / install dates, dealer, invoice,
// quality card, region and address. An edit sends only what changed (a masked address stays untouched).
import type { TUnitCreate, TUnitDetail } from '@kehu/shared';
import { App, Button, Card, Col, DatePicker, Form, Input, Result, Row, Select, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../../../lib/api';
import { RegionCascader } from '../../customers/RegionCascader';
import { useShowError } from '../../admin/useShowError';
import { catalogueApi, regionPath, useCatalogueMutation, useProducts, useUnit } from './api';
import { CustomerPicker } from './CustomerPicker';
import { companyNow } from '../../../lib/clock';

interface Values {
  serialNo: string;
  productId: number;
  customerId: number;
  purchaseDate?: Dayjs | null;
  installDate?: Dayjs | null;
  dealer?: string;
  invoiceNo?: string;
  qualityCardNo?: string;
  region?: string[];
  address?: string;
  note?: string;
}

type Body = Omit<TUnitCreate, 'productId' | 'customerId'> & { productId: number; customerId: number };

const day = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);
const fromDay = (v: string | null) => (v ? dayjs(v) : null);

function toBody(v: Values): Body {
  return {
    serialNo: v.serialNo.trim(),
    productId: v.productId,
    customerId: v.customerId,
    purchaseDate: day(v.purchaseDate),
    installDate: day(v.installDate),
    dealer: v.dealer?.trim() || null,
    invoiceNo: v.invoiceNo?.trim() || null,
    qualityCardNo: v.qualityCardNo?.trim() || null,
    regionCode: v.region?.length ? v.region[v.region.length - 1] : null,
    address: v.address?.trim() || null,
    note: v.note?.trim() || null,
  };
}

function fromUnit(u: TUnitDetail): Values {
  return {
    serialNo: u.serialNo,
    productId: u.productId,
    customerId: u.customerId,
    purchaseDate: fromDay(u.purchaseDate),
    installDate: fromDay(u.installDate),
    dealer: u.dealer ?? undefined,
    invoiceNo: u.invoiceNo ?? undefined,
    qualityCardNo: u.qualityCardNo ?? undefined,
    region: regionPath(u.regionCode),
    address: u.address ?? undefined,
    note: u.note ?? undefined,
  };
}

export function UnitFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const showError = useShowError();
  const [params] = useSearchParams();
  const id = Number(useParams().id) || undefined;
  const existing = useUnit(id);
  const [form] = Form.useForm<Values>();
  const [productQ, setProductQ] = useState('');
  const products = useProducts({ page: 1, pageSize: 50, q: productQ || undefined });
  const unit = existing.data;
  // a new unit from the customer card (?customerId=): the picker shows that customer's name, not a bare id
  const presetId = id ? undefined : Number(params.get('customerId')) || undefined;
  const preset = useQuery({
    queryKey: ['service-catalogue', 'customer-preset', presetId],
    queryFn: () => get<{ id: number; code: string; name: string }>(`/api/v1/customers/${presetId}`),
    enabled: !!presetId,
  });
  const initial = useMemo(() => (unit ? toBody(fromUnit(unit)) : null), [unit]);

  useEffect(() => {
    if (unit) form.setFieldsValue(fromUnit(unit));
    else if (!id) {
      const customerId = Number(params.get('customerId')) || undefined;
      if (customerId) form.setFieldsValue({ customerId });
    }
  }, [unit, id, params, form]);

  const save = useCatalogueMutation(async (v: Values) => {
    const body = toBody(v);
    if (!unit || !initial) return catalogueApi.createUnit(body);
    const changed = Object.fromEntries(Object.entries(body).filter(([k, val]) => initial[k as keyof Body] !== val));
    return catalogueApi.updateUnit(unit.id, { ...changed, version: unit.version });
  });

  const submit = async (v: Values) => {
    try {
      const out = await save.mutateAsync(v);
      message.success(unit ? t('common.saved') : t('service.catalogue.unit.created'));
      navigate(`/service/units/${out.id}`);
    } catch (e) {
      // the form picks the region with a cascader named `region`
      if (e instanceof ApiError) for (const f of e.errors) if (f.path === 'regionCode') f.path = 'region';
      showError(e, form);
    }
  };

  if (id && existing.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (id && (existing.error || !unit)) {
    return <Result status="404" title={existing.error instanceof ApiError ? existing.error.title : t('common.loading')} extra={<Button onClick={() => navigate('/service/units')}>{t('common.back')}</Button>} />;
  }

  const productOptions = [
    ...(unit && !(products.data?.items ?? []).some((p) => p.id === unit.productId) ? [{ value: unit.productId, label: `${unit.productModel} ${unit.productName}` }] : []),
    ...(products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.model} ${p.name}` })),
  ];
  const req = [{ required: true, message: t('common.required') }];
  const today = companyNow().endOf('day');

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {unit ? `${t('service.catalogue.unit.edit')} ${unit.serialNo}` : t('service.catalogue.unit.new')}
      </Typography.Title>
      <Card>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="unit-form" style={{ maxWidth: 960 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="serialNo" label={t('service.catalogue.unit.serialNo')} rules={req}>
                <Input maxLength={60} data-testid="unit-serial" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="productId" label={t('service.catalogue.unit.product')} rules={req}>
                <Select showSearch={{ filterOption: false, onSearch: setProductQ }} loading={products.isFetching} options={productOptions} data-testid="unit-product" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="customerId" label={t('service.catalogue.unit.customer')} rules={req}>
                <CustomerPicker
                  initial={unit ? { id: unit.customerId, code: unit.customerCode, name: unit.customerName } : preset.data ? { id: preset.data.id, code: preset.data.code, name: preset.data.name } : null}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="qualityCardNo" label={t('service.catalogue.unit.qualityCardNo')}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="purchaseDate" label={t('service.catalogue.unit.purchaseDate')} extra={t('service.catalogue.unit.purchaseHint')}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="installDate" label={t('service.catalogue.unit.installDate')}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="dealer" label={t('service.catalogue.unit.dealer')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="invoiceNo" label={t('service.catalogue.unit.invoiceNo')}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="region" label={t('service.catalogue.unit.region')}>
                <RegionCascader />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="address" label={t('service.catalogue.unit.address')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="note" label={t('service.catalogue.unit.note')}>
                <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="unit-save">
              {t('common.save')}
            </Button>
            <Button onClick={() => navigate(unit ? `/service/units/${unit.id}` : '/service/units')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}

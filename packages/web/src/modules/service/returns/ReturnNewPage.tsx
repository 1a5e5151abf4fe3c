// 退换货申请: customer, then one of the customer's units (or a product without serial numbers and a quantity), type
// and reason; the 三包 window check is shown before submitting, with the override reason for a dispatcher.
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { RETURN_REASONS, RETURN_TYPES, type ReturnReason, type ReturnType, type TReturnCreate } from '@kehu/shared';
import { applyFieldErrors, errorText } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { useCan } from '../../../lib/reference';
import { CustomerPicker } from '../catalogue/CustomerPicker';
import { useUnit } from '../catalogue/api';
import { useCustomerUnits } from '../orders/api';
import { returnApi, useEligibility, useReturnMutation } from './api';
import { EligibilityPanel } from './EligibilityPanel';
import { ProductPicker } from './ProductPicker';
import { companyNow, isAfterCompanyToday } from '../../../lib/clock';

/** the unit select's entry for a product without serial numbers */
const NO_UNIT = 0;

interface FormValues {
  customerId?: number;
  unitId?: number;
  productId?: number;
  qty: number;
  purchaseDate?: Dayjs;
  requestDate: Dayjs;
  orderNo?: string;
  type: ReturnType;
  reason: ReturnReason;
  description: string;
  contactName?: string;
  contactPhone?: string;
  overrideReason?: string;
}

export function ReturnNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const can = useCan();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const presetUnit = Number(params.get('unitId')) || undefined;
  const preset = useUnit(presetUnit);
  const customerId = Form.useWatch('customerId', form);
  const unitId = Form.useWatch('unitId', form);
  const productId = Form.useWatch('productId', form);
  const purchaseDate = Form.useWatch('purchaseDate', form);
  const requestDate = Form.useWatch('requestDate', form);
  const type = Form.useWatch('type', form);
  const reason = Form.useWatch('reason', form);
  const units = useCustomerUnits(customerId);
  const create = useReturnMutation((body: TReturnCreate) => returnApi.create(body));
  const byProduct = unitId === NO_UNIT;
  const unit = (units.data ?? []).find((u) => u.id === unitId);
  const needsPurchaseDate = byProduct || (!!unit && !unit.purchaseDate);

  const eligibility = useEligibility({
    unitId: unit ? unit.id : undefined,
    productId: byProduct ? productId : undefined,
    purchaseDate: needsPurchaseDate && purchaseDate ? purchaseDate.format('YYYY-MM-DD') : undefined,
    type,
    reason,
    date: requestDate ? requestDate.format('YYYY-MM-DD') : undefined,
  });
  const e = eligibility.data;
  const willBeRejected = !!e && !e.eligible && e.type !== 'repair' && !!e.purchaseDate;

  if (presetUnit && preset.isLoading) return <Spin style={{ margin: 80 }} />;

  const unitOptions = [
    ...(units.data ?? []).map((u) => ({ value: u.id, label: `${u.serialNo} · ${u.productModel} ${u.productName} · ${t('service.returns.purchaseDate')} ${formatDate(u.purchaseDate)}` })),
    { value: NO_UNIT, label: t('service.returns.noUnit') },
  ];

  const submit = async (v: FormValues) => {
    const body: TReturnCreate = {
      customerId: v.customerId!,
      unitId: v.unitId && v.unitId !== NO_UNIT ? v.unitId : null,
      productId: v.unitId === NO_UNIT ? (v.productId ?? null) : null,
      qty: v.unitId === NO_UNIT ? v.qty : 1,
      purchaseDate: needsPurchaseDate && v.purchaseDate ? v.purchaseDate.format('YYYY-MM-DD') : null,
      requestDate: v.requestDate.format('YYYY-MM-DD'),
      orderNo: v.orderNo?.trim() || null,
      type: v.type,
      reason: v.reason,
      description: v.description,
      contactName: v.contactName?.trim() || null,
      contactPhone: v.contactPhone?.trim() || null,
      overrideReason: willBeRejected ? v.overrideReason?.trim() || null : null,
    };
    try {
      const r = await create.mutateAsync(body);
      if (r.state === 'rejected') message.warning(t('service.returns.createdRejected', { code: r.code }));
      else message.success(t('service.returns.created', { code: r.code }));
      navigate(`/service/returns/${r.id}`);
    } catch (err) {
      if (!applyFieldErrors(form, err)) message.error(errorText(err));
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.returns.newTitle')}
      </Typography.Title>
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ customerId: preset.data?.customerId, unitId: preset.data?.id, qty: 1, requestDate: companyNow(), type: 'return', reason: 'quality' }}
      >
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            <Card style={{ marginBottom: 16 }}>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item name="customerId" label={t('service.returns.customer')} rules={[required]}>
                    <CustomerPicker
                      initial={preset.data ? { id: preset.data.customerId, code: preset.data.customerCode, name: preset.data.customerName } : null}
                      onChange={() => form.setFieldsValue({ unitId: undefined, productId: undefined })}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="unitId" label={t('service.returns.unit')} rules={[required]} extra={customerId && units.data && !units.data.length ? t('service.returns.noUnits') : undefined}>
                    <Select data-testid="return-unit" placeholder={t('service.returns.unitPick')} options={unitOptions} loading={units.isFetching} disabled={!customerId} />
                  </Form.Item>
                </Col>
                {byProduct && (
                  <>
                    <Col xs={24} md={16}>
                      <Form.Item name="productId" label={t('service.returns.product')} rules={[required]}>
                        <ProductPicker />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name="qty" label={t('service.returns.qty')} rules={[required]}>
                        <InputNumber min={1} max={9999} precision={0} style={{ width: '100%' }} data-testid="return-qty" />
                      </Form.Item>
                    </Col>
                  </>
                )}
                {needsPurchaseDate && (
                  <Col xs={24} md={12}>
                    <Form.Item name="purchaseDate" label={t('service.returns.purchaseDate')} extra={t('service.returns.purchaseDateHint')} rules={type === 'repair' ? [] : [required]}>
                      <DatePicker style={{ width: '100%' }} disabledDate={isAfterCompanyToday} data-testid="return-purchase-date" />
                    </Form.Item>
                  </Col>
                )}
                <Col xs={24} md={12}>
                  <Form.Item name="orderNo" label={t('service.returns.orderNo')}>
                    <Input maxLength={60} placeholder={unit?.invoiceNo ?? undefined} data-testid="return-order-no" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="type" label={t('service.returns.type')} rules={[required]}>
                    <Radio.Group optionType="button" buttonStyle="solid" options={RETURN_TYPES.map((s) => ({ value: s, label: t(`service.returns.types.${s}`) }))} data-testid="return-type" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="reason" label={t('service.returns.reason')} rules={[required]}>
                    <Select options={RETURN_REASONS.map((s) => ({ value: s, label: t(`service.returns.reasons.${s}`) }))} data-testid="return-reason" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="requestDate" label={t('service.returns.requestDate')} rules={[required]}>
                    <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={isAfterCompanyToday} data-testid="return-request-date" />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="description" label={t('service.returns.description')} rules={[{ ...required, whitespace: true }]}>
                    <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('service.returns.descriptionPlaceholder')} data-testid="return-description" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="contactName" label={t('service.returns.contactName')}>
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="contactPhone" label={t('service.returns.contactPhone')}>
                    <Input maxLength={40} inputMode="tel" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card title={t('service.returns.eligibility.title')} size="small" style={{ marginBottom: 16 }}>
              {e ? (
                <Spin spinning={eligibility.isFetching}>
                  <EligibilityPanel e={e} />
                </Spin>
              ) : eligibility.error ? (
                <Typography.Text type="danger">{errorText(eligibility.error)}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('service.returns.eligibility.pending')}</Typography.Text>
              )}
              {willBeRejected && (
                <div style={{ marginTop: 12 }}>
                  <Typography.Paragraph type="warning">{t('service.returns.eligibility.overrideHint')}</Typography.Paragraph>
                  {can('service:dispatch') && (
                    <Form.Item name="overrideReason" label={t('service.returns.eligibility.overrideReason')}>
                      <Input.TextArea rows={2} maxLength={500} placeholder={t('service.returns.eligibility.overrideReasonPlaceholder')} data-testid="return-override-reason" />
                    </Form.Item>
                  )}
                </div>
              )}
            </Card>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="return-submit">
            {t('service.returns.submit')}
          </Button>
          <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}

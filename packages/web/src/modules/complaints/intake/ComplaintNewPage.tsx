// 受理投诉: an agent takes a complaint in under a minute — one search box for the customer (or a new one on the spot),
// who complains and how to reach them, the channel, what it concerns, category and severity, the customer's own words
// and demands. Ctrl+Enter submits; the record opens afterwards.
import { UserAddOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { AGENT_CHANNELS, DEMANDS, SEVERITIES, TEMPERAMENTS, type Severity, type TComplaintCreate } from '@kehu/shared';
import { ApiError, errorText, get } from '../../../lib/api';
import { useDictLabel, useDictOptions } from '../../../lib/reference';
import type { CustomerDetail } from '../../customers/api';
import { complaintApi, useComplaintMutation, useCustomerSearch, type CustomerHit } from '../api';
import { isMasked } from '../complaint-logic';
import { VipTag } from '../ComplaintTags';
import { readIntakePreset, usePresetLinkLabels } from './intake-link';
import { ServiceOrderPicker, UnitPicker, useDebounced } from './LinkPickers';
import { MethodNote } from './MethodNote';

interface FormValues {
  customerId?: number;
  newType: 'enterprise' | 'individual';
  newName?: string;
  complainantName: string;
  complainantPhone?: string;
  complainantEmail?: string;
  channel: TComplaintCreate['channel'];
  unitId?: number | null;
  serviceOrderId?: number | null;
  orderNo?: string;
  category?: string;
  severity: Severity;
  summary?: string;
  content: string;
  demands: TComplaintCreate['demands'];
  demandNote?: string;
  temperament?: TComplaintCreate['temperament'];
}

/** Server field paths that sit on another field of this form. */
const FIELD_OF: Record<string, keyof FormValues> = { 'newCustomer.name': 'newName', 'newCustomer.type': 'newName', newCustomer: 'newName' };
/** The fields always on the form (the customer's field depends on the mode). */
const FIELDS: (keyof FormValues)[] = ['complainantName', 'complainantPhone', 'complainantEmail', 'channel', 'unitId', 'serviceOrderId', 'orderNo', 'category', 'severity', 'summary', 'content', 'demands', 'demandNote', 'temperament'];

const trimmed = (s: string | undefined) => s?.trim() || null;

export function ComplaintNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const dict = useDictLabel();
  const categories = useDictOptions('complaint_category');
  const [params] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [newCustomer, setNewCustomer] = useState(false);
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const customers = useCustomerSearch(q);
  // the picked customer stays among the options whatever is typed next
  const [picked, setPicked] = useState<CustomerHit | null>(null);
  const presetId = Number(params.get('customerId')) || undefined;
  // opened from a service order or a rejected return: the unit and order concerned and a first text (intake-link.ts)
  const links = useMemo(() => readIntakePreset(params), [params]);
  const linkLabels = usePresetLinkLabels(links.unitId, links.serviceOrderId);
  const preset = useQuery({ queryKey: ['complaints', 'customer-preset', presetId], queryFn: () => get<CustomerHit>(`/api/v1/customers/${presetId}`), enabled: !!presetId });
  const customerId = Form.useWatch('customerId', form);
  const severity = Form.useWatch('severity', form) ?? 'minor';
  const demands = Form.useWatch('demands', form) ?? [];
  const create = useComplaintMutation((body: TComplaintCreate) => complaintApi.create(body));

  const options = useMemo(() => {
    const list = [...(customers.data ?? [])];
    for (const extra of [picked, preset.data]) if (extra && !list.some((c) => c.id === extra.id)) list.unshift(extra);
    return list;
  }, [customers.data, picked, preset.data]);

  /** Fills who complains from the customer file: the person (or the primary contact) with phone and e-mail, when not masked and not typed already. */
  const prefillFrom = async (id: number) => {
    try {
      const c = await qc.fetchQuery({ queryKey: ['complaints', 'customer-card', id], queryFn: () => get<CustomerDetail>(`/api/v1/customers/${id}`), staleTime: 60_000 });
      const contact = c.contacts.find((x) => x.isPrimary) ?? c.contacts[0];
      const name = c.type === 'individual' ? c.name : (contact?.name ?? c.name);
      const phone = [contact?.mobile, contact?.phone, c.phone].find((p) => p && !isMasked(p));
      const email = [contact?.email, c.email].find((e) => e && !isMasked(e));
      const fill: Partial<FormValues> = {};
      if (!form.isFieldTouched('complainantName') || !form.getFieldValue('complainantName')) fill.complainantName = name;
      if (phone && !form.getFieldValue('complainantPhone')) fill.complainantPhone = phone;
      if (email && !form.getFieldValue('complainantEmail')) fill.complainantEmail = email;
      form.setFieldsValue(fill);
    } catch {
      // the file could not be read (scope): the agent types the complainant in
    }
  };

  useEffect(() => {
    if (preset.data) {
      form.setFieldValue('customerId', preset.data.id);
      void prefillFrom(preset.data.id);
    }
    // once, when the preset customer arrives
  }, [preset.data]);

  /** A unit or service order picked first brings its customer. */
  const takeCustomerOf = (hit: { customerId: number; customerName: string; customerCode?: string } | null) => {
    if (!hit || form.getFieldValue('customerId') || newCustomer) return;
    const c: CustomerHit = { id: hit.customerId, code: hit.customerCode ?? '', type: 'individual', name: hit.customerName, phone: null, serviceTier: null, region: '' };
    setPicked(c);
    form.setFieldValue('customerId', c.id);
    void prefillFrom(c.id);
  };

  const toggleNew = () => {
    const next = !newCustomer;
    setNewCustomer(next);
    if (next) {
      form.setFieldsValue({ customerId: undefined, newName: form.getFieldValue('newName') || text.trim() || undefined });
      setPicked(null);
    }
  };

  const submit = async (v: FormValues) => {
    const body: TComplaintCreate = {
      customerId: newCustomer ? null : (v.customerId ?? null),
      ...(newCustomer && v.newName?.trim() ? { newCustomer: { type: v.newType, name: v.newName.trim() } } : {}),
      channel: v.channel,
      complainantName: v.complainantName.trim(),
      complainantPhone: trimmed(v.complainantPhone),
      complainantEmail: trimmed(v.complainantEmail),
      unitId: v.unitId ?? null,
      serviceOrderId: v.serviceOrderId ?? null,
      orderNo: trimmed(v.orderNo),
      category: v.category ?? null,
      severity: v.severity,
      summary: trimmed(v.summary),
      content: v.content.trim(),
      demands: v.demands ?? [],
      demandNote: trimmed(v.demandNote),
      temperament: v.temperament ?? null,
    };
    try {
      const c = await create.mutateAsync(body);
      message.success(t('complaints.main.intake.created', { code: c.code }));
      navigate(`/complaints/${c.id}`);
    } catch (e) {
      // field problems go under their fields (some under another name here); the rest as one message
      if (!(e instanceof ApiError) || !e.errors.length) return void message.error(errorText(e));
      const shown = new Set<string>([...FIELDS, newCustomer ? 'newName' : 'customerId']);
      const placed = e.errors.map((x) => ({ name: FIELD_OF[x.path] ?? x.path, errors: [x.message] }));
      form.setFields(placed.filter((f) => shown.has(f.name)) as never);
      const rest = placed.filter((f) => !shown.has(f.name));
      if (rest.length) message.error(`${e.title}：${rest.map((f) => f.errors[0]).join('；')}`);
    }
  };

  const required = { required: true, message: t('common.required') };
  return (
    <div
      className="kehu-page"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          form.submit();
        }
      }}
    >
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('complaints.main.intake.title')}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card>
            <Form<FormValues>
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ customerId: presetId, newType: 'individual', channel: 'phone', severity: 'minor', demands: [], ...links }}
              data-testid="complaint-form"
            >
              <Row gutter={16}>
                <Col xs={24} md={newCustomer ? 24 : 16}>
                  {newCustomer ? (
                    <Form.Item label={t('complaints.main.intake.newCustomerLabel')} required extra={t('complaints.main.intake.newCustomerHint')}>
                      <Space.Compact style={{ width: '100%' }}>
                        <Form.Item name="newType" noStyle>
                          <Select style={{ width: 140 }} options={(['individual', 'enterprise'] as const).map((k) => ({ value: k, label: t(`customer.${k}`) }))} />
                        </Form.Item>
                        <Form.Item name="newName" noStyle rules={[{ ...required, whitespace: true }]}>
                          <Input autoFocus placeholder={t('complaints.main.intake.newName')} maxLength={100} data-testid="complaint-new-customer-name" />
                        </Form.Item>
                        <Button onClick={toggleNew}>{t('complaints.main.intake.pickExisting')}</Button>
                      </Space.Compact>
                    </Form.Item>
                  ) : (
                    <Form.Item name="customerId" label={t('complaints.main.customer')} extra={t('complaints.main.intake.customerHint')}>
                      <Select
                        autoFocus
                        allowClear
                        data-testid="complaint-customer"
                        placeholder={t('complaints.main.intake.customerPick')}
                        showSearch={{ filterOption: false, onSearch: setText }}
                        loading={customers.isFetching}
                        options={options.map((c) => ({
                          value: c.id,
                          label: (
                            <Space size={4}>
                              <span>
                                {c.name}（{c.code}）
                              </span>
                              {c.serviceTier === 'vip' ? <VipTag /> : c.serviceTier ? <Tag>{dict('service_tier', c.serviceTier)}</Tag> : null}
                              {c.phone && <Typography.Text type="secondary">{c.phone}</Typography.Text>}
                            </Space>
                          ),
                        }))}
                        onChange={(id?: number) => {
                          setPicked(options.find((c) => c.id === id) ?? null);
                          if (id) void prefillFrom(id);
                        }}
                      />
                    </Form.Item>
                  )}
                </Col>
                {!newCustomer && (
                  <Col xs={24} md={8}>
                    <Form.Item label=" " colon={false}>
                      <Button icon={<UserAddOutlined />} onClick={toggleNew} data-testid="complaint-new-customer">
                        {t('complaints.main.intake.newCustomer')}
                      </Button>
                    </Form.Item>
                  </Col>
                )}
                <Col xs={24} md={8}>
                  <Form.Item name="complainantName" label={t('complaints.main.complainant')} rules={[{ ...required, whitespace: true }]}>
                    <Input maxLength={50} data-testid="complaint-complainant" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="complainantPhone" label={t('complaints.main.phone')}>
                    <Input maxLength={40} inputMode="tel" data-testid="complaint-phone" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="complainantEmail" label={t('complaints.main.email')}>
                    <Input maxLength={120} inputMode="email" />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="channel" label={t('complaints.main.channelLabel')} rules={[required]}>
                    <Radio.Group optionType="button" size="small" options={AGENT_CHANNELS.map((c) => ({ value: c, label: t(`complaints.main.channel.${c}`) }))} data-testid="complaint-channel" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="unitId" label={t('complaints.main.unit')}>
                    <UnitPicker customerId={customerId} onPick={takeCustomerOf} initialLabel={linkLabels.unit} testId="complaint-unit" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="serviceOrderId" label={t('complaints.main.serviceOrder')}>
                    <ServiceOrderPicker customerId={customerId} onPick={takeCustomerOf} initialLabel={linkLabels.serviceOrder} testId="complaint-service-order" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="orderNo" label={t('complaints.main.orderNo')}>
                    <Input maxLength={60} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="category" label={t('complaints.main.category')}>
                    <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={categories} placeholder={t('complaints.main.intake.categoryPick')} data-testid="complaint-category" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="severity" label={t('complaints.main.severityLabel')} extra={t(`complaints.main.severityHint.${severity}`)} rules={[required]}>
                    <Radio.Group optionType="button" options={SEVERITIES.map((s) => ({ value: s, label: t(`complaints.main.severity.${s}`) }))} data-testid="complaint-severity-input" />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="content" label={t('complaints.main.content')} rules={[{ ...required, whitespace: true }]}>
                    <Input.TextArea rows={5} maxLength={4000} showCount placeholder={t('complaints.main.intake.contentPlaceholder')} data-testid="complaint-content" />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="summary" label={t('complaints.main.summary')} extra={t('complaints.main.intake.summaryHint')}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="demands" label={t('complaints.main.demands')}>
                    <Checkbox.Group options={DEMANDS.map((d) => ({ value: d, label: t(`complaints.main.demand.${d}`) }))} data-testid="complaint-demands" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="temperament" label={t('complaints.main.temperamentLabel')}>
                    <Select allowClear options={TEMPERAMENTS.map((k) => ({ value: k, label: t(`complaints.main.temperament.${k}`) }))} placeholder={t('complaints.main.intake.optional')} />
                  </Form.Item>
                </Col>
                {(demands.includes('other') || demands.includes('compensation')) && (
                  <Col xs={24}>
                    <Form.Item name="demandNote" label={t('complaints.main.demandNote')}>
                      <Input.TextArea rows={2} maxLength={1000} />
                    </Form.Item>
                  </Col>
                )}
              </Row>
              <Space>
                <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="complaint-submit">
                  {t('complaints.main.intake.submit')}
                </Button>
                <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
                <Typography.Text type="secondary">{t('complaints.main.intake.shortcut')}</Typography.Text>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <MethodNote />
          <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('complaints.main.intake.vipNote')} />
        </Col>
      </Row>
    </div>
  );
}

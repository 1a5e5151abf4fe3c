// 受理服务请求: the service agent takes a call — customer, unit, type, mode, channel, fault description.
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { SERVICE_CHANNELS, SERVICE_MODES, SERVICE_PRIORITIES, SERVICE_TYPES, type TOrderCreate, type TUnit } from '@kehu/shared';
import { applyFieldErrors, errorText, get } from '../../../lib/api';
import { RegionCascader } from '../../customers/RegionCascader';
import { orderApi, useCustomerOptions, useCustomerUnits, useOrderMutation, type CustomerOption } from './api';
import { companyToday } from '../../../lib/clock';

interface FormValues {
  customerId?: number;
  unitId?: number;
  type: TOrderCreate['type'];
  mode: TOrderCreate['mode'];
  channel: TOrderCreate['channel'];
  priority: TOrderCreate['priority'];
  description: string;
  contactName?: string;
  contactPhone?: string;
  region?: string[];
  address?: string;
}

export function OrderNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const presetCustomer = Number(params.get('customerId')) || undefined;
  const presetUnit = Number(params.get('unitId')) || undefined;
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(h);
  }, [search]);
  const customers = useCustomerOptions(debounced);
  const preset = useQuery({ queryKey: ['service-orders', 'customer-preset', presetCustomer], queryFn: () => get<CustomerOption>(`/api/v1/customers/${presetCustomer}`), enabled: !!presetCustomer });
  // a unit alone (from the unit page) brings its customer
  const unitPreset = useQuery({ queryKey: ['service-orders', 'unit-preset', presetUnit], queryFn: () => get<TUnit>(`/api/v1/service/units/${presetUnit}`), enabled: !!presetUnit && !presetCustomer });
  useEffect(() => {
    if (unitPreset.data) form.setFieldsValue({ customerId: unitPreset.data.customerId, unitId: unitPreset.data.id });
  }, [unitPreset.data, form]);
  const customerId = Form.useWatch('customerId', form);
  const units = useCustomerUnits(customerId);
  const create = useOrderMutation((body: TOrderCreate) => orderApi.create(body));

  const customerOptions = useMemo(() => {
    const list = [...(customers.data ?? [])];
    if (preset.data && !list.some((c) => c.id === preset.data.id)) list.unshift(preset.data);
    const u = unitPreset.data;
    if (u && !list.some((c) => c.id === u.customerId)) list.unshift({ id: u.customerId, code: u.customerCode, name: u.customerName, phone: null, region: '' });
    return list.map((c) => ({ value: c.id, label: `${c.name}（${c.code}）`, phone: c.phone }));
  }, [customers.data, preset.data, unitPreset.data]);

  const today = companyToday();
  const unitOptions = (units.data ?? []).map((u) => {
    const w = u.warrantyEnd ? (u.warrantyEnd >= today ? t('service.orders.warranty.in') : t('service.orders.warranty.out')) : t('service.orders.warranty.none');
    return { value: u.id, label: `${u.serialNo} · ${u.productModel} ${u.productName} · ${w}` };
  });

  const submit = async (v: FormValues) => {
    const body: TOrderCreate = {
      customerId: v.customerId!,
      unitId: v.unitId ?? null,
      type: v.type,
      mode: v.mode,
      channel: v.channel,
      priority: v.priority,
      description: v.description,
      contactName: v.contactName?.trim() || null,
      contactPhone: v.contactPhone?.trim() || null,
      regionCode: v.region?.length ? v.region[v.region.length - 1] : null,
      address: v.address?.trim() || null,
    };
    try {
      const o = await create.mutateAsync(body);
      message.success(t('service.orders.created', { code: o.code }));
      navigate(`/service/orders/${o.id}`);
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(errorText(e));
    }
  };

  return (
    <div className="kehu-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('service.orders.newTitle')}
      </Typography.Title>
      <Card style={{ maxWidth: 960 }}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ customerId: presetCustomer, unitId: presetUnit, type: 'repair', mode: 'onsite', channel: 'phone', priority: 'normal' }}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="customerId" label={t('service.orders.customer')} rules={[{ required: true, message: t('common.required') }]}>
                <Select
                  data-testid="order-customer"
                  placeholder={t('service.orders.customerPick')}
                  showSearch={{ filterOption: false, onSearch: setSearch }}
                  loading={customers.isFetching}
                  options={customerOptions}
                  onChange={(_, opt) => {
                    form.setFieldValue('unitId', undefined);
                    const phone = (opt as { phone?: string | null } | undefined)?.phone;
                    if (phone && !form.getFieldValue('contactPhone') && !phone.includes('*')) form.setFieldValue('contactPhone', phone);
                  }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="unitId" label={t('service.orders.unit')} extra={customerId && units.data && !units.data.length ? t('service.orders.noUnits') : undefined}>
                <Select data-testid="order-unit" allowClear placeholder={t('service.orders.unitPick')} options={unitOptions} loading={units.isFetching} disabled={!customerId} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="type" label={t('service.orders.type')} rules={[{ required: true }]}>
                <Select options={SERVICE_TYPES.map((s) => ({ value: s, label: t(`service.orders.types.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="mode" label={t('service.orders.mode')} rules={[{ required: true }]}>
                <Select options={SERVICE_MODES.map((s) => ({ value: s, label: t(`service.orders.modes.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="channel" label={t('service.orders.channel')} rules={[{ required: true }]}>
                <Select options={SERVICE_CHANNELS.filter((c) => c !== 'auto').map((s) => ({ value: s, label: t(`service.orders.channels.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="priority" label={t('service.orders.priorityLabel')}>
                <Radio.Group optionType="button" options={SERVICE_PRIORITIES.map((s) => ({ value: s, label: t(`service.orders.priority.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="description" label={t('service.orders.description')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                <Input.TextArea data-testid="order-description" rows={4} maxLength={2000} showCount placeholder={t('service.orders.descriptionPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="contactName" label={t('service.orders.contactName')}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="contactPhone" label={t('service.orders.contactPhone')}>
                <Input maxLength={40} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="region" label={t('service.orders.region')} extra={t('service.orders.addressHint')}>
                <RegionCascader />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item name="address" label={t('service.orders.address')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="order-submit">
              {t('service.orders.new')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}

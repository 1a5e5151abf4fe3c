// Create or edit a product category with its 三包 periods.
import type { TCategory, TCategoryCreate } from '@kehu/shared';
import { Col, Form, Input, InputNumber, Modal, Row } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalSubmit } from '../shared/useModalSubmit';
import { catalogueApi, useCatalogueMutation } from './api';

type Values = Omit<TCategoryCreate, 'maintenanceIntervalDays' | 'designLifeYears' | 'note'> & { maintenanceIntervalDays?: number | null; designLifeYears?: number | null; note?: string | null };

const DEFAULTS: Partial<Values> = { warrantyMonths: 12, returnDays: 7, exchangeDays: 15, noReasonReturnDays: 0, freeRepairsBeforeExchange: 2 };

export function CategoryFormModal({ category, onClose }: { category: TCategory | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useCatalogueMutation((v: Values) => {
    const body = { ...v, maintenanceIntervalDays: v.maintenanceIntervalDays ?? null, designLifeYears: v.designLifeYears ?? null, note: v.note || null };
    return category ? catalogueApi.updateCategory(category.id, { ...body, version: category.version }) : catalogueApi.createCategory(body);
  });

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(category ?? DEFAULTS);
  }, [category, form]);

  const submit = useModalSubmit(form, save.mutateAsync, (out) => {
    const n = (out as { unitsRecomputed?: number }).unitsRecomputed;
    return n ? t('service.catalogue.category.recomputed', { n }) : t('common.saved');
  }, onClose);

  const req = [{ required: true, message: t('common.required') }];
  const num = (name: keyof Values, label: string, max: number, extra?: string, required = true) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={label} rules={required ? req : undefined} extra={extra}>
        <InputNumber min={required ? 0 : 1} max={max} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal open width={680} title={category ? t('service.catalogue.category.edit') : t('service.catalogue.category.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="category-form">
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="code" label={t('service.catalogue.category.code')} rules={[...req, { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, message: t('service.catalogue.category.codeRule') }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={t('service.catalogue.category.name')} rules={req}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          {num('warrantyMonths', t('service.catalogue.category.warrantyMonths'), 600)}
          {num('returnDays', t('service.catalogue.category.returnDays'), 3650, t('service.catalogue.category.windowOff'))}
          {num('exchangeDays', t('service.catalogue.category.exchangeDays'), 3650, t('service.catalogue.category.windowOff'))}
          {num('noReasonReturnDays', t('service.catalogue.category.noReasonReturnDays'), 3650, t('service.catalogue.category.noReasonHint'))}
          {num('freeRepairsBeforeExchange', t('service.catalogue.category.freeRepairs'), 20, t('service.catalogue.category.freeRepairsHint'))}
          {num('maintenanceIntervalDays', t('service.catalogue.category.maintenanceIntervalDays'), 3650, undefined, false)}
          {num('designLifeYears', t('service.catalogue.category.designLifeYears'), 100, undefined, false)}
          <Col span={24}>
            <Form.Item name="note" label={t('service.catalogue.category.note')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

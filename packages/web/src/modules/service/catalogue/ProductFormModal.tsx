// Create or edit a product: model, category, own warranty months, maintenance interval, design life, list price, skill.
import type { TProduct } from '@kehu/shared';
import { Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalSubmit } from '../shared/useModalSubmit';
import { catalogueApi, fenToYuan, useCatalogueMutation, useCategoryOptions, yuanToFen } from './api';

interface Values {
  model: string;
  name: string;
  categoryId: number;
  warrantyMonths?: number | null;
  maintenanceIntervalDays?: number | null;
  designLifeYears?: number | null;
  /** entered in yuan, sent as fen */
  listPriceYuan?: number | null;
  skill?: string | null;
  note?: string | null;
}

export function ProductFormModal({ product, defaultCategoryId, onClose }: { product: TProduct | null; defaultCategoryId?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const categories = useCategoryOptions().data?.items ?? [];
  const categoryId = Form.useWatch('categoryId', form);
  const picked = categories.find((c) => c.id === categoryId);

  const save = useCatalogueMutation((v: Values) => {
    const body = {
      model: v.model,
      name: v.name,
      categoryId: v.categoryId,
      warrantyMonths: v.warrantyMonths ?? null,
      maintenanceIntervalDays: v.maintenanceIntervalDays ?? null,
      designLifeYears: v.designLifeYears ?? null,
      listPriceFen: yuanToFen(v.listPriceYuan),
      skill: v.skill || null,
      note: v.note || null,
    };
    return product ? catalogueApi.updateProduct(product.id, { ...body, version: product.version }) : catalogueApi.createProduct(body);
  });

  useEffect(() => {
    form.resetFields();
    if (product) form.setFieldsValue({ ...product, listPriceYuan: fenToYuan(product.listPriceFen) });
    else if (defaultCategoryId) form.setFieldsValue({ categoryId: defaultCategoryId });
  }, [product, defaultCategoryId, form]);

  const submit = useModalSubmit(form, save.mutateAsync, (out) => {
    const n = (out as { unitsRecomputed?: number }).unitsRecomputed;
    return n ? t('service.catalogue.category.recomputed', { n }) : t('common.saved');
  }, onClose);

  const req = [{ required: true, message: t('common.required') }];
  return (
    <Modal open width={680} title={product ? t('service.catalogue.product.edit') : t('service.catalogue.product.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="product-form">
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item name="model" label={t('service.catalogue.product.model')} rules={req}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('service.catalogue.product.name')} rules={req}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="categoryId" label={t('service.catalogue.product.category')} rules={req}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={categories.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="warrantyMonths" label={t('service.catalogue.product.warrantyMonths')} extra={picked ? t('service.catalogue.product.warrantyInherit', { n: picked.warrantyMonths }) : t('service.catalogue.product.warrantyOwn')}>
              <InputNumber min={0} max={600} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="maintenanceIntervalDays" label={t('service.catalogue.product.maintenanceIntervalDays')}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="designLifeYears" label={t('service.catalogue.product.designLifeYears')}>
              <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="listPriceYuan" label={t('service.catalogue.product.listPriceYuan')}>
              <InputNumber min={0} max={1_000_000_000} precision={2} step={100} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="skill" label={t('service.catalogue.product.skill')} extra={t('service.catalogue.product.skillHint')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('service.catalogue.product.note')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

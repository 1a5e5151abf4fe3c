// Create or edit a spare part: code, name, product category, unit, list price (entered in yuan, stored in fen), minimum stock.
import type { TPart } from '@kehu/shared';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../../admin/useShowError';
import { fenToYuan, useCategoryOptions, yuanToFen } from '../catalogue/api';
import { partsApi, usePartsMutation } from './api';

interface Values {
  code: string;
  name: string;
  categoryId?: number | null;
  unit: string;
  /** yuan in the form, fen in the API */
  listPriceYuan: number;
  minStock: number;
}

export function PartFormModal({ part, onClose }: { part: TPart | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const categories = useCategoryOptions().data?.items ?? [];

  const save = usePartsMutation((v: Values) => {
    const body = {
      code: v.code.trim(),
      name: v.name.trim(),
      categoryId: v.categoryId ?? null,
      unit: v.unit.trim(),
      listPriceFen: yuanToFen(v.listPriceYuan) ?? 0,
      minStock: v.minStock ?? 0,
    };
    return part ? partsApi.updatePart(part.id, { ...body, version: part.version }) : partsApi.createPart(body);
  });

  useEffect(() => {
    form.resetFields();
    if (part) form.setFieldsValue({ ...part, listPriceYuan: fenToYuan(part.listPriceFen) ?? 0 });
    else form.setFieldsValue({ unit: t('service.parts.defaultUnit'), minStock: 0 });
  }, [part, form, t]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync(v);
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      // the API's field for the price is listPriceFen; the form's is listPriceYuan
      showError(e, form);
      const f = form.getFieldError('listPriceFen' as never);
      if (f.length) form.setFields([{ name: 'listPriceYuan', errors: f }]);
    }
  };

  const req = [{ required: true, message: t('common.required') }];
  return (
    <Modal open width={620} title={part ? t('service.parts.editPart') : t('service.parts.newPart')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="part-form">
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item name="code" label={t('service.parts.code')} rules={req}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('service.parts.name')} rules={req}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="categoryId" label={t('service.parts.category')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={categories.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="unit" label={t('service.parts.unit')} rules={req}>
              <Input maxLength={10} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="listPriceYuan" label={t('service.parts.listPrice')} rules={req}>
              <InputNumber min={0} max={1_000_000_000} precision={2} step={1} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="minStock" label={t('service.parts.minStock')} extra={t('service.parts.minStockHint')} rules={req}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

// Add a dictionary entry (to an existing or a new list), or edit an entry's labels, order and activity.
import { App, AutoComplete, Col, Form, Input, InputNumber, Modal, Row, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { refKeys, type DictItem } from '../../lib/reference';
import { adminApi, useAdminMutation } from './api';
import { useShowError } from './useShowError';

interface Values {
  type: string;
  code: string;
  labelZh: string;
  labelEn: string;
  sort?: number;
  active?: boolean;
}

export function DictionaryItemModal({ item, type, types, onClose }: { item: DictItem | null; type: string; types: string[]; onClose: (createdType?: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const save = useAdminMutation(
    (v: Values): Promise<unknown> =>
      item
        ? adminApi.updateDictionaryItem(item.id, { labelZh: v.labelZh, labelEn: v.labelEn, sort: v.sort ?? 0, active: !!v.active, version: item.version })
        : adminApi.createDictionaryItem({ type: v.type.trim(), code: v.code.trim(), labelZh: v.labelZh, labelEn: v.labelEn, ...(v.sort !== undefined && v.sort !== null && { sort: v.sort }) }),
    [refKeys.dictionaries],
  );

  useEffect(() => {
    form.resetFields();
    if (item) form.setFieldsValue({ type: item.type, code: item.code, labelZh: item.labelZh, labelEn: item.labelEn, sort: item.sort, active: item.active });
    else form.setFieldsValue({ type });
  }, [item, type, form]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync(v);
      message.success(t('common.saved'));
      onClose(item ? undefined : v.type.trim());
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Modal open title={item ? t('admin.dict.edit') : t('admin.dict.new')} onCancel={() => onClose()} onOk={() => void submit()} confirmLoading={save.isPending} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="type"
              label={t('admin.dict.type')}
              extra={item ? undefined : t('admin.dict.newTypeHint')}
              rules={[{ required: true, message: t('common.required') }, { pattern: /^[a-z0-9_.]+$/, message: t('admin.dict.newTypeHint') }]}
            >
              <AutoComplete disabled={!!item} options={types.map((x) => ({ value: x }))} filterOption={(input, o) => String(o?.value).includes(input)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="code" label={t('admin.dict.code')} rules={[{ required: true, message: t('common.required') }, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('admin.dict.code') }]}>
              <Input disabled={!!item} maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="labelZh" label={t('admin.dict.labelZh')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="labelEn" label={t('admin.dict.labelEn')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="sort" label={t('admin.dict.sort')}>
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {item && (
            <Col span={12}>
              <Form.Item name="active" label={t('admin.dict.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}

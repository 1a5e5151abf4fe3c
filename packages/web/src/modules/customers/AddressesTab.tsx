import { App, Button, Col, Form, Input, Modal, Row, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorText } from '../../lib/api';
import { useDictLabel, useDictOptions } from '../../lib/reference';
import { editArchiveColumn } from './rowActions';
import { customerApi, useCustomerMutation, type Address, type CustomerDetail } from './api';
import { RegionCascader, regionToFields } from './RegionCascader';

export function AddressesTab({ customer, editable }: { customer: CustomerDetail; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const label = useDictLabel();
  const typeOptions = useDictOptions('address_type');
  const [form] = Form.useForm();
  const [editing, setEditing] = useState<Address | 'new' | null>(null);
  const save = useCustomerMutation((v: Record<string, unknown>) =>
    editing === 'new' ? customerApi.addAddress(customer.id, v) : customerApi.updateAddress(customer.id, (editing as Address).id, { ...v, version: (editing as Address).version }),
  );
  const archive = useCustomerMutation((a: Address) => customerApi.archiveAddress(customer.id, a.id, a.version));

  const open = (a: Address | 'new') => {
    setEditing(a);
    form.resetFields();
    if (a !== 'new') form.setFieldsValue({ ...a, street: undefined, region: [a.provinceCode, a.cityCode, a.districtCode].filter(Boolean) });
    else form.setFieldsValue({ type: 'office', isDefault: customer.addresses.length === 0 });
  };
  const submit = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = { type: v.type, ...regionToFields(v.region), postcode: v.postcode || null, routeNo: v.routeNo || null, isDefault: !!v.isDefault };
    if (v.street) body.street = v.street;
    try {
      await save.mutateAsync(body);
      setEditing(null);
      message.success(t('common.saved'));
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(errorText(e));
    }
  };

  return (
    <>
      {editable && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => open('new')}>
          {t('customer.address.add')}
        </Button>
      )}
      <Table<Address>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={customer.addresses}
        columns={[
          { title: t('customer.address.type'), dataIndex: 'type', render: (v, r) => <Space>{label('address_type', v)}{r.isDefault && <Tag color="blue">{t('customer.address.default')}</Tag>}</Space> },
          { title: t('customer.address.region'), dataIndex: 'region' },
          { title: t('customer.address.street'), dataIndex: 'street' },
          { title: t('customer.address.postcode'), dataIndex: 'postcode' },
          { title: t('customer.address.routeNo'), dataIndex: 'routeNo' },
          ...(editable ? [editArchiveColumn<Address>(t, open, (r) => archive.mutateAsync(r), (text) => message.error(text))] : []),
        ]}
      />
      <Modal open={!!editing} title={t('customer.address.title')} onCancel={() => setEditing(null)} onOk={() => void submit()} confirmLoading={save.isPending} width={720}>
        <Form form={form} layout="vertical">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="type" label={t('customer.address.type')} rules={[{ required: true }]}>
                <Select options={typeOptions} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="region" label={t('customer.address.region')} rules={[{ required: true, message: t('common.required') }]}>
                <RegionCascader />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="street" label={t('customer.address.street')}>
                <Input placeholder={editing && editing !== 'new' ? (editing.street ?? '') : undefined} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="postcode" label={t('customer.address.postcode')}>
                <Input maxLength={6} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="routeNo" label={t('customer.address.routeNo')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="isDefault" label={t('customer.address.default')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}

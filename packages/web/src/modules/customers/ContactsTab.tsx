import { App, Button, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Switch, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUYING_ROLES } from '@kehu/shared';
import { applyFieldErrors, errorText } from '../../lib/api';
import { editArchiveColumn } from './rowActions';
import { customerApi, useCustomerMutation, type Contact, type CustomerDetail } from './api';

export function ContactsTab({ customer, editable }: { customer: CustomerDetail; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const save = useCustomerMutation((v: Record<string, unknown>) =>
    editing === 'new' ? customerApi.addContact(customer.id, v) : customerApi.updateContact(customer.id, (editing as Contact).id, { ...v, version: (editing as Contact).version }),
  );
  const archive = useCustomerMutation((c: Contact) => customerApi.archiveContact(customer.id, c.id, c.version));

  const open = (c: Contact | 'new') => {
    setEditing(c);
    form.resetFields();
    if (c !== 'new') form.setFieldsValue({ ...c, mobile: undefined, phone: undefined, email: undefined, birthday: c.birthday ? dayjs(c.birthday) : undefined });
  };
  const submit = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = { ...v, birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null };
    for (const k of ['mobile', 'phone', 'email', 'department', 'title', 'wechat', 'hobbies', 'personality']) if (body[k] === '' || body[k] === undefined) delete body[k];
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
          {t('customer.contact.add')}
        </Button>
      )}
      <Table<Contact>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={customer.contacts}
        columns={[
          { title: t('customer.contact.name'), dataIndex: 'name', render: (v, r) => (r.isPrimary ? <Space>{v}<Tag color="blue">{t('customer.contact.primary')}</Tag></Space> : v) },
          { title: t('customer.contact.department'), dataIndex: 'department' },
          { title: t('customer.contact.jobTitle'), dataIndex: 'title' },
          { title: t('customer.contact.buyingRole'), dataIndex: 'buyingRole', render: (v) => (v ? t(`customer.buyingRole.${v}`) : '—') },
          { title: t('customer.contact.mobile'), dataIndex: 'mobile' },
          { title: t('customer.contact.email'), dataIndex: 'email' },
          { title: t('customer.contact.wechat'), dataIndex: 'wechat' },
          { title: t('customer.contact.birthday'), dataIndex: 'birthday' },
          ...(editable ? [editArchiveColumn<Contact>(t, open, (r) => archive.mutateAsync(r), (text) => message.error(text))] : []),
        ]}
      />
      <Modal open={!!editing} title={t('customer.contact.title')} onCancel={() => setEditing(null)} onOk={() => void submit()} confirmLoading={save.isPending} width={720}>
        <Form form={form} layout="vertical">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="name" label={t('customer.contact.name')} rules={[{ required: true, message: t('common.required') }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="department" label={t('customer.contact.department')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="title" label={t('customer.contact.jobTitle')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="buyingRole" label={t('customer.contact.buyingRole')}>
                <Select allowClear options={BUYING_ROLES.map((r) => ({ value: r, label: t(`customer.buyingRole.${r}`) }))} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="mobile" label={t('customer.contact.mobile')}>
                <Input placeholder={editing && editing !== 'new' ? (editing.mobile ?? '') : undefined} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="phone" label={t('customer.contact.phone')}>
                <Input placeholder={editing && editing !== 'new' ? (editing.phone ?? '') : undefined} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="email" label={t('customer.contact.email')}>
                <Input placeholder={editing && editing !== 'new' ? (editing.email ?? '') : undefined} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="wechat" label={t('customer.contact.wechat')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="birthday" label={t('customer.contact.birthday')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="hobbies" label={t('customer.contact.hobbies')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="personality" label={t('customer.contact.personality')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="isPrimary" label={t('customer.contact.primary')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </>
  );
}

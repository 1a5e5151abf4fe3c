// The create / edit form of an account.
import { App, Col, Form, Input, Modal, Row, Select, TreeSelect } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUser } from '@kehu/shared';
import { refKeys } from '../../lib/reference';
import { adminApi, adminKeys, unitTreeOptions, useAdminMutation, useOrgUnits, useRoles } from './api';
import { useShowError } from './useShowError';

interface Values {
  username?: string;
  displayName: string;
  email?: string;
  phone?: string;
  orgUnitId?: number | null;
  roleIds: number[];
  password?: string;
}

export function UserFormModal({ user, onClose }: { user: TUser | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const units = useOrgUnits().data ?? [];
  const roles = useRoles().data ?? [];
  const save = useAdminMutation(
    (body: Record<string, unknown>) => (user ? adminApi.updateUser(user.id, { ...body, version: user.version }) : adminApi.createUser(body)),
    [adminKeys.users, adminKeys.roles, adminKeys.orgUnits, refKeys.users],
  );

  useEffect(() => {
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        email: user.email ?? undefined,
        phone: user.phone ?? undefined,
        orgUnitId: user.orgUnitId,
        roleIds: user.roles.map((r) => r.id),
      });
    }
  }, [user, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: Record<string, unknown> = {
      displayName: v.displayName,
      email: v.email?.trim() ? v.email.trim() : null,
      phone: v.phone?.trim() ? v.phone.trim() : null,
      orgUnitId: v.orgUnitId ?? null,
      roleIds: v.roleIds ?? [],
    };
    if (!user) {
      body.username = v.username;
      body.password = v.password;
    }
    try {
      await save.mutateAsync(body);
      message.success(user ? t('common.saved') : t('admin.users.created'));
      onClose();
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Modal open title={user ? t('admin.users.edit') : t('admin.users.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} width={680} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ roleIds: [] }}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="username" label={t('admin.users.username')} rules={user ? [] : [{ required: true, message: t('common.required') }]}>
              <Input disabled={!!user} autoComplete="off" maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('admin.users.email')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('admin.users.phone')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="orgUnitId" label={t('admin.users.orgUnit')}>
              <TreeSelect allowClear treeDefaultExpandAll treeData={unitTreeOptions(units)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="roleIds" label={t('admin.users.roles')}>
              <Select mode="multiple" optionFilterProp="label" options={roles.map((r) => ({ value: r.id, label: i18n.language === 'en-US' ? r.nameEn : r.nameZh }))} />
            </Form.Item>
          </Col>
          {!user && (
            <Col span={24}>
              <Form.Item name="password" label={t('admin.users.password')} extra={t('admin.users.passwordHint')} rules={[{ required: true, message: t('common.required') }]}>
                <Input.Password autoComplete="new-password" maxLength={128} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}

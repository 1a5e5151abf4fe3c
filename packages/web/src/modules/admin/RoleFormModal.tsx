// Create or edit a role: names, the permission matrix and a data scope per scoped module.
import { Alert, App, Col, Form, Input, Modal, Row, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TRole } from '@kehu/shared';
import { adminApi, adminKeys, useAdminMutation, usePermissionCatalogue } from './api';
import { PermissionMatrix } from './PermissionMatrix';
import { useShowError } from './useShowError';

interface Values {
  code?: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
  scopes: Record<string, string | undefined>;
}

export function RoleFormModal({ role, onClose }: { role: TRole | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const catalogue = usePermissionCatalogue().data;
  const save = useAdminMutation(
    (body: Record<string, unknown>) => (role ? adminApi.updateRole(role.id, { ...body, version: role.version }) : adminApi.createRole(body)),
    [adminKeys.roles, adminKeys.users],
  );

  useEffect(() => {
    form.resetFields();
    if (role) form.setFieldsValue({ code: role.code, nameZh: role.nameZh, nameEn: role.nameEn, permissions: role.permissions, scopes: { ...role.scopes } });
  }, [role, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const scopes = Object.fromEntries(Object.entries(v.scopes ?? {}).filter(([, s]) => !!s));
    const body: Record<string, unknown> = { nameZh: v.nameZh, nameEn: v.nameEn, permissions: v.permissions ?? [], scopes };
    if (!role) body.code = v.code;
    try {
      await save.mutateAsync(body);
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      showError(e, form);
    }
  };

  return (
    <Modal open title={role ? t('admin.roles.edit') : t('admin.roles.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={save.isPending} width={920} destroyOnHidden>
      {role?.builtIn && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('admin.roles.builtInHint')} />}
      <Form form={form} layout="vertical" initialValues={{ permissions: [], scopes: { customers: 'own' } }}>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="code" label={t('admin.roles.code')} extra={role ? undefined : t('admin.roles.codeHint')} rules={role ? [] : [{ required: true, message: t('common.required') }]}>
              <Input disabled={!!role} maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="nameZh" label={t('admin.roles.nameZh')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="nameEn" label={t('admin.roles.nameEn')} rules={[{ required: true, message: t('common.required') }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="permissions" label={t('admin.roles.permissions')}>
          <PermissionMatrix groups={catalogue?.groups ?? []} />
        </Form.Item>
        <Typography.Text strong>{t('admin.roles.scopes')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('admin.roles.scopeHint')}
        </Typography.Paragraph>
        <Row gutter={12}>
          {(catalogue?.scopedModules ?? []).map((m) => (
            <Col span={8} key={m}>
              <Form.Item name={['scopes', m]} label={t(`admin.modules.${m}`, { defaultValue: m })}>
                <Select allowClear options={(catalogue?.dataScopes ?? []).map((s) => ({ value: s, label: t(`admin.scopes.${s}`) }))} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}

// Reset a user's password: generated or typed by the admin; a generated one is shown once.
import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUser } from '@kehu/shared';
import { adminApi, adminKeys, useAdminMutation } from './api';
import { useShowError } from './useShowError';

export function ResetPasswordModal({ user, onClose }: { user: TUser; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ mode: 'generate' | 'manual'; password?: string }>();
  const mode = Form.useWatch('mode', form);
  const [temporary, setTemporary] = useState<string | null>(null);
  const reset = useAdminMutation((password: string | undefined) => adminApi.resetPassword(user.id, password), [adminKeys.users]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      const out = await reset.mutateAsync(v.mode === 'manual' ? v.password : undefined);
      message.success(t('admin.users.resetDone'));
      if (out.temporaryPassword) setTemporary(out.temporaryPassword);
      else onClose();
    } catch (e) {
      showError(e, form);
    }
  };

  if (temporary) {
    return (
      <Modal open title={t('admin.users.resetTitle', { name: user.displayName })} onCancel={onClose} onOk={onClose} cancelButtonProps={{ style: { display: 'none' } }} okText={t('common.close')}>
        <Typography.Paragraph>{t('admin.users.temporaryPassword')}</Typography.Paragraph>
        <Typography.Paragraph code copyable={{ text: temporary, tooltips: [t('admin.copy'), t('admin.copied')] }} style={{ fontSize: 16 }} data-testid="temporary-password">
          {temporary}
        </Typography.Paragraph>
      </Modal>
    );
  }

  return (
    <Modal open title={t('admin.users.resetTitle', { name: user.displayName })} onCancel={onClose} onOk={() => void submit()} confirmLoading={reset.isPending} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('admin.users.resetHint')} />
      <Form form={form} layout="vertical" initialValues={{ mode: 'generate' }}>
        <Form.Item name="mode">
          <Radio.Group
            options={[
              { value: 'generate', label: t('admin.users.resetGenerate') },
              { value: 'manual', label: t('admin.users.resetManual') },
            ]}
          />
        </Form.Item>
        {mode === 'manual' && (
          <Form.Item name="password" label={t('password.next')} extra={t('password.rule')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyFieldErrors, errorText, post } from '../../lib/api';
import { refKeys, useMe } from '../../lib/reference';

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();

  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    try {
      await post('/api/v1/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      message.success(t('password.done'));
      await qc.invalidateQueries({ queryKey: refKeys.me });
      navigate('/customers', { replace: true });
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(errorText(e));
    }
  };

  return (
    <div className="kehu-page" style={{ maxWidth: 480 }}>
      <Card title={t('password.title')}>
        {me.data?.mustChangePassword && <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('password.next')} extra={t('password.rule')} rules={[{ required: true }, { min: 8, message: t('password.rule') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) })]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

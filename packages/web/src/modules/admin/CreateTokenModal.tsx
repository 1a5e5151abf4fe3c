// Create an API token for a user, then show it once with a copy button.
import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TApiTokenCreated } from '@kehu/shared';
import { useUserOptions } from '../../lib/reference';
import { adminApi, adminKeys, useAdminMutation } from './api';
import { useShowError } from './useShowError';

export function CreateTokenModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ userId: number; name: string }>();
  const users = useUserOptions().data ?? [];
  const [created, setCreated] = useState<TApiTokenCreated | null>(null);
  const create = useAdminMutation((body: { userId: number; name: string }) => adminApi.createToken(body), [adminKeys.tokens]);

  const submit = async () => {
    const v = await form.validateFields();
    try {
      setCreated(await create.mutateAsync(v));
    } catch (e) {
      showError(e, form);
    }
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      message.success(t('admin.copied'));
    } catch {
      message.error(t('admin.copy'));
    }
  };

  if (created) {
    return (
      <Modal open title={t('admin.tokens.createdTitle')} onCancel={onClose} onOk={onClose} okText={t('common.close')} cancelButtonProps={{ style: { display: 'none' } }} maskClosable={false} width={640}>
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('admin.tokens.shownOnce')} />
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={created.token} data-testid="new-token" onFocus={(e) => e.target.select()} style={{ fontFamily: 'monospace' }} />
          <Button type="primary" icon={<CopyOutlined />} onClick={() => void copy(created.token)}>
            {t('admin.copy')}
          </Button>
        </Space.Compact>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('admin.tokens.usage')}
        </Typography.Paragraph>
      </Modal>
    );
  }

  return (
    <Modal open title={t('admin.tokens.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="userId" label={t('admin.tokens.user')} extra={t('admin.tokens.userHint')} rules={[{ required: true, message: t('common.required') }]}>
          <Select showSearch optionFilterProp="label" options={users.map((u) => ({ value: u.id, label: u.displayName }))} />
        </Form.Item>
        <Form.Item name="name" label={t('admin.tokens.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={100} placeholder={t('admin.tokens.namePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// 答复客户: a reply from a template of the complaint's category (最佳道歉方式表, tool 37) or free text, with the template's
// paired action and taboo phrases as hints; e-mailed to the complainant when asked. The first reply stops the reply clock.
import { MessageOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TComplaintReply } from '@kehu/shared';
import { applyFieldErrors, errorText } from '../../../lib/api';
import { useMe } from '../../../lib/reference';
import { complaintApi, useComplaintMutation, useComplaintTemplates, type ComplaintDetail } from '../api';
import { templateText } from '../complaint-logic';

interface Values {
  templateId?: number;
  text: string;
  sendEmail: boolean;
}

export function ReplyButton({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!complaint.canReply) return null;
  return (
    <>
      <Button icon={<MessageOutlined />} onClick={() => setOpen(true)} data-testid="complaint-reply">
        {t('complaints.main.reply.button')}
      </Button>
      {open && <ReplyModal complaint={complaint} onClose={() => setOpen(false)} />}
    </>
  );
}

function ReplyModal({ complaint: c, onClose }: { complaint: ComplaintDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data;
  const [form] = Form.useForm<Values>();
  const templates = useComplaintTemplates(c.category, true);
  const templateId = Form.useWatch('templateId', form);
  const tpl = (templates.data ?? []).find((x) => x.id === templateId);
  const send = useComplaintMutation((body: TComplaintReply) => complaintApi.reply(c.id, body));
  const values = { customer: c.customer?.name ?? c.complainantName, code: c.code, handler: c.owner?.name ?? me?.displayName ?? '' };

  const submit = async (v: Values) => {
    try {
      const next = await send.mutateAsync({ templateId: v.templateId ?? null, text: v.text.trim(), sendEmail: !!v.sendEmail });
      // whether the mail went out is the server's answer (no mail service configured: recorded only)
      const emailed = [...next.events].reverse().find((e) => e.action === 'reply')?.data?.emailed === true;
      if (v.sendEmail && !emailed) message.warning(t('complaints.main.reply.notEmailed'));
      else message.success(t(emailed ? 'complaints.main.reply.sentEmail' : 'complaints.main.reply.sent'));
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={`${t('complaints.main.reply.title')} · ${c.code}`}
      okText={t('complaints.main.reply.send')}
      okButtonProps={{ loading: send.isPending, 'data-testid': 'reply-ok' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      width={640}
    >
      {!c.times.firstReply && c.due.reply && (
        <Typography.Paragraph type="secondary">{t('complaints.main.reply.firstHint')}</Typography.Paragraph>
      )}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ sendEmail: false }} preserve={false}>
        <Form.Item name="templateId" label={t('complaints.main.reply.template')} extra={templates.data && !templates.data.length ? t('complaints.main.reply.noTemplates') : undefined}>
          <Select
            allowClear
            loading={templates.isLoading}
            placeholder={t('complaints.main.reply.templatePick')}
            data-testid="reply-template"
            options={(templates.data ?? []).map((x) => ({ value: x.id, label: x.title }))}
            onChange={(id?: number) => {
              const picked = (templates.data ?? []).find((x) => x.id === id);
              if (picked) form.setFieldValue('text', templateText(picked, values));
            }}
          />
        </Form.Item>
        {tpl && (tpl.situation || tpl.pairedAction || tpl.taboo) && (
          <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
            {tpl.situation && <Typography.Text type="secondary">{`${t('complaints.main.reply.situation')}：${tpl.situation}`}</Typography.Text>}
            {tpl.pairedAction && <Alert type="info" showIcon title={`${t('complaints.main.reply.pairedAction')}：${tpl.pairedAction}`} data-testid="reply-paired-action" />}
            {tpl.taboo && <Alert type="warning" showIcon title={`${t('complaints.main.reply.taboo')}：${tpl.taboo}`} data-testid="reply-taboo" />}
          </Space>
        )}
        <Form.Item name="text" label={t('complaints.main.reply.text')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={7} maxLength={4000} showCount data-testid="reply-text" />
        </Form.Item>
        {c.complainantEmail && (
          <Form.Item name="sendEmail" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox data-testid="reply-email">{t('complaints.main.reply.sendEmail', { email: c.complainantEmail })}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

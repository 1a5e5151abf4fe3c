// The public complaint form at /complain (no sign-in): contact, what happened, what the customer wants, the
// arithmetic check; afterwards the complaint number and the private tracking link to keep.
import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, Result, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DEMANDS, isValidPhone, type TPublicComplaint } from '@kehu/shared';
import { currentLanguage } from '../../../app/i18n';
import { ApiError, applyFieldErrors, errorText } from '../../../lib/api';
import { newIdempotencyKey, portalApi, portalKeys, useChallenge, usePortalCategories } from './api';
import { PortalShell } from './PortalShell';

type FormValues = Omit<TPublicComplaint, 'challenge'>;

export function PublicComplaintPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const challenge = useChallenge();
  const categories = usePortalCategories();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ code: string; trackingPath: string } | null>(null);
  // one key per complaint being written: a repeated send after a lost answer gets the first answer back
  const idemKey = useRef(newIdempotencyKey());
  const lang = currentLanguage();

  const newQuestion = async () => {
    form.setFieldValue('answer', '');
    await qc.resetQueries({ queryKey: portalKeys.challenge() });
  };

  const submit = async (v: FormValues) => {
    if (!challenge.data) return;
    setBusy(true);
    try {
      const body: TPublicComplaint = {
        name: v.name.trim(),
        phone: v.phone.trim(),
        email: v.email?.trim() || null,
        orderNo: v.orderNo?.trim() || null,
        serialNo: v.serialNo?.trim() || null,
        category: v.category || null,
        content: v.content.trim(),
        demands: v.demands ?? [],
        challenge: challenge.data.token,
        answer: String(v.answer).trim(),
      };
      setDone(await portalApi.submit(body, idemKey.current));
      idemKey.current = newIdempotencyKey();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CHALLENGE_FAILED') {
        await newQuestion();
        form.setFields([{ name: 'answer', errors: [e.errors[0]?.message ?? e.title] }]);
      } else if (e instanceof ApiError && e.code === 'IDEMPOTENCY_KEY_REUSED') {
        // the form changed after an earlier send whose answer was lost: this is a new complaint
        idemKey.current = newIdempotencyKey();
        message.error(e.title);
      } else if (!applyFieldErrors(form, e)) {
        message.error(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    const url = `${window.location.origin}${done.trackingPath}`;
    return (
      <PortalShell title={t('complaints.portal.title')}>
        <Result
          status="success"
          title={t('complaints.portal.doneTitle')}
          subTitle={t('complaints.portal.doneBody')}
          style={{ padding: '16px 0' }}
          data-testid="portal-done"
        />
        <div style={{ background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 8, padding: 16 }}>
          <Typography.Text type="secondary">{t('complaints.portal.trackingNo')}</Typography.Text>
          <Typography.Title level={2} copyable style={{ margin: '4px 0 12px', wordBreak: 'break-all' }} data-testid="portal-code">
            {done.code}
          </Typography.Title>
          <Typography.Text type="secondary">{t('complaints.portal.trackingLink')}</Typography.Text>
          <Typography.Paragraph
            copyable={{ text: url, tooltips: [t('complaints.portal.copy'), t('complaints.portal.copied')] }}
            strong
            style={{ fontSize: 16, wordBreak: 'break-all', margin: '4px 0 8px' }}
            data-testid="portal-link"
          >
            {url}
          </Typography.Paragraph>
          <Typography.Text type="warning">{t('complaints.portal.keepPrivate')}</Typography.Text>
        </div>
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Link to={done.trackingPath}>
            <Button type="primary" block size="large">
              {t('complaints.portal.openLink')}
            </Button>
          </Link>
          <Button
            block
            onClick={() => {
              form.resetFields();
              setDone(null);
              void newQuestion();
            }}
          >
            {t('complaints.portal.another')}
          </Button>
        </Space>
      </PortalShell>
    );
  }

  const required = { required: true, whitespace: true, message: t('complaints.portal.required') };
  return (
    <PortalShell title={t('complaints.portal.title')}>
      <Typography.Paragraph type="secondary">{t('complaints.portal.subtitle')}</Typography.Paragraph>
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ demands: [] }} data-testid="portal-form">
        <Form.Item name="name" label={t('complaints.portal.name')} rules={[required]}>
          <Input maxLength={50} autoComplete="name" size="large" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('complaints.portal.phone')}
          extra={t('complaints.portal.phoneHint')}
          rules={[required, { validator: (_r, v: string) => (!v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('complaints.portal.phoneInvalid')))) }]}
        >
          <Input maxLength={40} inputMode="tel" autoComplete="tel" size="large" />
        </Form.Item>
        <Form.Item name="email" label={t('complaints.portal.email')} rules={[{ type: 'email', message: t('complaints.portal.emailInvalid') }]}>
          <Input maxLength={120} inputMode="email" autoComplete="email" size="large" />
        </Form.Item>
        <Form.Item name="orderNo" label={t('complaints.portal.orderNo')}>
          <Input maxLength={60} size="large" />
        </Form.Item>
        <Form.Item name="serialNo" label={t('complaints.portal.serialNo')}>
          <Input maxLength={60} size="large" />
        </Form.Item>
        <Form.Item name="category" label={t('complaints.portal.category')}>
          <Select
            allowClear
            size="large"
            placeholder={t('complaints.portal.categoryPlaceholder')}
            loading={categories.isLoading}
            options={(categories.data ?? []).map((c) => ({ value: c.code, label: lang === 'en-US' ? c.en : c.zh }))}
          />
        </Form.Item>
        <Form.Item name="content" label={t('complaints.portal.content')} rules={[required, { min: 5, message: t('complaints.portal.contentShort') }]}>
          <Input.TextArea rows={5} maxLength={4000} showCount placeholder={t('complaints.portal.contentPlaceholder')} />
        </Form.Item>
        <Form.Item name="demands" label={t('complaints.portal.demands')}>
          <Checkbox.Group options={DEMANDS.map((d) => ({ value: d, label: t(`complaints.portal.demand.${d}`) }))} />
        </Form.Item>
        <Form.Item
          label={challenge.data ? t('complaints.portal.check', { question: challenge.data.question[lang] }) : t('complaints.portal.checkLoading')}
          extra={t('complaints.portal.checkHint')}
          required
        >
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="answer" noStyle rules={[required]}>
              <Input maxLength={10} inputMode="numeric" size="large" autoComplete="off" data-testid="portal-answer" />
            </Form.Item>
            <Button size="large" icon={<ReloadOutlined />} onClick={() => void newQuestion()} aria-label={t('complaints.portal.checkRefresh')} />
          </Space.Compact>
        </Form.Item>
        {challenge.error && <Typography.Paragraph type="danger">{errorText(challenge.error)}</Typography.Paragraph>}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={!challenge.data} data-testid="portal-submit">
          {t('complaints.portal.submit')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('complaints.portal.privacy')}
        </Typography.Paragraph>
      </Form>
    </PortalShell>
  );
}

// The customer's view of a complaint behind the private link /complaint/:token (no sign-in): progress steps, our
// replies, the solution and the resolution; when resolved, the customer confirms (满意 / 基本满意 / 不满意).
import { App, Button, Descriptions, Form, Input, Radio, Result, Spin, Steps, Timeline, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { currentLanguage } from '../../../app/i18n';
import { errorText } from '../../../lib/api';
import { formatDateTime, formatFen } from '../../../lib/format';
import { portalApi, portalKeys, PUBLIC_STEPS, usePublicComplaint, type Confirmation, type PublicComplaintView } from './api';
import { PortalShell } from './PortalShell';

export function PublicTrackingPage() {
  const { t } = useTranslation();
  const token = useParams().token ?? '';
  const { data: v, error, isLoading } = usePublicComplaint(token);

  let body;
  if (isLoading) body = <Spin style={{ display: 'block', margin: 40 }} />;
  else if (error || !v) body = <Result status="warning" title={errorText(error) || t('complaints.portal.linkInvalid')} data-testid="portal-track-error" />;
  else body = <TrackingView token={token} v={v} />;
  return <PortalShell title={t('complaints.portal.trackTitle')}>{body}</PortalShell>;
}

function TrackingView({ token, v }: { token: string; v: PublicComplaintView }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const current = PUBLIC_STEPS.indexOf(v.step);
  // nothing is left to do for us or the customer once it is resolved or closed
  const finished = v.step === 'resolved' || v.step === 'closed';
  return (
    <div data-testid="portal-track">
      <Steps
        size="small"
        orientation="vertical"
        current={current}
        items={PUBLIC_STEPS.map((s, i) => ({ key: s, title: t(`complaints.portal.steps.${s}`), status: i < current || (i === current && finished) ? 'finish' : i === current ? 'process' : 'wait' }))}
        style={{ marginBottom: 16 }}
        data-testid="portal-steps"
      />
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('complaints.portal.trackingNo')}>
          <Typography.Text strong data-testid="portal-track-code">
            {v.code}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('complaints.portal.received')}>{formatDateTime(v.receivedAt)}</Descriptions.Item>
        {v.category && <Descriptions.Item label={t('complaints.portal.category')}>{lang === 'en-US' ? v.category.en : v.category.zh}</Descriptions.Item>}
        {v.resolveDue && <Descriptions.Item label={t('complaints.portal.promised')}>{formatDateTime(v.resolveDue)}</Descriptions.Item>}
        {v.resolvedAt && <Descriptions.Item label={t('complaints.portal.resolvedAt')}>{formatDateTime(v.resolvedAt)}</Descriptions.Item>}
        {v.confirmation && <Descriptions.Item label={t('complaints.portal.yourConfirmation')}>{t(`complaints.portal.confirmation.${v.confirmation}`)}</Descriptions.Item>}
      </Descriptions>

      <Typography.Title level={5}>{t('complaints.portal.yourComplaint')}</Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 6 }}>{v.content}</Typography.Paragraph>

      <Typography.Title level={5}>{t('complaints.portal.replies')}</Typography.Title>
      {v.replies.length ? (
        <Timeline
          items={v.replies.map((r, i) => ({
            key: i,
            children: (
              <div>
                <Typography.Text type="secondary">{formatDateTime(r.at)}</Typography.Text>
                <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
              </div>
            ),
          }))}
          data-testid="portal-replies"
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('complaints.portal.noReplies')}</Typography.Paragraph>
      )}

      {v.solution && (
        <>
          <Typography.Title level={5}>
            {t('complaints.portal.solution')}
            {v.solutionKind && <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>{t(`complaints.portal.solutionKind.${v.solutionKind}`, { defaultValue: v.solutionKind })}</Typography.Text>}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="portal-solution">
            {v.solution}
          </Typography.Paragraph>
        </>
      )}
      {v.resolution && (
        <>
          <Typography.Title level={5}>{t('complaints.portal.resolution')}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="portal-resolution">
            {v.resolution}
          </Typography.Paragraph>
          {v.compensationFen !== null && (
            <Typography.Paragraph>
              {t('complaints.portal.compensation')}：{formatFen(v.compensationFen)}
            </Typography.Paragraph>
          )}
        </>
      )}
      {v.canConfirm && <ConfirmForm token={token} />}
    </div>
  );
}

function ConfirmForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ confirmation: Confirmation; comment?: string }>();
  const choice = Form.useWatch('confirmation', form);
  const [busy, setBusy] = useState(false);

  const submit = async (f: { confirmation: Confirmation; comment?: string }) => {
    setBusy(true);
    try {
      const next = await portalApi.confirm(token, { confirmation: f.confirmation, comment: f.comment?.trim() || null });
      qc.setQueriesData({ queryKey: portalKeys.view(token) }, next);
      message.success(t(f.confirmation === 'dissatisfied' ? 'complaints.portal.reopenedThanks' : 'complaints.portal.confirmedThanks'));
    } catch (e) {
      message.error(errorText(e));
      await qc.invalidateQueries({ queryKey: portalKeys.view(token) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ border: '1px solid #91caff', background: '#f0f7ff', borderRadius: 8, padding: 16, marginTop: 16 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('complaints.portal.confirmTitle')}
      </Typography.Title>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} data-testid="portal-confirm">
        <Form.Item name="confirmation" rules={[{ required: true, message: t('complaints.portal.confirmChoose') }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size="large"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
            options={(['satisfied', 'basic', 'dissatisfied'] as const).map((c) => ({ value: c, label: t(`complaints.portal.confirmation.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="comment" label={t(choice === 'dissatisfied' ? 'complaints.portal.confirmCommentDissatisfied' : 'complaints.portal.confirmComment')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="portal-confirm-submit">
          {t('complaints.portal.confirmSubmit')}
        </Button>
      </Form>
    </div>
  );
}

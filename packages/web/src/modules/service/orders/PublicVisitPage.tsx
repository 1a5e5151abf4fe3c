// The customer's return-visit page behind a link (no sign-in): the order in short, the questionnaire, thanks.
import { GlobalOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { currentLanguage, setLanguage } from '../../../app/i18n';
import { ApiError, errorText } from '../../../lib/api';
import { formatDateTime, formatFen } from '../../../lib/format';
import { orderApi, usePublicVisit } from './api';
import { answersComplete, VisitQuestions, type VisitFormValues } from './VisitQuestions';

export function PublicVisitPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const token = useParams().token ?? '';
  const { data: v, error, isLoading } = usePublicVisit(token);
  const [form] = Form.useForm<VisitFormValues>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (a: VisitFormValues) => {
    if (!answersComplete(a)) return;
    setBusy(true);
    try {
      await orderApi.answerPublic(token, { ...a, comment: a.comment?.trim() || null });
      setDone(true);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (isLoading) body = <Spin style={{ display: 'block', margin: 40 }} />;
  else if (error || !v) body = <Result status="warning" title={error instanceof ApiError && error.status === 404 ? t('service.orders.public.invalid') : errorText(error)} />;
  else if (done) body = <Result status="success" title={t('service.orders.public.thanks')} subTitle={t('service.orders.public.thanksBody')} data-testid="public-visit-thanks" />;
  else if (v.state !== 'open') body = <Result status="info" title={t('service.orders.public.already')} />;
  else
    body = (
      <>
        <Typography.Paragraph>{t('service.orders.public.intro')}</Typography.Paragraph>
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('service.orders.public.order')}>{v.orderCode}</Descriptions.Item>
          <Descriptions.Item label={t('service.orders.type')}>{t(`service.orders.types.${v.orderType}`)}</Descriptions.Item>
          {v.product && <Descriptions.Item label={t('service.orders.public.product')}>{v.product}</Descriptions.Item>}
          <Descriptions.Item label={t('service.orders.public.technician')}>{v.technicianName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.orders.public.completedAt')}>{formatDateTime(v.completedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('service.orders.public.fee')}>{formatFen(v.totalFeeFen)}</Descriptions.Item>
        </Descriptions>
        <Form<VisitFormValues> form={form} layout="vertical" onFinish={submit} data-testid="public-visit-form">
          <VisitQuestions large />
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="public-visit-submit">
            {t('service.orders.public.submit')}
          </Button>
        </Form>
      </>
    );

  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa', padding: '16px 12px' }}>
      <Card style={{ maxWidth: 560, margin: '0 auto' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('service.orders.public.title')}
          </Typography.Title>
          <Button type="link" icon={<GlobalOutlined />} onClick={() => setLanguage(currentLanguage() === 'zh-CN' ? 'en-US' : 'zh-CN')}>
            {t('app.language')}
          </Button>
        </div>
        {body}
      </Card>
    </div>
  );
}

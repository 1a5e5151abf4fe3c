// 客户跟踪链接: a fresh private link through which the customer follows the complaint and confirms the outcome.
// Issuing one makes the previous link stop working, so the button asks first when a link is active.
import { LinkOutlined } from '@ant-design/icons';
import { App, Button, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/api';
import { useCan } from '../../../lib/reference';
import { complaintApi, useComplaintMutation, type ComplaintDetail } from '../api';

export function TrackingLinkButton({ complaint: c }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [url, setUrl] = useState<string | null>(null);
  const issue = useComplaintMutation(() => complaintApi.link(c.id));
  if (!can('complaints:handle') || c.state === 'draft' || c.state === 'dismissed') return null;

  const run = async () => {
    try {
      const r = await issue.mutateAsync(undefined);
      setUrl(`${window.location.origin}${r.path || `/complaint/${r.token}`}`);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const button = (
    <Button icon={<LinkOutlined />} loading={issue.isPending} onClick={c.trackingLinkActive ? undefined : () => void run()} data-testid="complaint-link">
      {t('complaints.main.link.button')}
    </Button>
  );
  return (
    <>
      {c.trackingLinkActive ? (
        <Popconfirm title={t('complaints.main.link.replace')} onConfirm={() => void run()}>
          {button}
        </Popconfirm>
      ) : (
        button
      )}
      <Modal open={!!url} title={t('complaints.main.link.title')} onCancel={() => setUrl(null)} footer={null} destroyOnHidden>
        <Typography.Paragraph>{t('complaints.main.link.hint')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: url ?? '' }} code data-testid="complaint-link-url">
          {url}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

// The frame of the public complaint pages: a narrow card that fits a phone (375 px), a title and the language switch.
import { GlobalOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../../../app/i18n';

export function PortalShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa', padding: '12px 8px' }}>
      <Card style={{ maxWidth: 600, margin: '0 auto' }} styles={{ body: { padding: '16px 16px 24px' } }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 8 }}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          <Button
            type="link"
            icon={<GlobalOutlined />}
            onClick={() => setLanguage(currentLanguage() === 'zh-CN' ? 'en-US' : 'zh-CN')}
            data-testid="portal-language"
            style={{ flex: 'none', paddingInline: 0 }}
          >
            {t('complaints.portal.language')}
          </Button>
        </div>
        {children}
      </Card>
    </div>
  );
}

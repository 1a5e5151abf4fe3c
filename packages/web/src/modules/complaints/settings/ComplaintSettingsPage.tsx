// 投诉处理设置: deadline rules, escalation levels and claim approval limits, one tab each (the tab is kept in the URL).
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../../lib/reference';
import { BandsTab } from './BandsTab';
import { LevelsTab } from './LevelsTab';
import { RulesTab } from './RulesTab';

const TABS = ['rules', 'levels', 'bands'] as const;

export function ComplaintSettingsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'rules';
  const writable = can('complaints:rules');

  return (
    <div className="kehu-page">
      <div className="kehu-toolbar">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('complaints.settings.title')}
        </Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        destroyOnHidden
        items={[
          { key: 'rules', label: t('complaints.settings.tabs.rules'), children: <RulesTab writable={writable} /> },
          { key: 'levels', label: t('complaints.settings.tabs.levels'), children: <LevelsTab writable={writable} /> },
          { key: 'bands', label: t('complaints.settings.tabs.bands'), children: <BandsTab writable={writable} /> },
        ]}
      />
    </div>
  );
}

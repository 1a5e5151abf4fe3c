// Labels shared by the settings pages: severities, customer types, tiers ('*' = any), categories and roles.
import { useTranslation } from 'react-i18next';
import { COMPLAINT_TIER_ANY } from '@kehu/shared';
import { useDictLabel } from '../../../lib/reference';
import { useSettingsOptions } from './api';

export function useSettingsLabels() {
  const { t, i18n } = useTranslation();
  const dictLabel = useDictLabel();
  const roles = useSettingsOptions().data?.roles;
  return {
    severity: (v: string) => t(`complaints.settings.severity.${v}`, { defaultValue: v }),
    temperament: (v: string | null) => (v ? t(`complaints.settings.temperament.${v}`, { defaultValue: v }) : t('complaints.settings.templates.anyTemperament')),
    category: (v: string | null) => (v ? dictLabel('complaint_category', v) : t('complaints.settings.templates.anyCategory')),
    tier: (v: string) => (v === COMPLAINT_TIER_ANY ? t('complaints.settings.anyTier') : dictLabel('service_tier', v)),
    role: (code: string | null) => {
      if (!code) return t('complaints.settings.levels.noRole');
      const r = roles?.find((x) => x.code === code);
      return r ? (i18n.language === 'en-US' ? r.nameEn : r.nameZh) : code;
    },
  };
}

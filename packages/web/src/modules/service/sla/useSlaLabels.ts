// Labels of the SLA key fields ('*' = any) and targets as people read them (minutes, hours, working days).
import { useTranslation } from 'react-i18next';
import { SLA_WILDCARD } from '@kehu/shared';
import { useDictLabel } from '../../../lib/reference';

/** 'service' key field → label, with '*' shown as "any". */
export function useSlaLabels() {
  const { t } = useTranslation();
  const dictLabel = useDictLabel();
  const any = t('service.sla.any');
  return {
    serviceType: (v: string) => (v === SLA_WILDCARD ? any : t(`service.sla.types.${v}`, { defaultValue: v })),
    tier: (v: string) => (v === SLA_WILDCARD ? any : dictLabel('service_tier', v)),
    regionType: (v: string) => (v === SLA_WILDCARD ? any : t(`service.sla.regions.${v}`, { defaultValue: v })),
    priority: (v: string) => (v === SLA_WILDCARD ? any : t(`service.sla.priorities.${v}`, { defaultValue: v })),
  };
}

/**
 * A target in words: working minutes as hours or working days of `minutesPerDay`, calendar minutes as hours or
 * days of 24 h; minutes when nothing divides evenly.
 */
export function useTargetText() {
  const { t } = useTranslation();
  return (minutes: number, businessHours: boolean, minutesPerDay = 480) => {
    const day = businessHours ? minutesPerDay : 1440;
    if (minutes >= day && minutes % day === 0) {
      return t(businessHours ? 'service.sla.duration.workDays' : 'service.sla.duration.days', { n: minutes / day });
    }
    if (minutes >= 60 && minutes % 30 === 0) return t('service.sla.duration.hours', { n: minutes / 60 });
    return t('service.sla.duration.minutes', { n: minutes });
  };
}

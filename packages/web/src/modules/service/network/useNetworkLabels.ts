// Labels of outlet kinds, service types, region types and skills (the service_skill list) in the current language.
import { OUTLET_KINDS, REGION_TYPES, SERVICE_TYPES, SKILL_DICTIONARY } from '@kehu/shared';
import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import { useDictLabel, useDictOptions, useRegions } from '../../../lib/reference';

export function useNetworkLabels() {
  const { t } = useTranslation();
  const dictLabel = useDictLabel();
  const skillDict = useDictOptions(SKILL_DICTIONARY);
  const regions = useRegions().data;
  const divisions = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of regions ?? []) {
      m.set(p.code, p.name);
      for (const c of p.children ?? []) {
        m.set(c.code, c.name === '市辖区' || c.name === '县' ? p.name : p.name + c.name);
        for (const d of c.children ?? []) m.set(d.code, (c.name === '市辖区' || c.name === '县' ? p.name : p.name + c.name) + d.name);
      }
    }
    return m;
  }, [regions]);
  return {
    /** full name of a division code at any level, e.g. 浙江省杭州市西湖区 */
    division: (code: string) => divisions.get(code) ?? code,
    kind: (v: string) => t(`service.network.kind.${v}`, { defaultValue: v }),
    serviceType: (v: string) => t(`service.network.serviceType.${v}`, { defaultValue: v }),
    regionType: (v: string) => t(`service.network.regionType.${v}`, { defaultValue: v }),
    skill: (v: string) => dictLabel(SKILL_DICTIONARY, v),
    kindOptions: OUTLET_KINDS.map((k) => ({ value: k, label: t(`service.network.kind.${k}`) })),
    serviceTypeOptions: SERVICE_TYPES.map((k) => ({ value: k, label: t(`service.network.serviceType.${k}`) })),
    regionTypeOptions: REGION_TYPES.map((k) => ({ value: k, label: t(`service.network.regionType.${k}`) })),
    /** the list's skills plus codes already in use that the list lacks (codes stay free text) */
    skillOptions: (inUse: string[] = []) => [
      ...skillDict,
      ...inUse.filter((c) => !skillDict.some((o) => o.value === c)).map((c) => ({ value: c, label: c })),
    ],
  };
}

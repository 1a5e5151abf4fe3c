// Reference data hooks: dictionaries, regions, current user.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from './api';
import { setCompanyTimeZone } from './clock';

export interface DictItem {
  id: number;
  type: string;
  code: string;
  labelZh: string;
  labelEn: string;
  sort: number;
  active: boolean;
  version: number;
}

export interface RegionNode {
  code: string;
  name: string;
  children?: RegionNode[];
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  orgUnitId: number | null;
  roles: string[];
  permissions: string[];
  scopes: Record<string, string>;
  mustChangePassword: boolean;
  /** the company's time zone (server TIMEZONE) */
  timeZone: string;
}

export const refKeys = {
  me: ['me'] as const,
  dictionaries: ['dictionaries'] as const,
  regions: ['regions'] as const,
  users: ['user-options'] as const,
};

export function useMe() {
  return useQuery({
    queryKey: refKeys.me,
    queryFn: async () => {
      const me = await get<Me>('/api/v1/auth/me');
      setCompanyTimeZone(me.timeZone);
      return me;
    },
    retry: false,
    staleTime: 60_000,
  });
}

export function useCan() {
  const me = useMe().data;
  return (perm: string) => !!me?.permissions.includes(perm);
}

export function useDictionaries() {
  return useQuery({ queryKey: refKeys.dictionaries, queryFn: () => get<Record<string, DictItem[]>>('/api/v1/dictionaries'), staleTime: 300_000 });
}

/** Options of one dictionary for a Select, in the current language; inactive ones hidden. */
export function useDictOptions(type: string) {
  const { i18n } = useTranslation();
  const { data } = useDictionaries();
  const items = data?.[type] ?? [];
  return items.filter((i) => i.active).map((i) => ({ value: i.code, label: i18n.language === 'en-US' ? i.labelEn : i.labelZh }));
}

export function useDictLabel() {
  const { i18n } = useTranslation();
  const { data } = useDictionaries();
  return (type: string, code: string | null | undefined) => {
    if (!code) return '—';
    const it = data?.[type]?.find((i) => i.code === code);
    return it ? (i18n.language === 'en-US' ? it.labelEn : it.labelZh) : code;
  };
}

export function useRegions() {
  return useQuery({ queryKey: refKeys.regions, queryFn: () => get<RegionNode[]>('/api/v1/regions'), staleTime: Infinity });
}

export interface UserOption {
  id: number;
  displayName: string;
  orgUnitId: number | null;
}

/** Active users for owner pickers; empty when the endpoint is not available to this user. */
export function useUserOptions() {
  return useQuery({
    queryKey: refKeys.users,
    queryFn: async () => {
      try {
        return (await get<{ items: UserOption[] }>('/api/v1/users/options')).items;
      } catch {
        return [] as UserOption[];
      }
    },
    staleTime: 300_000,
  });
}

// Fee schedule data: the query and the replace call.
import { useQuery } from '@tanstack/react-query';
import type { TServiceFees, TServiceFeesPut } from '@kehu/shared';
import { api, get } from '../../../lib/api';

export const feeKeys = { schedule: ['service', 'fees'] as const };

export function useServiceFees() {
  return useQuery({ queryKey: feeKeys.schedule, queryFn: () => get<TServiceFees>('/api/v1/service/fees') });
}

export const feesApi = {
  put: (body: TServiceFeesPut) => api<TServiceFees>('/api/v1/service/fees', { method: 'PUT', body }),
};

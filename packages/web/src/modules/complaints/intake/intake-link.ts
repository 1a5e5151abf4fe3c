// The intake form opened from another record (a service order, a rejected return): the address carries the
// customer, the unit and service order concerned and a first text; the form reads them back and names the links.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TUnit } from '@kehu/shared';
import { get, qs } from '../../../lib/api';

export interface IntakePreset {
  customerId?: number | null;
  unitId?: number | null;
  serviceOrderId?: number | null;
  orderNo?: string | null;
  content?: string | null;
}

/** Long texts are cut: the address must stay reasonable, and the agent completes the text in the form. */
const CONTENT_MAX = 1000;

/** `/complaints/new?…` with what is known; the server checks the links against the customer on submission. */
export function complaintIntakePath(p: IntakePreset): string {
  return '/complaints/new' + qs({ customerId: p.customerId, unitId: p.unitId, serviceOrderId: p.serviceOrderId, orderNo: p.orderNo, content: p.content?.slice(0, CONTENT_MAX) });
}

const positiveId = (v: string | null) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** The links and text of the address, as initial form values (the customer is read by the form itself). */
export function readIntakePreset(params: URLSearchParams): { unitId?: number; serviceOrderId?: number; orderNo?: string; content?: string } {
  const text = (k: string, max: number) => params.get(k)?.trim().slice(0, max) || undefined;
  return { unitId: positiveId(params.get('unitId')), serviceOrderId: positiveId(params.get('serviceOrderId')), orderNo: text('orderNo', 60), content: text('content', 4000) };
}

/** Labels of the preset unit and service order for their pickers (`#id` when the caller may not read them). */
export function usePresetLinkLabels(unitId: number | undefined, serviceOrderId: number | undefined): { unit?: string; serviceOrder?: string } {
  const { t } = useTranslation();
  const unit = useQuery({ queryKey: ['complaints', 'preset-unit', unitId], queryFn: () => get<TUnit>(`/api/v1/service/units/${unitId}`), enabled: !!unitId, retry: false, staleTime: 60_000 });
  const order = useQuery({
    queryKey: ['complaints', 'preset-order', serviceOrderId],
    queryFn: () => get<{ code: string; type: string; customer: { name: string } | null }>(`/api/v1/service/orders/${serviceOrderId}`),
    enabled: !!serviceOrderId,
    retry: false,
    staleTime: 60_000,
  });
  const u = unit.data;
  const o = order.data;
  return {
    unit: u ? `${u.serialNo} · ${u.productModel} ${u.productName} · ${u.customerName}` : unitId ? `#${unitId}` : undefined,
    serviceOrder: o ? [o.code, t(`service.orders.types.${o.type}`, { defaultValue: o.type }), o.customer?.name].filter(Boolean).join(' · ') : serviceOrderId ? `#${serviceOrderId}` : undefined,
  };
}

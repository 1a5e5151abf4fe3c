// The public complaint page's data (no sign-in): the check question, the categories, sending, the tracking view.
import { useQuery } from '@tanstack/react-query';
import type { CONFIRMATIONS, TPublicComplaint, TPublicConfirm } from '@kehu/shared';
import { currentLanguage } from '../../../app/i18n';
import { api, get } from '../../../lib/api';

export type Confirmation = (typeof CONFIRMATIONS)[number];

export interface PortalChallenge {
  question: { 'zh-CN': string; 'en-US': string };
  token: string;
  expiresAt: string;
}

export interface PortalCategory {
  code: string;
  zh: string;
  en: string;
}

export type PublicStep = 'received' | 'processing' | 'awaiting_confirmation' | 'resolved' | 'closed';
export const PUBLIC_STEPS: PublicStep[] = ['received', 'processing', 'awaiting_confirmation', 'resolved', 'closed'];

export interface PublicComplaintView {
  code: string;
  receivedAt: string;
  step: PublicStep;
  category: PortalCategory | null;
  summary: string;
  content: string;
  replies: { at: string; text: string }[];
  solutionKind: string | null;
  solution: string | null;
  resolution: string | null;
  compensationFen: number | null;
  resolvedAt: string | null;
  resolveDue: string | null;
  confirmation: Confirmation | null;
  canConfirm: boolean;
}

export const portalKeys = {
  all: ['complaints', 'portal'] as const,
  challenge: () => [...portalKeys.all, 'challenge'] as const,
  categories: () => [...portalKeys.all, 'categories'] as const,
  view: (token: string) => [...portalKeys.all, 'view', token] as const,
};

export function useChallenge() {
  // a question is used once: never cached, never refetched behind the customer's back
  return useQuery({ queryKey: portalKeys.challenge(), queryFn: () => get<PortalChallenge>('/api/v1/public/complaint-challenge'), gcTime: 0, staleTime: Infinity, retry: false });
}

export function usePortalCategories() {
  return useQuery({ queryKey: portalKeys.categories(), queryFn: () => get<PortalCategory[]>('/api/v1/public/complaint-categories'), staleTime: 300_000 });
}

export function usePublicComplaint(token: string) {
  // the language is part of the key: a problem (invalid or expired link) is worded by the server in it
  const lang = currentLanguage();
  return useQuery({ queryKey: [...portalKeys.view(token), lang], queryFn: () => get<PublicComplaintView>(`/api/v1/public/complaints/${encodeURIComponent(token)}`), retry: false });
}

/**
 * A fresh Idempotency-Key, so a send repeated after a lost answer does not file the complaint twice. Made from
 * getRandomValues: randomUUID exists only on https pages, and many installations serve plain http inside the LAN.
 */
export function newIdempotencyKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return 'web-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export const portalApi = {
  submit: (body: TPublicComplaint, idempotencyKey: string) =>
    api<{ code: string; trackingPath: string }>('/api/v1/public/complaints', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
  confirm: (token: string, body: TPublicConfirm) => api<PublicComplaintView>(`/api/v1/public/complaints/${encodeURIComponent(token)}/confirm`, { method: 'POST', body }),
};

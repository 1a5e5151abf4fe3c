// The complaint settings contract: deadline rules, escalation levels, claim approval bands and the reply / apology
// templates (最佳道歉方式表, tool 37) as the API answers them, and the list queries. Request bodies are in complaints.ts.
import { z } from 'zod';
import { SEVERITIES, TEMPERAMENTS, type Severity, type ZClaimBandCreate, type ZClaimBandUpdate } from './complaints';

/** '*' in a rule's tier: any customer tier */
export const COMPLAINT_TIER_ANY = '*';
/** The placeholders a template's texts may use, filled in when an agent replies. */
export const TEMPLATE_PLACEHOLDERS = ['customer', 'code', 'handler'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** The `{name}` placeholders in a text that are not one of TEMPLATE_PLACEHOLDERS. */
export function unknownPlaceholders(text: string | null | undefined): string[] {
  if (!text) return [];
  const out = new Set<string>();
  for (const m of text.matchAll(/\{([^{}\s]{1,40})\}/g)) {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(m[1]!)) out.add(m[1]!);
  }
  return [...out];
}

/** Fills {customer}, {code} and {handler} (the reply of a template); other braces stay as written. */
export function fillPlaceholders(text: string, vars: Record<TemplatePlaceholder, string>): string {
  return text.replace(/\{(customer|code|handler)\}/g, (_m, k: TemplatePlaceholder) => vars[k]);
}

export type Temperament = (typeof TEMPERAMENTS)[number];

export const ZComplaintRuleListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  severity: z.enum(SEVERITIES).optional(),
  tier: z.string().trim().min(1).max(40).optional(),
  archived: z.enum(['true', 'false', 'all']).default('false'),
});
export type TComplaintRuleListQuery = z.infer<typeof ZComplaintRuleListQuery>;

export interface TComplaintRule {
  id: number;
  severity: Severity;
  tier: string;
  replyMinutes: number;
  replyBusinessHours: boolean;
  resolveMinutes: number;
  resolveBusinessHours: boolean;
  warnPercent: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TComplaintLevel {
  id: number;
  level: number;
  ownerId: number | null;
  ownerName: string | null;
  roleCode: string | null;
  windowMinutes: number;
  businessHours: boolean;
  updatedAt: string;
  version: number;
}

export type TClaimBandCreate = z.infer<typeof ZClaimBandCreate>;
export type TClaimBandUpdate = z.infer<typeof ZClaimBandUpdate>;

export interface TClaimBand {
  id: number;
  roleCode: string;
  /** the ceiling in fen; null = no ceiling */
  maxFen: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Pickers of the settings page: roles, and the active users who can see complaints (possible level owners). */
export interface TComplaintSettingsOptions {
  roles: { code: string; nameZh: string; nameEn: string; canReadComplaints: boolean; canApproveClaims: boolean }[];
  users: { id: number; displayName: string }[];
}

export const ZTemplateListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  /** templates for this category and those for any category */
  category: z.string().trim().min(1).max(40).optional(),
  /** templates for this customer type and those for any type */
  temperament: z.enum(TEMPERAMENTS).optional(),
  q: z.string().trim().max(100).optional(),
  archived: z.enum(['true', 'false', 'all']).default('false'),
});
export type TTemplateListQuery = z.infer<typeof ZTemplateListQuery>;

export interface TComplaintTemplate {
  id: number;
  title: string;
  category: string | null;
  temperament: Temperament | null;
  situation: string | null;
  apology: string;
  reply: string;
  pairedAction: string | null;
  taboo: string | null;
  sort: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

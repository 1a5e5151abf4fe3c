// Service agreements (售后服务协议书, domain.md tool 29): request schemas and answers.
import { z } from 'zod';
import { ZDate } from './customers';

const str = (max: number) => z.string().trim().max(max);
const optStr = (max: number) => str(max).optional().nullable();
const ZId = z.number().int().positive();
const ZQueryId = z.coerce.number().int().positive();
const ZVersionField = z.number().int().min(1);

export const AGREEMENT_STATES = ['draft', 'active', 'expired', 'terminated'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];
/** 服务范围: what the agreement covers (printed on the contract) */
export const AGREEMENT_SCOPES = ['repair', 'maintenance', 'inspection', 'training', 'hotline'] as const;
export type AgreementScope = (typeof AGREEMENT_SCOPES)[number];
/** Order types that use up the included visits (定期保养 / 巡检). */
export const AGREEMENT_VISIT_TYPES = ['maintenance', 'inspection'] as const;
/** Longest agreement period, in years. */
export const AGREEMENT_MAX_YEARS = 10;

const ZFee = z.number({ error: 'price_fen_invalid' }).int('price_fen_invalid').min(0, 'price_fen_invalid').max(1_000_000_000_00, 'price_fen_invalid');
/** a service-tier code (vip, gold, silver, standard …): checked against the service_tier list on the server */
const ZLevel = str(40).min(1).regex(/^[A-Za-z0-9_-]+$/, 'invalid_tier');
const ZUnitIds = z.array(ZId).max(2000);
const ZScope = z.array(z.enum(AGREEMENT_SCOPES)).max(AGREEMENT_SCOPES.length);

const fields = {
  customerId: ZId,
  /** the customer's units the agreement covers (产品清单) */
  unitIds: ZUnitIds.default([]),
  startDate: ZDate,
  endDate: ZDate,
  /** included maintenance / inspection visits per agreement year */
  visitsPerYear: z.number().int().min(0).max(365),
  /** response level: replaces the customer's tier for the SLA of orders under the agreement */
  responseLevel: ZLevel,
  partsIncluded: z.boolean().default(false),
  feeFen: ZFee.default(0),
  paymentTerms: optStr(200),
  scope: ZScope.default(['repair', 'maintenance', 'inspection', 'hotline']),
  signedDate: ZDate.optional().nullable(),
  note: optStr(2000),
};

export const ZAgreementCreate = z.strictObject(fields);
export type TAgreementCreate = z.infer<typeof ZAgreementCreate>;

/** A draft changes freely; an active agreement only its units, payment terms and note; others only the note. */
export const ZAgreementUpdate = z.strictObject({
  customerId: ZId.optional(),
  unitIds: ZUnitIds.optional(),
  startDate: ZDate.optional(),
  endDate: ZDate.optional(),
  visitsPerYear: fields.visitsPerYear.optional(),
  responseLevel: ZLevel.optional(),
  partsIncluded: z.boolean().optional(),
  feeFen: ZFee.optional(),
  paymentTerms: optStr(200),
  scope: ZScope.optional(),
  signedDate: ZDate.optional().nullable(),
  note: optStr(2000),
  version: ZVersionField,
});
export type TAgreementUpdate = z.infer<typeof ZAgreementUpdate>;

export const ZAgreementActivate = z.strictObject({ version: ZVersionField, signedDate: ZDate.optional() });
export type TAgreementActivate = z.infer<typeof ZAgreementActivate>;
export const ZAgreementTerminate = z.strictObject({ version: ZVersionField, reason: str(1000).min(1, 'reason_required') });
export type TAgreementTerminate = z.infer<typeof ZAgreementTerminate>;
/** Renewal: a new draft linked to the old one; the period defaults to the same length right after the old end. */
export const ZAgreementRenew = z.strictObject({ startDate: ZDate.optional(), endDate: ZDate.optional() });
export type TAgreementRenew = z.infer<typeof ZAgreementRenew>;

export const ZAgreementListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** agreement code or customer name */
  q: str(100).optional(),
  state: z.enum(AGREEMENT_STATES).optional(),
  customerId: ZQueryId.optional(),
  unitId: ZQueryId.optional(),
  /** active agreements ending within this many days */
  endingWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  sort: str(100).optional(),
});
export type TAgreementListQuery = z.infer<typeof ZAgreementListQuery>;

export interface TAgreement {
  id: number;
  code: string;
  customerId: number;
  customerCode: string;
  customerName: string;
  state: AgreementState;
  startDate: string;
  endDate: string;
  visitsPerYear: number;
  responseLevel: string;
  partsIncluded: boolean;
  feeFen: number;
  paymentTerms: string | null;
  scope: AgreementScope[];
  signedDate: string | null;
  note: string | null;
  unitCount: number;
  renewedFromId: number | null;
  activatedAt: string | null;
  terminatedAt: string | null;
  terminationReason: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TAgreementUnit {
  id: number;
  serialNo: string;
  productModel: string;
  productName: string;
  purchaseDate: string | null;
  installDate: string | null;
  warrantyEnd: string | null;
  region: string | null;
  address: string | null;
}

/** Visits of the agreement year that contains the day asked about (today by default). */
export interface TAgreementUsage {
  yearStart: string;
  yearEnd: string;
  visitsIncluded: number;
  /** maintenance / inspection orders covered by the agreement in that year (cancelled ones do not count) */
  visitsUsed: number;
  /** such orders beyond the entitlement, charged as without the agreement */
  visitsCharged: number;
}

export interface TAgreementOrder {
  id: number;
  code: string;
  type: string;
  state: string;
  warranty: string;
  unitId: number | null;
  serialNo: string | null;
  createdAt: string;
  completedAt: string | null;
  totalFeeFen: number;
}

export interface TAgreementDetail extends TAgreement {
  customer: { id: number; code: string; name: string; phone: string | null; address: string | null; serviceTier: string | null };
  units: TAgreementUnit[];
  usage: TAgreementUsage;
  orders: TAgreementOrder[];
  renewedFrom: { id: number; code: string } | null;
  renewedBy: { id: number; code: string; state: AgreementState } | null;
}

// Answers of the claims API (索赔, domain.md §4.3.1, tool 41); the requests are in complaints.ts.
import type { ClaimAction, ClaimState, LIABILITIES, RECOVERY_STATES, SETTLEMENTS } from './complaints';

export type Liability = (typeof LIABILITIES)[number];
export type Settlement = (typeof SETTLEMENTS)[number];
export type RecoveryState = (typeof RECOVERY_STATES)[number];

/** Liabilities the company pays for; a claim judged the customer's fault or force majeure can only be rejected. */
export const PAYABLE_LIABILITIES: readonly Liability[] = ['company', 'supplier', 'carrier'];
/** Liabilities that let the company recover the money from a third party (向供应商/承运人追偿). */
export const RECOVERABLE_LIABILITIES: readonly Liability[] = ['supplier', 'carrier'];
/** A claim still being worked on (not closed). */
export const OPEN_CLAIM_STATES: readonly ClaimState[] = ['received', 'evidence_collected', 'liability_determined', 'approved', 'settled', 'rejected', 'recovery'];

export interface TClaimListItem {
  id: number;
  code: string;
  state: ClaimState;
  customerId: number;
  customerName: string;
  complaintId: number | null;
  complaintCode: string | null;
  productName: string | null;
  productModel: string | null;
  orderNo: string | null;
  reason: string;
  amountFen: number;
  approvedFen: number | null;
  settledFen: number | null;
  liability: Liability | null;
  settlement: Settlement | null;
  ownerName: string | null;
  createdAt: string;
  version: number;
}

export interface TClaimEvent {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  actorName: string | null;
  data: Record<string, unknown> | null;
}

export interface TClaimFile {
  id: number;
  name: string;
  mime: string;
  size: number;
  createdAt: string;
  createdByName: string | null;
}

export interface TClaim {
  id: number;
  code: string;
  state: ClaimState;
  complaint: { id: number; code: string; state: string } | null;
  customer: { id: number; code: string; name: string };
  product: { id: number; model: string; name: string } | null;
  unit: { id: number; serialNo: string } | null;
  serviceOrder: { id: number; code: string } | null;
  orderNo: string | null;
  batchNo: string | null;
  quantity: number | null;
  reason: string;
  basis: string | null;
  amountFen: number;
  finding: string | null;
  liability: Liability | null;
  approvedFen: number | null;
  approvedByName: string | null;
  approvedAt: string | null;
  settlement: Settlement | null;
  settledFen: number | null;
  settledAt: string | null;
  settlementNote: string | null;
  recoveryParty: string | null;
  recoveryFen: number | null;
  recoveryState: RecoveryState | null;
  rejectReason: string | null;
  note: string | null;
  ownerId: number | null;
  ownerName: string | null;
  teamName: string | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  events: TClaimEvent[];
  files: TClaimFile[];
  /** what the caller may do now */
  actions: ClaimAction[];
  /** whether the caller may approve claims at all (holds an approval band) */
  mayApprove: boolean;
  /** the caller's approval ceiling in fen; null = no ceiling (or, when mayApprove is false, none) */
  approvalCeilingFen: number | null;
  version: number;
}

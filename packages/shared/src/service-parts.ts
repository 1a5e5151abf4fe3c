// Spare parts (配件): catalogue, stock per outlet warehouse, parts on service orders, consumption and fill rate.
import { z } from 'zod';
import { ZDate } from './customers';
import { ZCatalogueCode } from './service-catalogue';

const str = (max: number) => z.string().trim().max(max);
const optStr = (max: number) => str(max).optional().nullable();
const ZId = z.number().int('unknown_part').positive('unknown_part');
const ZQueryId = z.coerce.number().int().positive();
const ZVersionField = z.number().int().min(1);

/** A quantity of parts: a whole number of at least 1. */
export const ZPartQty = z
  .number({ error: 'qty_positive_integer' })
  .int('qty_positive_integer')
  .min(1, 'qty_positive_integer')
  .max(100000, 'qty_too_large');

/** Money in fen (分), whole and not negative. */
const ZPriceFen = z.number({ error: 'price_fen_invalid' }).int('price_fen_invalid').min(0, 'price_fen_invalid').max(1_000_000_000_00, 'price_fen_invalid');

// ---------- catalogue ----------

const partFields = {
  code: ZCatalogueCode,
  name: str(100).min(1),
  categoryId: z.number().int().positive().optional().nullable(),
  /** the counting unit: 个, 件, 套, 米 … */
  unit: str(10).min(1).default('个'),
  listPriceFen: ZPriceFen,
  /** below this free stock at an outlet, users with service:parts are notified */
  minStock: z.number().int('min_stock_invalid').min(0, 'min_stock_invalid').max(100000, 'min_stock_invalid').default(0),
};
export const ZPartCreate = z.strictObject(partFields);
export type TPartCreate = z.infer<typeof ZPartCreate>;

export const ZPartUpdate = z.strictObject({
  code: partFields.code.optional(),
  name: partFields.name.optional(),
  categoryId: partFields.categoryId,
  unit: str(10).min(1).optional(),
  listPriceFen: ZPriceFen.optional(),
  minStock: z.number().int('min_stock_invalid').min(0, 'min_stock_invalid').max(100000, 'min_stock_invalid').optional(),
  version: ZVersionField,
});
export type TPartUpdate = z.infer<typeof ZPartUpdate>;

export const ZPartListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: str(100).optional(),
  categoryId: ZQueryId.optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  sort: str(100).optional(),
  /** with the free stock at this outlet (the part picker of an order) */
  outletId: ZQueryId.optional(),
});
export type TPartListQuery = z.infer<typeof ZPartListQuery>;

export interface TPart {
  id: number;
  code: string;
  name: string;
  categoryId: number | null;
  categoryName: string | null;
  unit: string;
  listPriceFen: number;
  minStock: number;
  /** free stock at the outlet asked for (outletId), else absent */
  available?: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

// ---------- stock ----------

export const ZStockListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  outletId: ZQueryId.optional(),
  partId: ZQueryId.optional(),
  q: str(100).optional(),
  /** only rows whose free stock is below the part's minimum */
  low: z.enum(['true', 'false']).optional(),
});
export type TStockListQuery = z.infer<typeof ZStockListQuery>;

export interface TStockRow {
  outletId: number;
  outletCode: string;
  outletName: string;
  partId: number;
  partCode: string;
  partName: string;
  unit: string;
  onHand: number;
  reserved: number;
  available: number;
  minStock: number;
  low: boolean;
  updatedAt: string;
}

export const ZStockReceive = z.strictObject({
  outletId: z.number().int().positive(),
  partId: ZId,
  qty: ZPartQty,
  note: optStr(200),
});
export type TStockReceive = z.infer<typeof ZStockReceive>;

export const ZStockTransfer = z.strictObject({
  fromOutletId: z.number().int().positive(),
  toOutletId: z.number().int().positive(),
  partId: ZId,
  qty: ZPartQty,
  note: optStr(200),
});
export type TStockTransfer = z.infer<typeof ZStockTransfer>;

// ---------- parts on a service order ----------

export const ZOrderPartAdd = z.strictObject({
  partId: ZId,
  qty: ZPartQty,
  /** set the parts aside for the order instead of issuing them now */
  reserve: z.boolean().optional(),
});
export type TOrderPartAdd = z.infer<typeof ZOrderPartAdd>;

export const ZOrderPartReturn = z.strictObject({ qty: ZPartQty });
export type TOrderPartReturn = z.infer<typeof ZOrderPartReturn>;

/** States of an order in which parts may be issued, reserved, released or returned. */
export const PARTS_ORDER_STATES = ['on_site', 'checked_in', 'in_service', 'waiting_parts'] as const;

export type TPartLineState = 'reserved' | 'issued' | 'released';

export interface TOrderItem {
  id: number;
  kind: 'part' | 'labour' | 'callout' | 'other';
  partId: number | null;
  partCode: string | null;
  unit: string | null;
  description: string;
  /** part lines: the quantity used (issued minus returned), or reserved */
  qty: number;
  returnedQty: number;
  partState: TPartLineState | null;
  outletId: number | null;
  unitPriceFen: number;
  amountFen: number;
  free: boolean;
  createdAt: string;
  createdBy: number | null;
  createdByName: string | null;
}

export interface TOrderItems {
  orderId: number;
  state: string;
  outletId: number | null;
  warranty: string;
  fees: { labourFen: number; calloutFen: number; partsFen: number; totalFen: number };
  version: number;
  items: TOrderItem[];
}

// ---------- report ----------

export const ZPartsReportQuery = z.strictObject({
  from: ZDate,
  to: ZDate,
  outletId: ZQueryId.optional(),
});
export type TPartsReportQuery = z.infer<typeof ZPartsReportQuery>;

export interface TPartsReportRow {
  partId: number;
  code: string;
  name: string;
  unit: string;
  issuedQty: number;
  returnedQty: number;
  /** issued − returned */
  netQty: number;
  /** netQty × the part's list price: the value consumed (in-warranty lines included, though not charged) */
  valueFen: number;
  requests: number;
  satisfied: number;
  short: number;
  /** satisfied ÷ requests, null when no requests */
  fillRate: number | null;
}

export interface TPartsReport {
  from: string;
  to: string;
  outletId: number | null;
  rows: TPartsReportRow[];
  totals: {
    issuedQty: number;
    returnedQty: number;
    netQty: number;
    valueFen: number;
    requests: number;
    satisfied: number;
    short: number;
    fillRate: number | null;
    /** orders that entered 待配件 (waiting_parts) in the period */
    waitingPartsOrders: number;
  };
}

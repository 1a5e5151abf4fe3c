// The product catalogue and installed base (产品与机器档案) with their 三包 rules: request schemas and answers.
import { z } from 'zod';
import { ZDate } from './customers';

const str = (max: number) => z.string().trim().max(max);
const optStr = (max: number) => str(max).optional().nullable();
const ZId = z.number().int().positive();
const ZVersionField = z.number().int().min(1);
const ZQueryBool = z.enum(['true', 'false']);
const ZArchivedFilter = z.enum(['false', 'true', 'all']).default('false');
const days = z.number().int().min(0).max(3650);
const optPositive = (max: number) => z.number().int().min(1).max(max).optional().nullable();

/** letters, digits and - _ . (a category code appears in imports and reports) */
export const ZCatalogueCode = str(40).min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'invalid_catalogue_code');

const listBase = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: str(100).optional(),
  archived: ZArchivedFilter,
  sort: str(100).optional(),
};

// ---------- product categories and their 三包 rules ----------

const categoryFields = {
  code: ZCatalogueCode,
  name: str(100).min(1),
  /** 三包 (repair) period in months, from the purchase date */
  warrantyMonths: z.number().int().min(0).max(600),
  /** days after purchase in which a faulty unit may be returned (0 = none) */
  returnDays: days,
  /** days after purchase in which a faulty unit may be exchanged (0 = none) */
  exchangeDays: days,
  /** 七日无理由退货 for distance sales; 0 = none */
  noReasonReturnDays: days.default(0),
  /** failed in-warranty repairs after which the unit is exchanged (0 = no such rule) */
  freeRepairsBeforeExchange: z.number().int().min(0).max(20),
  maintenanceIntervalDays: optPositive(3650),
  designLifeYears: optPositive(100),
  note: optStr(500),
};
export const ZCategoryCreate = z.strictObject(categoryFields);
export type TCategoryCreate = z.infer<typeof ZCategoryCreate>;
export const ZCategoryUpdate = z.strictObject({
  code: categoryFields.code.optional(),
  name: categoryFields.name.optional(),
  warrantyMonths: categoryFields.warrantyMonths.optional(),
  returnDays: days.optional(),
  exchangeDays: days.optional(),
  noReasonReturnDays: days.optional(),
  freeRepairsBeforeExchange: categoryFields.freeRepairsBeforeExchange.optional(),
  maintenanceIntervalDays: categoryFields.maintenanceIntervalDays,
  designLifeYears: categoryFields.designLifeYears,
  note: categoryFields.note,
  version: ZVersionField,
});
export type TCategoryUpdate = z.infer<typeof ZCategoryUpdate>;
export const ZCategoryListQuery = z.strictObject(listBase);
export type TCategoryListQuery = z.infer<typeof ZCategoryListQuery>;

export interface TCategory {
  id: number;
  code: string;
  name: string;
  warrantyMonths: number;
  returnDays: number;
  exchangeDays: number;
  noReasonReturnDays: number;
  freeRepairsBeforeExchange: number;
  maintenanceIntervalDays: number | null;
  designLifeYears: number | null;
  note: string | null;
  productCount: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

// ---------- products ----------

const productFields = {
  model: str(60).min(1),
  name: str(100).min(1),
  categoryId: ZId,
  /** null: the category's warranty months apply */
  warrantyMonths: z.number().int().min(0).max(600).optional().nullable(),
  maintenanceIntervalDays: optPositive(3650),
  designLifeYears: optPositive(100),
  listPriceFen: z.number().int().min(0).max(1_000_000_000_00).optional().nullable(),
  /** the skill a technician needs for this product (matches technicians' and outlets' skills) */
  skill: optStr(40),
  note: optStr(500),
};
export const ZProductCreate = z.strictObject(productFields);
export type TProductCreate = z.infer<typeof ZProductCreate>;
export const ZProductUpdate = z.strictObject({
  model: productFields.model.optional(),
  name: productFields.name.optional(),
  categoryId: ZId.optional(),
  warrantyMonths: productFields.warrantyMonths,
  maintenanceIntervalDays: productFields.maintenanceIntervalDays,
  designLifeYears: productFields.designLifeYears,
  listPriceFen: productFields.listPriceFen,
  skill: productFields.skill,
  note: productFields.note,
  version: ZVersionField,
});
export type TProductUpdate = z.infer<typeof ZProductUpdate>;
export const ZProductListQuery = z.strictObject({ ...listBase, categoryId: z.coerce.number().int().positive().optional() });
export type TProductListQuery = z.infer<typeof ZProductListQuery>;

export interface TProduct {
  id: number;
  model: string;
  name: string;
  categoryId: number;
  categoryCode: string;
  categoryName: string;
  /** the product's own value (null: the category's applies) */
  warrantyMonths: number | null;
  /** what applies: own value or the category's */
  effectiveWarrantyMonths: number;
  maintenanceIntervalDays: number | null;
  designLifeYears: number | null;
  listPriceFen: number | null;
  skill: string | null;
  note: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

// ---------- product units (机器档案) ----------

const ZRegion = z.string().regex(/^\d{6}$/, 'invalid_region');
const unitFields = {
  serialNo: str(60).min(1),
  productId: ZId,
  customerId: ZId,
  /** the invoice / purchase date: every 三包 period runs from it */
  purchaseDate: ZDate.optional().nullable(),
  dealer: optStr(100),
  invoiceNo: optStr(60),
  installDate: ZDate.optional().nullable(),
  /** 质量信誉卡号 */
  qualityCardNo: optStr(60),
  regionCode: ZRegion.optional().nullable(),
  address: optStr(200),
  note: optStr(500),
};
export const ZUnitCreate = z.strictObject(unitFields);
export type TUnitCreate = z.infer<typeof ZUnitCreate>;
export const ZUnitUpdate = z.strictObject({
  serialNo: unitFields.serialNo.optional(),
  productId: ZId.optional(),
  customerId: ZId.optional(),
  purchaseDate: unitFields.purchaseDate,
  dealer: unitFields.dealer,
  invoiceNo: unitFields.invoiceNo,
  installDate: unitFields.installDate,
  qualityCardNo: unitFields.qualityCardNo,
  regionCode: unitFields.regionCode,
  address: unitFields.address,
  note: unitFields.note,
  version: ZVersionField,
});
export type TUnitUpdate = z.infer<typeof ZUnitUpdate>;

export const UNIT_WARRANTY_FILTERS = ['in', 'out', 'unknown'] as const;
export const ZUnitListQuery = z.strictObject({
  ...listBase,
  customerId: z.coerce.number().int().positive().optional(),
  productId: z.coerce.number().int().positive().optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  /** in / out of warranty on today's date, or without a purchase date */
  warranty: z.enum(UNIT_WARRANTY_FILTERS).optional(),
});
export type TUnitListQuery = z.infer<typeof ZUnitListQuery>;

export const ZWarrantyQuery = z.strictObject({
  date: ZDate.optional(),
  /** whether the customer reports a performance fault (default true) */
  fault: ZQueryBool.optional(),
});
export type TWarrantyQuery = z.infer<typeof ZWarrantyQuery>;

export interface TWarrantyRules {
  warrantyMonths: number;
  returnDays: number;
  exchangeDays: number;
  noReasonReturnDays: number;
  freeRepairsBeforeExchange: number;
}

export interface TWarrantyDecision {
  inWarranty: boolean;
  warrantyEnd: string | null;
  daysSincePurchase: number | null;
  returnAllowed: boolean;
  exchangeAllowed: boolean;
  repairFree: boolean;
  exchangeDueToRepairs: boolean;
  /** message key (warranty_*) */
  reason: string;
}

export interface TUnit {
  id: number;
  serialNo: string;
  productId: number;
  productModel: string;
  productName: string;
  categoryId: number;
  categoryName: string;
  customerId: number;
  customerCode: string;
  customerName: string;
  purchaseDate: string | null;
  dealer: string | null;
  invoiceNo: string | null;
  installDate: string | null;
  qualityCardNo: string | null;
  warrantyEnd: string | null;
  regionCode: string | null;
  region: string | null;
  /** masked without pii:view */
  address: string | null;
  note: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TUnitServiceOrder {
  id: number;
  code: string;
  type: string;
  state: string;
  warranty: string;
  createdAt: string;
  completedAt: string | null;
}

export interface TUnitDetail extends TUnit {
  product: TProduct;
  category: TCategory;
  rules: TWarrantyRules;
  /** today's local date the decision is for */
  today: string;
  /** decision for a performance fault reported today */
  warranty: TWarrantyDecision;
  /** last day of the 三包 windows (null when the window is off or the purchase date unknown) */
  returnUntil: string | null;
  exchangeUntil: string | null;
  noReasonReturnUntil: string | null;
  /** completed in-warranty repairs counted towards an exchange */
  priorRepairs: number;
  serviceOrders: TUnitServiceOrder[];
}

export interface TUnitWarranty {
  unitId: number;
  date: string;
  fault: boolean;
  rules: TWarrantyRules;
  priorRepairs: number;
  decision: TWarrantyDecision;
}

/** The columns of the unit import (header texts in the template; the first column's key is the field). */
export const UNIT_IMPORT_COLUMNS = [
  { key: 'serialNo', zh: '机身序列号', en: 'Serial number', required: true },
  { key: 'productModel', zh: '产品型号', en: 'Product model', required: true },
  { key: 'customerCode', zh: '客户编号', en: 'Customer code', required: true },
  { key: 'purchaseDate', zh: '购买日期', en: 'Purchase date', required: false },
  { key: 'installDate', zh: '安装日期', en: 'Install date', required: false },
  { key: 'dealer', zh: '经销商', en: 'Dealer', required: false },
  { key: 'invoiceNo', zh: '发票号', en: 'Invoice number', required: false },
  { key: 'qualityCardNo', zh: '质量信誉卡号', en: 'Quality card number', required: false },
  { key: 'regionCode', zh: '行政区划代码', en: 'Division code', required: false },
  { key: 'address', zh: '安装地址', en: 'Installation address', required: false },
  { key: 'note', zh: '备注', en: 'Note', required: false },
] as const;
export type UnitImportField = (typeof UNIT_IMPORT_COLUMNS)[number]['key'];

export interface TUnitImportRowError {
  row: number;
  problems: { field: string; code: string; message: string }[];
}

export interface TUnitImportResult {
  imported: number;
  /** present when nothing was written */
  errors: TUnitImportRowError[];
}

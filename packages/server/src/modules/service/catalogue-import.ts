// Installed-base import (机器档案导入): one XLSX/CSV upload, every row checked, then all rows written in one
// transaction or none at all, with the bad rows and their reasons.
import ExcelJS from 'exceljs';
import { UNIT_IMPORT_COLUMNS, ZUnitCreate, type Lang, type TUnitImportResult, type TUnitImportRowError, type UnitImportField } from '@kehu/shared';
import type { Insertable } from 'kysely';
import type { ProductUnitTable } from '../../db/schema-service';
import type { AppContext } from '../../platform/context';
import { auditRow, type AuditContext } from '../../platform/audit';
import { AppError, fieldMessage, type FieldError } from '../../platform/errors';
import { inScope, requirePermission, type Principal } from '../../platform/permissions';
import { openSheet, type SheetRow } from '../customers/import-read';
import { rulesFor, warrantyEnd } from './warranty';
import { isCalendarDate } from './local-date';
import { recordUnitEvent, todayOf, unitFieldErrors } from './catalogue-service';
import * as repo from './catalogue-repo';

/** All-or-nothing in one transaction: a bigger installed base is imported in several files. */
export const UNIT_IMPORT_MAX_ROWS = 5000;

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s*＊]/g, '');

/** Column index of each field: a header may be the Chinese or English text of the template, or the field key. */
export function mapHeaders(headers: string[]): Map<UnitImportField, number> {
  const out = new Map<UnitImportField, number>();
  headers.forEach((h, i) => {
    const n = norm(h);
    const col = UNIT_IMPORT_COLUMNS.find((c) => norm(c.zh) === n || norm(c.en) === n || c.key.toLowerCase() === n);
    if (col && !out.has(col.key)) out.set(col.key, i);
  });
  return out;
}

/** 2025-3-8, 2025/03/08, 2025.3.8 and 2025年3月8日 → 2025-03-08; anything else is kept for the date check to refuse. */
export function normaliseDate(v: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(v.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : v.trim();
}

interface Candidate {
  row: number;
  serialNo: string;
  productModel: string;
  customerCode: string;
  values: Record<UnitImportField, string>;
}

async function readRows(data: Buffer, filename: string): Promise<{ headers: string[]; rows: SheetRow[] }> {
  try {
    const sheet = await openSheet(data, filename);
    const rows: SheetRow[] = [];
    for await (const r of sheet.rows) {
      rows.push(r);
      if (rows.length > UNIT_IMPORT_MAX_ROWS) break;
    }
    return { headers: sheet.headers, rows };
  } catch {
    throw new AppError(400, 'IMPORT_BAD_FILE');
  }
}

export async function importUnits(ctx: AppContext, p: Principal, file: { filename: string; data: Buffer }, lang: Lang, actx: AuditContext): Promise<TUnitImportResult> {
  requirePermission(p, 'service:create');
  const { headers, rows } = await readRows(file.data, file.filename);
  if (!headers.length || !rows.length) throw new AppError(400, 'IMPORT_EMPTY');
  if (rows.length > UNIT_IMPORT_MAX_ROWS) throw new AppError(400, 'UNIT_IMPORT_TOO_MANY_ROWS', [], { maxRows: UNIT_IMPORT_MAX_ROWS });
  const columns = mapHeaders(headers);
  const missing = UNIT_IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.key));
  if (missing.length) throw new AppError(400, 'VALIDATION_FAILED', missing.map((c) => ({ path: `columns.${c.key}`, key: 'missing_column' })));

  const candidates: Candidate[] = rows.map((r) => {
    const values = Object.fromEntries(UNIT_IMPORT_COLUMNS.map((c) => [c.key, columns.has(c.key) ? (r.cells[columns.get(c.key)!] ?? '').trim() : ''])) as Record<UnitImportField, string>;
    return { row: r.number, serialNo: values.serialNo, productModel: values.productModel, customerCode: values.customerCode, values };
  });

  // everything the rows refer to, in a few queries
  const products = new Map((await repo.productsByModels(ctx.db, [...new Set(candidates.map((c) => c.productModel).filter(Boolean))])).map((r) => [r.model, r]));
  const customers = new Map((await repo.customersByCodes(ctx.db, [...new Set(candidates.map((c) => c.customerCode).filter(Boolean))])).map((r) => [r.code, r]));
  const taken = await repo.serialsTaken(ctx.db, [...new Set(candidates.map((c) => c.serialNo).filter(Boolean))]);
  const today = todayOf(ctx);

  const errors: TUnitImportRowError[] = [];
  const good: { c: Candidate; productId: number; customerId: number; input: ReturnType<typeof ZUnitCreate.parse> }[] = [];
  const firstRowOfSerial = new Map<string, number>();
  for (const c of candidates) {
    const problems: FieldError[] = [];
    const add = (field: string, key: string, issue?: FieldError['issue']) => problems.push({ path: field, key, issue });
    const product = products.get(c.productModel);
    const customer = customers.get(c.customerCode);
    if (!c.productModel) add('productModel', 'required');
    else if (!product) add('productModel', 'unknown_product');
    else if (product.archived_at) add('productModel', 'archived_product');
    if (!c.customerCode) add('customerCode', 'required');
    else if (!customer || !inScope(p, 'customers', customer)) add('customerCode', 'unknown_customer');
    else if (customer.archived_at) add('customerCode', 'archived_customer');
    if (c.serialNo) {
      if (taken.has(c.serialNo)) add('serialNo', 'duplicate_serial');
      else if (firstRowOfSerial.has(c.serialNo)) add('serialNo', 'duplicate_in_file');
      else firstRowOfSerial.set(c.serialNo, c.row);
    }
    const v = c.values;
    const date = (s: string) => (s ? normaliseDate(s) : null);
    const raw = {
      serialNo: v.serialNo,
      productId: product?.id ?? 1,
      customerId: customer?.id ?? 1,
      purchaseDate: date(v.purchaseDate),
      installDate: date(v.installDate),
      dealer: v.dealer || null,
      invoiceNo: v.invoiceNo || null,
      qualityCardNo: v.qualityCardNo || null,
      regionCode: v.regionCode || null,
      address: v.address || null,
      note: v.note || null,
    };
    const parsed = ZUnitCreate.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const field = String(i.path[0] ?? 'row');
        if (field === 'serialNo' && !v.serialNo) add('serialNo', 'required');
        else add(field, i.message, i);
      }
    }
    // the cross-field rules on whatever parts are well-formed, so one pass shows every problem of the row
    const wellFormed = (d: string | null) => (d && isCalendarDate(d) ? d : null);
    const rules = { purchaseDate: wellFormed(raw.purchaseDate), installDate: wellFormed(raw.installDate), regionCode: raw.regionCode && /^\d{6}$/.test(raw.regionCode) ? raw.regionCode : null };
    for (const e of unitFieldErrors(rules, today)) add(e.path, e.key);
    if (problems.length) {
      errors.push({ row: c.row, problems: problems.map((pr) => ({ field: pr.path, code: pr.key, message: fieldMessage(pr, lang) })) });
    } else if (parsed.success) {
      good.push({ c, productId: product!.id, customerId: customer!.id, input: parsed.data });
    }
  }

  if (errors.length) {
    const fields = errors.slice(0, 20).flatMap((e) => e.problems.map((pr) => ({ path: `rows.${e.row}.${pr.field}`, key: pr.code })));
    throw new AppError(400, 'IMPORT_HAS_ERRORS', fields, { errorRows: errors.length, rowErrors: errors.slice(0, 1000) });
  }

  // the rules of every product used, for the warranty end
  const productRules = new Map<number, { model: string; rules: ReturnType<typeof rulesFor> }>();
  for (const id of new Set(good.map((g) => g.productId))) {
    const pr = (await repo.getProduct(ctx.db, id))!;
    const cat = (await repo.getCategory(ctx.db, pr.category_id))!;
    productRules.set(id, { model: pr.model, rules: rulesFor(cat, { warranty_months: pr.warranty_months }) });
  }

  const now = ctx.clock.now();
  const iso = now.toISOString();
  const values: Insertable<ProductUnitTable>[] = good.map(({ input, productId, customerId }) => ({
    serial_no: input.serialNo,
    product_id: productId,
    customer_id: customerId,
    purchase_date: input.purchaseDate ?? null,
    dealer: input.dealer ?? null,
    invoice_no: input.invoiceNo ?? null,
    install_date: input.installDate ?? null,
    quality_card_no: input.qualityCardNo ?? null,
    warranty_end: warrantyEnd(input.purchaseDate ?? null, productRules.get(productId)!.rules),
    region_code: input.regionCode ?? null,
    address: input.address ?? null,
    note: input.note ?? null,
    created_by: p.userId,
    created_at: iso,
    updated_at: iso,
  }));
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertUnits(trx, values);
      const bySerial = new Map(inserted.map((r) => [r.serial_no, r.id]));
      const audits = [];
      for (const v of values) {
        const id = bySerial.get(v.serial_no)!;
        const model = productRules.get(v.product_id)!.model;
        await recordUnitEvent(trx, p, { customerId: v.customer_id, unitId: id, serial: v.serial_no, model, at: now });
        audits.push(auditRow(actx, { action: 'import', entity: 'product_unit', entityId: id, summary: `${v.serial_no} ${model}`, after: v }));
      }
      for (let i = 0; i < audits.length; i += 200) await trx.insertInto('audit_log').values(audits.slice(i, i + 200)).execute();
    });
  } catch (err) {
    const code = (err as { code?: string } | null)?.code;
    // a serial registered by someone else since the check
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError(409, 'PRODUCT_UNIT_SERIAL_TAKEN');
    throw err;
  }
  return { imported: values.length, errors: [] };
}

/** An empty workbook with the column headers in the asked language, and a second sheet that explains them. */
export async function unitTemplate(p: Principal, lang: Lang): Promise<Buffer> {
  requirePermission(p, 'service:create');
  const zh = lang === 'zh-CN';
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(zh ? '机器档案' : 'Units');
  ws.columns = UNIT_IMPORT_COLUMNS.map((c) => ({ header: zh ? c.zh : c.en, key: c.key, width: Math.max(14, (zh ? c.zh.length * 2 : c.en.length) + 4) }));
  ws.getRow(1).font = { bold: true };
  // text cells, so serial numbers with leading zeros and codes stay as typed
  UNIT_IMPORT_COLUMNS.forEach((_, i) => (ws.getColumn(i + 1).numFmt = '@'));
  const help = wb.addWorksheet(zh ? '填写说明' : 'Help');
  help.columns = [
    { header: zh ? '列' : 'Column', key: 'col', width: 18 },
    { header: zh ? '必填' : 'Required', key: 'req', width: 8 },
    { header: zh ? '说明' : 'Notes', key: 'note', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  const notes: Record<UnitImportField, [string, string]> = {
    serialNo: ['唯一，不能与已登记的机器或文件中其他行重复', 'Unique, not already registered nor repeated in the file'],
    productModel: ['产品目录中的型号', 'A model of the product catalogue'],
    customerCode: ['客户编号，如 KH20260101-0001', 'The customer code, e.g. KH20260101-0001'],
    purchaseDate: ['YYYY-MM-DD；三包期限从购买（发票）日期起算', 'YYYY-MM-DD; the 三包 periods run from the purchase (invoice) date'],
    installDate: ['YYYY-MM-DD，不早于购买日期', 'YYYY-MM-DD, not before the purchase date'],
    dealer: ['', ''],
    invoiceNo: ['', ''],
    qualityCardNo: ['', ''],
    regionCode: ['6 位行政区划代码，如 330106', 'Six-digit division code, e.g. 330106'],
    address: ['', ''],
    note: ['', ''],
  };
  for (const c of UNIT_IMPORT_COLUMNS) help.addRow({ col: zh ? c.zh : c.en, req: c.required ? (zh ? '是' : 'yes') : '', note: notes[c.key][zh ? 0 : 1] });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

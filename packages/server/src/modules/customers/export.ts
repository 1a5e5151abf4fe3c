// Streamed XLSX export of the filtered customer list: needs customers:export, applies scope and masking, audited.
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { LIFECYCLE_LABELS, type Lang, type TCustomerListQuery } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { can, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { maskEmail, maskIdNumber, maskPhone } from '../../platform/masking';
import { regionFullName } from '../../platform/regions';
import { XlsxWriter } from '../../platform/xlsx-writer';
import { tryReadWorker, type ReadWorker } from '../../db/read-worker';
import * as repo from './repo';
import { toFilter } from './service';

type L = Record<Lang, string>;

export const EXPORT_COLUMNS: { header: L; key: string; width: number }[] = [
  { header: { 'zh-CN': '客户编号', 'en-US': 'Code' }, key: 'code', width: 18 },
  { header: { 'zh-CN': '客户类型', 'en-US': 'Type' }, key: 'type', width: 10 },
  { header: { 'zh-CN': '客户名称', 'en-US': 'Name' }, key: 'name', width: 30 },
  { header: { 'zh-CN': '简称', 'en-US': 'Short name' }, key: 'shortName', width: 14 },
  { header: { 'zh-CN': '电话', 'en-US': 'Phone' }, key: 'phone', width: 16 },
  { header: { 'zh-CN': '电子邮箱', 'en-US': 'E-mail' }, key: 'email', width: 22 },
  { header: { 'zh-CN': '统一社会信用代码', 'en-US': 'Unified social credit code' }, key: 'creditCode', width: 22 },
  { header: { 'zh-CN': '身份证号', 'en-US': 'ID number' }, key: 'idNumber', width: 22 },
  { header: { 'zh-CN': '生命周期', 'en-US': 'Lifecycle state' }, key: 'lifecycleState', width: 12 },
  { header: { 'zh-CN': '客户等级', 'en-US': 'Grade' }, key: 'grade', width: 10 },
  { header: { 'zh-CN': '客户来源', 'en-US': 'Source' }, key: 'source', width: 12 },
  { header: { 'zh-CN': '所在地区', 'en-US': 'Region' }, key: 'region', width: 24 },
  { header: { 'zh-CN': '负责人', 'en-US': 'Owner' }, key: 'ownerName', width: 12 },
  { header: { 'zh-CN': '所属团队', 'en-US': 'Team' }, key: 'teamName', width: 14 },
  { header: { 'zh-CN': '建档时间', 'en-US': 'Created at' }, key: 'createdAt', width: 20 },
];

const TYPE_LABELS: Record<'enterprise' | 'individual', L> = {
  enterprise: { 'zh-CN': '企业', 'en-US': 'Enterprise' },
  individual: { 'zh-CN': '个人/家庭', 'en-US': 'Individual / household' },
};

/** The customer list (客户清单) as a streamed XLSX in the reader's language: headers, types, states and list entries. */
export async function exportCustomers(ctx: AppContext, p: Principal, query: TCustomerListQuery, lang: Lang, reply: FastifyReply, actx: AuditContext) {
  requirePermission(p, 'customers:export');
  const reveal = can(p, 'pii:view');
  const filter = toFilter(query);
  const scope = scopeFilter(p, 'customers');
  const labelsOf = async (type: string) => new Map((await ctx.dictionaries.items(type)).map((i) => [i.code, lang === 'en-US' ? i.labelEn : i.labelZh]));
  const grades = await labelsOf('grade');
  const sources = await labelsOf('source');
  const states: Record<string, string> = LIFECYCLE_LABELS[lang];

  const stream = new PassThrough();
  const columns = EXPORT_COLUMNS.map((c) => ({ header: c.header[lang], key: c.key, width: c.width }));
  const xlsx = new XlsxWriter(stream, { sheetName: lang === 'en-US' ? 'Customers' : '客户', columns, now: ctx.clock.now() });
  const stamp = ctx.clock.now().toISOString().slice(0, 10).replace(/-/g, '');
  const file = lang === 'en-US' ? `customers-${stamp}.xlsx` : `客户清单-${stamp}.xlsx`;
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file)}`);
  void (async () => {
    let count = 0;
    // SQLite: the rows are read by a worker thread while this one writes the XLSX (see db/read-worker.ts)
    const dbFile = ctx.database.sqliteFile;
    let reader: ReadWorker | undefined;
    try {
      if (dbFile && dbFile !== ':memory:') reader = tryReadWorker(dbFile);
      await xlsx.start();
      for await (const rows of repo.iterateCustomers(ctx.db, filter, scope, { reader })) {
        for (const r of rows) {
          await xlsx.row([
            r.code,
            TYPE_LABELS[r.type]?.[lang] ?? r.type,
            r.name,
            r.short_name,
            reveal ? r.phone : maskPhone(r.phone),
            reveal ? r.email : maskEmail(r.email),
            r.credit_code,
            reveal ? r.id_number : maskIdNumber(r.id_number),
            states[r.lifecycle_state] ?? r.lifecycle_state,
            r.grade ? (grades.get(r.grade) ?? r.grade) : null,
            r.source ? (sources.get(r.source) ?? r.source) : null,
            regionFullName(r.province_code, r.city_code, r.district_code),
            r.owner_name,
            r.team_name,
            r.created_at,
          ]);
          count++;
        }
      }
      await xlsx.end();
      await audit(ctx.db, actx, { action: 'export', entity: 'customer', summary: `${count} rows; unmasked=${reveal}`, after: { filter: query, rows: count } });
    } catch (err) {
      stream.destroy(err as Error);
    } finally {
      await reader?.close();
    }
  })();
  return reply.send(stream);
}

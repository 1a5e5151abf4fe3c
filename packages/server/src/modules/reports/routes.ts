// Reports: 客户地址分类表 (tool 09) — customers counted by province → city → district, drillable, exportable.
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { authorize } from '../../platform/auth';
import { audit, auditContext } from '../../platform/audit';
import { scopeFilter, requirePermission, type Principal } from '../../platform/permissions';
import { regionName } from '../../platform/regions';
import { scopeCondition } from '../customers/repo';
import { requestLang } from '../../platform/errors';
import type { Lang } from '@kehu/shared';

const ZQuery = z.object({
  provinceCode: z.string().regex(/^\d{6}$/).optional(),
  cityCode: z.string().regex(/^\d{6}$/).optional(),
});
/** the workbook in the reader's language (default Accept-Language); place names stay as the national list has them */
const ZExportQuery = ZQuery.extend({ lang: z.enum(['zh-CN', 'en-US']).optional() });

const SHEET: Record<Lang, { title: string; headers: string[]; total: string; file: string }> = {
  'zh-CN': { title: '客户地址分类表', headers: ['地区代码', '地区', '客户数', '企业客户', '个人/家庭客户', '占比'], total: '合计', file: '客户地址分类表.xlsx' },
  'en-US': {
    title: 'Customers by region',
    headers: ['Region code', 'Region', 'Customers', 'Enterprises', 'Individuals / households', 'Share'],
    total: 'Total',
    file: 'customers-by-region.xlsx',
  },
};

export interface AddressReportRow {
  code: string | null;
  name: string;
  customers: number;
  enterprises: number;
  individuals: number;
}

export async function addressReport(ctx: AppContext, p: Principal, q: z.infer<typeof ZQuery>) {
  requirePermission(p, 'customers:read');
  const level = q.cityCode ? 'district_code' : q.provinceCode ? 'city_code' : 'province_code';
  const scope = scopeFilter(p, 'customers');
  let query = ctx.db
    .selectFrom('customers')
    .select([
      `customers.${level} as code` as 'customers.province_code as code',
      (eb) => eb.fn.countAll<number>().as('customers'),
      sql<number>`sum(case when customers.type = 'enterprise' then 1 else 0 end)`.as('enterprises'),
      sql<number>`sum(case when customers.type = 'individual' then 1 else 0 end)`.as('individuals'),
    ])
    .where((eb) => scopeCondition(eb, scope))
    .where('customers.archived_at', 'is', null);
  if (q.provinceCode) query = query.where('customers.province_code', '=', q.provinceCode);
  if (q.cityCode) query = query.where('customers.city_code', '=', q.cityCode);
  const rows = await query.groupBy(`customers.${level}` as 'customers.province_code').execute();
  const items: AddressReportRow[] = rows
    .map((r) => ({
      code: r.code,
      name: r.code ? (regionName(r.code) ?? r.code) : '未填地址',
      customers: Number(r.customers),
      enterprises: Number(r.enterprises),
      individuals: Number(r.individuals),
    }))
    .sort((a, b) => b.customers - a.customers);
  return {
    level: level.replace('_code', ''),
    parent: q.cityCode ?? q.provinceCode ?? null,
    parentName: regionName(q.cityCode ?? q.provinceCode) ?? null,
    total: items.reduce((s, r) => s + r.customers, 0),
    items,
  };
}

export function reportRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/reports/customer-addresses', { schema: { querystring: ZQuery, tags: ['reports'], summary: '客户地址分类表' } }, async (req) =>
    addressReport(ctx, authorize(req, 'customers:read'), req.query as z.infer<typeof ZQuery>),
  );

  app.get('/api/v1/reports/customer-addresses.xlsx', { schema: { querystring: ZExportQuery, tags: ['reports'] } }, async (req, reply) => {
    const p = authorize(req, 'customers:export');
    const { lang: asked, ...q } = req.query as z.infer<typeof ZExportQuery>;
    const lang = asked ?? requestLang(req);
    const t = SHEET[lang];
    const report = await addressReport(ctx, p, q);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(t.title);
    ws.addRow([`${t.title}${report.parentName ? ' — ' + report.parentName : ''}`]);
    ws.addRow(t.headers);
    for (const r of report.items) {
      const name = r.code ? r.name : lang === 'en-US' ? 'No address' : r.name;
      ws.addRow([r.code, name, r.customers, r.enterprises, r.individuals, report.total ? Math.round((r.customers / report.total) * 10000) / 100 + '%' : '']);
    }
    ws.addRow(['', t.total, report.total]);
    ws.columns.forEach((c, i) => (c.width = [12, 20, 10, 10, 14, 10][i]));
    const buf = await wb.xlsx.writeBuffer();
    await audit(ctx.db, auditContext(req, ctx.clock.now()), { action: 'export', entity: 'report', summary: 'customer-addresses', after: q });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(t.file)}`);
    return reply.send(Buffer.from(buf));
  });
}

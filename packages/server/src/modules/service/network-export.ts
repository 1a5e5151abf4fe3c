// The 售后服务中心网点表 (tool 30) as a streamed XLSX of the filtered outlet list, in the reader's language. Audited.
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { SKILL_DICTIONARY, type Lang, type TOutletListQuery } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { requirePermission, type Principal } from '../../platform/permissions';
import { XlsxWriter } from '../../platform/xlsx-writer';
import * as repo from './network-repo';
import { divisionLabel, isCertified, networkToday, toOutletFilter } from './network-service';

type L = Record<Lang, string>;

export const OUTLET_EXPORT_COLUMNS: { header: L; width: number }[] = [
  { header: { 'zh-CN': '网点编号', 'en-US': 'Outlet code' }, width: 14 },
  { header: { 'zh-CN': '网点名称', 'en-US': 'Outlet name' }, width: 28 },
  { header: { 'zh-CN': '类别', 'en-US': 'Kind' }, width: 14 },
  { header: { 'zh-CN': '级别', 'en-US': 'Level' }, width: 8 },
  { header: { 'zh-CN': '所属省/市/区县', 'en-US': 'Province / city / county' }, width: 24 },
  { header: { 'zh-CN': '地址', 'en-US': 'Address' }, width: 30 },
  { header: { 'zh-CN': '负责人', 'en-US': 'Manager' }, width: 10 },
  { header: { 'zh-CN': '电话', 'en-US': 'Phone' }, width: 16 },
  { header: { 'zh-CN': '传真', 'en-US': 'Fax' }, width: 16 },
  { header: { 'zh-CN': 'E-mail', 'en-US': 'E-mail' }, width: 22 },
  { header: { 'zh-CN': '服务类型', 'en-US': 'Service types' }, width: 24 },
  { header: { 'zh-CN': '服务产品线（技能）', 'en-US': 'Product lines (skills)' }, width: 24 },
  { header: { 'zh-CN': '服务覆盖区域', 'en-US': 'Coverage' }, width: 40 },
  { header: { 'zh-CN': '技术人员数', 'en-US': 'Technicians' }, width: 10 },
  { header: { 'zh-CN': '持证人数', 'en-US': 'Certified' }, width: 10 },
  { header: { 'zh-CN': '备件库存额（元）', 'en-US': 'Parts stock value (CNY)' }, width: 14 },
  { header: { 'zh-CN': '日接单能力', 'en-US': 'Daily capacity' }, width: 10 },
  { header: { 'zh-CN': '营业时间', 'en-US': 'Opening hours' }, width: 18 },
  { header: { 'zh-CN': '授权起始日期', 'en-US': 'Authorised from' }, width: 12 },
  { header: { 'zh-CN': '授权截止日期', 'en-US': 'Authorised to' }, width: 12 },
  { header: { 'zh-CN': '年度考核等级', 'en-US': 'Annual grade' }, width: 10 },
  { header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 8 },
  { header: { 'zh-CN': '备注', 'en-US': 'Note' }, width: 30 },
];

const KINDS: Record<string, L> = {
  own: { 'zh-CN': '自营服务中心', 'en-US': 'Own service centre' },
  special: { 'zh-CN': '特约维修站', 'en-US': 'Special repair station' },
  authorised: { 'zh-CN': '授权服务商', 'en-US': 'Authorised provider' },
};
const SERVICE_TYPES: Record<string, L> = {
  install: { 'zh-CN': '安装', 'en-US': 'Installation' },
  repair: { 'zh-CN': '维修', 'en-US': 'Repair' },
  maintenance: { 'zh-CN': '保养', 'en-US': 'Maintenance' },
  inspection: { 'zh-CN': '巡检', 'en-US': 'Inspection' },
  consult: { 'zh-CN': '咨询', 'en-US': 'Consultation' },
  return: { 'zh-CN': '退换', 'en-US': 'Return / exchange' },
};
const REGION_TYPES: Record<string, L> = {
  urban: { 'zh-CN': '市区', 'en-US': 'urban' },
  suburban: { 'zh-CN': '郊县', 'en-US': 'suburban' },
  remote: { 'zh-CN': '偏远', 'en-US': 'remote' },
};
const STATUS: Record<'live' | 'archived', L> = {
  live: { 'zh-CN': '正常', 'en-US': 'Active' },
  archived: { 'zh-CN': '停用', 'en-US': 'Archived' },
};

const parse = (json: string | null): unknown[] => {
  try {
    const v: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
};

export async function exportOutlets(ctx: AppContext, p: Principal, query: TOutletListQuery, lang: Lang, reply: FastifyReply, actx: AuditContext) {
  requirePermission(p, 'service:read');
  const filter = toOutletFilter(query);
  const today = networkToday(ctx);
  const skills = new Map((await ctx.dictionaries.items(SKILL_DICTIONARY)).map((i) => [i.code, lang === 'en-US' ? i.labelEn : i.labelZh]));
  const sep = lang === 'en-US' ? ', ' : '、';
  const label = (m: Record<string, L>, v: string) => m[v]?.[lang] ?? v;

  const stream = new PassThrough();
  const sheetName = lang === 'en-US' ? 'Service outlets' : '售后服务中心网点表';
  const xlsx = new XlsxWriter(stream, { sheetName, columns: OUTLET_EXPORT_COLUMNS.map((c) => ({ header: c.header[lang], width: c.width })), now: ctx.clock.now() });
  const stamp = today.replace(/-/g, '');
  const file = lang === 'en-US' ? `service-outlets-${stamp}.xlsx` : `售后服务中心网点表-${stamp}.xlsx`;
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file)}`);
  void (async () => {
    let count = 0;
    try {
      await xlsx.start();
      for await (const rows of repo.iterateOutlets(ctx.db, filter)) {
        const ids = rows.map((r) => Number(r.id));
        const [regions, techs, stock] = await Promise.all([repo.regionsOf(ctx.db, ids), repo.techniciansOfOutlets(ctx.db, ids), repo.stockValues(ctx.db, ids)]);
        for (const r of rows) {
          const id = Number(r.id);
          const staff = techs.filter((t) => Number(t.outlet_id) === id && t.active && !t.disabled);
          const certified = staff.filter((t) => isCertified(parse(t.certificates) as { validUntil?: string | null; name: string }[], today)).length;
          const coverage = regions
            .filter((g) => Number(g.outlet_id) === id)
            .map((g) => (lang === 'en-US' ? `${divisionLabel(g.region_code) ?? g.region_code} (${label(REGION_TYPES, g.region_type)})` : `${divisionLabel(g.region_code) ?? g.region_code}（${label(REGION_TYPES, g.region_type)}）`))
            .join(sep);
          await xlsx.row([
            r.code,
            r.name,
            label(KINDS, r.kind),
            r.level,
            divisionLabel(r.region_code),
            r.address,
            r.manager,
            r.phone,
            r.fax,
            r.email,
            (parse(r.service_types) as string[]).map((t) => label(SERVICE_TYPES, t)).join(sep),
            (parse(r.skills) as string[]).map((s) => skills.get(s) ?? s).join(sep),
            coverage,
            staff.length,
            certified,
            (stock.get(id) ?? 0) / 100,
            r.daily_capacity,
            r.opening_hours,
            r.authorised_from,
            r.authorised_to,
            r.annual_grade,
            STATUS[r.archived_at ? 'archived' : 'live'][lang],
            r.note,
          ]);
          count++;
        }
      }
      await xlsx.end();
      await audit(ctx.db, actx, { action: 'export', entity: 'outlet', summary: `${count} rows`, after: { filter: query, rows: count } });
    } catch (err) {
      stream.destroy(err as Error);
    }
  })();
  return reply.send(stream);
}

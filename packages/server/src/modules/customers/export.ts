// Streamed XLSX export of the filtered customer list: needs customers:export, applies scope and masking, audited.
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { TCustomerListQuery } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { can, requirePermission, scopeFilter, type Principal } from '../../platform/permissions';
import { maskEmail, maskIdNumber, maskPhone } from '../../platform/masking';
import { regionFullName } from '../../platform/regions';
import { XlsxWriter } from '../../platform/xlsx-writer';
import * as repo from './repo';
import { toFilter } from './service';

export const EXPORT_COLUMNS = [
  { header: '客户编号', key: 'code', width: 18 },
  { header: '客户类型', key: 'type', width: 10 },
  { header: '客户名称', key: 'name', width: 30 },
  { header: '简称', key: 'shortName', width: 14 },
  { header: '电话', key: 'phone', width: 16 },
  { header: '电子邮箱', key: 'email', width: 22 },
  { header: '统一社会信用代码', key: 'creditCode', width: 22 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '生命周期', key: 'lifecycleState', width: 12 },
  { header: '客户等级', key: 'grade', width: 10 },
  { header: '客户来源', key: 'source', width: 12 },
  { header: '所在地区', key: 'region', width: 24 },
  { header: '负责人', key: 'ownerName', width: 12 },
  { header: '所属团队', key: 'teamName', width: 14 },
  { header: '建档时间', key: 'createdAt', width: 20 },
];

export async function exportCustomers(ctx: AppContext, p: Principal, query: TCustomerListQuery, reply: FastifyReply, actx: AuditContext) {
  requirePermission(p, 'customers:export');
  const reveal = can(p, 'pii:view');
  const filter = toFilter(query);
  const scope = scopeFilter(p, 'customers');
  const typeLabel = { enterprise: '企业', individual: '个人/家庭' } as const;
  const grades = new Map((await ctx.dictionaries.items('grade')).map((i) => [i.code, i.labelZh]));
  const sources = new Map((await ctx.dictionaries.items('source')).map((i) => [i.code, i.labelZh]));

  const stream = new PassThrough();
  const xlsx = new XlsxWriter(stream, { sheetName: '客户', columns: EXPORT_COLUMNS, now: ctx.clock.now() });
  const stamp = ctx.clock.now().toISOString().slice(0, 10).replace(/-/g, '');
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`客户清单-${stamp}.xlsx`)}`);
  void (async () => {
    let count = 0;
    try {
      await xlsx.start();
      for await (const rows of repo.iterateCustomers(ctx.db, filter, scope)) {
        for (const r of rows) {
          await xlsx.row([
            r.code,
            typeLabel[r.type],
            r.name,
            r.short_name,
            reveal ? r.phone : maskPhone(r.phone),
            reveal ? r.email : maskEmail(r.email),
            r.credit_code,
            reveal ? r.id_number : maskIdNumber(r.id_number),
            r.lifecycle_state,
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
    }
  })();
  return reply.send(stream);
}

// Permission matrix: each built-in role × each customer route × a record in and out of its data scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, type DataScope } from '@kehu/shared';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { makeEnterprise } from '../../test/factories';

type Whose = 'mine' | 'teammate' | 'otherDept';

/** Whether a record owned by `whose` lies in a data scope (written out here, independent of the server's rule). */
const visible: Record<DataScope, Record<Whose, boolean>> = {
  own: { mine: true, teammate: false, otherDept: false },
  team: { mine: true, teammate: true, otherDept: false },
  department: { mine: true, teammate: true, otherDept: false },
  all: { mine: true, teammate: true, otherDept: true },
};

interface RouteCase {
  name: string;
  perm: string;
  /** 'record' routes act on one customer and answer 404 out of scope */
  call(c: Client, id: number, h: Harness): Promise<{ statusCode: number; body: string }>;
  ok: number;
}

const versionOf = async (h: Harness, id: number) => (await h.admin.get(`/api/v1/customers/${id}`)).json().version as number;

const recordRoutes: RouteCase[] = [
  { name: 'GET /customers/:id', perm: 'customers:read', ok: 200, call: (c, id) => c.get(`/api/v1/customers/${id}`) },
  { name: 'GET /customers/:id?reveal=true', perm: 'customers:read+pii:view', ok: 200, call: (c, id) => c.get(`/api/v1/customers/${id}?reveal=true`) },
  { name: 'GET /customers/:id/timeline', perm: 'customers:read', ok: 200, call: (c, id) => c.get(`/api/v1/customers/${id}/timeline`) },
  { name: 'GET /customers/:id/grade-history', perm: 'customers:read', ok: 200, call: (c, id) => c.get(`/api/v1/customers/${id}/grade-history`) },
  { name: 'GET /customers/:id/attachments', perm: 'customers:read', ok: 200, call: (c, id) => c.get(`/api/v1/customers/${id}/attachments`) },
  { name: 'PATCH /customers/:id', perm: 'customers:update', ok: 200, call: async (c, id, h) => c.patch(`/api/v1/customers/${id}`, { version: await versionOf(h, id), note: `改 ${c.username}` }) },
  { name: 'POST /customers/:id/notes', perm: 'customers:update', ok: 201, call: (c, id) => c.post(`/api/v1/customers/${id}/notes`, { body: '回访记录' }) },
  { name: 'POST /customers/:id/contacts', perm: 'customers:update', ok: 201, call: (c, id) => c.post(`/api/v1/customers/${id}/contacts`, { name: '赵六' }) },
  { name: 'POST /customers/:id/grade', perm: 'customers:grade', ok: 200, call: async (c, id, h) => c.post(`/api/v1/customers/${id}/grade`, { grade: 'A', reason: '年采购额上升', version: await versionOf(h, id) }) },
  {
    name: 'POST /customers/:id/archive',
    perm: 'customers:archive',
    ok: 200,
    call: async (c, id, h) => {
      const res = await c.post(`/api/v1/customers/${id}/archive`, { version: await versionOf(h, id) });
      if (res.statusCode === 200) await h.admin.post(`/api/v1/customers/${id}/restore`, { version: await versionOf(h, id) });
      return res;
    },
  },
  {
    name: 'POST /customers/:id/merge',
    perm: 'customers:merge',
    ok: 200,
    call: async (c, id, h) => {
      // the source belongs to the same owner as the target, so both lie on the same side of the scope
      const target = (await h.admin.get(`/api/v1/customers/${id}`)).json();
      const src = (await h.admin.post('/api/v1/customers', { ...makeEnterprise(), ownerId: target.ownerId, confirmDuplicate: true })).json();
      return c.post(`/api/v1/customers/${id}/merge`, { sourceId: src.id, version: target.version });
    },
  },
];

describe.each(testDatabases())('customer permission matrix on %s', (kind) => {
  let h: Harness;
  const clients = new Map<string, Client>();
  const teammate = new Map<string, number>();
  let otherDeptOwner = 0;

  beforeAll(async () => {
    h = await createHarness(kind);
    const deptA = await h.unit('华东销售部', 'department');
    const teamA = await h.unit('杭州一组', 'team', deptA);
    const deptB = await h.unit('华北销售部', 'department');
    const teamB = await h.unit('北京一组', 'team', deptB);
    for (const r of BUILT_IN_ROLES) {
      clients.set(r.code, await h.user(`u_${r.code}`, [r.code], teamA));
      teammate.set(r.code, (await h.user(`mate_${r.code}`, ['account_manager'], teamA)).userId);
    }
    otherDeptOwner = (await h.user('north', ['account_manager'], teamB)).userId;
  });
  afterAll(async () => {
    await h?.close();
  });

  const ownerFor = (role: string, whose: Whose) => (whose === 'mine' ? clients.get(role)!.userId : whose === 'teammate' ? teammate.get(role)! : otherDeptOwner);
  const newRecord = async (role: string, whose: Whose) => {
    const res = await h.admin.post('/api/v1/customers', { ...makeEnterprise(), ownerId: ownerFor(role, whose), confirmDuplicate: true });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; name: string };
  };

  for (const role of BUILT_IN_ROLES) {
    const has = (perm: string) => perm.split('+').every((p) => (role.permissions as string[]).includes(p));
    const scope = role.scopes.customers ?? 'own';

    for (const whose of ['mine', 'teammate', 'otherDept'] as Whose[]) {
      it(`${role.code} (${scope}) on a record of ${whose}: every record route`, async () => {
        const c = clients.get(role.code)!;
        const rec = await newRecord(role.code, whose);
        for (const route of recordRoutes) {
          const res = await route.call(c, rec.id, h);
          const want = !has(route.perm) ? 403 : visible[scope][whose] ? route.ok : 404;
          expect(res.statusCode, `${role.code} ${route.name} on ${whose}: ${res.body}`).toBe(want);
        }
      });

      it(`${role.code} (${scope}) on a record of ${whose}: list and search`, async () => {
        const c = clients.get(role.code)!;
        const rec = await newRecord(role.code, whose);
        const res = await c.get(`/api/v1/customers?q=${encodeURIComponent(rec.name)}`);
        if (!has('customers:read')) return expect(res.statusCode).toBe(403);
        expect(res.statusCode, res.body).toBe(200);
        const ids = res.json().items.map((i: { id: number }) => i.id);
        expect(ids.includes(rec.id), `${role.code} list ${whose}`).toBe(visible[scope][whose]);
      });
    }

    it(`${role.code}: create, export and purge follow the role's permissions`, async () => {
      const c = clients.get(role.code)!;
      const created = await c.post('/api/v1/customers', { ...makeEnterprise(), confirmDuplicate: true });
      expect(created.statusCode, created.body).toBe(has('customers:create') ? 201 : 403);
      const exp = await c.get('/api/v1/customers/export.xlsx');
      expect(exp.statusCode).toBe(has('customers:export') ? 200 : 403);
      const victim = await newRecord(role.code, 'mine');
      const purge = await c.post(`/api/v1/customers/${victim.id}/purge`, { reason: '个人信息删除请求' });
      expect(purge.statusCode, purge.body).toBe(has('admin:purge') ? 200 : 403);
    });

    it(`${role.code}: cannot hand a new customer to an owner outside its scope`, async () => {
      if (!has('customers:create')) return;
      const c = clients.get(role.code)!;
      const res = await c.post('/api/v1/customers', { ...makeEnterprise(), ownerId: otherDeptOwner, confirmDuplicate: true });
      expect(res.statusCode, res.body).toBe(visible[scope].otherDept ? 201 : 400);
      if (res.statusCode === 400) expect(res.json().errors[0].path).toBe('ownerId');
    });
  }

  it('exports only the records inside the exporter’s scope', async () => {
    const sup = clients.get('supervisor')!;
    const inside = await newRecord('supervisor', 'teammate');
    const outside = await newRecord('supervisor', 'otherDept');
    const res = await sup.get('/api/v1/customers/export.xlsx');
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const names = new Set<string>();
    wb.worksheets[0].eachRow((row) => row.eachCell((cell) => names.add(String(cell.value))));
    expect(names.has(inside.name)).toBe(true);
    expect(names.has(outside.name)).toBe(false);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createCustomer } from '../../test/service-factories';
import { assertTechnicianFits } from './dispatch';
import type { AppError } from '../../platform/errors';

const BASE = '/api/v1/service';
const EN = { 'accept-language': 'en-US' };

const outletBody = (code: string, over: Record<string, unknown> = {}) => ({
  code,
  name: `${code} 服务中心`,
  kind: 'own',
  level: 'A',
  regionCode: '330106',
  address: '文三路 100 号',
  manager: '王建国',
  phone: '0571-88886666',
  fax: '0571-88886667',
  email: 'hz@example.com',
  serviceTypes: ['install', 'repair', 'maintenance'],
  skills: ['aircon'],
  dailyCapacity: 30,
  openingHours: '08:30–17:30',
  authorisedFrom: '2026-01-01',
  authorisedTo: '2027-12-31',
  annualGrade: '优秀',
  note: '华东区旗舰站',
  regions: [
    { regionCode: '330106', regionType: 'urban' },
    { regionCode: '330100', regionType: 'suburban' },
  ],
  ...over,
});

describe.each(testDatabases())('service network API on %s', (kind) => {
  let h: Harness;
  let manager: Client; // 售后服务主管: service:network and service:dispatch
  let agent: Client; // 客服专员: service:read + service:dispatch, not service:network
  let outsider: Client; // 客户经理: no service permission
  let techUser: Client; // a user holding the technician role
  let customerId: number;
  let orderNo = 0;

  beforeAll(async () => {
    // Sunday 2026-11-22 10:00 in Beijing
    h = await createHarness(kind, { now: new Date('2026-11-22T02:00:00Z') });
    manager = await h.user('svc_mgr', ['service_manager']);
    agent = await h.user('svc_agent', ['service_agent']);
    outsider = await h.user('am_li', ['account_manager']);
    techUser = await h.user('tech_zhou', ['technician']);
    customerId = await createCustomer(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.kehu.ctx.db;
  const put = (c: Client, url: string, body: unknown, headers: Record<string, string> = {}) =>
    c.raw({ method: 'PUT', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  const create = async (code: string, over: Record<string, unknown> = {}) => {
    const res = await manager.post(`${BASE}/outlets`, outletBody(code, over));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const countOutlets = async () => Number((await db().selectFrom('outlets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  /** a service order straight in the table (owner = technician) */
  const order = async (ownerId: number | null, outletId: number | null, state: string, appointmentFrom: string | null) => {
    const now = h.clock.now().toISOString();
    await db()
      .insertInto('service_orders')
      .values({
        code: `SO-NET-${kind}-${++orderNo}`,
        type: 'repair',
        mode: 'onsite',
        channel: 'phone',
        priority: 'normal',
        state,
        customer_id: customerId,
        description: '空调不制冷',
        tier: 'standard',
        warranty: 'in',
        sla: '{}',
        outlet_id: outletId,
        owner_id: ownerId,
        appointment_from: appointmentFrom,
        created_at: now,
        updated_at: now,
      })
      .execute();
  };
  const technician = async (username: string, outletId: number, skills: string[], over: Record<string, unknown> = {}) => {
    const c = await h.user(username, ['technician']);
    const res = await put(manager, `${BASE}/technicians/${c.userId}`, { outletId, skills, certificates: [], dailyCapacity: 6, ...over });
    expect(res.statusCode, res.body).toBe(200);
    return c;
  };

  // ---------- outlets ----------

  describe('outlets', () => {
    it('creates an outlet with its coverage and reads it back', async () => {
      const o = await create('HZ001');
      expect(o).toMatchObject({
        code: 'HZ001',
        kind: 'own',
        region: '浙江省杭州市西湖区',
        serviceTypes: ['install', 'repair', 'maintenance'],
        skills: ['aircon'],
        dailyCapacity: 30,
        authorisedTo: '2027-12-31',
        version: 1,
        technicianCount: 0,
      });
      expect(o.regions).toEqual([
        { regionCode: '330100', regionType: 'suburban', region: '浙江省杭州市' },
        { regionCode: '330106', regionType: 'urban', region: '浙江省杭州市西湖区' },
      ]);
      const detail = (await agent.get(`${BASE}/outlets/${o.id}`)).json();
      expect(detail).toMatchObject({ id: o.id, loadToday: 0, technicians: [] });
      const auditRow = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'outlet').where('entity_id', '=', String(o.id)).executeTakeFirst();
      expect(auditRow?.action).toBe('create');
    });

    it('lists with filters and paging', async () => {
      await create('NB001', { name: '宁波海曙特约站', kind: 'special', regionCode: '330203', serviceTypes: ['repair'], regions: [{ regionCode: '330200', regionType: 'urban' }] });
      await create('BJ001', { name: '北京东城授权站', kind: 'authorised', regionCode: '110101', serviceTypes: ['install'], regions: [{ regionCode: '110000', regionType: 'urban' }] });
      const codes = async (qs: string) => ((await agent.get(`${BASE}/outlets?${qs}`)).json().items as { code: string }[]).map((i) => i.code);
      expect(await codes('')).toEqual(['BJ001', 'HZ001', 'NB001']);
      expect(await codes('q=海曙')).toEqual(['NB001']);
      expect(await codes('kind=authorised')).toEqual(['BJ001']);
      expect(await codes('serviceType=repair')).toEqual(['HZ001', 'NB001']);
      // a province finds outlets covering any part of it; a county finds outlets covering it or a level above
      expect(await codes('regionCode=330000')).toEqual(['HZ001', 'NB001']);
      expect(await codes('regionCode=330102')).toEqual(['HZ001']);
      expect(await codes('regionCode=110105')).toEqual(['BJ001']);
      const page = (await agent.get(`${BASE}/outlets?pageSize=2&page=2&sort=-code`)).json();
      expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.items.map((i: { code: string }) => i.code)).toEqual(['BJ001']);
      expect((await agent.get(`${BASE}/outlets?sort=bogus`)).statusCode).toBe(400);
    });

    it('refuses bad input with localised field errors and writes nothing', async () => {
      const before = await countOutlets();
      const res = await manager.post(
        `${BASE}/outlets`,
        outletBody('BAD 1', { regions: [{ regionCode: '330106' }, { regionCode: '12' }], serviceTypes: [], email: 'not-mail' }),
        EN,
      );
      expect(res.statusCode).toBe(400);
      const paths = (res.json().errors as { path: string }[]).map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['code', 'regions.1.regionCode', 'serviceTypes', 'email']));
      expect(res.json().errors.find((e: { path: string }) => e.path === 'code').message).toBe('An outlet code has only letters, digits and . _ -');

      const semantic = await manager.post(
        `${BASE}/outlets`,
        outletBody('HZ009', {
          regionCode: '999999',
          orgUnitId: 999999,
          authorisedFrom: '2026-06-01',
          authorisedTo: '2026-05-31',
          regions: [{ regionCode: '330106' }, { regionCode: '330106', regionType: 'remote' }, { regionCode: '339999' }],
        }),
      );
      expect(semantic.statusCode).toBe(400);
      const byPath = Object.fromEntries((semantic.json().errors as { path: string; code: string; message: string }[]).map((e) => [e.path, e]));
      expect(byPath.regionCode.code).toBe('invalid_region');
      expect(byPath.orgUnitId.code).toBe('unknown_org_unit');
      expect(byPath.authorisedTo.message).toBe('授权截止日期不能早于起始日期');
      expect(byPath['regions.1.regionCode'].code).toBe('duplicate_region');
      expect(byPath['regions.2.regionCode'].code).toBe('invalid_region');

      const dup = await manager.post(`${BASE}/outlets`, outletBody('HZ001'));
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('OUTLET_CODE_TAKEN');
      expect(await countOutlets()).toBe(before);
    });

    it('needs service:network to write and service:read to read', async () => {
      const o = (await agent.get(`${BASE}/outlets?q=HZ001`)).json().items[0];
      expect((await agent.post(`${BASE}/outlets`, outletBody('AG001'))).statusCode).toBe(403);
      expect((await agent.patch(`${BASE}/outlets/${o.id}`, { name: 'x', version: o.version })).statusCode).toBe(403);
      expect((await agent.post(`${BASE}/outlets/${o.id}/archive`, { version: o.version })).statusCode).toBe(403);
      expect((await outsider.get(`${BASE}/outlets`)).statusCode).toBe(403);
      expect((await outsider.get(`${BASE}/outlets/${o.id}`)).statusCode).toBe(403);
      expect((await outsider.get(`${BASE}/outlets/export.xlsx`)).statusCode).toBe(403);
      expect((await techUser.get(`${BASE}/outlets`)).statusCode).toBe(200);
      expect((await agent.get(`${BASE}/outlets/999999`)).json().code).toBe('OUTLET_NOT_FOUND');
    });

    it('updates with the version, replaces the coverage, and refuses a stale version', async () => {
      const o = (await agent.get(`${BASE}/outlets?q=HZ001`)).json().items[0];
      const team = await h.unit('杭州西湖服务站', 'team');
      const res = await manager.patch(`${BASE}/outlets/${o.id}`, {
        name: '杭州西湖服务中心',
        orgUnitId: team,
        note: '',
        regions: [{ regionCode: '330106', regionType: 'urban' }, { regionCode: '330102', regionType: 'suburban' }],
        version: o.version,
      });
      expect(res.statusCode, res.body).toBe(200);
      const after = res.json();
      expect(after).toMatchObject({ name: '杭州西湖服务中心', orgUnitId: team, orgUnitName: '杭州西湖服务站', note: null, version: o.version + 1 });
      expect(after.regions.map((g: { regionCode: string }) => g.regionCode)).toEqual(['330102', '330106']);

      const stale = await manager.patch(`${BASE}/outlets/${o.id}`, { name: '过期', version: o.version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');
      expect((await agent.get(`${BASE}/outlets/${o.id}`)).json().name).toBe('杭州西湖服务中心');

      // the period is checked as it will be: moving only the start past the end is refused
      const period = await manager.patch(`${BASE}/outlets/${o.id}`, { authorisedFrom: '2028-01-01', version: after.version });
      expect(period.statusCode).toBe(400);
      expect(period.json().errors[0].path).toBe('authorisedTo');

      const audits = await db().selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'outlet').where('entity_id', '=', String(o.id)).where('action', '=', 'update').execute();
      expect(audits).toHaveLength(1);
      expect(JSON.parse(audits[0]!.before!).name).toBe('HZ001 服务中心');
    });

    it('archives and restores; an archived outlet is hidden and read-only; open orders block archiving', async () => {
      let o = await create('TMP01', { regions: [] });
      await order(null, o.id, 'dispatched', null);
      const blocked = await manager.post(`${BASE}/outlets/${o.id}/archive`, { version: o.version });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json()).toMatchObject({ code: 'OUTLET_HAS_OPEN_ORDERS', openOrders: 1 });
      await db().updateTable('service_orders').set({ state: 'completed' }).where('outlet_id', '=', o.id).execute();

      const archived = await manager.post(`${BASE}/outlets/${o.id}/archive`, { version: o.version });
      expect(archived.statusCode, archived.body).toBe(200);
      o = archived.json();
      expect(o.archivedAt).toBeTruthy();
      expect((await agent.get(`${BASE}/outlets?q=TMP01`)).json().total).toBe(0);
      expect((await agent.get(`${BASE}/outlets?q=TMP01&archived=true`)).json().total).toBe(1);
      const edit = await manager.patch(`${BASE}/outlets/${o.id}`, { name: 'x', version: o.version });
      expect(edit.json().code).toBe('OUTLET_ARCHIVED');
      const restored = await manager.post(`${BASE}/outlets/${o.id}/restore`, { version: o.version });
      expect(restored.statusCode).toBe(200);
      expect(restored.json().archivedAt).toBeNull();
      expect((await manager.post(`${BASE}/outlets/${o.id}/restore`, { version: o.version })).statusCode).toBe(409);
    });
  });

  // ---------- technicians ----------

  describe('technicians', () => {
    it('keeps a profile only for users holding the technician role', async () => {
      const o = (await agent.get(`${BASE}/outlets?q=NB001`)).json().items[0];
      const notTech = await put(manager, `${BASE}/technicians/${agent.userId}`, { outletId: o.id }, EN);
      expect(notTech.statusCode).toBe(400);
      expect(notTech.json().code).toBe('NOT_A_TECHNICIAN');
      expect(notTech.json().title).toMatch(/technician role/);
      expect((await put(manager, `${BASE}/technicians/999999`, { outletId: o.id })).statusCode).toBe(404);
      expect((await put(agent, `${BASE}/technicians/${techUser.userId}`, { outletId: o.id })).statusCode).toBe(403);

      // before a profile: listed only on request, readable as an empty profile
      const unprofiled = (await agent.get(`${BASE}/technicians?includeUnprofiled=true&q=tech_zhou`)).json();
      expect(unprofiled.items).toEqual([expect.objectContaining({ userId: techUser.userId, hasProfile: false, version: null })]);
      expect((await agent.get(`${BASE}/technicians?q=tech_zhou`)).json().total).toBe(0);
      expect((await agent.get(`${BASE}/technicians/${techUser.userId}`)).json().hasProfile).toBe(false);
      expect((await agent.get(`${BASE}/technicians/${agent.userId}`)).json().code).toBe('TECHNICIAN_NOT_FOUND');

      const bad = await put(manager, `${BASE}/technicians/${techUser.userId}`, { outletId: 999999, skills: ['air con'], certificates: [{ name: '', validUntil: '2026-02-30' }] });
      expect(bad.statusCode).toBe(400);
      expect((bad.json().errors as { path: string }[]).map((e) => e.path)).toEqual(expect.arrayContaining(['skills.0', 'certificates.0.name', 'certificates.0.validUntil']));
      const noOutlet = await put(manager, `${BASE}/technicians/${techUser.userId}`, { outletId: 999999 });
      expect(noOutlet.json().errors[0]).toMatchObject({ path: 'outletId', code: 'unknown_outlet' });

      const created = await put(manager, `${BASE}/technicians/${techUser.userId}`, {
        outletId: o.id,
        skills: ['aircon', 'boiler'],
        certificates: [
          { name: '制冷与空调作业操作证', number: 'T330106001', validUntil: '2028-06-30' },
          { name: '电工证', validUntil: '2025-01-01' },
        ],
        dailyCapacity: 8,
      });
      expect(created.statusCode, created.body).toBe(200);
      const t = created.json();
      expect(t).toMatchObject({ hasProfile: true, outletId: o.id, outletCode: 'NB001', skills: ['aircon', 'boiler'], dailyCapacity: 8, active: true, version: 1, loadToday: 0 });
      expect(t.certificates[1]).toEqual({ name: '电工证', number: null, validUntil: '2025-01-01' });
      const outlet = (await agent.get(`${BASE}/outlets/${o.id}`)).json();
      expect(outlet).toMatchObject({ technicianCount: 1, certifiedCount: 1 });
      expect(outlet.technicians.map((x: { userId: number }) => x.userId)).toEqual([techUser.userId]);

      const noVersion = await put(manager, `${BASE}/technicians/${techUser.userId}`, { outletId: o.id });
      expect(noVersion.statusCode).toBe(400);
      const updated = await put(manager, `${BASE}/technicians/${techUser.userId}`, { outletId: o.id, skills: ['aircon'], active: false, version: 1 });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ active: false, version: 2, skills: ['aircon'] });
      const stale = await put(manager, `${BASE}/technicians/${techUser.userId}`, { outletId: o.id, version: 1 });
      expect(stale.statusCode).toBe(409);
      const audits = await db().selectFrom('audit_log').select('action').where('entity', '=', 'technician').where('entity_id', '=', String(techUser.userId)).orderBy('id').execute();
      expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
      // an inactive technician is no longer counted at the outlet
      expect((await agent.get(`${BASE}/outlets/${o.id}`)).json().technicianCount).toBe(0);
    });

    it('lists technicians with filters and today’s load', async () => {
      const o = await create('LOAD1', { regions: [{ regionCode: '330203', regionType: 'urban' }] });
      const a = await technician('tech_load_a', o.id, ['aircon']);
      const b = await technician('tech_load_b', o.id, ['boiler']);
      // today in Beijing is 2026-11-22: booked today (02:00 UTC = 10:00), not booked, booked tomorrow, done
      await order(a.userId, o.id, 'scheduled', '2026-11-22T06:00:00.000Z');
      await order(a.userId, o.id, 'received', null);
      await order(a.userId, o.id, 'scheduled', '2026-11-22T16:30:00.000Z');
      await order(a.userId, o.id, 'completed', null);
      // 2026-11-21 23:30 Beijing time is yesterday
      await order(b.userId, o.id, 'scheduled', '2026-11-21T15:30:00.000Z');
      const list = (await agent.get(`${BASE}/technicians?outletId=${o.id}`)).json();
      expect(list.total).toBe(2);
      const load = Object.fromEntries(list.items.map((t: { username: string; loadToday: number }) => [t.username, t.loadToday]));
      expect(load).toEqual({ tech_load_a: 2, tech_load_b: 0 });
      expect((await agent.get(`${BASE}/technicians?outletId=${o.id}&skill=boiler`)).json().items.map((t: { username: string }) => t.username)).toEqual(['tech_load_b']);
      expect((await agent.get(`${BASE}/technicians?q=load_a`)).json().total).toBe(1);
      const detail = (await agent.get(`${BASE}/outlets/${o.id}`)).json();
      expect(detail.loadToday).toBe(2);
      expect(detail.technicians.find((t: { userId: number }) => t.userId === a.userId).loadToday).toBe(2);
      expect((await outsider.get(`${BASE}/technicians`)).statusCode).toBe(403);
    });
  });

  // ---------- dispatch ----------

  describe('dispatch proposal', () => {
    let county: { id: number; version: number };
    let city: { id: number };
    let province: { id: number };
    const propose = async (qs: string, c: Client = agent) => {
      const res = await c.get(`${BASE}/dispatch-proposal?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      province = await create('ZJ-P', { kind: 'authorised', serviceTypes: ['repair', 'install'], regions: [{ regionCode: '440000', regionType: 'remote' }] });
      city = await create('ZJ-C', { kind: 'special', serviceTypes: ['repair', 'install'], regions: [{ regionCode: '440300', regionType: 'suburban' }] });
      county = await create('ZJ-D', { serviceTypes: ['repair'], regions: [{ regionCode: '440305', regionType: 'urban' }] });
    });

    it('picks the longest coverage match: county, then city, then province', async () => {
      let p = await propose('regionCode=440305&serviceType=repair');
      expect(p.outlet).toMatchObject({ id: county.id, code: 'ZJ-D', matchedRegion: '440305', regionType: 'urban' });
      expect(p.alternatives.map((a: { id: number }) => a.id)).toEqual([city.id, province.id]);
      expect(p.regionType).toBe('urban');
      p = await propose('regionCode=440304&serviceType=repair');
      expect(p.outlet).toMatchObject({ id: city.id, matchedRegion: '440300', regionType: 'suburban' });
      expect(p.regionType).toBe('suburban');
      p = await propose('regionCode=440106&serviceType=repair');
      expect(p.outlet).toMatchObject({ id: province.id, matchedRegion: '440000', regionType: 'remote' });
      p = await propose('regionCode=650102&serviceType=repair');
      expect(p).toMatchObject({ outlet: null, alternatives: [], technicians: [], regionType: 'urban' });
      p = await propose('serviceType=repair');
      expect(p.outlet).toBeNull();
    });

    it('skips an outlet not offering the service type, archived, or no longer authorised', async () => {
      // the county outlet does not install
      expect((await propose('regionCode=440305&serviceType=install')).outlet.id).toBe(city.id);

      const current = (await agent.get(`${BASE}/outlets/${county.id}`)).json();
      const expired = await manager.patch(`${BASE}/outlets/${county.id}`, { authorisedFrom: '2025-01-01', authorisedTo: '2026-11-21', version: current.version });
      expect(expired.statusCode, expired.body).toBe(200);
      expect((await propose('regionCode=440305&serviceType=repair')).outlet.id).toBe(city.id);
      const notYet = await manager.patch(`${BASE}/outlets/${county.id}`, { authorisedFrom: '2026-11-23', authorisedTo: null, version: expired.json().version });
      expect((await propose('regionCode=440305&serviceType=repair')).outlet.id).toBe(city.id);
      // the last day of the authorisation still counts
      const lastDay = await manager.patch(`${BASE}/outlets/${county.id}`, { authorisedFrom: null, authorisedTo: '2026-11-22', version: notYet.json().version });
      expect((await propose('regionCode=440305&serviceType=repair')).outlet.id).toBe(county.id);

      const archived = await manager.post(`${BASE}/outlets/${county.id}/archive`, { version: lastDay.json().version });
      expect(archived.statusCode).toBe(200);
      const p = await propose('regionCode=440305&serviceType=repair');
      expect(p.outlet.id).toBe(city.id);
      expect(p.alternatives.map((a: { id: number }) => a.id)).toEqual([province.id]);
      const restored = await manager.post(`${BASE}/outlets/${county.id}/restore`, { version: archived.json().version });
      county = restored.json();
      expect((await propose('regionCode=440305&serviceType=repair')).outlet.id).toBe(county.id);
    });

    it('ranks the technicians: skill first, then load today, then capacity left, then name', async () => {
      const busy = await technician('tech_d_busy', county.id, ['aircon'], { dailyCapacity: 6 });
      const free = await technician('tech_d_free', county.id, ['aircon'], { dailyCapacity: 4 });
      const roomy = await technician('tech_d_roomy', county.id, ['aircon', 'boiler'], { dailyCapacity: 10 });
      const boiler = await technician('tech_d_boiler', county.id, ['boiler']);
      await technician('tech_d_off', county.id, ['aircon'], { active: false });
      await order(busy.userId, county.id, 'dispatched', null);
      await order(busy.userId, county.id, 'in_service', '2026-11-22T01:00:00.000Z');
      await order(busy.userId, county.id, 'closed', null);
      await order(roomy.userId, county.id, 'scheduled', '2026-11-22T08:00:00.000Z');
      await order(free.userId, county.id, 'scheduled', '2026-11-22T08:00:00.000Z');

      let p = await propose('regionCode=440305&serviceType=repair&skill=aircon');
      expect(p.technicians).toEqual([
        { userId: roomy.userId, name: 'tech_d_roomy', skills: ['aircon', 'boiler'], load: 1, capacity: 10, hasSkill: true },
        { userId: free.userId, name: 'tech_d_free', skills: ['aircon'], load: 1, capacity: 4, hasSkill: true },
        { userId: busy.userId, name: 'tech_d_busy', skills: ['aircon'], load: 2, capacity: 6, hasSkill: true },
        { userId: boiler.userId, name: 'tech_d_boiler', skills: ['boiler'], load: 0, capacity: 6, hasSkill: false },
      ]);
      // without a skill: load first
      p = await propose('regionCode=440305&serviceType=repair');
      expect(p.technicians.map((t: { userId: number }) => t.userId)).toEqual([boiler.userId, roomy.userId, free.userId, busy.userId]);
      // another outlet chosen by hand: its technicians, even when it does not cover the region
      const nb = (await agent.get(`${BASE}/outlets?q=LOAD1`)).json().items[0];
      p = await propose(`regionCode=440305&serviceType=repair&skill=aircon&outletId=${nb.id}`);
      expect(p.outlet).toMatchObject({ id: nb.id, matchedRegion: '' });
      expect(p.regionType).toBe('urban');
      expect(p.alternatives.map((a: { id: number }) => a.id)).toEqual([county.id, city.id, province.id]);
      expect(p.technicians.map((t: { name: string }) => t.name)).toEqual(['tech_load_a', 'tech_load_b']);
      p = await propose(`regionCode=440304&serviceType=repair&outletId=${province.id}`);
      expect(p.outlet).toMatchObject({ id: province.id, matchedRegion: '440000', regionType: 'remote' });
      expect(p.regionType).toBe('remote');
    });

    it('needs service:dispatch and valid query fields', async () => {
      expect((await techUser.get(`${BASE}/dispatch-proposal?serviceType=repair`)).statusCode).toBe(403);
      expect((await agent.get(`${BASE}/dispatch-proposal?serviceType=fly`)).statusCode).toBe(400);
      expect((await agent.get(`${BASE}/dispatch-proposal?serviceType=repair&regionCode=33`)).statusCode).toBe(400);
    });

    it('assertTechnicianFits refuses a technician of another outlet, an inactive one, or one lacking the skill', async () => {
      const fits = (technicianId: number, outletId: number, skill: string | null) => assertTechnicianFits(db(), { outletId, technicianId, skill });
      const codeOf = async (p: Promise<void>) => {
        try {
          await p;
          return 'ok';
        } catch (err) {
          expect((err as AppError).status).toBe(400);
          return (err as AppError).code;
        }
      };
      const techs = (await agent.get(`${BASE}/technicians?outletId=${county.id}`)).json().items as { userId: number; username: string }[];
      const id = (u: string) => techs.find((t) => t.username === u)!.userId;
      expect(await codeOf(fits(id('tech_d_free'), county.id, 'aircon'))).toBe('ok');
      expect(await codeOf(fits(id('tech_d_free'), county.id, null))).toBe('ok');
      expect(await codeOf(fits(id('tech_d_boiler'), county.id, 'aircon'))).toBe('TECHNICIAN_SKILL_MISSING');
      expect(await codeOf(fits(id('tech_d_free'), city.id, 'aircon'))).toBe('TECHNICIAN_NOT_IN_OUTLET');
      expect(await codeOf(fits(agent.userId, county.id, null))).toBe('TECHNICIAN_NOT_IN_OUTLET');
      expect(await codeOf(fits(id('tech_d_off'), county.id, 'aircon'))).toBe('TECHNICIAN_INACTIVE');
      // a disabled account counts as inactive
      await db().updateTable('users').set({ disabled: 1 }).where('id', '=', id('tech_d_free')).execute();
      expect(await codeOf(fits(id('tech_d_free'), county.id, 'aircon'))).toBe('TECHNICIAN_INACTIVE');
      const p = await propose('regionCode=440305&serviceType=repair&skill=aircon');
      expect(p.technicians.map((t: { name: string }) => t.name)).not.toContain('tech_d_free');
      await db().updateTable('users').set({ disabled: 0 }).where('id', '=', id('tech_d_free')).execute();
    });
  });

  // ---------- export ----------

  it('exports the 售后服务中心网点表 as a readable XLSX', async () => {
    const res = await agent.get(`${BASE}/outlets/export.xlsx?q=ZJ-`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('售后服务中心网点表-20261122.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('售后服务中心网点表');
    const rows = ws.getSheetValues().slice(1) as unknown[][];
    const header = rows[0]!.slice(1);
    expect(header.slice(0, 5)).toEqual(['网点编号', '网点名称', '类别', '级别', '所属省/市/区县']);
    expect(rows).toHaveLength(4);
    const col = (name: string) => header.indexOf(name) + 1;
    const d = rows.find((r) => r[1] === 'ZJ-D')!;
    expect(d[col('类别')]).toBe('自营服务中心');
    expect(d[col('服务覆盖区域')]).toBe('广东省深圳市南山区（市区）');
    expect(d[col('服务类型')]).toBe('维修');
    expect(d[col('服务产品线（技能）')]).toBe('空调');
    expect(d[col('技术人员数')]).toBe(4);
    expect(d[col('状态')]).toBe('正常');
    expect(rows.find((r) => r[1] === 'ZJ-P')![col('类别')]).toBe('授权服务商');

    const en = await agent.get(`${BASE}/outlets/export.xlsx?q=ZJ-D&lang=en-US`);
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    const enRows = wbEn.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
    expect(enRows[0]![1]).toBe('Outlet code');
    expect(enRows[1]![3]).toBe('Own service centre');
    // the audit row is written once the stream has ended (the second export's may land first)
    await vi.waitFor(async () => {
      const exported = await db().selectFrom('audit_log').select('summary').where('entity', '=', 'outlet').where('action', '=', 'export').orderBy('id').execute();
      expect(exported.map((e) => e.summary).sort()).toEqual(['1 rows', '3 rows']);
    });
  });
});

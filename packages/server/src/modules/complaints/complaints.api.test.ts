import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { TEST_ADMIN_PASSWORD, testDatabases } from '../../test/db';
import { createCustomer } from '../../test/service-factories';
import { scanComplaints } from './scan';

const BASE = '/api/v1/complaints';
const EN = { 'accept-language': 'en-US' };
const ZH = { 'accept-language': 'zh-CN' };
const H = 3_600_000;

describe.each(testDatabases())('complaints: intake, life cycle, deadlines, escalation (%s)', (kind) => {
  let h: Harness;
  let agent: Client; // 客服专员: takes, classifies, assigns, handles
  let handler: Client; // a second agent who is given the case
  let supervisor: Client; // level 2 of the ladder (客户主管)
  let boss: Client; // level 3 (管理层)
  let tech: Client; // no complaint permission
  let am: Client; // 客户经理: complaints:read/create, scope own
  let deptId: number;
  let customerId: number;
  let vipId: number;

  const logins = async () => {
    agent = await h.login('agent1', 'Passw0rd!');
    handler = await h.login('handler1', 'Passw0rd!');
    supervisor = await h.login('sup1', 'Passw0rd!');
    boss = await h.login('boss1', 'Passw0rd!');
    am = await h.login('am1', 'Passw0rd!');
    h.admin = await h.login('admin', TEST_ADMIN_PASSWORD);
  };
  const moveClock = async (to: Date) => {
    h.clock.set(to);
    await logins();
  };
  const intake = async (c: Client, over: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    c.post(BASE, { customerId, channel: 'phone', complainantName: '王先生', complainantPhone: '13900001111', content: '空调安装后漏水，地板泡坏了', demands: ['repair', 'compensation'], ...over }, headers);
  const act = (c: Client, id: number, body: Record<string, unknown>, headers?: Record<string, string>) => c.post(`${BASE}/${id}/transitions`, body, headers);
  const ok = async (c: Client, id: number, body: Record<string, unknown>) => {
    const res = await act(c, id, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const count = async () => Number((await h.kehu.ctx.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    // Monday 2026-11-23 10:00 in Beijing
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z') });
    deptId = await h.unit('客服部', 'department');
    const otherDept = await h.unit('销售部', 'department');
    agent = await h.user('agent1', ['service_agent'], deptId);
    handler = await h.user('handler1', ['service_agent'], deptId);
    supervisor = await h.user('sup1', ['supervisor'], otherDept);
    boss = await h.user('boss1', ['management']);
    tech = await h.user('tech1', ['technician']);
    am = await h.user('am1', ['account_manager']);
    customerId = await createCustomer(h, { name: '杭州西湖商贸有限公司' });
    vipId = await createCustomer(h, { name: '宁波甬江集团有限公司', serviceTier: 'vip' });
  });
  afterAll(() => h.close());

  it('takes a complaint in and walks it through the whole life cycle to closure', async () => {
    const res = await intake(agent, { category: 'installation' });
    expect(res.statusCode, res.body).toBe(201);
    let c = res.json();
    expect(c.code).toMatch(/^TS\d{8}-\d{4}$/);
    expect(c).toMatchObject({ state: 'received', severity: 'minor', level: 1, channel: 'phone', demands: ['repair', 'compensation'], customer: { id: customerId } });
    // minor: reply within 24 h (calendar), resolution within 3 working days (§3.11)
    expect(c.due.reply).toBe('2026-11-24T02:00:00.000Z');
    expect(c.due.nextKind).toBe('reply');
    expect(c.actions).toEqual(expect.arrayContaining(['classify', 'escalate']));

    c = await ok(agent, c.id, { action: 'classify', version: c.version, category: 'installation', severity: 'major', temperament: 'irritable' });
    expect(c).toMatchObject({ state: 'classified', severity: 'major', temperament: 'irritable' });
    // major: reply 4 h
    expect(c.due.reply).toBe('2026-11-23T06:00:00.000Z');

    // assigning needs a department and somebody who may handle complaints
    const bad = await act(agent, c.id, { action: 'assign', version: c.version, departmentId: deptId, ownerId: tech.userId }, EN);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'ownerId', message: 'This user may not handle complaints' });
    c = await ok(agent, c.id, { action: 'assign', version: c.version, departmentId: deptId, ownerId: handler.userId });
    expect(c).toMatchObject({ state: 'assigned', owner: { id: handler.userId }, handler: { id: handler.userId }, department: { id: deptId } });

    c = await ok(handler, c.id, { action: 'accept', version: c.version });
    expect(c.state).toBe('investigating');

    // the first reply stops the reply clock
    const r = await handler.post(`${BASE}/${c.id}/replies`, { text: '王先生您好，非常抱歉给您带来不便，我们已安排师傅明天上门。' });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
    expect(c.times.firstReply).toBe(h.clock.now().toISOString());
    expect(c.due.nextKind).toBe('resolve');
    expect(c.events.at(-1)).toMatchObject({ action: 'reply', data: { text: expect.stringContaining('非常抱歉'), emailed: false } });

    c = await ok(handler, c.id, { action: 'propose', version: c.version, solutionKind: 'repair', solution: '免费重新安装排水管并赔偿地板清洁费 200 元', rootCause: 'service_failure' });
    c = await ok(handler, c.id, { action: 'accept_solution', version: c.version });
    expect(c.state).toBe('resolving');

    // resolving without saying how: refused, nothing written
    const empty = await act(handler, c.id, { action: 'resolve', version: c.version }, ZH);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toMatchObject({ path: 'resolution', message: '结案前必须填写处理结果' });
    c = await ok(handler, c.id, { action: 'resolve', version: c.version, resolution: '已重新安装并赔付 200 元', compensationFen: 20000 });
    expect(c).toMatchObject({ state: 'resolved', validity: 'valid', compensationFen: 20000 });
    expect(c.due.next).toBeNull();

    // confirming for the customer needs a reason; nothing is written without one
    const noReason = await act(handler, c.id, { action: 'confirm', version: c.version, confirmation: 'satisfied' }, EN);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ path: 'confirmReason', message: expect.stringContaining('on behalf of the customer') });
    expect((await handler.get(`${BASE}/${c.id}`)).json().version).toBe(c.version);
    c = await ok(handler, c.id, { action: 'confirm', version: c.version, confirmation: 'satisfied', confirmReason: '客户电话确认' });
    expect(c).toMatchObject({ state: 'confirmed', confirmation: 'satisfied', confirmedBy: 'agent' });

    c = await ok(handler, c.id, { action: 'visit', version: c.version, visitResult: '客户表示满意，地板已干', visitRating: 5, wonBack: true });
    // closing is the desk's (complaints:assign) and records the on-time flag
    c = await ok(agent, c.id, { action: 'close', version: c.version });
    expect(c).toMatchObject({ state: 'closed', onTime: true, wonBack: true, visitRating: 5 });
    expect(c.actions).toEqual(['reopen']);
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(['create', 'classify', 'assign', 'accept', 'reply', 'propose', 'accept_solution', 'resolve', 'confirm', 'visit', 'close']);

    // the customer's timeline shows the complaint
    const tl = await h.admin.get(`/api/v1/customers/${customerId}/timeline?pageSize=50`);
    expect(tl.json().items.some((e: { type: string; data: { code: string } }) => e.type === 'complaint' && e.data?.code === c.code)).toBe(true);
  });

  it('refuses what the state machine, permissions and versions do not allow, writing nothing', async () => {
    const c = (await intake(agent)).json();
    // a closed-only action in the wrong state
    const wrong = await act(agent, c.id, { action: 'close', version: c.version }, EN);
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('COMPLAINT_STATE_INVALID');
    // stale version
    await ok(agent, c.id, { action: 'classify', version: c.version, category: 'quality' });
    const stale = await act(agent, c.id, { action: 'classify', version: c.version, category: 'price' });
    expect(stale.statusCode).toBe(409);
    expect((await agent.get(`${BASE}/${c.id}`)).json().category).toBe('quality');
    // no permission at all
    expect((await tech.get(BASE)).statusCode).toBe(403);
    expect((await intake(tech)).statusCode).toBe(403);
    // bad input: a localised field problem, no row
    const before = await count();
    const res = await intake(agent, { content: '', channel: 'carrier-pigeon' }, EN);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'content']);
    const unknownCustomer = await intake(agent, { customerId: 999999 }, ZH);
    expect(unknownCustomer.statusCode).toBe(400);
    expect(unknownCustomer.json().errors[0].message).toBe('客户不存在或不在您的数据范围内');
    expect(await count()).toBe(before);
  });

  it('opens a customer file on the spot and never half-writes', async () => {
    const res = await intake(agent, { customerId: null, newCustomer: { type: 'individual', name: '赵女士' }, complainantName: '赵女士', complainantPhone: '13700002222' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.customer.name).toBe('赵女士');
    // both at once is refused
    const both = await intake(agent, { newCustomer: { type: 'individual', name: '钱先生' } }, EN);
    expect(both.statusCode).toBe(400);
    const found = await h.admin.get('/api/v1/customers?q=钱先生');
    expect(found.json().total).toBe(0);
  });

  it('makes a retried intake with the same Idempotency-Key one complaint', async () => {
    const before = await count();
    const key = { 'idempotency-key': 'crm-sync-0001' };
    const [a, b] = [await intake(agent, {}, key), await intake(agent, {}, key)];
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(await count()).toBe(before + 1);
    // the same key with another body is a mistake of the client
    const other = await intake(agent, { content: '另一件事' }, key);
    expect(other.statusCode).toBe(422);
    expect(await count()).toBe(before + 1);
  });

  it('puts VIP complaints first with halved targets', async () => {
    const vip = (await intake(agent, { customerId: vipId, severity: 'major' })).json();
    expect(vip).toMatchObject({ vip: true, tier: 'vip', priority: 5 });
    // major × VIP 0.5: first reply within 2 h
    expect(new Date(vip.due.reply).getTime() - new Date(vip.times.received).getTime()).toBe(2 * H);
    const list = (await agent.get(`${BASE}?state=open&pageSize=200`)).json();
    expect(list.items[0]).toMatchObject({ id: vip.id, vip: true });
    expect(list.items.every((x: { state: string }) => x.state !== 'closed')).toBe(true);
    // one search box: the complaint number, the complainant's phone, the customer's name or its pinyin initials
    const ids = async (q: string) => (await agent.get(`${BASE}?q=${encodeURIComponent(q)}&pageSize=200`)).json().items.map((x: { id: number }) => x.id);
    expect(await ids(vip.code)).toEqual([vip.id]);
    expect(await ids(vip.code.toLowerCase())).toEqual([vip.id]);
    expect(await ids('宁波甬江')).toEqual([vip.id]);
    expect(await ids('nbyj')).toEqual([vip.id]);
    expect((await ids('13900001111')).length).toBeGreaterThan(1);
    expect(await ids('TS00000000-0000')).toEqual([]);
  });

  it('warns the handler, then escalates on breach 1 → 2 → 3 with each level’s owner, once', async () => {
    await moveClock(new Date('2026-11-23T02:00:00Z'));
    let c = (await intake(agent, { severity: 'critical', category: 'quality' })).json();
    c = await ok(agent, c.id, { action: 'classify', version: c.version, category: 'quality', severity: 'critical' });
    c = await ok(agent, c.id, { action: 'assign', version: c.version, departmentId: deptId, ownerId: handler.userId });
    // critical: reply within 2 h; the warning at 80 % (96 min)
    expect(c.due.reply).toBe('2026-11-23T04:00:00.000Z');
    expect(c.due.warnAt).toBe('2026-11-23T03:36:00.000Z');

    await moveClock(new Date('2026-11-23T03:40:00Z'));
    // (other open complaints of this file may fall due as well: counts are at least, never twice)
    const first = await scanComplaints(h.kehu.ctx, h.clock.now());
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect(first.escalated).toBe(0);
    expect((await scanComplaints(h.kehu.ctx, h.clock.now())).warned).toBe(0);
    const notes = (await handler.get('/api/v1/notifications', EN)).json().items;
    expect(notes.map((n: { title: string }) => n.title)).toContain(`Complaint deadline near: ${c.code}`);

    // the reply deadline passes unanswered: level 2, the supervisor owns it now
    await moveClock(new Date('2026-11-23T04:01:00Z'));
    expect((await scanComplaints(h.kehu.ctx, h.clock.now())).escalated).toBeGreaterThanOrEqual(1);
    expect((await scanComplaints(h.kehu.ctx, h.clock.now())).escalated).toBe(0);
    c = (await agent.get(`${BASE}/${c.id}`)).json();
    expect(c).toMatchObject({ level: 2, owner: { id: supervisor.userId }, handler: { id: handler.userId }, escalations: 1 });
    // the next step up comes with the earlier of the resolution deadline (one working day from receipt) and level 2's window
    expect(c.due.nextKind).toBe('resolve');
    expect(c.due.level).toBe('2026-11-24T04:00:00.000Z'); // 12:01 is lunch: 13:00–17:30 and 08:30–12:00
    expect(c.events.at(-1)).toMatchObject({ action: 'escalate', data: { auto: true, kind: 'reply', level: 2 } });
    const supNotes = (await supervisor.get('/api/v1/notifications', ZH)).json().items;
    expect(supNotes.map((n: { title: string }) => n.title)).toContain(`投诉超时，已自动升级至 2 级：${c.code}`);
    // the supervisor sees it although the case's department is not theirs: they own it
    expect((await supervisor.get(`${BASE}/${c.id}`)).statusCode).toBe(200);

    // the resolution deadline passes at level 2: level 3, management
    await moveClock(new Date(new Date(c.due.next).getTime() + 60_000));
    expect((await scanComplaints(h.kehu.ctx, h.clock.now())).escalated).toBeGreaterThanOrEqual(1);
    c = (await agent.get(`${BASE}/${c.id}`)).json();
    expect(c).toMatchObject({ level: 3, owner: { id: boss.userId } });
    expect(c.actions).not.toContain('escalate');
    const top = await act(agent, c.id, { action: 'escalate', version: c.version, reason: '客户要求' }, EN);
    expect(top.statusCode).toBe(409);
    expect(top.json().code).toBe('COMPLAINT_TOP_LEVEL');
  });

  it('escalates by hand with a reason, and a customer’s re-complaint reopens and escalates', async () => {
    await moveClock(new Date('2026-11-25T02:00:00Z'));
    let c = (await intake(agent)).json();
    const noReason = await act(agent, c.id, { action: 'escalate', version: c.version }, EN);
    expect(noReason.statusCode).toBe(400);
    c = await ok(agent, c.id, { action: 'escalate', version: c.version, reason: '客户要求主管处理' });
    expect(c).toMatchObject({ level: 2, owner: { id: supervisor.userId }, state: 'received' });

    let d = (await intake(agent)).json();
    d = await ok(agent, d.id, { action: 'classify', version: d.version, category: 'price' });
    d = await ok(agent, d.id, { action: 'assign', version: d.version, departmentId: deptId, ownerId: handler.userId });
    d = await ok(handler, d.id, { action: 'accept', version: d.version });
    d = await ok(handler, d.id, { action: 'invalidate', version: d.version, invalidReason: '价格为合同约定，已向客户解释' });
    expect(d).toMatchObject({ state: 'invalid', validity: 'invalid' });
    d = await ok(agent, d.id, { action: 'reopen', version: d.version, reason: '客户再次来电投诉' });
    expect(d).toMatchObject({ state: 'investigating', reopenCount: 1, level: 2, validity: null });
  });

  it('lets only the handler, the desk or the action’s owner change corrective actions', async () => {
    // a custom role that may handle complaints but not run the desk
    const now = h.clock.now().toISOString();
    const role = await h.kehu.ctx.db
      .insertInto('roles')
      .values({ code: 'complaint_handler', name_zh: '投诉处理员', name_en: 'Complaint handler', permissions: JSON.stringify(['complaints:read', 'complaints:handle']), scopes: JSON.stringify({ complaints: 'all' }), built_in: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await h.user('handler2', []);
    await h.kehu.ctx.db.insertInto('user_roles').values({ user_id: other.userId, role_id: role.id }).execute();
    const outsider = await h.login('handler2', 'Passw0rd!');
    let c = (await intake(agent)).json();
    c = await ok(agent, c.id, { action: 'classify', version: c.version, category: 'quality' });
    c = await ok(agent, c.id, { action: 'assign', version: c.version, departmentId: deptId, ownerId: handler.userId });
    const denied = await outsider.post(`${BASE}/${c.id}/corrective-actions`, { kind: 'corrective', description: '加强安装培训' }, EN);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('COMPLAINT_NOT_OWNER');
    // the handler gives the action to that colleague, who may then record it done
    const added = await handler.post(`${BASE}/${c.id}/corrective-actions`, { kind: 'preventive', description: '更新安装作业指导书', ownerId: outsider.userId, dueDate: '2026-12-31' });
    expect(added.statusCode, added.body).toBe(201);
    const action = added.json().correctiveActions[0];
    const done = await outsider.patch(`${BASE}/${c.id}/corrective-actions/${action.id}`, { version: action.version, done: true, verification: '已发布新版' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().correctiveActions[0]).toMatchObject({ verification: '已发布新版', doneAt: expect.any(String) });
    // but not move its due date, hand it on or reword it
    const after = done.json().correctiveActions[0];
    for (const change of [{ dueDate: '2027-03-31' }, { ownerId: handler.userId }, { description: '不做了' }]) {
      const res = await outsider.patch(`${BASE}/${c.id}/corrective-actions/${action.id}`, { version: after.version, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(403);
    }
    const row = await h.kehu.ctx.db.selectFrom('complaint_actions').selectAll().where('id', '=', action.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ due_date: '2026-12-31', description: '更新安装作业指导书', version: after.version });
  });

  it('applies the data scope: own records only for a customer manager, in SQL and on read', async () => {
    await moveClock(new Date('2026-11-25T03:00:00Z'));
    const res = await intake(am, { customerId: null, complainantName: '孙先生' });
    expect(res.statusCode, res.body).toBe(201);
    const mine = res.json();
    // the one who takes a complaint in owns it until the desk assigns it
    expect(mine.owner).toMatchObject({ id: am.userId });
    const list = (await am.get(`${BASE}?pageSize=200`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([mine.id]);
    const others = (await agent.get(`${BASE}?pageSize=1`)).json();
    expect((await am.get(`${BASE}/${others.items[0].id === mine.id ? others.items[0].id - 1 : others.items[0].id}`)).statusCode).toBe(404);
    // assigned to the desk, it leaves the manager's scope
    const m2 = await ok(agent, mine.id, { action: 'classify', version: mine.version, customerId, category: 'other' });
    await ok(agent, mine.id, { action: 'assign', version: m2.version, departmentId: deptId, ownerId: handler.userId });
    expect((await am.get(`${BASE}/${mine.id}`)).statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { createCategory, createCustomer, createProduct, createUnit, SIGNATURE_PNG } from '../../test/service-factories';

const BASE = '/api/v1/claims';
const EN = { 'accept-language': 'en-US' };
const ZH = { 'accept-language': 'zh-CN' };

function multipart(filename: string, content: Buffer) {
  const boundary = '----kehu' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDatabases())('claims (%s)', (kind) => {
  let h: Harness;
  let agent: Client; // 客服专员: complaints:claim, band ¥1,000, scope all
  let supervisor: Client; // 客户主管: complaints:approve, band ¥50,000, scope department
  let manager: Client; // 管理层: approve without ceiling
  let tech: Client; // 维修工程师: no complaint permission
  let am1: Client; // 客户经理: complaints:read, scope own
  let am2: Client;
  let customerId: number;
  let otherCustomerId: number;
  let productId: number;
  let unitId: number;
  let teamId: number;
  let seq = 0;

  beforeAll(async () => {
    h = await createHarness(kind);
    teamId = await h.unit('客服部', 'department');
    agent = await h.user('agent1', ['service_agent'], teamId);
    supervisor = await h.user('sup1', ['supervisor']);
    manager = await h.user('mgmt1', ['management']);
    tech = await h.user('tech1', ['technician']);
    am1 = await h.user('am1', ['account_manager']);
    am2 = await h.user('am2', ['account_manager']);
    customerId = await createCustomer(h);
    otherCustomerId = await createCustomer(h);
    productId = await createProduct(h, await createCategory(h));
    unitId = await createUnit(h, productId, customerId, `CL${kind}1`, '2026-10-01');
  });
  afterAll(async () => h?.close());

  const db = () => h.kehu.ctx.db;
  const now = () => h.clock.now().toISOString();

  /** A complaint row as the core would write it (the core's API is not needed for claims). */
  async function complaint(over: Record<string, unknown> = {}) {
    const r = await db()
      .insertInto('complaints')
      .values({
        code: `TS20261122-${String(++seq).padStart(4, '0')}${kind === 'postgres' ? 'P' : 'S'}`,
        state: 'investigating',
        channel: 'phone',
        customer_id: customerId,
        complainant_name: '张三',
        tier: '*',
        product_id: productId,
        unit_id: unitId,
        order_no: 'HT-2026-001',
        severity: 'major',
        summary: '空调不制冷',
        content: '安装后一周不制冷，要求赔偿',
        demands: 'compensation',
        owner_id: agent.userId,
        team_id: teamId,
        sla: '{}',
        received_at: now(),
        created_at: now(),
        updated_at: now(),
        ...over,
      })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    return { id: Number(r.id), code: r.code };
  }

  const create = async (body: Record<string, unknown>, c: Client = agent) => {
    const res = await c.post(BASE, { reason: '产品质量问题造成损失', amountFen: 100_000, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const act = (c: Client, claim: { id: number; version: number }, body: Record<string, unknown>, headers?: Record<string, string>) =>
    c.post(`${BASE}/${claim.id}/transitions`, { version: claim.version, ...body }, headers);
  const ok = async (c: Client, claim: { id: number; version: number }, body: Record<string, unknown>) => {
    const res = await act(c, claim, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** a claim brought to liability_determined */
  const determined = async (amountFen: number, liability = 'company', body: Record<string, unknown> = {}) => {
    let c = await create({ customerId, amountFen, ...body });
    c = await ok(agent, c, { action: 'collect' });
    return ok(agent, c, { action: 'determine', liability, finding: '压缩机批次缺陷' });
  };
  const count = async (table: 'claim_events' | 'claims' | 'audit_log') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('raises a claim on a complaint, taking over its customer, product, unit and order, and tells the complaint and the timeline', async () => {
    const cp = await complaint();
    const c = await create({ complaintId: cp.id, batchNo: 'B2026-10', quantity: 2 });
    expect(c.code).toMatch(/^SP\d{8}-\d{4}$/);
    expect(c).toMatchObject({
      state: 'received',
      complaint: { id: cp.id, code: cp.code },
      customer: { id: customerId },
      product: { id: productId },
      unit: { id: unitId },
      orderNo: 'HT-2026-001',
      batchNo: 'B2026-10',
      quantity: 2,
      amountFen: 100_000,
      ownerId: agent.userId,
      teamName: '客服部',
      actions: ['collect', 'reject'],
      mayApprove: true,
      approvalCeilingFen: 100_000,
      version: 1,
    });
    const row = await db().selectFrom('claims').select(['owner_id', 'team_id', 'created_by']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ owner_id: agent.userId, team_id: teamId, created_by: agent.userId });
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(['create']);
    const ev = await db().selectFrom('complaint_events').selectAll().where('complaint_id', '=', cp.id).execute();
    expect(ev).toHaveLength(1);
    expect(ev[0]!.action).toBe('claim');
    expect(JSON.parse(ev[0]!.data!)).toEqual({ claimId: c.id, code: c.code, amountFen: 100_000 });
    const tl = await db().selectFrom('customer_events').selectAll().where('ref_type', '=', 'claim').where('ref_id', '=', String(c.id)).execute();
    expect(tl).toHaveLength(1);
    expect(tl[0]).toMatchObject({ customer_id: customerId, type: 'claim', module: 'complaints' });
    expect(JSON.parse(tl[0]!.data!)).toMatchObject({ code: c.code, amountFen: 100_000, complaintCode: cp.code });
    expect(tl[0]!.title).toContain('¥1,000.00');
    const a = await db().selectFrom('audit_log').select(['action', 'user_id']).where('entity', '=', 'claim').where('entity_id', '=', String(c.id)).execute();
    expect(a).toEqual([{ action: 'create', user_id: agent.userId }]);
    // the list of the complaint's claims
    const list = (await agent.get(`${BASE}?complaintId=${cp.id}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ code: c.code, complaintCode: cp.code, amountFen: 100_000, customerId });
    expect((await agent.get(`${BASE}?q=${cp.code}`)).json().items.map((i: { id: number }) => i.id)).toEqual([c.id]);
  });

  it('refuses bad claims with localized field problems, writing nothing', async () => {
    const before = await count('claims');
    const zero = await agent.post(BASE, { customerId, reason: 'x', amountFen: 0 }, ZH);
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors).toEqual([expect.objectContaining({ path: 'amountFen', message: '金额应大于 0' })]);
    const none = await agent.post(BASE, { reason: 'x', amountFen: 100 }, EN);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([expect.objectContaining({ path: 'customerId', message: 'Link a complaint or choose a customer' })]);
    const cp = await complaint();
    const other = await agent.post(BASE, { complaintId: cp.id, customerId: otherCustomerId, reason: 'x', amountFen: 100 }, EN);
    expect(other.json().errors).toEqual([expect.objectContaining({ path: 'customerId', code: 'link_not_of_customer' })]);
    const wrongUnit = await agent.post(BASE, { customerId: otherCustomerId, unitId, reason: 'x', amountFen: 100 }, EN);
    expect(wrongUnit.json().errors).toEqual([expect.objectContaining({ path: 'unitId', code: 'link_not_of_customer' })]);
    const missing = await agent.post(BASE, { complaintId: 999_999, reason: 'x', amountFen: 100 }, ZH);
    expect(missing.json().errors).toEqual([expect.objectContaining({ path: 'complaintId', message: '投诉不存在或不在您的数据范围内' })]);
    const closed = await complaint({ state: 'closed' });
    const late = await agent.post(BASE, { complaintId: closed.id, reason: 'x', amountFen: 100 }, EN);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'CLAIM_COMPLAINT_NOT_OPEN', complaintState: 'closed' });
    expect(await count('claims')).toBe(before);
  });

  it('runs the whole life cycle: evidence, liability, approval, settlement, recovery, closure', async () => {
    const cp = await complaint();
    let c = await create({ complaintId: cp.id, amountFen: 90_000 });
    c = await ok(agent, c, { action: 'collect', finding: '现场照片与检测报告' });
    expect(c).toMatchObject({ state: 'evidence_collected', finding: '现场照片与检测报告', version: 2 });
    const noLiability = await act(agent, c, { action: 'determine' }, ZH);
    expect(noLiability.statusCode).toBe(400);
    expect(noLiability.json().errors[0]).toMatchObject({ path: 'liability', message: '请选择责任判定' });
    c = await ok(agent, c, { action: 'determine', liability: 'supplier', finding: '供应商压缩机批次缺陷' });
    expect(c).toMatchObject({ state: 'liability_determined', liability: 'supplier', actions: ['approve', 'reject'] });
    c = await ok(agent, c, { action: 'approve', approvedFen: 80_000, note: '按发票金额核定' });
    expect(c).toMatchObject({ state: 'approved', approvedFen: 80_000, approvedByName: 'agent1', actions: ['settle'] });
    c = await ok(agent, c, { action: 'settle', settlement: 'refund', settlementNote: '银行转账' });
    expect(c).toMatchObject({ state: 'settled', settlement: 'refund', settledFen: 80_000, actions: ['recover', 'close'] });
    const settled = await db().selectFrom('complaint_events').select(['action', 'data']).where('complaint_id', '=', cp.id).orderBy('id').execute();
    expect(settled.map((e) => e.action)).toEqual(['claim', 'claim_settled']);
    expect(JSON.parse(settled[1]!.data!)).toMatchObject({ claimId: c.id, code: c.code, settledFen: 80_000, settlement: 'refund' });
    // the complaint's own columns are the core's
    expect(Number((await db().selectFrom('complaints').select('compensation_fen').where('id', '=', cp.id).executeTakeFirstOrThrow()).compensation_fen)).toBe(0);
    const noParty = await act(agent, c, { action: 'recover', recoveryFen: 80_000 }, EN);
    expect(noParty.json().errors[0]).toMatchObject({ path: 'recoveryParty', message: 'Name the party the money is recovered from' });
    c = await ok(agent, c, { action: 'recover', recoveryParty: '宁波压缩机厂', recoveryFen: 80_000 });
    expect(c).toMatchObject({ state: 'recovery', recoveryParty: '宁波压缩机厂', recoveryFen: 80_000, recoveryState: 'pending' });
    const pending = await act(agent, c, { action: 'close' }, EN);
    expect(pending.statusCode).toBe(400);
    expect(pending.json().errors[0]).toMatchObject({ path: 'recoveryState', code: 'recovery_state_required' });
    c = await ok(agent, c, { action: 'close', recoveryState: 'recovered' });
    expect(c).toMatchObject({ state: 'closed', recoveryState: 'recovered', actions: [], version: 7 });
    expect(c.closedAt).toBeTruthy();
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(['create', 'collect', 'determine', 'approve', 'settle', 'recover', 'close']);
    const audits = await db().selectFrom('audit_log').select('action').where('entity', '=', 'claim').where('entity_id', '=', String(c.id)).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['create', 'collect', 'determine', 'approve', 'settle', 'recover', 'close']);
    const tl = await db().selectFrom('customer_events').select('data').where('ref_type', '=', 'claim').where('ref_id', '=', String(c.id)).orderBy('id').execute();
    expect(tl.map((e) => JSON.parse(e.data!).action)).toEqual(['create', 'approve', 'settle', 'close']);
    expect((await agent.get(`${BASE}?state=open&complaintId=${cp.id}`)).json().total).toBe(0);
    expect((await agent.get(`${BASE}?state=closed&complaintId=${cp.id}`)).json().total).toBe(1);
  });

  it('routes approval by amount: the agent band covers ¥800, not ¥5,000; the supervisor approves ¥5,000', async () => {
    const small = await determined(100_000);
    await ok(agent, small, { action: 'approve', approvedFen: 80_000 });

    const big = await determined(600_000);
    expect(big.actions).toEqual(['approve']); // the agent may approve within the band, not reject ¥6,000
    const events = await count('claim_events');
    const audits = await count('audit_log');
    const zh = await act(agent, big, { action: 'approve', approvedFen: 500_000 }, ZH);
    expect(zh.statusCode).toBe(403);
    expect(zh.json()).toMatchObject({ code: 'CLAIM_ABOVE_BAND', title: '核定金额超出您的审批权限', ceilingFen: 100_000, amountFen: 500_000 });
    expect(zh.json().detail).toContain('¥1,000.00');
    expect(zh.json().detail).toContain('¥5,000.00');
    const en = await act(agent, big, { action: 'approve', approvedFen: 500_000 }, EN);
    expect(en.json().title).toBe('The amount is above your approval band');
    expect(en.json().detail).toContain('Your claim approval ceiling is ¥1,000.00');
    const after = (await agent.get(`${BASE}/${big.id}`)).json();
    expect(after).toMatchObject({ state: 'liability_determined', version: big.version, approvedFen: null });
    expect(await count('claim_events')).toBe(events);
    expect(await count('audit_log')).toBe(audits);

    const sup = (await supervisor.get(`${BASE}/${big.id}`)).json();
    expect(sup).toMatchObject({ approvalCeilingFen: 5_000_000, mayApprove: true, actions: ['approve', 'reject'] });
    const approved = await ok(supervisor, big, { action: 'approve', approvedFen: 500_000 });
    expect(approved).toMatchObject({ state: 'approved', approvedFen: 500_000, approvedByName: 'sup1' });
    // management has no ceiling
    expect((await manager.get(`${BASE}/${big.id}`)).json()).toMatchObject({ mayApprove: true, approvalCeilingFen: null });
    // over the amount claimed is never approved
    const huge = await determined(100_000);
    const over = await act(manager, huge, { action: 'approve', approvedFen: 100_001 }, EN);
    expect(over.json().errors[0]).toMatchObject({ path: 'approvedFen', message: 'The approved amount cannot exceed the amount claimed' });
    // a role without a band and without complaints:approve may not decide at all
    expect((await act(am1, huge, { action: 'approve', approvedFen: 1 })).statusCode).toBe(403);
  });

  it('tells the approvers of the lowest band that covers the amount when a payable claim awaits approval', async () => {
    const notices = async (userId: number) =>
      (await db().selectFrom('notifications').select(['link', 'params']).where('user_id', '=', userId).where('message_key', '=', 'notice.claim_approval').execute()).map((n) => ({
        link: n.link,
        params: JSON.parse(String(n.params)) as Record<string, string>,
      }));
    const [sup0, mgmt0] = [(await notices(supervisor.userId)).length, (await notices(manager.userId)).length];
    // ¥6,000: above the agent's band; the supervisor's ¥50,000 is the lowest one with anybody in it who sees the claim
    const mid = await determined(600_000);
    const supNotices = await notices(supervisor.userId);
    expect(supNotices).toHaveLength(sup0 + 1);
    expect(supNotices.at(-1)).toMatchObject({ link: `/complaints/claims/${mid.id}`, params: { code: mid.code, amount: '¥6,000.00' } });
    expect(await notices(manager.userId)).toHaveLength(mgmt0);
    // ¥80,000: only management's band covers it
    await determined(8_000_000);
    expect(await notices(supervisor.userId)).toHaveLength(sup0 + 1);
    expect(await notices(manager.userId)).toHaveLength(mgmt0 + 1);
    // the customer's own fault is rejected, not approved: nobody is asked
    await determined(600_000, 'customer');
    expect(await notices(supervisor.userId)).toHaveLength(sup0 + 1);
    expect(await notices(manager.userId)).toHaveLength(mgmt0 + 1);
  });

  it("rejects the customer's fault instead of approving it, and a rejection needs its reason", async () => {
    const c = await determined(50_000, 'customer');
    expect(c.actions).toEqual(['reject']);
    const approve = await act(supervisor, c, { action: 'approve', approvedFen: 50_000 }, ZH);
    expect(approve.statusCode).toBe(409);
    expect(approve.json()).toMatchObject({ code: 'CLAIM_LIABILITY_NOT_PAYABLE', title: '责任判定为客户或不可抗力的索赔不能核准赔付，只能拒赔' });
    const noReason = await act(agent, c, { action: 'reject', rejectReason: '  ' }, EN);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ path: 'rejectReason', message: 'Give the reason for rejecting the claim' });
    let r = await ok(agent, c, { action: 'reject', rejectReason: '客户自行改装导致损坏' });
    expect(r).toMatchObject({ state: 'rejected', rejectReason: '客户自行改装导致损坏', actions: ['close'] });
    expect(r.events.at(-1)).toMatchObject({ action: 'reject', note: '客户自行改装导致损坏' });
    r = await ok(agent, r, { action: 'close' });
    expect(r.state).toBe('closed');
    // a rejection above the band goes to a higher approver too
    const big = await create({ customerId, amountFen: 600_000 });
    const above = await act(agent, big, { action: 'reject', rejectReason: '无证据' });
    expect(above.statusCode).toBe(403);
    expect(above.json().code).toBe('CLAIM_ABOVE_BAND');
    await ok(supervisor, big, { action: 'reject', rejectReason: '无证据' });
  });

  it('settles no more than approved, recovers only from a supplier or carrier', async () => {
    let c = await determined(100_000, 'company');
    c = await ok(agent, c, { action: 'approve', approvedFen: 60_000 });
    const over = await act(agent, c, { action: 'settle', settlement: 'credit_note', settledFen: 60_001 }, ZH);
    expect(over.statusCode).toBe(400);
    expect(over.json().errors[0]).toMatchObject({ path: 'settledFen', message: '赔付金额不能超过核定金额' });
    const noKind = await act(agent, c, { action: 'settle' }, EN);
    expect(noKind.json().errors[0]).toMatchObject({ path: 'settlement', code: 'settlement_required' });
    c = await ok(agent, c, { action: 'settle', settlement: 'credit_note', settledFen: 50_000 });
    expect(c).toMatchObject({ settledFen: 50_000, actions: ['close'] });
    const recover = await act(agent, c, { action: 'recover', recoveryParty: 'x', recoveryFen: 1 }, EN);
    expect(recover.statusCode).toBe(409);
    expect(recover.json()).toMatchObject({ code: 'CLAIM_NO_RECOVERY', title: 'Only claims for which a supplier or carrier is liable can be recovered' });
    // a step the state does not allow
    const again = await act(agent, c, { action: 'approve', approvedFen: 1 }, EN);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CLAIM_STATE_INVALID', state: 'settled', action: 'approve' });
  });

  it('refuses a stale version with 409 and writes nothing', async () => {
    const c = await create({ customerId });
    await ok(agent, c, { action: 'collect' });
    const events = await count('claim_events');
    const stale = await act(agent, c, { action: 'collect' }, ZH);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', current: 2, title: '记录已被他人修改，请刷新后重试' });
    expect(await count('claim_events')).toBe(events);
  });

  it('keeps claims from those without the permission (403) or outside their scope', async () => {
    const c = await create({ customerId });
    expect((await tech.get(BASE)).statusCode).toBe(403);
    expect((await tech.get(`${BASE}/${c.id}`)).statusCode).toBe(403);
    expect((await tech.post(BASE, { customerId, reason: 'x', amountFen: 100 })).statusCode).toBe(403);
    expect((await act(tech, c, { action: 'collect' })).statusCode).toBe(403);
    // an account manager may read complaints but not raise claims
    const am = await am1.post(BASE, { customerId, reason: 'x', amountFen: 100 }, EN);
    expect(am.statusCode).toBe(403);
    expect(am.json().title).toBe('You do not have permission to do this');

    // scope own: only the claims the account manager owns
    const mine = await create({ customerId: otherCustomerId });
    await db().updateTable('claims').set({ owner_id: am1.userId, team_id: null }).where('id', '=', mine.id).execute();
    const list1 = (await am1.get(BASE)).json();
    expect(list1.items.map((i: { id: number }) => i.id)).toEqual([mine.id]);
    expect(list1.total).toBe(1);
    expect((await am1.get(`${BASE}/${mine.id}`)).statusCode).toBe(200);
    expect((await am1.get(`${BASE}/${c.id}`)).statusCode).toBe(404);
    expect((await am1.get(`${BASE}/${c.id}/files`)).statusCode).toBe(404);
    const list2 = (await am2.get(BASE)).json();
    expect(list2.total).toBe(0);
    const nf = await am2.get(`${BASE}/${mine.id}`, EN);
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toMatchObject({ code: 'CLAIM_NOT_FOUND', title: 'No such claim, or outside your data scope' });
    // a complaint outside the caller's scope cannot be claimed on either
    const cp = await complaint({ owner_id: am1.userId, team_id: null });
    expect((await agent.get(`${BASE}/${mine.id}`)).statusCode).toBe(200); // scope all
    expect((await agent.post(BASE, { complaintId: cp.id, reason: 'x', amountFen: 100 })).statusCode).toBe(201);
  });

  it('keeps evidence files with the claim', async () => {
    const c = await create({ customerId });
    const png = Buffer.from(SIGNATURE_PNG.split(',')[1]!, 'base64');
    const m = multipart('损坏照片.png', png);
    const up = await agent.raw({ method: 'POST', url: `${BASE}/${c.id}/files`, payload: m.payload, headers: m.headers });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ name: '损坏照片.png', mime: 'image/png' });
    const bad = multipart('x.exe', Buffer.from('MZ'));
    expect((await agent.raw({ method: 'POST', url: `${BASE}/${c.id}/files`, payload: bad.payload, headers: bad.headers })).statusCode).toBe(415);
    const detail = (await agent.get(`${BASE}/${c.id}`)).json();
    expect(detail.files).toEqual([expect.objectContaining({ id: up.json().id, name: '损坏照片.png', createdByName: 'agent1' })]);
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['create', 'file']);
    expect(detail.version).toBe(1);
    const file = await agent.get(`${BASE}/${c.id}/files/${up.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(png)).toBe(true);
    expect((await agent.get(`${BASE}/${c.id}/files/999999`)).statusCode).toBe(404);
    // reading the claim is not enough to add to it
    await db().updateTable('claims').set({ owner_id: am1.userId }).where('id', '=', c.id).execute();
    const am = multipart('a.png', png);
    expect((await am1.raw({ method: 'POST', url: `${BASE}/${c.id}/files`, payload: am.payload, headers: am.headers })).statusCode).toBe(403);
    expect((await am1.get(`${BASE}/${c.id}/files/${up.json().id}`)).statusCode).toBe(200);
    // closed: no more evidence
    let r = await ok(agent, detail, { action: 'reject', rejectReason: '重复索赔' });
    r = await ok(agent, r, { action: 'close' });
    const late = multipart('b.png', png);
    const closed = await agent.raw({ method: 'POST', url: `${BASE}/${c.id}/files`, payload: late.payload, headers: { ...late.headers, ...EN } });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('CLAIM_CLOSED');
  });
});

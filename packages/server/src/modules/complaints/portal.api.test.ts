// The public complaint page: the arithmetic check, the complaint without sign-in, the tracking link and its confirmation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness';
import { TEST_ADMIN_PASSWORD, testDatabases } from '../../test/db';
import { createCategory, createCustomer, createProduct, createUnit } from '../../test/service-factories';
import { checkChallenge, makeChallenge, parseAnswer, publicStep } from './portal-service';

describe('the arithmetic check', () => {
  const secret = Buffer.alloc(32, 7);
  const now = new Date('2026-11-23T02:00:00Z');
  const answerOf = (q: string) => {
    const m = /^What is (\d) (plus|minus) (\d)\?$/.exec(q)!;
    return m[2] === 'plus' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
  };

  it('asks in both languages and accepts only the right answer before it expires', () => {
    const c = makeChallenge(secret, now);
    const a = answerOf(c.question['en-US']);
    expect(c.question['zh-CN']).toMatch(/^\d [加减] \d 等于几？$/);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(c.token).not.toContain(String(a + 100)); // nothing readable in the token
    expect(checkChallenge(secret, c.token, String(a), now)).toBeTruthy();
    expect(checkChallenge(secret, c.token, ` ${String(a).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))} `, now)).toBeTruthy();
    expect(checkChallenge(secret, c.token, String(a + 1), now)).toBeNull();
    expect(checkChallenge(secret, c.token, String(a), new Date(now.getTime() + 10 * 60_000))).toBeNull();
    expect(checkChallenge(Buffer.alloc(32, 8), c.token, String(a), now)).toBeNull();
    const [payload, sig] = c.token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), e: now.getTime() + 9e9 })).toString('base64url');
    expect(checkChallenge(secret, `${forged}.${sig}`, String(a), now)).toBeNull();
    expect(checkChallenge(secret, 'garbage', '1', now)).toBeNull();
  });

  it('asks subtractions that never go below zero', () => {
    // pick(2) = 1: minus; the operands come out 2 and 7 and are swapped
    const seq = [1, 1, 6];
    const c = makeChallenge(secret, now, () => seq.shift()!);
    expect(c.question).toEqual({ 'zh-CN': '7 减 2 等于几？', 'en-US': 'What is 7 minus 2?' });
  });

  it('reads plain and full-width digits only', () => {
    expect(parseAnswer(' 12 ')).toBe(12);
    expect(parseAnswer('１２')).toBe(12);
    expect(parseAnswer('twelve')).toBeNull();
    expect(parseAnswer('1.5')).toBeNull();
  });

  it('shows the customer five steps', () => {
    expect(publicStep('classified')).toBe('received');
    expect(publicStep('solution_proposed')).toBe('processing');
    expect(publicStep('resolved')).toBe('awaiting_confirmation');
    expect(publicStep('return_visited')).toBe('resolved');
    expect(publicStep('invalid')).toBe('closed');
  });
});

describe.each(testDatabases())('public complaint page (%s)', (kind) => {
  let h: Harness;
  let customerId: number;
  let unitId: number;
  let orderId: number;
  let orderCode: string;
  let ipSeq = 0;
  const LIMIT = 4;
  const freshIp = () => `10.9.${Math.floor(++ipSeq / 200)}.${ipSeq % 200}`;

  beforeAll(async () => {
    h = await createHarness(kind, { now: new Date('2026-11-23T02:00:00Z'), config: { publicComplaintRateLimit: LIMIT } });
    customerId = await createCustomer(h, { phone: '13912345678' });
    const categoryId = await createCategory(h, 'portalcat');
    const productId = await createProduct(h, categoryId, 'KFR-P');
    unitId = await createUnit(h, productId, customerId, 'SN-PORTAL-1', '2026-06-01');
    const order = await h.admin.post('/api/v1/service/orders', {
      customerId,
      unitId,
      type: 'repair',
      mode: 'onsite',
      channel: 'phone',
      description: '空调不制冷',
      contactName: '张三',
      contactPhone: '13912345678',
    });
    expect(order.statusCode, order.body).toBe(201);
    orderId = order.json().id;
    orderCode = order.json().code;
  });
  afterAll(async () => h?.close());

  const inject = (method: 'GET' | 'POST', url: string, body?: unknown, opts: { ip?: string; headers?: Record<string, string> } = {}) =>
    h.kehu.app.inject({
      method,
      url,
      remoteAddress: opts.ip ?? freshIp(),
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  const challenge = async () => {
    const res = await inject('GET', '/api/v1/public/complaint-challenge');
    expect(res.statusCode).toBe(200);
    const c = res.json() as { question: Record<string, string>; token: string; expiresAt: string };
    const m = /^What is (\d) (plus|minus) (\d)\?$/.exec(c.question['en-US'])!;
    const answer = m[2] === 'plus' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
    return { ...c, answer: String(answer) };
  };
  const form = async (over: Record<string, unknown> = {}) => {
    const c = await challenge();
    return { name: '张三', phone: '139 1234 5678', email: 'zhang@example.com', category: 'repair', content: '修了两次还是不制冷，师傅态度也不好', demands: ['repair', 'apology'], challenge: c.token, answer: c.answer, ...over };
  };
  const countComplaints = async () => Number((await h.kehu.ctx.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const complaintByCode = (code: string) => h.kehu.ctx.db.selectFrom('complaints').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
  const tokenOf = (path: string) => path.replace('/complaint/', '');

  it('hands out a question in Chinese and English with a signed token valid for ten minutes', async () => {
    const c = await challenge();
    expect(c.question['zh-CN']).toMatch(/等于几？$/);
    expect(c.expiresAt).toBe('2026-11-23T02:10:00.000Z');
    expect(c.token.length).toBeLessThan(400);
  });

  it('offers the active complaint categories in both languages without sign-in', async () => {
    const res = await inject('GET', '/api/v1/public/complaint-categories');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toContainEqual({ code: 'repair', zh: '维修质量', en: 'Repair' });
  });

  it('takes a complaint without sign-in, links the customer by phone, the unit by serial and the order by code', async () => {
    const body = await form({ serialNo: 'SN-PORTAL-1', orderNo: orderCode });
    const res = await inject('POST', '/api/v1/public/complaints', body);
    expect(res.statusCode, res.body).toBe(201);
    const { code, trackingPath } = res.json();
    expect(code).toMatch(/^TS20261123-\d{4}$/);
    expect(trackingPath).toMatch(/^\/complaint\/[A-Za-z0-9_-]{20,}$/);
    const row = await complaintByCode(code);
    expect(row).toMatchObject({
      state: 'received',
      channel: 'portal',
      source_type: 'portal',
      customer_id: customerId,
      unit_id: unitId,
      service_order_id: orderId,
      order_no: null,
      complainant_name: '张三',
      complainant_phone: '13912345678',
      category: 'repair',
      severity: 'minor',
      demands: 'repair,apology',
    });
    expect(row.token_hash).toBeTruthy();
    // the same check cannot be used twice
    const replay = await inject('POST', '/api/v1/public/complaints', { ...body, content: '再投诉一次试试看' });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('CHALLENGE_FAILED');
  });

  it('keeps an unknown caller’s complaint unlinked, and what did not match in the customer’s words', async () => {
    const res = await inject('POST', '/api/v1/public/complaints', await form({ phone: '13700001111', serialNo: 'SN-PORTAL-1', orderNo: 'XS-2026-001' }));
    expect(res.statusCode, res.body).toBe(201);
    const row = await complaintByCode(res.json().code);
    expect(row).toMatchObject({ customer_id: null, unit_id: null, service_order_id: null, order_no: 'XS-2026-001' });
    expect(row.content).toContain('SN-PORTAL-1');
  });

  it('refuses a wrong, forged or expired answer with 400 and writes nothing', async () => {
    const before = await countComplaints();
    const keysBefore = (await h.kehu.ctx.db.selectFrom('idempotency_keys').selectAll().execute()).length;
    const good = await form();
    const wrong = await inject('POST', '/api/v1/public/complaints', { ...good, answer: String(Number(good.answer) + 1) }, { headers: { 'accept-language': 'en-US' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'CHALLENGE_FAILED', errors: [{ path: 'answer', message: 'Wrong or expired answer' }] });
    expect(wrong.json().title).toMatch(/wrong or has expired/);
    const forged = await inject('POST', '/api/v1/public/complaints', { ...good, challenge: good.challenge.slice(0, -3) + 'AAA' });
    expect(forged.statusCode).toBe(400);
    h.clock.advance(11 * 60_000);
    const late = await inject('POST', '/api/v1/public/complaints', good);
    expect(late.statusCode).toBe(400);
    expect(late.json().code).toBe('CHALLENGE_FAILED');
    expect(await countComplaints()).toBe(before);
    expect((await h.kehu.ctx.db.selectFrom('idempotency_keys').selectAll().execute()).length).toBe(keysBefore);
  });

  it('a complaint refused for its content gives the check back, so the corrected form goes through', async () => {
    const body = await form({ category: 'no_such_category' });
    const bad = await inject('POST', '/api/v1/public/complaints', body);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('category');
    const fixed = await inject('POST', '/api/v1/public/complaints', { ...body, category: 'quality' });
    expect(fixed.statusCode, fixed.body).toBe(201);
  });

  it('answers a retry with the same Idempotency-Key from the first answer, also when both arrive at once', async () => {
    const ip = freshIp();
    const body = await form();
    const before = await countComplaints();
    const first = await inject('POST', '/api/v1/public/complaints', body, { ip, headers: { 'idempotency-key': 'portal-retry-1' } });
    expect(first.statusCode, first.body).toBe(201);
    const retry = await inject('POST', '/api/v1/public/complaints', body, { ip, headers: { 'idempotency-key': 'portal-retry-1' } });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await countComplaints()).toBe(before + 1);

    const ip2 = freshIp();
    const body2 = await form();
    const [a, b] = await Promise.all([
      inject('POST', '/api/v1/public/complaints', body2, { ip: ip2, headers: { 'idempotency-key': 'portal-race' } }),
      inject('POST', '/api/v1/public/complaints', body2, { ip: ip2, headers: { 'idempotency-key': 'portal-race' } }),
    ]);
    expect([a.statusCode, b.statusCode]).toContain(201);
    for (const r of [a, b]) expect([201, 409]).toContain(r.statusCode);
    expect(await countComplaints()).toBe(before + 2);
  });

  it('limits complaints per address: 429 after the limit, other addresses unaffected', async () => {
    const ip = freshIp();
    const body = await form();
    for (let i = 0; i < LIMIT; i++) {
      const r = await inject('POST', '/api/v1/public/complaints', { ...body, answer: '99' }, { ip });
      expect(r.statusCode).toBe(400);
    }
    const limited = await inject('POST', '/api/v1/public/complaints', body, { ip, headers: { 'accept-language': 'en-US' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', title: 'Too many requests; try again later' });
    expect((await inject('POST', '/api/v1/public/complaints', body)).statusCode).toBe(201);
  });

  it('shows the customer progress, replies, solution and resolution, and nothing internal', async () => {
    const res = await inject('POST', '/api/v1/public/complaints', await form({ serialNo: 'SN-PORTAL-1' }));
    const { code, trackingPath } = res.json();
    const token = tokenOf(trackingPath);
    const view = async () => {
      const r = await inject('GET', `/api/v1/public/complaints/${token}`);
      expect(r.statusCode, r.body).toBe(200);
      return r;
    };
    let v = (await view()).json();
    expect(v).toMatchObject({ code, step: 'received', replies: [], solution: null, resolution: null, canConfirm: false, category: { code: 'repair', zh: '维修质量', en: 'Repair' } });
    expect(v.resolveDue).toBeTruthy();
    expect(v.receivedAt).toBe(h.clock.now().toISOString());

    // confirming before anything is resolved is refused, localised
    const early = await inject('POST', `/api/v1/public/complaints/${token}/confirm`, { confirmation: 'satisfied' }, { headers: { 'accept-language': 'en-US' } });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'COMPLAINT_NOT_AWAITING_CONFIRMATION', title: expect.stringMatching(/not resolved/) });

    const id = (await complaintByCode(code)).id;
    const staff = await h.user(`handler-${kind}`, ['service_manager']);
    await h.kehu.ctx.db.updateTable('users').set({ display_name: '李处理' }).where('id', '=', staff.userId).execute();
    let c = (await h.admin.get(`/api/v1/complaints/${id}`)).json();
    const step = async (body: Record<string, unknown>, who = staff) => {
      const r = await who.post(`/api/v1/complaints/${id}/transitions`, { version: c.version, ...body });
      expect(r.statusCode, r.body).toBe(200);
      c = r.json();
    };
    await step({ action: 'classify', category: 'repair', severity: 'major' });
    await step({ action: 'assign', departmentId: h.rootUnitId, ownerId: staff.userId });
    await step({ action: 'accept', investigation: '内部调查：技师 13800009999 未按规范操作' });
    const reply = await staff.post(`/api/v1/complaints/${id}/replies`, { text: '您好，我们已安排主管上门复查。', sendEmail: false });
    expect(reply.statusCode, reply.body).toBe(200);
    c = reply.json();
    v = (await view()).json();
    expect(v.step).toBe('processing');
    expect(v.replies).toEqual([{ at: expect.any(String), text: '您好，我们已安排主管上门复查。' }]);
    await step({ action: 'propose', solutionKind: 'exchange', solution: '免费更换新机' });
    v = (await view()).json();
    expect(v).toMatchObject({ step: 'processing', solutionKind: 'exchange', solution: '免费更换新机', resolution: null });
    await step({ action: 'accept_solution' });
    await step({ action: 'resolve', resolution: '已更换新机，试机正常', compensationFen: 20000 });
    const r = await view();
    v = r.json();
    expect(v).toMatchObject({ step: 'awaiting_confirmation', canConfirm: true, resolution: '已更换新机，试机正常', compensationFen: 20000, resolveDue: null });
    expect(v.resolvedAt).toBeTruthy();
    for (const secret of ['13800009999', '内部调查', '李处理', String(staff.userId) + '"', '13912345678', 'zhang@example.com']) expect(r.body).not.toContain(secret);

    // the customer confirms through the link
    const ok = await inject('POST', `/api/v1/public/complaints/${token}/confirm`, { confirmation: 'basic', comment: '还行' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ step: 'resolved', confirmation: 'basic', canConfirm: false });
    expect(await complaintByCode(code)).toMatchObject({ state: 'confirmed', confirmation: 'basic', confirmed_by: 'customer', confirm_reason: '还行' });
    const twice = await inject('POST', `/api/v1/public/complaints/${token}/confirm`, { confirmation: 'satisfied' });
    expect(twice.statusCode).toBe(409);
  });

  it('a dissatisfied customer reopens the complaint through the link', async () => {
    const res = await inject('POST', '/api/v1/public/complaints', await form());
    const { code, trackingPath } = res.json();
    const token = tokenOf(trackingPath);
    const row = await complaintByCode(code);
    let c = (await h.admin.get(`/api/v1/complaints/${row.id}`)).json();
    for (const body of [
      { action: 'classify', category: 'repair', severity: 'minor' },
      { action: 'assign', departmentId: h.rootUnitId, ownerId: h.admin.userId },
      { action: 'accept' },
      { action: 'propose', solutionKind: 'repair', solution: '再次上门维修' },
      { action: 'accept_solution' },
      { action: 'resolve', resolution: '已维修' },
    ]) {
      const r = await h.admin.post(`/api/v1/complaints/${row.id}/transitions`, { version: c.version, ...body });
      expect(r.statusCode, r.body).toBe(200);
      c = r.json();
    }
    const bad = await inject('POST', `/api/v1/public/complaints/${token}/confirm`, { confirmation: 'maybe' });
    expect(bad.statusCode).toBe(400);
    const no = await inject('POST', `/api/v1/public/complaints/${token}/confirm`, { confirmation: 'dissatisfied', comment: '还是不行' });
    expect(no.statusCode, no.body).toBe(200);
    expect(no.json()).toMatchObject({ step: 'processing', canConfirm: false, resolution: null });
    const after = await complaintByCode(code);
    expect(after).toMatchObject({ state: 'investigating', reopen_count: 1 });
    expect(after.level).toBeGreaterThan(1);
  });

  it('limits confirmations per address too', async () => {
    const ip = freshIp();
    for (let i = 0; i < LIMIT; i++) expect((await inject('POST', '/api/v1/public/complaints/AAAAAAAAAAAAAAAAAAAA/confirm', { confirmation: 'satisfied' }, { ip })).statusCode).toBe(404);
    expect((await inject('POST', '/api/v1/public/complaints/AAAAAAAAAAAAAAAAAAAA/confirm', { confirmation: 'satisfied' }, { ip })).statusCode).toBe(429);
  });

  it('a forged link is 404, an expired one 410', async () => {
    const res = await inject('POST', '/api/v1/public/complaints', await form());
    const token = tokenOf(res.json().trackingPath);
    for (const t of ['AAAAAAAAAAAAAAAAAAAAAAAA', token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'), 'x', '..%2F..']) {
      const r = await inject('GET', `/api/v1/public/complaints/${t}`, undefined, { headers: { 'accept-language': 'en-US' } });
      expect(r.statusCode, t).toBe(404);
      expect(r.json().code).toBe('COMPLAINT_LINK_INVALID');
    }
    h.clock.advance(181 * 86_400_000);
    h.admin = await h.login('admin', TEST_ADMIN_PASSWORD);
    const expired = await inject('GET', `/api/v1/public/complaints/${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'COMPLAINT_LINK_EXPIRED', title: '链接已过期，请联系客服重新获取' });
    const confirm = await inject('POST', `/api/v1/public/complaints/${token}/confirm`, { confirmation: 'satisfied' });
    expect(confirm.statusCode).toBe(410);
  });
});

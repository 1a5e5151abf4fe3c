import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { makeEnterprise, makeIndividual } from '../../test/factories';

describe.each(testDatabases())('customers API on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates an enterprise customer with a KH number, contacts and address', async () => {
    const res = await h.admin.post('/api/v1/customers', makeEnterprise({ name: '杭州西湖电器有限公司' }));
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.code).toMatch(/^KH20261122-\d{4}$/);
    expect(c.contacts).toHaveLength(1);
    expect(c.addresses[0].region).toBe('浙江省杭州市西湖区');
    expect(c.phone).toMatch(/\*{4}/); // masked until revealed
    expect(c.version).toBe(1);
  });

  it('writes every related row of a create together: contacts, address, tag, classifications, grade, event, tokens, audit', async () => {
    const input = makeEnterprise({ name: '宁波北仑模具有限公司' });
    const res = await h.admin.post('/api/v1/customers', input);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    const db = h.kehu.ctx.db;
    const count = async (table: 'contacts' | 'addresses' | 'customer_tags' | 'customer_classifications' | 'customer_grade_history' | 'customer_events') =>
      (await db.selectFrom(table).select('customer_id').where('customer_id', '=', id).execute()).length;
    expect(await count('contacts')).toBe(1);
    expect(await count('addresses')).toBe(1);
    expect(await count('customer_tags')).toBe(1);
    expect(await count('customer_classifications')).toBe(2);
    expect(await count('customer_grade_history')).toBe(1);
    expect(await count('customer_events')).toBe(1);
    const audits = await db.selectFrom('audit_log').selectAll().where('entity', '=', 'customer').where('entity_id', '=', String(id)).where('action', '=', 'create').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0].username).toBe('admin');
    expect(JSON.parse(audits[0].after!)).toMatchObject({ name: '宁波北仑模具有限公司', tags: ['空调'] });
    const found = (await h.admin.get(`/api/v1/customers?q=${encodeURIComponent('北仑')}`)).json();
    expect(found.items.map((i: { id: number }) => i.id)).toContain(id);
  });

  it('finds customers by pinyin initials, full pinyin, name fragment and phone digits', async () => {
    const created = (await h.admin.post('/api/v1/customers', makeIndividual({ name: '张三丰', phone: '13912345678' }))).json();
    for (const q of ['xhdq', 'xihu', '西湖', '湖电', 'zsf', 'zhangsanfeng', '张三', '2345', '13912']) {
      const list = (await h.admin.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)).json();
      expect(list.items.length, q).toBeGreaterThan(0);
    }
    const byPhone = (await h.admin.get('/api/v1/customers?q=12345678')).json();
    expect(byPhone.items.map((i: { id: number }) => i.id)).toContain(created.id);
    const none = (await h.admin.get('/api/v1/customers?q=' + encodeURIComponent('不存在的'))).json();
    expect(none.items).toHaveLength(0);
  });

  it('pages a search in either id order with the full count, and leaves archived customers out', async () => {
    const made: number[] = [];
    for (let i = 0; i < 7; i++) {
      const c = (await h.admin.post('/api/v1/customers', { ...makeEnterprise({ name: `翠屏山${'甲乙丙丁戊己庚'[i]}号茶叶有限公司` }), confirmDuplicate: true })).json();
      made.push(c.id);
    }
    await h.admin.post(`/api/v1/customers/${made[3]}/archive`, { version: 1 });
    const live = made.filter((id) => id !== made[3]);
    const ids = async (qs: string) => {
      const list = (await h.admin.get(`/api/v1/customers?q=cps&pageSize=4&${qs}`)).json();
      return { ids: list.items.map((i: { id: number }) => i.id), total: list.total };
    };
    const desc = [...live].reverse();
    expect(await ids('page=1')).toEqual({ ids: desc.slice(0, 4), total: 6 });
    expect(await ids('page=2')).toEqual({ ids: desc.slice(4), total: 6 });
    expect(await ids('page=1&sort=id')).toEqual({ ids: live.slice(0, 4), total: 6 });
    expect(await ids('page=3')).toEqual({ ids: [], total: 6 });
    // another order than by id takes the general path, with the same rows
    expect((await ids('page=1&sort=-name')).total).toBe(6);
  });

  it('rejects bad input with localised problem details and writes nothing', async () => {
    const before = (await h.admin.get('/api/v1/customers?archived=all')).json().total;
    const bad = await h.admin.post('/api/v1/customers', makeEnterprise({ creditCode: '91330106MA2H123450' }), { 'accept-language': 'zh-CN' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0]).toMatchObject({ path: 'creditCode', message: expect.stringContaining('统一社会信用代码') });
    const en = await h.admin.post('/api/v1/customers', makeIndividual({ idNumber: '110105198503150010' }), { 'accept-language': 'en-US' });
    expect(en.statusCode).toBe(400);
    expect(en.json().errors[0].message).toContain('ID');
    const malformed = await h.admin.post('/api/v1/customers', '{"type":', {});
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('MALFORMED_JSON');
    const wrongType = await h.admin.post('/api/v1/customers', { type: 'enterprise', name: 42 });
    expect(wrongType.statusCode).toBe(400);
    const tooLong = await h.admin.post('/api/v1/customers', { type: 'enterprise', name: '长'.repeat(101) });
    expect(tooLong.statusCode).toBe(400);
    const badEnum = await h.admin.post('/api/v1/customers', { type: 'robot', name: 'x' });
    expect(badEnum.statusCode).toBe(400);
    const badDict = await h.admin.post('/api/v1/customers', makeEnterprise({ grade: 'Z' }));
    expect(badDict.statusCode).toBe(400);
    expect(badDict.json().errors[0].path).toBe('grade');
    const badRegion = await h.admin.post('/api/v1/customers', makeEnterprise({ addresses: [{ type: 'office', provinceCode: '330000', cityCode: '110100' }] }));
    expect(badRegion.statusCode).toBe(400);
    const after = (await h.admin.get('/api/v1/customers?archived=all')).json().total;
    expect(after).toBe(before);
  });

  it('warns about duplicates and links to them, then creates when confirmed', async () => {
    const firstInput = makeEnterprise({ name: '宁波东海机械有限公司' });
    const first = (await h.admin.post('/api/v1/customers', firstInput)).json();
    const dup = await h.admin.post('/api/v1/customers', makeEnterprise({ name: '宁波东海机械 有限公司' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('CUSTOMER_DUPLICATE');
    expect(dup.json().duplicates[0]).toMatchObject({ id: first.id, reasons: ['name'] });
    const ok = await h.admin.post('/api/v1/customers', makeEnterprise({ name: '宁波东海机械 有限公司', confirmDuplicate: true }));
    expect(ok.statusCode).toBe(201);
    // a refused look-alike takes no number: the confirmed one got the next after the first
    const seq = (code: string) => Number(code.split('-')[1]);
    expect(seq(ok.json().code)).toBe(seq(first.code) + 1);
    // several reasons at once, each look-alike once
    const both = await h.admin.post('/api/v1/customers', { ...makeEnterprise({ name: '宁波东海机械有限公司' }), phone: firstInput.phone });
    expect(both.statusCode).toBe(409);
    expect(both.json().duplicates.map((d: { id: number }) => d.id)).toEqual([first.id, ok.json().id]);
  });

  it('updates with versions: a stale version gets 409 and writes nothing', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeIndividual())).json();
    const ok = await h.admin.patch(`/api/v1/customers/${c.id}`, { note: '第一次', version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(2);
    const stale = await h.admin.patch(`/api/v1/customers/${c.id}`, { note: '第二次', version: 1 });
    expect(stale.statusCode).toBe(409);
    const now = (await h.admin.get(`/api/v1/customers/${c.id}`)).json();
    expect(now.note).toBe('第一次');
  });

  it('parallel updates of one record: exactly one wins', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeIndividual())).json();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => h.admin.patch(`/api/v1/customers/${c.id}`, { note: `n${i}`, version: 1 })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((s) => s === 200)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(7);
  });

  it('parallel creates get unique numbers', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => h.admin.post('/api/v1/customers', makeIndividual({ confirmDuplicate: true }))));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const codes = results.map((r) => r.json().code);
    expect(new Set(codes).size).toBe(20);
  });

  it('records grade history, timeline, archive and restore', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeEnterprise())).json();
    const g = await h.admin.post(`/api/v1/customers/${c.id}/grade`, { grade: 'A', reason: '年交易额超过 500 万', approvedBy: '王总', version: c.version });
    expect(g.statusCode, g.body).toBe(200);
    const hist = (await h.admin.get(`/api/v1/customers/${c.id}/grade-history`)).json().items;
    expect(hist[0]).toMatchObject({ oldGrade: 'B', newGrade: 'A', reason: '年交易额超过 500 万', approvedBy: '王总' });
    const arch = await h.admin.post(`/api/v1/customers/${c.id}/archive`, { version: g.json().version });
    expect(arch.json().archivedAt).toBeTruthy();
    const listed = (await h.admin.get('/api/v1/customers?q=' + encodeURIComponent(c.name))).json();
    expect(listed.items.find((i: { id: number }) => i.id === c.id)).toBeUndefined();
    const rest = await h.admin.post(`/api/v1/customers/${c.id}/restore`, { version: arch.json().version });
    expect(rest.json().archivedAt).toBeNull();
    const tl = (await h.admin.get(`/api/v1/customers/${c.id}/timeline`)).json();
    expect(tl.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'grade_changed', 'archived', 'restored']));
  });

  it('keeps the details of timeline events for the reader’s language and filters the timeline by type on the server', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeEnterprise())).json();
    expect((await h.admin.post(`/api/v1/customers/${c.id}/contacts`, { name: '王五', mobile: '13700001111' })).statusCode).toBe(201);
    const g = await h.admin.post(`/api/v1/customers/${c.id}/grade`, { grade: 'A', reason: '升级', version: c.version + 1 });
    expect(g.statusCode, g.body).toBe(200);
    expect((await h.admin.patch(`/api/v1/customers/${c.id}`, { note: '改备注', ownerId: c.ownerId, version: g.json().version })).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await h.admin.post(`/api/v1/customers/${c.id}/notes`, { body: `备注 ${i}` })).statusCode).toBe(201);
    const all = (await h.admin.get(`/api/v1/customers/${c.id}/timeline`)).json();
    const byType = (t: string) => all.items.find((e: { type: string }) => e.type === t);
    expect(byType('contact_added').data).toEqual({ name: '王五' });
    expect(byType('grade_changed').data).toEqual({ from: 'B', to: 'A' });
    expect([...byType('updated').data.fields].sort()).toEqual(['note', 'ownerId']);
    const notes = (await h.admin.get(`/api/v1/customers/${c.id}/timeline?type=note&pageSize=2`)).json();
    expect(notes.total).toBe(3);
    expect(notes.items).toHaveLength(2);
    expect(notes.items.every((e: { type: string }) => e.type === 'note')).toBe(true);
    expect((await h.admin.get(`/api/v1/customers/${c.id}/timeline?type=${'x'.repeat(41)}`)).statusCode).toBe(400);
  });

  it('refuses changes to the contacts and addresses of an archived customer (409) and writes nothing', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeEnterprise())).json();
    const contact = c.contacts[0];
    const address = c.addresses[0];
    const arch = await h.admin.post(`/api/v1/customers/${c.id}/archive`, { version: c.version });
    expect(arch.statusCode).toBe(200);
    const tries = [
      await h.admin.post(`/api/v1/customers/${c.id}/contacts`, { name: '赵六' }),
      await h.admin.patch(`/api/v1/customers/${c.id}/contacts/${contact.id}`, { name: '改名', version: contact.version }),
      await h.admin.post(`/api/v1/customers/${c.id}/contacts/${contact.id}/archive`, { version: contact.version }),
      await h.admin.patch(`/api/v1/customers/${c.id}/addresses/${address.id}`, { street: '新街道', version: address.version }),
      await h.admin.post(`/api/v1/customers/${c.id}/addresses/${address.id}/archive`, { version: address.version }),
    ];
    for (const r of tries) expect({ status: r.statusCode, code: r.json().code }).toEqual({ status: 409, code: 'CUSTOMER_ARCHIVED' });
    const after = (await h.admin.get(`/api/v1/customers/${c.id}`)).json();
    expect(after.contacts).toEqual([expect.objectContaining({ id: contact.id, name: contact.name, version: contact.version })]);
    expect(after.addresses).toEqual([expect.objectContaining({ id: address.id, street: address.street, version: address.version })]);
  });

  it('merges two customers: contacts, addresses and events move; audited', async () => {
    const a = (await h.admin.post('/api/v1/customers', makeEnterprise())).json();
    const b = (await h.admin.post('/api/v1/customers', makeEnterprise())).json();
    const m = await h.admin.post(`/api/v1/customers/${a.id}/merge`, { sourceId: b.id, version: a.version });
    expect(m.statusCode, m.body).toBe(200);
    expect(m.json().contacts).toHaveLength(2);
    expect(m.json().addresses).toHaveLength(2);
    expect(m.json().addresses.filter((x: { isDefault: boolean }) => x.isDefault)).toHaveLength(1);
    const src = (await h.admin.get(`/api/v1/customers/${b.id}`)).json();
    expect(src.mergedIntoId).toBe(a.id);
    expect(src.archivedAt).toBeTruthy();
    const auditRow = await h.kehu.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'merge').executeTakeFirst();
    expect(auditRow?.entity_id).toBe(String(a.id));
  });

  it('reveals personal data only with pii:view, and audits it', async () => {
    const c = (await h.admin.post('/api/v1/customers', makeIndividual({ phone: '13800001111' }))).json();
    const shown = (await h.admin.get(`/api/v1/customers/${c.id}?reveal=true`)).json();
    expect(shown.phone).toBe('13800001111');
    const agent = await h.user('agent1', ['service_agent']);
    const masked = (await agent.get(`/api/v1/customers/${c.id}`)).json();
    expect(masked.phone).toBe('138****1111');
    expect(masked.addresses[0].street).toMatch(/\*\*\*\*$/);
    expect((await agent.get(`/api/v1/customers/${c.id}?reveal=true`)).statusCode).toBe(403);
    const views = await h.kehu.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'pii_view').where('entity_id', '=', String(c.id)).execute();
    expect(views).toHaveLength(1);
  });

  it('needs a session, and the CSRF header for writes', async () => {
    const anon = await h.kehu.app.inject({ method: 'GET', url: '/api/v1/customers' });
    expect(anon.statusCode).toBe(401);
    const noHeader = await h.kehu.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { cookie: h.admin.cookie }, payload: makeIndividual() });
    expect(noHeader.statusCode).toBe(403);
  });
});

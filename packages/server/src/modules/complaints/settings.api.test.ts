import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases } from '../../test/db';
import { approvalCeiling, loadBands } from './bands';
import { fillPlaceholders } from '@kehu/shared';
import { renderTemplate } from './templates-service';

const EN = { 'accept-language': 'en-US' };
const ZH = { 'accept-language': 'zh-CN' };

describe('fillPlaceholders', () => {
  it('fills the three placeholders everywhere and leaves other braces and $ patterns alone', () => {
    const vars = { customer: '张先生', code: 'TS20261122-0001', handler: '李$&敏' };
    expect(fillPlaceholders('{customer}您好，{code}由{handler}负责；{customer}{other}', vars)).toBe('张先生您好，TS20261122-0001由李$&敏负责；张先生{other}');
  });
});

describe.each(testDatabases())('complaint settings API on %s', (kind) => {
  let h: Harness;
  let agent: Client;
  let supervisor: Client;
  let accountManager: Client;
  beforeAll(async () => {
    h = await createHarness(kind);
    agent = await h.user('kefu_chen', ['service_agent']);
    supervisor = await h.user('zhuguan_liu', ['supervisor']);
    accountManager = await h.user('jingli_zhao', ['account_manager']);
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.kehu.ctx.db;
  const auditCount = async (entity: string) =>
    Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('entity', '=', entity).executeTakeFirstOrThrow()).n);
  const count = async (table: 'complaint_sla_rules' | 'complaint_templates' | 'claim_bands') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  describe('deadline rules', () => {
    const body = { severity: 'major', tier: 'silver', replyMinutes: 180, replyBusinessHours: false, resolveMinutes: 720, resolveBusinessHours: true, warnPercent: 75 };
    let id: number;
    let version: number;

    it('starts with the §3.11 rules: three severities × any / VIP / gold', async () => {
      const res = await agent.get('/api/v1/complaint-rules');
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(9);
      const find = (s: string, t: string) => res.json().items.find((r: { severity: string; tier: string }) => r.severity === s && r.tier === t);
      expect(find('critical', '*')).toMatchObject({ replyMinutes: 120, replyBusinessHours: false, resolveMinutes: 480, resolveBusinessHours: true, warnPercent: 80 });
      expect(find('critical', 'vip')).toMatchObject({ replyMinutes: 60, resolveMinutes: 240 });
      expect(find('minor', 'gold')).toMatchObject({ replyMinutes: 1080 });
    });

    it('a service agent reads the rules but may not write them; an account manager may not either', async () => {
      const res = await agent.post('/api/v1/complaint-rules', body);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      expect((await accountManager.post('/api/v1/complaint-rules', body)).statusCode).toBe(403);
      const rule = (await agent.get('/api/v1/complaint-rules')).json().items[0];
      expect((await agent.patch('/api/v1/complaint-rules/' + rule.id, { ...body, severity: undefined, tier: undefined, version: rule.version })).statusCode).toBe(403);
      expect((await agent.post(`/api/v1/complaint-rules/${rule.id}/archive`, { version: rule.version })).statusCode).toBe(403);
      expect(await count('complaint_sla_rules')).toBe(9);
      expect(await auditCount('complaint_sla_rule')).toBe(0);
    });

    it('bad input is a 400 in the asked language and writes nothing', async () => {
      const en = await supervisor.post('/api/v1/complaint-rules', { ...body, replyMinutes: 0, warnPercent: 100, severity: 'huge' }, EN);
      expect(en.statusCode).toBe(400);
      expect(en.json().title).toBe('The input is invalid; check the marked fields');
      expect(en.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['replyMinutes', 'severity', 'warnPercent']);
      const zh = await supervisor.post('/api/v1/complaint-rules', { ...body, tier: 'platinum' }, ZH);
      expect(zh.statusCode).toBe(400);
      expect(zh.json().title).toBe('输入有误，请检查标出的字段');
      expect(zh.json().errors[0]).toMatchObject({ path: 'tier', code: 'unknown_dictionary_value', message: '不是字典中的有效选项' });
      const zhEmpty = await supervisor.post('/api/v1/complaint-rules', { ...body, resolveMinutes: 1.5 }, ZH);
      expect(zhEmpty.statusCode).toBe(400);
      expect(zhEmpty.json().errors[0].path).toBe('resolveMinutes');
      expect(zhEmpty.json().errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
      expect(await count('complaint_sla_rules')).toBe(9);
      expect(await auditCount('complaint_sla_rule')).toBe(0);
    });

    it('creates a rule for a tier of the service_tier dictionary; audited', async () => {
      const res = await supervisor.post('/api/v1/complaint-rules', body);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ ...body, archivedAt: null, version: 1 });
      id = res.json().id;
      version = 1;
      const entry = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'complaint_sla_rule').executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ action: 'create', entity_id: String(id), summary: 'major/silver', username: 'zhuguan_liu' });
    });

    it('a second rule for the same severity × tier is a 409 with a clear message', async () => {
      const zh = await supervisor.post('/api/v1/complaint-rules', { ...body, replyMinutes: 60 }, ZH);
      expect(zh.statusCode).toBe(409);
      expect(zh.json().code).toBe('COMPLAINT_RULE_DUPLICATE');
      expect(zh.json().title).toContain('已存在');
      const en = await supervisor.post('/api/v1/complaint-rules', { ...body, severity: 'critical', tier: '*' }, EN);
      expect(en.statusCode).toBe(409);
      expect(en.json().title).toContain('already exists');
      expect(await count('complaint_sla_rules')).toBe(10);
    });

    it('updates with the version; a stale version is a 409 and writes nothing', async () => {
      const { severity: _s, tier: _t, ...targets } = body;
      const ok = await supervisor.patch('/api/v1/complaint-rules/' + id, { ...targets, replyMinutes: 120, version });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ replyMinutes: 120, severity: 'major', tier: 'silver', version: 2 });
      const stale = await supervisor.patch('/api/v1/complaint-rules/' + id, { ...targets, replyMinutes: 30, version }, EN);
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');
      version = 2;
      const row = await db().selectFrom('complaint_sla_rules').select(['reply_minutes', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ reply_minutes: 120, version: 2 });
      const entry = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'complaint_sla_rule').where('action', '=', 'update').executeTakeFirstOrThrow();
      expect(JSON.parse(entry.before!).replyMinutes).toBe(180);
      expect(JSON.parse(entry.after!).replyMinutes).toBe(120);
      // the key is not part of an update
      const moved = await supervisor.patch('/api/v1/complaint-rules/' + id, { ...targets, tier: 'vip', version });
      expect(moved.statusCode).toBe(400);
    });

    it('archives and restores; an archived rule is not edited and still blocks its key; the any-tier rule stays', async () => {
      const a = await supervisor.post(`/api/v1/complaint-rules/${id}/archive`, { version });
      expect(a.statusCode).toBe(200);
      expect(a.json().archivedAt).not.toBeNull();
      version = a.json().version;
      const { severity: _s, tier: _t, ...targets } = body;
      expect((await supervisor.patch('/api/v1/complaint-rules/' + id, { ...targets, version })).json().code).toBe('COMPLAINT_RULE_ARCHIVED');
      expect((await supervisor.post('/api/v1/complaint-rules', body)).json().code).toBe('COMPLAINT_RULE_DUPLICATE');
      expect((await agent.get('/api/v1/complaint-rules')).json().total).toBe(9);
      expect((await agent.get('/api/v1/complaint-rules?archived=true')).json().items.map((r: { id: number }) => r.id)).toEqual([id]);
      const r = await supervisor.post(`/api/v1/complaint-rules/${id}/restore`, { version });
      expect(r.statusCode).toBe(200);
      expect(r.json().archivedAt).toBeNull();
      // archiving at the version read before the restore is stale: 409, nothing written (the audit count below)
      const stale = await supervisor.post(`/api/v1/complaint-rules/${id}/archive`, { version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');
      expect((await agent.get('/api/v1/complaint-rules/' + id)).json().archivedAt).toBeNull();

      const any = (await agent.get('/api/v1/complaint-rules?severity=minor&tier=*')).json().items[0];
      const refused = await supervisor.post(`/api/v1/complaint-rules/${any.id}/archive`, { version: any.version }, ZH);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('COMPLAINT_RULE_DEFAULT_REQUIRED');
      expect((await agent.get('/api/v1/complaint-rules/' + any.id)).json().archivedAt).toBeNull();
      expect((await supervisor.post('/api/v1/complaint-rules/99999/archive', { version: 1 })).statusCode).toBe(404);
      expect(await auditCount('complaint_sla_rule')).toBe(4);
    });
  });

  describe('escalation levels', () => {
    it('lists levels 1–3 with the seeded roles; reading and writing need complaints:rules', async () => {
      const res = await supervisor.get('/api/v1/complaint-levels');
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((l: { level: number; roleCode: string | null }) => [l.level, l.roleCode])).toEqual([
        [1, null],
        [2, 'supervisor'],
        [3, 'management'],
      ]);
      expect((await agent.get('/api/v1/complaint-levels')).statusCode).toBe(403);
      expect((await agent.patch('/api/v1/complaint-levels/2', { version: 1, ownerId: null, roleCode: 'supervisor', windowMinutes: 240, businessHours: true })).statusCode).toBe(403);
    });

    it('sets an active owner who can see complaints, a role and the window; audited', async () => {
      const lv = (await supervisor.get('/api/v1/complaint-levels')).json().items[1];
      const res = await supervisor.patch('/api/v1/complaint-levels/2', { version: lv.version, ownerId: supervisor.userId, roleCode: 'service_manager', windowMinutes: 240, businessHours: false });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ level: 2, ownerId: supervisor.userId, ownerName: 'zhuguan_liu', roleCode: 'service_manager', windowMinutes: 240, businessHours: false, version: lv.version + 1 });
      const stale = await supervisor.patch('/api/v1/complaint-levels/2', { version: lv.version, ownerId: null, roleCode: 'supervisor', windowMinutes: 60, businessHours: true });
      expect(stale.statusCode).toBe(409);
      const entry = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'complaint_level').executeTakeFirstOrThrow();
      expect(JSON.parse(entry.before!)).toMatchObject({ roleCode: 'supervisor', windowMinutes: 480 });
      expect(JSON.parse(entry.after!)).toMatchObject({ roleCode: 'service_manager', windowMinutes: 240, ownerId: supervisor.userId });
    });

    it('refuses unknown or disabled owners, unknown roles, roles that cannot see complaints, and an empty level', async () => {
      const lv = (await supervisor.get('/api/v1/complaint-levels')).json().items[2];
      const base = { version: lv.version, windowMinutes: 480, businessHours: true };
      const tech = await h.user('shifu_wang', ['technician']);
      const disabled = await h.user('old_boss', ['management']);
      await db().updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.userId).execute();

      const en = await supervisor.patch('/api/v1/complaint-levels/3', { ...base, ownerId: 99999, roleCode: 'nobody' }, EN);
      expect(en.statusCode).toBe(400);
      expect(en.json().errors).toEqual([
        { path: 'ownerId', code: 'owner_not_active', message: 'The handler does not exist or is disabled' },
        { path: 'roleCode', code: 'unknown_role', message: 'No such role' },
      ]);
      const zh = await supervisor.patch('/api/v1/complaint-levels/3', { ...base, ownerId: disabled.userId, roleCode: 'technician' }, ZH);
      expect(zh.json().errors.map((e: { code: string }) => e.code)).toEqual(['owner_not_active', 'role_cannot_read_complaints']);
      expect(zh.json().errors[1].message).toContain('没有查看投诉的权限');
      const techOwner = await supervisor.patch('/api/v1/complaint-levels/3', { ...base, ownerId: tech.userId }, ZH);
      expect(techOwner.json().errors[0]).toMatchObject({ path: 'ownerId', code: 'owner_cannot_read_complaints' });
      const empty = await supervisor.patch('/api/v1/complaint-levels/3', { ...base, ownerId: null, roleCode: null }, ZH);
      expect(empty.json().errors[0]).toMatchObject({ path: 'ownerId', code: 'level_owner_or_role_required' });
      const one = await supervisor.patch('/api/v1/complaint-levels/1', { ...base, roleCode: 'supervisor' }, EN);
      expect(one.statusCode).toBe(400);
      expect(one.json().errors[0]).toMatchObject({ path: 'roleCode', code: 'level_one_handler' });
      const window = await supervisor.patch('/api/v1/complaint-levels/3', { ...base, roleCode: 'management', windowMinutes: 0 }, ZH);
      expect(window.statusCode).toBe(400);
      expect(window.json().errors[0].path).toBe('windowMinutes');
      expect((await supervisor.patch('/api/v1/complaint-levels/4', { ...base, roleCode: 'management' })).statusCode).toBe(404);

      const row = await db().selectFrom('complaint_levels').selectAll().where('level', '=', 3).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ owner_id: null, role_code: 'management', window_minutes: 480, version: lv.version });
      expect(await auditCount('complaint_level')).toBe(1);
      // level 1 takes a window only
      const lv1 = (await supervisor.get('/api/v1/complaint-levels')).json().items[0];
      const ok = await supervisor.patch('/api/v1/complaint-levels/1', { version: lv1.version, ownerId: null, roleCode: null, windowMinutes: 960, businessHours: true });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ level: 1, windowMinutes: 960 });
    });

    it('offers roles and the active users who can see complaints for the pickers', async () => {
      expect((await agent.get('/api/v1/complaint-settings/options')).statusCode).toBe(403);
      const res = await supervisor.get('/api/v1/complaint-settings/options');
      expect(res.statusCode).toBe(200);
      const { roles, users } = res.json();
      expect(roles.find((r: { code: string }) => r.code === 'management')).toMatchObject({ nameZh: expect.any(String), canReadComplaints: true, canApproveClaims: true });
      expect(roles.find((r: { code: string }) => r.code === 'technician')).toMatchObject({ canReadComplaints: false });
      const names = users.map((u: { displayName: string }) => u.displayName);
      expect(names).toEqual(expect.arrayContaining(['kefu_chen', 'zhuguan_liu', 'jingli_zhao']));
      expect(names).not.toContain('shifu_wang');
      expect(names).not.toContain('old_boss');
    });
  });

  describe('claim approval bands', () => {
    it('lists the default bands; money read back as numbers; approvalCeiling reads them', async () => {
      const res = await supervisor.get('/api/v1/claim-bands');
      expect(res.statusCode).toBe(200);
      const byRole = Object.fromEntries(res.json().items.map((b: { roleCode: string; maxFen: number | null }) => [b.roleCode, b.maxFen]));
      expect(byRole).toMatchObject({ service_agent: 100_000, supervisor: 5_000_000, management: null });
      const bands = await loadBands(db());
      expect(approvalCeiling(bands, ['service_agent', 'service_manager'])).toBe(1_000_000);
      expect(approvalCeiling(bands, ['management'])).toBeNull();
      expect(approvalCeiling(bands, ['technician'])).toBeUndefined();
      expect((await agent.get('/api/v1/claim-bands')).statusCode).toBe(403);
    });

    it('adds a band for an existing role only, once; bad money is a 400; nothing written', async () => {
      const before = await count('claim_bands');
      expect((await agent.post('/api/v1/claim-bands', { roleCode: 'credit_manager', maxFen: 200_000 })).statusCode).toBe(403);
      const unknown = await supervisor.post('/api/v1/claim-bands', { roleCode: 'ghost', maxFen: 100 }, EN);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors[0]).toMatchObject({ path: 'roleCode', code: 'unknown_role', message: 'No such role' });
      const negative = await supervisor.post('/api/v1/claim-bands', { roleCode: 'credit_manager', maxFen: -1 }, ZH);
      expect(negative.statusCode).toBe(400);
      expect(negative.json().errors[0].path).toBe('maxFen');
      const fraction = await supervisor.post('/api/v1/claim-bands', { roleCode: 'credit_manager', maxFen: 10.5 }, ZH);
      expect(fraction.statusCode).toBe(400);
      const dup = await supervisor.post('/api/v1/claim-bands', { roleCode: 'supervisor', maxFen: 1 }, ZH);
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'CLAIM_BAND_DUPLICATE', title: '该角色已设置索赔审批权限，请直接修改' });
      expect(await count('claim_bands')).toBe(before);
      expect(await auditCount('claim_band')).toBe(0);

      const ok = await supervisor.post('/api/v1/claim-bands', { roleCode: 'credit_manager', maxFen: 200_000 });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ roleCode: 'credit_manager', maxFen: 200_000, version: 1 });
    });

    it('changes a ceiling with the version (null = no ceiling); stale is a 409; removes a band', async () => {
      const band = (await supervisor.get('/api/v1/claim-bands')).json().items.find((b: { roleCode: string }) => b.roleCode === 'credit_manager');
      const up = await supervisor.patch('/api/v1/claim-bands/' + band.id, { version: band.version, maxFen: 9_999_999_999 });
      expect(up.statusCode).toBe(200);
      expect(up.json().maxFen).toBe(9_999_999_999);
      const stale = await supervisor.patch('/api/v1/claim-bands/' + band.id, { version: band.version, maxFen: null });
      expect(stale.statusCode).toBe(409);
      const unlimited = await supervisor.patch('/api/v1/claim-bands/' + band.id, { version: up.json().version, maxFen: null });
      expect(unlimited.json().maxFen).toBeNull();
      expect(approvalCeiling(await loadBands(db()), ['credit_manager'])).toBeNull();

      const del = (version: number, c: Client = supervisor) => c.raw({ method: 'DELETE', url: `/api/v1/claim-bands/${band.id}?version=${version}` });
      expect((await del(unlimited.json().version, agent)).statusCode).toBe(403);
      expect((await del(1)).statusCode).toBe(409);
      expect((await del(unlimited.json().version)).statusCode).toBe(204);
      expect(approvalCeiling(await loadBands(db()), ['credit_manager'])).toBeUndefined();
      expect((await del(1)).statusCode).toBe(404);
      const actions = await db().selectFrom('audit_log').select('action').where('entity', '=', 'claim_band').orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['create', 'update', 'update', 'delete']);
    });
  });

  describe('reply and apology templates', () => {
    const body = {
      title: '产品异响',
      category: 'quality',
      temperament: 'talkative',
      situation: '客户反映设备运行时有异响',
      apology: '{customer}您好，非常抱歉给您带来困扰。',
      reply: '{customer}您好：您的投诉 {code} 已由{handler}负责跟进。',
      pairedAction: '加急上门检测',
      taboo: '“这是正常现象”',
      sort: 5,
    };
    let id: number;
    let version: number;

    it('starts with the seeded 最佳道歉方式表; agents read it', async () => {
      const res = await agent.get('/api/v1/complaint-templates');
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(9);
      const titles = res.json().items.map((t: { title: string }) => t.title);
      expect(titles).toEqual(expect.arrayContaining(['产品质量问题', '服务态度不好', '交货延误', '价格与收费疑问', 'VIP 客户投诉', '情绪激动的客户']));
      for (const t of res.json().items) {
        expect(t.apology).toContain('{customer}');
        expect(t.reply).toContain('{code}');
        expect(t.pairedAction).toBeTruthy();
        expect(t.taboo).toBeTruthy();
      }
      expect((await accountManager.get('/api/v1/complaint-templates')).statusCode).toBe(200);
    });

    it('filters by category and customer type (templates for any match too) and searches the texts', async () => {
      const quality = (await agent.get('/api/v1/complaint-templates?category=quality')).json().items;
      expect(quality.map((t: { category: string | null }) => t.category).every((c: string | null) => c === 'quality' || c === null)).toBe(true);
      expect(quality.some((t: { title: string }) => t.title === '产品质量问题')).toBe(true);
      expect(quality.some((t: { title: string }) => t.title === '交货延误')).toBe(false);
      const irritable = (await agent.get('/api/v1/complaint-templates?temperament=irritable')).json().items;
      expect(irritable.some((t: { title: string }) => t.title === '情绪激动的客户')).toBe(true);
      expect(irritable.some((t: { title: string }) => t.title === '讲依据的理性客户')).toBe(false);
      const q = (await agent.get('/api/v1/complaint-templates?q=' + encodeURIComponent('物流单号'))).json();
      expect(q.items.map((t: { title: string }) => t.title)).toEqual(['交货延误']);
      expect((await agent.get('/api/v1/complaint-templates?q=vip')).json().items.map((t: { title: string }) => t.title)).toContain('VIP 客户投诉');
      expect((await agent.get('/api/v1/complaint-templates?q=' + encodeURIComponent('100%'))).json().total).toBe(0);
      const page = (await agent.get('/api/v1/complaint-templates?pageSize=2&page=2')).json();
      expect(page).toMatchObject({ total: 9, page: 2, pageSize: 2 });
      expect(page.items).toHaveLength(2);
      expect((await agent.get('/api/v1/complaint-templates?temperament=angry')).statusCode).toBe(400);
    });

    it('agents may not write templates; bad input is a 400 in both languages and writes nothing', async () => {
      expect((await agent.post('/api/v1/complaint-templates', body)).statusCode).toBe(403);
      const en = await supervisor.post('/api/v1/complaint-templates', { ...body, title: '', category: 'weather', reply: '您好 {customr}' }, EN);
      expect(en.statusCode).toBe(400);
      expect(en.json().errors.map((e: { path: string }) => e.path)).toEqual(['title']);
      const en2 = await supervisor.post('/api/v1/complaint-templates', { ...body, category: 'weather', reply: '您好 {customr}' }, EN);
      expect(en2.json().errors).toEqual([
        { path: 'category', code: 'unknown_dictionary_value', message: 'Not a valid option of its list' },
        { path: 'reply', code: 'unknown_placeholder', message: 'Only the placeholders {customer}, {code} and {handler} can be used' },
      ]);
      const zh = await supervisor.post('/api/v1/complaint-templates', { ...body, apology: '{姓名}您好' }, ZH);
      expect(zh.statusCode).toBe(400);
      expect(zh.json().errors[0]).toMatchObject({ path: 'apology', message: '只能使用占位符 {customer}、{code}、{handler}' });
      expect(await count('complaint_templates')).toBe(9);
      expect(await auditCount('complaint_template')).toBe(0);
    });

    it('creates, refuses a second live template with the same title, updates with the version', async () => {
      const res = await supervisor.post('/api/v1/complaint-templates', body);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ ...body, archivedAt: null, version: 1 });
      id = res.json().id;
      const dup = await supervisor.post('/api/v1/complaint-templates', { ...body, category: null }, ZH);
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('TEMPLATE_DUPLICATE');

      const up = await supervisor.patch('/api/v1/complaint-templates/' + id, { version: 1, pairedAction: '加急上门检测；上级致电' });
      expect(up.statusCode).toBe(200);
      // fields left out stay as they were, the order too
      expect(up.json()).toMatchObject({ title: '产品异响', sort: 5, temperament: 'talkative', pairedAction: '加急上门检测；上级致电', version: 2 });
      const stale = await supervisor.patch('/api/v1/complaint-templates/' + id, { version: 1, taboo: null }, EN);
      expect(stale.statusCode).toBe(409);
      expect(stale.json().title).toBe('Someone else changed this record; reload and try again');
      const taken = await supervisor.patch('/api/v1/complaint-templates/' + id, { version: 2, title: '交货延误' });
      expect(taken.json().code).toBe('TEMPLATE_DUPLICATE');
      const cleared = await supervisor.patch('/api/v1/complaint-templates/' + id, { version: 2, temperament: null, taboo: '' });
      expect(cleared.json()).toMatchObject({ temperament: null, taboo: null, version: 3 });
      version = 3;
      const row = await db().selectFrom('complaint_templates').select(['title', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ title: '产品异响', version: 3 });
    });

    it('renders a live template for a reply; an archived or missing one is TEMPLATE_NOT_FOUND', async () => {
      const out = await renderTemplate(db(), id, { customer: '王女士', code: 'TS20261122-0007', handler: '陈客服' });
      expect(out).toEqual({ title: '产品异响', apology: '王女士您好，非常抱歉给您带来困扰。', reply: '王女士您好：您的投诉 TS20261122-0007 已由陈客服负责跟进。' });

      const a = await supervisor.post(`/api/v1/complaint-templates/${id}/archive`, { version });
      expect(a.statusCode).toBe(200);
      version = a.json().version;
      await expect(renderTemplate(db(), id, { customer: '', code: '', handler: '' })).rejects.toMatchObject({ status: 404, code: 'TEMPLATE_NOT_FOUND' });
      await expect(renderTemplate(db(), 99999, { customer: '', code: '', handler: '' })).rejects.toMatchObject({ status: 404, code: 'TEMPLATE_NOT_FOUND' });
      expect((await supervisor.patch('/api/v1/complaint-templates/' + id, { version, title: 'x' })).json().code).toBe('TEMPLATE_ARCHIVED');
      // archived templates are listed only on request
      expect((await agent.get('/api/v1/complaint-templates')).json().total).toBe(9);
      expect((await agent.get('/api/v1/complaint-templates?archived=true')).json().items.map((t: { id: number }) => t.id)).toEqual([id]);
      expect((await agent.get('/api/v1/complaint-templates?archived=all')).json().total).toBe(10);
    });

    it('restores only while the title is free', async () => {
      const twin = await supervisor.post('/api/v1/complaint-templates', { ...body, sort: 0 });
      expect(twin.statusCode).toBe(201);
      const blocked = await supervisor.post(`/api/v1/complaint-templates/${id}/restore`, { version });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().code).toBe('TEMPLATE_DUPLICATE');
      await supervisor.post(`/api/v1/complaint-templates/${twin.json().id}/archive`, { version: 1 });
      const ok = await supervisor.post(`/api/v1/complaint-templates/${id}/restore`, { version });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().archivedAt).toBeNull();
      expect((await agent.post(`/api/v1/complaint-templates/${id}/archive`, { version: ok.json().version })).statusCode).toBe(403);
      const actions = await db().selectFrom('audit_log').select('action').where('entity', '=', 'complaint_template').orderBy('id').execute();
      expect(actions.map((x) => x.action)).toEqual(['create', 'update', 'update', 'archive', 'create', 'archive', 'restore']);
    });
  });
});

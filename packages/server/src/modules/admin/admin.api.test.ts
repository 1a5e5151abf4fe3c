import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../test/harness';
import { testDatabases, TEST_ADMIN_PASSWORD } from '../../test/db';

describe.each(testDatabases())('administration API on %s', (kind) => {
  let h: Harness;
  let manager: Client;
  beforeAll(async () => {
    h = await createHarness(kind);
    manager = await h.user('am_zhang', ['account_manager']);
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.kehu.ctx.db;
  const countOf = async (table: 'users' | 'roles' | 'org_units' | 'api_tokens' | 'audit_log') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const roleId = async (code: string) => (await db().selectFrom('roles').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const bearer = (token: string, url = '/api/v1/auth/me') => h.kehu.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const del = (c: Client, url: string) => c.raw({ method: 'DELETE', url });

  describe('users', () => {
    let userId: number;
    let version: number;

    it('creates a user who must change the initial password; never answers the hash', async () => {
      const res = await h.admin.post('/api/v1/users', {
        username: 'li.si',
        displayName: '李四',
        email: 'lisi@example.com',
        phone: '13912345678',
        orgUnitId: h.rootUnitId,
        roleIds: [await roleId('service_agent')],
        password: 'Welcome123',
      });
      expect(res.statusCode).toBe(201);
      const u = res.json();
      expect(u).toMatchObject({ username: 'li.si', displayName: '李四', mustChangePassword: true, disabled: false, orgUnitId: h.rootUnitId });
      expect(u.roles.map((r: { code: string }) => r.code)).toEqual(['service_agent']);
      expect(res.body).not.toMatch(/hash|argon/i);
      userId = u.id;
      version = u.version;

      const login = await h.kehu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'li.si', password: 'Welcome123' } });
      expect(login.statusCode).toBe(200);
      expect(login.json().mustChangePassword).toBe(true);

      const audit = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'user').where('entity_id', '=', String(userId)).where('action', '=', 'create').executeTakeFirstOrThrow();
      expect(audit.username).toBe('admin');
      expect(JSON.parse(audit.after!)).toMatchObject({ username: 'li.si', roles: ['service_agent'] });
      expect(audit.after).not.toContain('Welcome123');
    });

    it('lists with search, filters and paging, and gets one', async () => {
      const list = await h.admin.get('/api/v1/users?q=LI.S&pageSize=5');
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({ total: 1, page: 1, pageSize: 5 });
      expect(list.json().items[0].username).toBe('li.si');
      expect((await h.admin.get('/api/v1/users?q=' + encodeURIComponent('李'))).json().total).toBe(1);
      expect((await h.admin.get('/api/v1/users?q=%25')).json().total).toBe(0); // wildcards are literal
      const byRole = await h.admin.get(`/api/v1/users?roleId=${await roleId('account_manager')}`);
      expect(byRole.json().items.map((u: { username: string }) => u.username)).toEqual(['am_zhang']);
      expect((await h.admin.get(`/api/v1/users?orgUnitId=${h.rootUnitId}&disabled=false&sort=-username`)).json().items[0].username).toBe('li.si');
      expect((await h.admin.get('/api/v1/users?sort=password_hash')).statusCode).toBe(400);
      const one = await h.admin.get(`/api/v1/users/${userId}`);
      expect(one.json()).toMatchObject({ id: userId, email: 'lisi@example.com' });
      expect((await h.admin.get('/api/v1/users/999999')).statusCode).toBe(404);
    });

    it('updates with a version and answers 409 to a stale one', async () => {
      const res = await h.admin.patch(`/api/v1/users/${userId}`, { displayName: '李四(客服)', roleIds: [await roleId('technician')], version });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ displayName: '李四(客服)', version: version + 1 });
      expect(res.json().roles.map((r: { code: string }) => r.code)).toEqual(['technician']);
      const stale = await h.admin.patch(`/api/v1/users/${userId}`, { displayName: '旧版本', version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('VERSION_CONFLICT');
      expect((await h.admin.get(`/api/v1/users/${userId}`)).json().displayName).toBe('李四(客服)');
      version = res.json().version;
    });

    it('refuses bad input with 400 and writes nothing', async () => {
      const users = await countOf('users');
      const audits = await countOf('audit_log');
      const cases = [
        { username: 'x', displayName: 'x', password: 'Passw0rd1' }, // too short
        { username: 'bad name', displayName: 'x', password: 'Passw0rd1' },
        { username: 'okname', displayName: '', password: 'Passw0rd1' },
        { username: 'okname', displayName: 'x', password: 'short' }, // policy
        { username: 'okname', displayName: 'x', password: 'Passw0rd1', email: 'not-an-email' },
        { username: 'okname', displayName: 'x', password: 'Passw0rd1', roleIds: [999999] },
        { username: 'okname', displayName: 'x', password: 'Passw0rd1', orgUnitId: 999999 },
        { username: 'okname', displayName: 'x', password: 'Passw0rd1', isAdmin: true }, // unknown field
        { username: 'okname', displayName: 'x'.repeat(61), password: 'Passw0rd1' },
      ];
      for (const body of cases) {
        const res = await h.admin.post('/api/v1/users', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors.length).toBeGreaterThan(0);
      }
      const malformed = await h.admin.post('/api/v1/users', '{"username":');
      expect(malformed.statusCode).toBe(400);
      expect((await h.admin.patch(`/api/v1/users/${userId}`, { version: 'x' })).statusCode).toBe(400);
      expect((await h.admin.patch('/api/v1/users/abc', { version: 1 })).statusCode).toBe(400);
      expect(await countOf('users')).toBe(users);
      expect(await countOf('audit_log')).toBe(audits);
      const weak = await h.admin.post('/api/v1/users', { username: 'okname', displayName: 'x', password: 'short' });
      expect(weak.json().errors[0]).toMatchObject({ path: 'password', message: '密码至少 8 位，且包含字母和数字' });
    });

    it('refuses a username that exists (ignoring case) with 409', async () => {
      const res = await h.admin.post('/api/v1/users', { username: 'LI.SI', displayName: 'x', password: 'Passw0rd1' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'USERNAME_TAKEN', title: '用户名已存在' });
      expect(res.json().errors[0].path).toBe('username');
    });

    it('disabling ends the sessions and blocks sign-in; enabling lets the user back in', async () => {
      const c = await h.user('wang.wu', ['account_manager']);
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
      const u = (await h.admin.get(`/api/v1/users/${c.userId}`)).json();
      const off = await h.admin.post(`/api/v1/users/${c.userId}/disable`, { version: u.version });
      expect(off.statusCode).toBe(200);
      expect(off.json().disabled).toBe(true);
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
      expect(await db().selectFrom('sessions').select('id').where('user_id', '=', c.userId).execute()).toHaveLength(0);
      const login = await h.kehu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'wang.wu', password: 'Passw0rd!' } });
      expect(login.statusCode).toBe(403);
      expect(login.json().code).toBe('ACCOUNT_DISABLED');
      expect((await h.admin.post(`/api/v1/users/${c.userId}/enable`, { version: u.version })).statusCode).toBe(409); // stale
      const on = await h.admin.post(`/api/v1/users/${c.userId}/enable`, { version: off.json().version });
      expect(on.json().disabled).toBe(false);
      expect((await h.login('wang.wu', 'Passw0rd!')).userId).toBe(c.userId);
      expect((await h.admin.get('/api/v1/users?disabled=true')).json().total).toBe(0);
      const audit = await db().selectFrom('audit_log').select('action').where('entity', '=', 'user').where('entity_id', '=', String(c.userId)).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['disable', 'enable']));
    });

    it('does not let an admin disable themselves', async () => {
      const me = (await h.admin.get(`/api/v1/users/${h.admin.userId}`)).json();
      const res = await h.admin.post(`/api/v1/users/${h.admin.userId}/disable`, { version: me.version });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('CANNOT_DISABLE_SELF');
    });

    it('resets a password: unlocks, forces a change, ends sessions; can generate one', async () => {
      const c = await h.user('locked.li', ['account_manager']);
      await db().updateTable('users').set({ failed_logins: 3, locked_until: '2099-01-01T00:00:00.000Z' }).where('id', '=', c.userId).execute();
      expect((await h.admin.get(`/api/v1/users/${c.userId}`)).json().locked).toBe(true);
      const res = await h.admin.post(`/api/v1/users/${c.userId}/reset-password`, { password: 'Temp12345' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ temporaryPassword: null, user: { locked: false, mustChangePassword: true } });
      expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
      const login = await h.kehu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locked.li', password: 'Temp12345' } });
      expect(login.json().mustChangePassword).toBe(true);
      const gen = await h.admin.post(`/api/v1/users/${c.userId}/reset-password`, {});
      const temp = gen.json().temporaryPassword as string;
      expect(temp.length).toBeGreaterThanOrEqual(8);
      expect((await h.kehu.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'locked.li', password: temp } })).statusCode).toBe(200);
      expect((await h.admin.post(`/api/v1/users/${c.userId}/reset-password`, { password: 'weak' })).statusCode).toBe(400);
      const audit = await db().selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'password_reset').execute();
      expect(audit).toHaveLength(2);
      expect(audit.map((a) => a.after).join()).not.toContain(temp);
    });

    it('offers active users to any signed-in user for pickers', async () => {
      const res = await manager.get('/api/v1/users/options');
      expect(res.statusCode).toBe(200);
      expect(res.json().items.find((u: { username: string }) => u.username === 'li.si')).toMatchObject({ displayName: '李四(客服)' });
      expect(res.body).not.toContain('email');
    });
  });

  describe('organisation units', () => {
    let dept: { id: number; version: number };
    let team: { id: number; version: number };

    it('creates departments and teams and answers the tree', async () => {
      const d = await h.admin.post('/api/v1/org-units', { name: '华东销售部', kind: 'department', parentId: h.rootUnitId });
      expect(d.statusCode).toBe(201);
      dept = d.json();
      const t = await h.admin.post('/api/v1/org-units', { name: '杭州一组', kind: 'team', parentId: dept.id });
      team = t.json();
      const tree = await h.admin.get('/api/v1/org-units');
      const root = tree.json().items[0];
      expect(root.id).toBe(h.rootUnitId);
      const east = root.children.find((u: { id: number }) => u.id === dept.id);
      expect(east.children.map((u: { name: string }) => u.name)).toEqual(['杭州一组']);
      // readable by any signed-in user (forms pick a team); archived units only for admins
      expect((await manager.get('/api/v1/org-units')).statusCode).toBe(200);
      expect((await manager.get('/api/v1/org-units?includeArchived=true')).statusCode).toBe(403);
    });

    it('refuses departments under teams, duplicate sibling names, unknown parents', async () => {
      const before = await countOf('org_units');
      expect((await h.admin.post('/api/v1/org-units', { name: '下级部', kind: 'department', parentId: team.id })).json().code).toBe('ORG_UNIT_BAD_PARENT');
      expect((await h.admin.post('/api/v1/org-units', { name: '杭州一组', kind: 'team', parentId: dept.id })).statusCode).toBe(400);
      expect((await h.admin.post('/api/v1/org-units', { name: 'x', kind: 'team', parentId: 999999 })).statusCode).toBe(400);
      expect((await h.admin.post('/api/v1/org-units', { name: 'x', kind: 'group', parentId: dept.id })).statusCode).toBe(400);
      expect((await h.admin.post('/api/v1/org-units', { name: '', kind: 'team', parentId: dept.id })).statusCode).toBe(400);
      expect(await countOf('org_units')).toBe(before);
    });

    it('renames and moves, never into a cycle, and checks the version', async () => {
      const d2 = (await h.admin.post('/api/v1/org-units', { name: '华南销售部', kind: 'department', parentId: h.rootUnitId })).json();
      const moved = await h.admin.patch(`/api/v1/org-units/${team.id}`, { name: '深圳一组', parentId: d2.id, version: team.version });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ name: '深圳一组', parentId: d2.id });
      expect((await h.admin.patch(`/api/v1/org-units/${team.id}`, { name: '旧', version: team.version })).statusCode).toBe(409);
      team = moved.json();
      const cycle = await h.admin.patch(`/api/v1/org-units/${d2.id}`, { parentId: team.id, version: d2.version });
      expect(cycle.statusCode).toBe(400);
      expect(cycle.json().code).toMatch(/ORG_UNIT_(CYCLE|BAD_PARENT)/);
      const self = await h.admin.patch(`/api/v1/org-units/${d2.id}`, { parentId: d2.id, version: d2.version });
      expect(self.json().code).toBe('ORG_UNIT_CYCLE');
      const sub = (await h.admin.post('/api/v1/org-units', { name: '深圳二组', kind: 'team', parentId: team.id })).json();
      const deep = await h.admin.patch(`/api/v1/org-units/${team.id}`, { parentId: sub.id, version: team.version });
      expect(deep.json().code).toBe('ORG_UNIT_CYCLE');
      const root = (await h.admin.get('/api/v1/org-units')).json().items[0];
      expect((await h.admin.patch(`/api/v1/org-units/${h.rootUnitId}`, { parentId: dept.id, version: root.version })).json().code).toBe('ORG_UNIT_ROOT');
      const audit = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'org_unit').where('action', '=', 'move').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.before!).parentId).toBe(dept.id);
      expect(JSON.parse(audit.after!).parentId).toBe(d2.id);
    });

    it('archives only units without active users or sub-units', async () => {
      const c = await h.user('team.member', ['technician'], team.id);
      team = (await h.admin.get('/api/v1/org-units?includeArchived=true')).json().items[0].children.flatMap((u: { children: unknown[] }) => u.children).find((u: { id: number }) => u.id === team.id);
      expect(team).toBeTruthy();
      const busy = await h.admin.post(`/api/v1/org-units/${team.id}/archive`, { version: team.version });
      expect(busy.statusCode).toBe(409);
      expect(busy.json()).toMatchObject({ code: 'ORG_UNIT_NOT_EMPTY', activeUsers: 1, activeChildren: 1 });
      // move the member away and archive the sub-team, then the team goes
      const u = (await h.admin.get(`/api/v1/users/${c.userId}`)).json();
      await h.admin.patch(`/api/v1/users/${c.userId}`, { orgUnitId: dept.id, version: u.version });
      const tree = (await h.admin.get('/api/v1/org-units')).json();
      const flat: { id: number; parentId: number | null; version: number; children: unknown[] }[] = [];
      const walk = (n: (typeof flat)[number]) => {
        flat.push(n);
        (n.children as (typeof flat)[number][]).forEach(walk);
      };
      tree.items.forEach(walk);
      const sub = flat.find((n) => n.parentId === team.id)!;
      expect((await h.admin.post(`/api/v1/org-units/${sub.id}/archive`, { version: sub.version })).statusCode).toBe(200);
      const ok = await h.admin.post(`/api/v1/org-units/${team.id}/archive`, { version: team.version });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().archivedAt).toBeTruthy();
      expect(JSON.stringify((await h.admin.get('/api/v1/org-units')).json())).not.toContain('深圳一组');
      expect(JSON.stringify((await h.admin.get('/api/v1/org-units?includeArchived=true')).json())).toContain('深圳一组');
      // an archived unit takes no new users, and its sub-unit cannot come back before it
      const placed = await h.admin.post('/api/v1/users', { username: 'newbie', displayName: 'x', password: 'Passw0rd1', orgUnitId: team.id });
      expect(placed.json().errors[0]).toMatchObject({ path: 'orgUnitId', code: 'archived_org_unit' });
      const subNow = (await h.admin.get('/api/v1/org-units?includeArchived=true')).json();
      const flat2: typeof flat = [];
      const walk2 = (n: (typeof flat)[number]) => {
        flat2.push(n);
        (n.children as (typeof flat)[number][]).forEach(walk2);
      };
      subNow.items.forEach(walk2);
      const subArchived = flat2.find((n) => n.id === sub.id)!;
      expect((await h.admin.post(`/api/v1/org-units/${sub.id}/restore`, { version: subArchived.version })).json().code).toBe('ORG_UNIT_ARCHIVED');
      const restored = await h.admin.post(`/api/v1/org-units/${team.id}/restore`, { version: ok.json().version });
      expect(restored.json().archivedAt).toBeNull();
      expect((await h.admin.post(`/api/v1/org-units/${h.rootUnitId}/archive`, { version: tree.items[0].version })).json().code).toBe('ORG_UNIT_ROOT');
    });
  });

  describe('roles', () => {
    let role: { id: number; version: number };

    it('lists the permission catalogue and the roles', async () => {
      const cat = (await h.admin.get('/api/v1/permissions')).json();
      expect(cat.groups.find((g: { module: string }) => g.module === 'admin').permissions).toContain('admin:roles');
      expect(cat.dataScopes).toEqual(['own', 'team', 'department', 'all']);
      const roles = (await h.admin.get('/api/v1/roles')).json().items;
      const admin = roles.find((r: { code: string }) => r.code === 'admin');
      expect(admin).toMatchObject({ builtIn: true, userCount: 1, scopes: { customers: 'all' } });
      expect(admin.permissions).toContain('admin:tokens');
    });

    it('creates a custom role; unknown permissions or scopes are 400 and write nothing', async () => {
      const before = await countOf('roles');
      for (const body of [
        { code: 'auditor', nameZh: '审计员', nameEn: 'Auditor', permissions: ['admin:everything'] },
        { code: 'auditor', nameZh: '审计员', nameEn: 'Auditor', permissions: [], scopes: { customers: 'galaxy' } },
        { code: 'auditor', nameZh: '审计员', nameEn: 'Auditor', permissions: [], scopes: { invoices: 'all' } },
        { code: 'Auditor!', nameZh: '审计员', nameEn: 'Auditor', permissions: [] },
        { code: 'auditor', nameZh: '', nameEn: 'Auditor', permissions: [] },
      ]) {
        expect((await h.admin.post('/api/v1/roles', body)).statusCode, JSON.stringify(body)).toBe(400);
      }
      expect(await countOf('roles')).toBe(before);
      const res = await h.admin.post('/api/v1/roles', { code: 'auditor', nameZh: '审计员', nameEn: 'Auditor', permissions: ['admin:audit', 'customers:read', 'admin:audit'], scopes: { customers: 'team' } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ code: 'auditor', builtIn: false, userCount: 0, permissions: ['customers:read', 'admin:audit'], scopes: { customers: 'team' } });
      role = res.json();
      expect((await h.admin.post('/api/v1/roles', { code: 'auditor', nameZh: 'x', nameEn: 'x', permissions: [] })).json().code).toBe('ROLE_CODE_TAKEN');
    });

    it("changing a role's permissions takes effect for its holders at once", async () => {
      const c = await h.user('audrey', ['technician']);
      expect((await c.get('/api/v1/audit-log')).statusCode).toBe(403);
      const u = (await h.admin.get(`/api/v1/users/${c.userId}`)).json();
      await h.admin.patch(`/api/v1/users/${c.userId}`, { roleIds: [role.id], version: u.version });
      expect((await c.get('/api/v1/audit-log')).statusCode).toBe(200);
      const upd = await h.admin.patch(`/api/v1/roles/${role.id}`, { permissions: ['customers:read'], nameEn: 'Reader', version: role.version });
      expect(upd.statusCode).toBe(200);
      expect(upd.json()).toMatchObject({ nameEn: 'Reader', permissions: ['customers:read'], userCount: 1 });
      expect((await c.get('/api/v1/audit-log')).statusCode).toBe(403);
      expect((await c.get('/api/v1/auth/me')).json().permissions).toEqual(['customers:read']);
      expect((await h.admin.patch(`/api/v1/roles/${role.id}`, { nameEn: 'Stale', version: role.version })).statusCode).toBe(409);
      const audit = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'role').where('action', '=', 'update').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.before!).permissions).toEqual(['customers:read', 'admin:audit']);
      expect(JSON.parse(audit.after!).permissions).toEqual(['customers:read']);
      role = upd.json();
    });

    it('edits built-in roles too, but keeps someone able to manage roles', async () => {
      const adminRole = (await h.admin.get(`/api/v1/roles/${await roleId('admin')}`)).json();
      const res = await h.admin.patch(`/api/v1/roles/${adminRole.id}`, { permissions: adminRole.permissions.filter((p: string) => p !== 'admin:roles'), version: adminRole.version });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('LAST_ADMIN');
      const after = (await h.admin.get(`/api/v1/roles/${adminRole.id}`)).json();
      expect(after.permissions).toContain('admin:roles');
      expect(after.version).toBe(adminRole.version);
      const renamed = await h.admin.patch(`/api/v1/roles/${adminRole.id}`, { nameZh: '超级管理员', version: adminRole.version });
      expect(renamed.json().nameZh).toBe('超级管理员');
      // nor may the only admin lose the admin role
      const me = (await h.admin.get(`/api/v1/users/${h.admin.userId}`)).json();
      const demote = await h.admin.patch(`/api/v1/users/${h.admin.userId}`, { roleIds: [await roleId('technician')], version: me.version });
      expect(demote.json().code).toBe('LAST_ADMIN');
      expect((await h.admin.get('/api/v1/audit-log?pageSize=1')).statusCode).toBe(200);
    });

    it('deletes only custom roles that nobody holds', async () => {
      const builtIn = (await h.admin.get(`/api/v1/roles/${await roleId('management')}`)).json();
      expect((await del(h.admin, `/api/v1/roles/${builtIn.id}?version=${builtIn.version}`)).json().code).toBe('ROLE_BUILT_IN');
      expect((await del(h.admin, `/api/v1/roles/${role.id}?version=${role.version}`)).json().code).toBe('ROLE_IN_USE');
      const spare = (await h.admin.post('/api/v1/roles', { code: 'spare', nameZh: '备用', nameEn: 'Spare', permissions: [] })).json();
      expect((await del(h.admin, `/api/v1/roles/${spare.id}?version=${spare.version + 1}`)).statusCode).toBe(409);
      expect((await del(h.admin, `/api/v1/roles/${spare.id}?version=${spare.version}`)).statusCode).toBe(204);
      expect((await h.admin.get(`/api/v1/roles/${spare.id}`)).statusCode).toBe(404);
      const audit = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'role').where('action', '=', 'delete').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.before!).code).toBe('spare');
    });

    it('does not let a user administrator hand out permissions they lack', async () => {
      const ua = (await h.admin.post('/api/v1/roles', { code: 'user_admin', nameZh: '账号管理员', nameEn: 'User admin', permissions: ['admin:users'] })).json();
      const c = await h.user('ursula', []);
      const u = (await h.admin.get(`/api/v1/users/${c.userId}`)).json();
      await h.admin.patch(`/api/v1/users/${c.userId}`, { roleIds: [ua.id], version: u.version });
      expect((await c.get('/api/v1/roles')).statusCode).toBe(200); // to assign roles
      const res = await c.post('/api/v1/users', { username: 'sneaky', displayName: 'x', password: 'Passw0rd1', roleIds: [await roleId('admin')] });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('PRIVILEGE_ESCALATION');
      expect((await c.post(`/api/v1/users/${h.admin.userId}/reset-password`, {})).json().code).toBe('PRIVILEGE_ESCALATION');
      expect((await c.post('/api/v1/users', { username: 'plain', displayName: 'x', password: 'Passw0rd1' })).statusCode).toBe(201);
    });
  });

  describe('API tokens', () => {
    it('creates a token shown once that works as Bearer until revoked', async () => {
      const svcUser = await h.user('erp.sync', ['service_agent']);
      const res = await h.admin.post('/api/v1/api-tokens', { userId: svcUser.userId, name: 'ERP 同步' });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created.token).toMatch(/^kh_/);
      expect(created.token.startsWith(created.prefix)).toBe(true);
      const stored = await db().selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toBe(created.token);
      expect(stored.token_hash).toHaveLength(64);

      const me = await bearer(created.token);
      expect(me.statusCode).toBe(200);
      expect(me.json().username).toBe('erp.sync');
      expect((await bearer(created.token, '/api/v1/customers')).statusCode).toBe(200);

      const list = await h.admin.get(`/api/v1/api-tokens?userId=${svcUser.userId}`);
      expect(list.json().total).toBe(1);
      expect(list.json().items[0]).toMatchObject({ name: 'ERP 同步', prefix: created.prefix, username: 'erp.sync', createdByName: '系统管理员', revokedAt: null });
      expect(list.json().items[0].lastUsedAt).toBeTruthy();
      expect(list.body).not.toContain(created.token);
      expect(list.body).not.toContain(stored.token_hash);

      const rev = await h.admin.post(`/api/v1/api-tokens/${created.id}/revoke`);
      expect(rev.statusCode).toBe(200);
      expect(rev.json().revokedAt).toBeTruthy();
      expect((await bearer(created.token)).statusCode).toBe(401);
      expect((await h.admin.get('/api/v1/api-tokens?revoked=false')).json().items.some((t: { id: number }) => t.id === created.id)).toBe(false);
      expect((await h.admin.post(`/api/v1/api-tokens/${created.id}/revoke`)).statusCode).toBe(200); // idempotent
      const audit = await db().selectFrom('audit_log').select('action').where('entity', '=', 'api_token').where('entity_id', '=', String(created.id)).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['create', 'revoke']);
    });

    it("stops a token when its user is disabled; refuses tokens for disabled or unknown users", async () => {
      const c = await h.user('bot.two', ['technician']);
      const { token } = (await h.admin.post('/api/v1/api-tokens', { userId: c.userId, name: 'bot' })).json();
      expect((await bearer(token)).statusCode).toBe(200);
      const u = (await h.admin.get(`/api/v1/users/${c.userId}`)).json();
      await h.admin.post(`/api/v1/users/${c.userId}/disable`, { version: u.version });
      expect((await bearer(token)).statusCode).toBe(401);
      const before = await countOf('api_tokens');
      expect((await h.admin.post('/api/v1/api-tokens', { userId: c.userId, name: 'again' })).statusCode).toBe(400);
      expect((await h.admin.post('/api/v1/api-tokens', { userId: 999999, name: 'x' })).statusCode).toBe(400);
      expect((await h.admin.post('/api/v1/api-tokens', { userId: c.userId, name: '' })).statusCode).toBe(400);
      expect(await countOf('api_tokens')).toBe(before);
      expect((await h.admin.post('/api/v1/api-tokens/999999/revoke')).statusCode).toBe(404);
    });
  });

  describe('access', () => {
    it('answers 403 to a non-admin role on every admin route and writes nothing', async () => {
      const users = await countOf('users');
      const roles = await countOf('roles');
      const units = await countOf('org_units');
      const tokens = await countOf('api_tokens');
      const uid = h.admin.userId;
      const rid = await roleId('technician');
      const calls: [string, string, unknown?][] = [
        ['GET', '/api/v1/users'],
        ['GET', `/api/v1/users/${uid}`],
        ['POST', '/api/v1/users', { username: 'intruder', displayName: 'x', password: 'Passw0rd1' }],
        ['PATCH', `/api/v1/users/${uid}`, { displayName: 'x', version: 1 }],
        ['POST', `/api/v1/users/${uid}/disable`, { version: 1 }],
        ['POST', `/api/v1/users/${uid}/enable`, { version: 1 }],
        ['POST', `/api/v1/users/${uid}/reset-password`, {}],
        ['GET', '/api/v1/org-units?includeArchived=true'],
        ['POST', '/api/v1/org-units', { name: 'x', kind: 'team', parentId: h.rootUnitId }],
        ['PATCH', `/api/v1/org-units/${h.rootUnitId}`, { name: 'x', version: 1 }],
        ['POST', `/api/v1/org-units/${h.rootUnitId}/archive`, { version: 1 }],
        ['POST', `/api/v1/org-units/${h.rootUnitId}/restore`, { version: 1 }],
        ['GET', '/api/v1/roles'],
        ['GET', `/api/v1/roles/${rid}`],
        ['POST', '/api/v1/roles', { code: 'intruder', nameZh: 'x', nameEn: 'x', permissions: [] }],
        ['PATCH', `/api/v1/roles/${rid}`, { permissions: [], version: 1 }],
        ['DELETE', `/api/v1/roles/${rid}?version=1`],
        ['GET', '/api/v1/api-tokens'],
        ['POST', '/api/v1/api-tokens', { userId: manager.userId, name: 'x' }],
        ['POST', '/api/v1/api-tokens/1/revoke', {}],
        ['GET', '/api/v1/audit-log'],
        ['POST', '/api/v1/dictionaries', { type: 'grade', code: 'Z', labelZh: 'x', labelEn: 'x' }],
      ];
      for (const [method, url, body] of calls) {
        const res = await manager.raw({
          method: method as 'GET',
          url,
          ...(body !== undefined && { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().title).toBe('没有执行此操作的权限');
      }
      expect([await countOf('users'), await countOf('roles'), await countOf('org_units'), await countOf('api_tokens')]).toEqual([users, roles, units, tokens]);
      // signed out is 401 rather than 403
      expect((await h.kehu.app.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
    });

    it('documents the admin routes in the OpenAPI document', async () => {
      const doc = (await h.kehu.app.inject({ url: '/api/openapi.json' })).json();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/users', '/api/v1/org-units', '/api/v1/roles/{id}', '/api/v1/permissions', '/api/v1/api-tokens', '/api/v1/audit-log']),
      );
    });

    it('has no route that changes or deletes audit entries', async () => {
      const first = (await h.admin.get('/api/v1/audit-log?pageSize=1')).json().items[0];
      expect((await h.admin.patch(`/api/v1/audit-log/${first.id}`, { action: 'x' })).statusCode).toBe(404);
      expect((await del(h.admin, `/api/v1/audit-log/${first.id}`)).statusCode).toBe(404);
      expect((await h.admin.post(`/api/v1/audit-log`, {})).statusCode).toBe(404);
    });
  });

  describe('audit log', () => {
    it('lists newest first with filters by user, action, entity, entity id', async () => {
      const all = (await h.admin.get('/api/v1/audit-log?pageSize=200')).json();
      expect(all.total).toBeGreaterThan(10);
      const ids = all.items.map((e: { id: number }) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const roles = (await h.admin.get('/api/v1/audit-log?entity=role&action=update')).json();
      expect(roles.items.length).toBeGreaterThan(0);
      expect(roles.items.every((e: { entity: string; action: string }) => e.entity === 'role' && e.action === 'update')).toBe(true);
      const first = roles.items[roles.items.length - 1];
      expect(first.before).toBeTypeOf('object');
      const byId = (await h.admin.get(`/api/v1/audit-log?entity=role&entityId=${first.entityId}`)).json();
      expect(byId.items.every((e: { entityId: string }) => e.entityId === first.entityId)).toBe(true);
      const mine = (await h.admin.get(`/api/v1/audit-log?userId=${h.admin.userId}&pageSize=5&page=2`)).json();
      expect(mine).toMatchObject({ page: 2, pageSize: 5 });
      expect(mine.items.every((e: { userId: number }) => e.userId === h.admin.userId)).toBe(true);
      expect((await h.admin.get('/api/v1/audit-log?action=no_such_action')).json().total).toBe(0);
      expect((await h.admin.get('/api/v1/audit-log?from=yesterday')).statusCode).toBe(400);
      expect((await h.admin.get('/api/v1/audit-log?pageSize=500')).statusCode).toBe(400);
    });

    it('filters by date range in the server time zone (Asia/Shanghai)', async () => {
      // the harness clock starts at 2026-11-22 10:00 in Shanghai; 17:00Z is already the 23rd there
      h.clock.set(new Date('2026-11-22T17:00:00Z'));
      const admin = await h.login('admin', TEST_ADMIN_PASSWORD);
      await admin.post('/api/v1/org-units', { name: '夜班组', kind: 'team', parentId: h.rootUnitId });
      const on22 = (await admin.get('/api/v1/audit-log?entity=org_unit&action=create&from=2026-11-22&to=2026-11-22&pageSize=200')).json();
      const on23 = (await admin.get('/api/v1/audit-log?entity=org_unit&action=create&from=2026-11-23&to=2026-11-23')).json();
      expect(on23.items.map((e: { summary: string }) => e.summary)).toEqual(['夜班组']);
      expect(on22.items.map((e: { summary: string }) => e.summary)).not.toContain('夜班组');
      expect(on22.total).toBeGreaterThan(0);
      const instant = (await admin.get('/api/v1/audit-log?entity=org_unit&from=2026-11-22T16:59:00Z')).json();
      expect(instant.items.map((e: { summary: string }) => e.summary)).toEqual(['夜班组']);
      expect((await admin.get('/api/v1/audit-log?from=2026-11-24')).json().total).toBe(0);
    });

    it('answers problems in English when asked', async () => {
      const res = await manager.get('/api/v1/users', { 'accept-language': 'en-US' });
      // the manager session may have idled out after the clock moved; sign in again
      const c = res.statusCode === 401 ? await h.login('am_zhang', 'Passw0rd!') : manager;
      const en = await c.get('/api/v1/users', { 'accept-language': 'en-US' });
      expect(en.json().title).toBe('You do not have permission to do this');
    });
  });
});

describe.each(testDatabases())('the last administrator on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('two administrators demoting each other at once: one wins, someone can still manage roles', async () => {
    const other = await h.user('admin2', ['admin']);
    const technician = (await h.kehu.ctx.db.selectFrom('roles').select('id').where('code', '=', 'technician').executeTakeFirstOrThrow()).id;
    const me = (await h.admin.get(`/api/v1/users/${h.admin.userId}`)).json();
    const them = (await h.admin.get(`/api/v1/users/${other.userId}`)).json();
    const [a, b] = await Promise.all([
      h.admin.patch(`/api/v1/users/${other.userId}`, { roleIds: [technician], version: them.version }),
      other.patch(`/api/v1/users/${h.admin.userId}`, { roleIds: [technician], version: me.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('LAST_ADMIN');
    const admins = await h.kehu.ctx.db
      .selectFrom('user_roles')
      .innerJoin('roles', 'roles.id', 'user_roles.role_id')
      .select('user_roles.user_id')
      .where('roles.code', '=', 'admin')
      .execute();
    expect(admins.length).toBe(1);
  });
});

// First start: built-in roles, the root organisation unit, dictionaries and the admin account.
import { BUILT_IN_ROLES } from '@kehu/shared';
import type { Db } from '../db';
import { upsertDictionarySeed } from '../platform/dictionaries';
import { hashPassword, randomPassword } from '../platform/passwords';
import { DICTIONARY_SEED } from './dictionaries';

export async function bootstrap(db: Db, opts: { adminPassword?: string; log?: (msg: string) => void }): Promise<void> {
  const now = new Date().toISOString();
  for (const r of BUILT_IN_ROLES) {
    await db
      .insertInto('roles')
      .values({
        code: r.code,
        name_zh: r.nameZh,
        name_en: r.nameEn,
        permissions: JSON.stringify(r.permissions),
        scopes: JSON.stringify(r.scopes),
        built_in: 1,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  await upsertDictionarySeed(db, DICTIONARY_SEED, now);
  const root = await db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirst();
  if (!root) {
    await db.insertInto('org_units').values({ parent_id: null, name: '总公司', kind: 'department', sort: 0, created_at: now, updated_at: now }).execute();
  }
  const admin = await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (!admin) {
    const given = opts.adminPassword;
    const password = given ?? randomPassword();
    const rootId = (await db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id;
    const inserted = await db
      .insertInto('users')
      .values({
        username: 'admin',
        display_name: '系统管理员',
        password_hash: await hashPassword(password),
        org_unit_id: rootId,
        disabled: 0,
        must_change_password: 1,
        failed_logins: 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      const role = await db.selectFrom('roles').select('id').where('code', '=', 'admin').executeTakeFirstOrThrow();
      await db.insertInto('user_roles').values({ user_id: inserted.id, role_id: role.id }).execute();
      if (!given) (opts.log ?? console.log)(`\n  Kehu: the first password of user "admin" is: ${password}\n  (shown once; you will be asked to change it at first sign-in)\n`);
    }
  }
}

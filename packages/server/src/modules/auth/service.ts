// Sign-in rules: argon2id verification, 5 failures lock the account for 15 minutes, database sessions.
import type { AppContext } from '../../platform/context';
import { AppError, invalid } from '../../platform/errors';
import { hashPassword, isStrongPassword, randomToken, sha256, verifyPassword } from '../../platform/passwords';
import { audit, type AuditContext } from '../../platform/audit';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export async function login(ctx: AppContext, username: string, password: string, meta: { ip: string; userAgent?: string }, actx: AuditContext) {
  const now = ctx.clock.now();
  const user = await ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user) {
    // same work as a real check, so timing does not reveal which usernames exist
    await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0W3jY4fWvHfJ2y7pJZ3oJQ', password);
    await audit(ctx.db, actx, { action: 'login_failed', entity: 'user', summary: username.slice(0, 60) });
    throw new AppError(401, 'LOGIN_FAILED');
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    throw new AppError(423, 'ACCOUNT_LOCKED', [], { lockedUntil: user.locked_until });
  }
  const ok = await verifyPassword(user.password_hash, password);
  if (!ok) {
    const failed = user.failed_logins + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    await ctx.db
      .updateTable('users')
      .set({
        failed_logins: lock ? 0 : failed,
        locked_until: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : user.locked_until,
      })
      .where('id', '=', user.id)
      .execute();
    await audit(ctx.db, actx, { action: lock ? 'account_locked' : 'login_failed', entity: 'user', entityId: user.id, summary: username });
    if (lock) throw new AppError(423, 'ACCOUNT_LOCKED');
    throw new AppError(401, 'LOGIN_FAILED');
  }
  if (user.disabled) throw new AppError(403, 'ACCOUNT_DISABLED');
  const token = randomToken();
  const expires = new Date(now.getTime() + ctx.config.sessionIdleMinutes * 60_000);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expires.toISOString(),
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now.toISOString() })
      .where('id', '=', user.id)
      .execute();
    // clean up expired sessions of this user while we are here
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', now.toISOString()).execute();
    await audit(trx, { ...actx, principal: null, actor: { userId: user.id, username: user.username } }, { action: 'login', entity: 'user', entityId: user.id, summary: user.username });
  });
  return { token, user };
}

export async function logout(ctx: AppContext, sessionId: string) {
  await ctx.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function changePassword(ctx: AppContext, userId: number, current: string, next: string, actx: AuditContext) {
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current))) throw invalid([{ path: 'currentPassword', key: 'WRONG_PASSWORD' }], 'WRONG_PASSWORD');
  if (!isStrongPassword(next)) throw invalid([{ path: 'newPassword', key: 'password_too_weak' }]);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: await hashPassword(next), must_change_password: 0, updated_at: now, version: user.version + 1 })
      .where('id', '=', userId)
      .execute();
    await audit(trx, actx, { action: 'password_changed', entity: 'user', entityId: userId });
  });
}

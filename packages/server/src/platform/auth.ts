// Authentication on every request: session cookie (web app) or Bearer API token (integrations),
// CSRF header for cookie-authenticated writes, and the helpers routes use to demand a principal.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '@kehu/shared';
import type { AppContext } from './context';
import { AppError } from './errors';
import { sha256 } from './passwords';
import { loadPrincipal } from './principal';
import { requirePermission, type Principal } from './permissions';

export const SESSION_COOKIE = 'kehu_sid';
const CACHE_MS = 5_000;
const TOUCH_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

interface CacheEntry {
  principal: Principal;
  expiresAt: number;
  lastSeen: number;
  sessionExpiresAt: number;
}

export class AuthCache {
  private map = new Map<string, CacheEntry>();
  get(key: string, now: number) {
    const e = this.map.get(key);
    if (!e || e.expiresAt < now) {
      this.map.delete(key);
      return undefined;
    }
    return e;
  }
  set(key: string, e: CacheEntry) {
    if (this.map.size > 10_000) this.map.clear();
    this.map.set(key, e);
  }
  drop(key: string) {
    this.map.delete(key);
  }
  clear() {
    this.map.clear();
  }
}

export function installAuth(app: FastifyInstance, ctx: AppContext, cache: AuthCache) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    req.principal = null;
    if (!req.url.startsWith('/api/')) return;
    const now = ctx.clock.now();
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      req.principal = await principalFromToken(ctx, cache, bearer, now);
      if (!req.principal) throw new AppError(401, 'UNAUTHENTICATED');
      return;
    }
    const sid = req.cookies?.[SESSION_COOKIE];
    if (sid) req.principal = await principalFromSession(ctx, cache, sid, now);
    if (req.principal && !['GET', 'HEAD', 'OPTIONS'].includes(req.method) && !req.headers['x-requested-with']) {
      throw new AppError(403, 'CSRF_HEADER_MISSING');
    }
  });
}

async function principalFromSession(ctx: AppContext, cache: AuthCache, token: string, now: Date): Promise<Principal | null> {
  const id = sha256(token);
  const key = 's:' + id;
  const t = now.getTime();
  const cached = cache.get(key, t);
  if (cached && cached.sessionExpiresAt > t) {
    if (t - cached.lastSeen > TOUCH_MS) await touchSession(ctx, id, now, cached);
    return cached.principal;
  }
  const session = await ctx.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session || new Date(session.expires_at).getTime() <= t) {
    if (session) await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  const principal = await loadPrincipal(ctx.db, session.user_id, 'session', id);
  if (!principal) return null;
  const entry: CacheEntry = {
    principal,
    expiresAt: t + CACHE_MS,
    lastSeen: new Date(session.last_seen_at).getTime(),
    sessionExpiresAt: new Date(session.expires_at).getTime(),
  };
  if (t - entry.lastSeen > TOUCH_MS) await touchSession(ctx, id, now, entry);
  cache.set(key, entry);
  return principal;
}

/** Sliding idle timeout: each minute of activity pushes the expiry out again. */
async function touchSession(ctx: AppContext, id: string, now: Date, entry: CacheEntry) {
  const expires = new Date(now.getTime() + ctx.config.sessionIdleMinutes * 60_000);
  await ctx.db
    .updateTable('sessions')
    .set({ last_seen_at: now.toISOString(), expires_at: expires.toISOString() })
    .where('id', '=', id)
    .execute();
  entry.lastSeen = now.getTime();
  entry.sessionExpiresAt = expires.getTime();
}

async function principalFromToken(ctx: AppContext, cache: AuthCache, token: string, now: Date): Promise<Principal | null> {
  const hash = sha256(token);
  const key = 't:' + hash;
  const t = now.getTime();
  const cached = cache.get(key, t);
  if (cached) return cached.principal;
  const row = await ctx.db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const principal = await loadPrincipal(ctx.db, row.user_id, 'token');
  if (!principal) return null;
  await ctx.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  cache.set(key, { principal, expiresAt: t + CACHE_MS, lastSeen: t, sessionExpiresAt: Infinity });
  return principal;
}

/** The signed-in principal, or 401. Users who must change their password may only do that. */
export function authed(req: FastifyRequest, opts: { allowPasswordChange?: boolean } = {}): Principal {
  const p = req.principal;
  if (!p) throw new AppError(401, 'UNAUTHENTICATED');
  if (p.mustChangePassword && !opts.allowPasswordChange) throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED');
  return p;
}

export function authorize(req: FastifyRequest, perm: Permission): Principal {
  const p = authed(req);
  requirePermission(p, perm);
  return p;
}

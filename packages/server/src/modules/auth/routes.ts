// /api/v1/auth: sign in, sign out, who am I, change password.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { authed, SESSION_COOKIE, type AuthCache } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import { changePassword, login, logout } from './service';

const ZLogin = z.strictObject({ username: z.string().trim().min(1).max(60), password: z.string().min(1).max(200) });
const ZChangePassword = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) });

export function authRoutes(app: FastifyInstance, ctx: AppContext, cache: AuthCache) {
  app.post(
    '/api/v1/auth/login',
    {
      schema: { body: ZLogin, tags: ['auth'], summary: 'Sign in (sets the session cookie)' },
      config: { rateLimit: { max: ctx.config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const body = req.body as z.infer<typeof ZLogin>;
      const { token, user } = await login(ctx, body.username, body.password, { ip: req.ip, userAgent: req.headers['user-agent'] }, auditContext(req, ctx.clock.now()));
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.cookieSecure,
      });
      return { id: user.id, username: user.username, displayName: user.display_name, mustChangePassword: !!user.must_change_password };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    const p = req.principal;
    if (p?.sessionId) {
      await logout(ctx, p.sessionId);
      cache.drop('s:' + p.sessionId);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user' } }, async (req) => {
    const p = authed(req, { allowPasswordChange: true });
    return {
      id: p.userId,
      username: p.username,
      displayName: p.displayName,
      orgUnitId: p.orgUnitId,
      roles: p.roles,
      permissions: [...p.permissions].sort(),
      scopes: p.scopes,
      mustChangePassword: p.mustChangePassword,
      // the company's clock: the web app's "today" (defaults, latest selectable day) follows it, as the server does
      timeZone: ctx.config.timezone,
    };
  });

  app.post('/api/v1/auth/password', { schema: { body: ZChangePassword, tags: ['auth'] } }, async (req, reply) => {
    const p = authed(req, { allowPasswordChange: true });
    const body = req.body as z.infer<typeof ZChangePassword>;
    await changePassword(ctx, p.userId, body.currentPassword, body.newPassword, auditContext(req, ctx.clock.now()));
    cache.clear();
    return reply.status(204).send();
  });
}

// Administration API (users, organisation, roles, API tokens, audit log). Parse, authorise, call the service.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZApiTokenCreate,
  ZApiTokenListQuery,
  ZAuditListQuery,
  ZOrgUnitCreate,
  ZOrgUnitListQuery,
  ZOrgUnitUpdate,
  ZPasswordReset,
  ZRoleCreate,
  ZRoleDeleteQuery,
  ZRoleUpdate,
  ZUserCreate,
  ZUserListQuery,
  ZUserUpdate,
  ZVersionBody,
  type TApiTokenCreate,
  type TApiTokenListQuery,
  type TAuditListQuery,
  type TOrgUnitCreate,
  type TOrgUnitUpdate,
  type TRoleCreate,
  type TRoleUpdate,
  type TUserCreate,
  type TUserListQuery,
  type TUserUpdate,
} from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed, type AuthCache } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import * as svc from './service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const versionOf = (req: FastifyRequest) => (req.body as { version: number }).version;

export function adminRoutes(app: FastifyInstance, ctx: AppContext, cache: AuthCache) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  // ---------- users (admin:users) ----------
  const users = ['admin: users'];

  app.get('/api/v1/users', { schema: { querystring: ZUserListQuery, tags: users, summary: '用户列表 (q: username or display name)' } }, async (req) =>
    svc.listUsers(ctx, authed(req), req.query as TUserListQuery),
  );

  app.get('/api/v1/users/options', { schema: { tags: users, summary: 'Active users for pickers (any signed-in user)' } }, async (req) => {
    authed(req);
    return svc.userOptions(ctx);
  });

  app.get('/api/v1/users/:id', { schema: { params: ZId, tags: users } }, async (req) => svc.getUser(ctx, authed(req), idOf(req)));

  app.post('/api/v1/users', { schema: { body: ZUserCreate, tags: users, summary: 'Create a user (must change the initial password)' } }, async (req, reply) =>
    reply.status(201).send(await svc.createUser(ctx, cache, authed(req), req.body as TUserCreate, actx(req))),
  );

  app.patch('/api/v1/users/:id', { schema: { params: ZId, body: ZUserUpdate, tags: users } }, async (req) =>
    svc.updateUser(ctx, cache, authed(req), idOf(req), req.body as TUserUpdate, actx(req)),
  );

  app.post('/api/v1/users/:id/disable', { schema: { params: ZId, body: ZVersionBody, tags: users, summary: 'Disable an account and end its sessions' } }, async (req) =>
    svc.setUserDisabled(ctx, cache, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );

  app.post('/api/v1/users/:id/enable', { schema: { params: ZId, body: ZVersionBody, tags: users } }, async (req) =>
    svc.setUserDisabled(ctx, cache, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );

  app.post('/api/v1/users/:id/reset-password', { schema: { params: ZId, body: ZPasswordReset, tags: users, summary: 'Set a temporary password (generated when omitted, answered once)' } }, async (req) =>
    svc.resetPassword(ctx, cache, authed(req), idOf(req), req.body as { password?: string }, actx(req)),
  );

  // ---------- organisation units (admin:org; the active tree is readable by any signed-in user) ----------
  const org = ['admin: organisation'];

  app.get('/api/v1/org-units', { schema: { querystring: ZOrgUnitListQuery, tags: org, summary: 'Department and team tree' } }, async (req) => {
    const { includeArchived } = req.query as { includeArchived?: 'true' | 'false' };
    return svc.listUnits(ctx, authed(req), includeArchived === 'true');
  });

  app.post('/api/v1/org-units', { schema: { body: ZOrgUnitCreate, tags: org } }, async (req, reply) =>
    reply.status(201).send(await svc.createUnit(ctx, cache, authed(req), req.body as TOrgUnitCreate, actx(req))),
  );

  app.patch('/api/v1/org-units/:id', { schema: { params: ZId, body: ZOrgUnitUpdate, tags: org, summary: 'Rename, re-sort, change kind or move (parentId)' } }, async (req) =>
    svc.updateUnit(ctx, cache, authed(req), idOf(req), req.body as TOrgUnitUpdate, actx(req)),
  );

  app.post('/api/v1/org-units/:id/archive', { schema: { params: ZId, body: ZVersionBody, tags: org, summary: 'Archive (refused while active users or sub-units remain)' } }, async (req) =>
    svc.setUnitArchived(ctx, cache, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );

  app.post('/api/v1/org-units/:id/restore', { schema: { params: ZId, body: ZVersionBody, tags: org } }, async (req) =>
    svc.setUnitArchived(ctx, cache, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );

  // ---------- roles (admin:roles; admin:users may read them to assign) ----------
  const roles = ['admin: roles'];

  app.get('/api/v1/permissions', { schema: { tags: roles, summary: 'The permission catalogue, scoped modules and data scopes' } }, async (req) => {
    authed(req);
    return svc.permissions();
  });

  app.get('/api/v1/roles', { schema: { tags: roles } }, async (req) => svc.listRoles(ctx, authed(req)));

  app.get('/api/v1/roles/:id', { schema: { params: ZId, tags: roles } }, async (req) => svc.getRole(ctx, authed(req), idOf(req)));

  app.post('/api/v1/roles', { schema: { body: ZRoleCreate, tags: roles } }, async (req, reply) =>
    reply.status(201).send(await svc.createRole(ctx, authed(req), req.body as TRoleCreate, actx(req))),
  );

  app.patch('/api/v1/roles/:id', { schema: { params: ZId, body: ZRoleUpdate, tags: roles, summary: 'Change names, permissions or data scopes (built-in roles too)' } }, async (req) =>
    svc.updateRole(ctx, cache, authed(req), idOf(req), req.body as TRoleUpdate, actx(req)),
  );

  app.delete('/api/v1/roles/:id', { schema: { params: ZId, querystring: ZRoleDeleteQuery, tags: roles, summary: 'Delete a custom role nobody holds (?version=)' } }, async (req, reply) => {
    await svc.deleteRole(ctx, authed(req), idOf(req), (req.query as { version: number }).version, actx(req));
    return reply.status(204).send();
  });

  // ---------- API tokens (admin:tokens) ----------
  const tokens = ['admin: API tokens'];

  app.get('/api/v1/api-tokens', { schema: { querystring: ZApiTokenListQuery, tags: tokens } }, async (req) =>
    svc.listTokens(ctx, authed(req), req.query as TApiTokenListQuery),
  );

  app.post('/api/v1/api-tokens', { schema: { body: ZApiTokenCreate, tags: tokens, summary: 'Create a token for a user (the token is in this answer only)' } }, async (req, reply) =>
    reply.status(201).send(await svc.createToken(ctx, authed(req), req.body as TApiTokenCreate, actx(req))),
  );

  app.post('/api/v1/api-tokens/:id/revoke', { schema: { params: ZId, tags: tokens } }, async (req) => svc.revokeToken(ctx, cache, authed(req), idOf(req), actx(req)));

  // ---------- audit log (admin:audit; read-only: the log is append-only) ----------
  app.get('/api/v1/audit-log', { schema: { querystring: ZAuditListQuery, tags: ['admin: audit'], summary: 'Audit entries, newest first' } }, async (req) =>
    svc.listAudit(ctx, authed(req), req.query as TAuditListQuery),
  );
}

// Shared reference data and personal inbox: dictionaries, regions, notifications.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ZPageQuery } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed, authorize } from '../../platform/auth';
import { audit, auditContext } from '../../platform/audit';
import { conflict, invalid, notFound, requestLang } from '../../platform/errors';
import { regionTree } from '../../platform/regions';

const ZDictQuery = z.object({ type: z.string().max(60).optional() });
const ZDictCreate = z.strictObject({
  type: z.string().trim().min(1).max(60).regex(/^[a-z0-9_.]+$/),
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_.-]+$/),
  labelZh: z.string().trim().min(1).max(100),
  labelEn: z.string().trim().min(1).max(100),
  sort: z.number().int().min(0).max(10000).optional(),
});
const ZDictUpdate = z.strictObject({
  labelZh: z.string().trim().min(1).max(100).optional(),
  labelEn: z.string().trim().min(1).max(100).optional(),
  sort: z.number().int().min(0).max(10000).optional(),
  active: z.boolean().optional(),
  version: z.number().int().min(1),
});
const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZRead = z.strictObject({ ids: z.array(z.number().int().positive()).max(200).optional(), all: z.boolean().optional() });

export function platformRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/dictionaries', { schema: { querystring: ZDictQuery, tags: ['reference'] } }, async (req) => {
    authed(req);
    const { type } = req.query as { type?: string };
    const all = await ctx.dictionaries.all();
    const out: Record<string, unknown> = {};
    for (const [t, items] of all) if (!type || t === type) out[t] = items;
    return out;
  });

  app.post('/api/v1/dictionaries', { schema: { body: ZDictCreate, tags: ['reference'] } }, async (req, reply) => {
    const p = authorize(req, 'admin:dictionaries');
    const b = req.body as z.infer<typeof ZDictCreate>;
    const now = ctx.clock.now();
    const exists = await ctx.db.selectFrom('dictionaries').select('id').where('type', '=', b.type).where('code', '=', b.code).executeTakeFirst();
    if (exists) throw invalid([{ path: 'code', key: 'duplicate_code' }]);
    const row = await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('dictionaries')
        .values({ type: b.type, code: b.code, label_zh: b.labelZh, label_en: b.labelEn, sort: b.sort ?? 999, active: 1, created_at: now.toISOString(), updated_at: now.toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, auditContext(req, now), { action: 'create', entity: 'dictionary', entityId: r.id, after: b });
      return r;
    });
    ctx.dictionaries.invalidate();
    void p;
    return reply.status(201).send({ id: row.id });
  });

  app.patch('/api/v1/dictionaries/:id', { schema: { params: ZId, body: ZDictUpdate, tags: ['reference'] } }, async (req) => {
    authorize(req, 'admin:dictionaries');
    const { id } = req.params as { id: number };
    const b = req.body as z.infer<typeof ZDictUpdate>;
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('dictionaries').selectAll().where('id', '=', id).executeTakeFirst();
      const res = await trx
        .updateTable('dictionaries')
        .set({
          ...(b.labelZh !== undefined && { label_zh: b.labelZh }),
          ...(b.labelEn !== undefined && { label_en: b.labelEn }),
          ...(b.sort !== undefined && { sort: b.sort }),
          ...(b.active !== undefined && { active: b.active ? 1 : 0 }),
          updated_at: now.toISOString(),
          version: b.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', b.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw before ? conflict() : notFound('NOT_FOUND');
      await audit(trx, auditContext(req, now), { action: 'update', entity: 'dictionary', entityId: id, before, after: b });
    });
    ctx.dictionaries.invalidate();
    return { ok: true };
  });

  app.get('/api/v1/regions', { schema: { tags: ['reference'], summary: 'Province → city → district tree (GB/T 2260 codes)' } }, async (req, reply) => {
    authed(req);
    reply.header('cache-control', 'private, max-age=86400');
    return regionTree;
  });

  app.get('/api/v1/notifications', { schema: { querystring: ZPageQuery, tags: ['notifications'] } }, async (req) => {
    const p = authed(req);
    const { page, pageSize } = req.query as { page: number; pageSize: number };
    return ctx.notifier.list(p.userId, page, pageSize, requestLang(req));
  });

  app.post('/api/v1/notifications/read', { schema: { body: ZRead, tags: ['notifications'] } }, async (req) => {
    const p = authed(req);
    const b = req.body as z.infer<typeof ZRead>;
    await ctx.notifier.markRead(p.userId, b.all ? 'all' : (b.ids ?? []), ctx.clock.now());
    return { ok: true };
  });
}

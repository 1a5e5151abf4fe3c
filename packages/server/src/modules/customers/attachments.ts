// Customer attachments: upload with size/type limits, list, download with permission, archive.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { audit, auditContext } from '../../platform/audit';
import { AppError, assertFound } from '../../platform/errors';
import { checkFileType } from '../../platform/files';
import { requirePermission } from '../../platform/permissions';
import { recordEvent } from '../../platform/timeline';
import { loadInScope } from './service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZChildId = z.object({ id: z.coerce.number().int().positive(), childId: z.coerce.number().int().positive() });
const tags = ['customers'];

export function attachmentRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/customers/:id/attachments', { schema: { params: ZId, tags } }, async (req) => {
    const p = authed(req);
    requirePermission(p, 'customers:read');
    const { id } = req.params as { id: number };
    await loadInScope(ctx.db, p, id);
    const rows = await ctx.db
      .selectFrom('attachments')
      .leftJoin('users', 'users.id', 'attachments.created_by')
      .select([
        'attachments.id',
        'attachments.filename',
        'attachments.mime',
        'attachments.size',
        'attachments.created_at',
        'attachments.created_by',
        'users.display_name as created_by_name',
      ])
      .where('owner_type', '=', 'customer')
      .where('owner_id', '=', id)
      .where('archived_at', 'is', null)
      .orderBy('attachments.id', 'desc')
      .execute();
    return {
      items: rows.map((r) => ({ id: r.id, filename: r.filename, mime: r.mime, size: r.size, createdAt: r.created_at, createdBy: r.created_by, createdByName: r.created_by_name })),
    };
  });

  app.post('/api/v1/customers/:id/attachments', { schema: { params: ZId, tags, summary: 'Upload (multipart field "file")' } }, async (req, reply) => {
    const p = authed(req);
    requirePermission(p, 'customers:update');
    const { id } = req.params as { id: number };
    const customer = await loadInScope(ctx.db, p, id);
    if (!req.isMultipart()) throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED');
    const file = await req.file();
    if (!file) throw new AppError(400, 'VALIDATION_FAILED', [{ path: 'file', key: 'required' }]);
    const data = await file.toBuffer(); // throws 413 past the limit
    const mime = checkFileType(file.filename, data);
    const stored = await ctx.files.save(data);
    const now = ctx.clock.now();
    const row = await ctx.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('attachments')
        .values({
          owner_type: 'customer',
          owner_id: id,
          filename: file.filename.slice(0, 255),
          mime,
          size: stored.size,
          storage_key: stored.key,
          sha256: stored.sha256,
          created_by: p.userId,
          created_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordEvent(trx, { customerId: id, type: 'attachment_added', module: 'customers', title: `上传附件 ${file.filename}`, data: { filename: file.filename }, refType: 'attachment', refId: r.id, actorId: p.userId, at: now });
      await audit(trx, auditContext(req, now), { action: 'upload', entity: 'attachment', entityId: r.id, summary: `${customer.code} ${file.filename}` });
      return r;
    });
    return reply.status(201).send({ id: row.id, filename: file.filename, mime, size: stored.size });
  });

  app.get('/api/v1/customers/:id/attachments/:childId/download', { schema: { params: ZChildId, tags } }, async (req, reply) => {
    const p = authed(req);
    requirePermission(p, 'customers:read');
    const { id, childId } = req.params as { id: number; childId: number };
    await loadInScope(ctx.db, p, id);
    const a = assertFound(
      await ctx.db
        .selectFrom('attachments')
        .selectAll()
        .where('id', '=', childId)
        .where('owner_type', '=', 'customer')
        .where('owner_id', '=', id)
        .where('archived_at', 'is', null)
        .executeTakeFirst(),
    );
    await audit(ctx.db, auditContext(req, ctx.clock.now()), { action: 'download', entity: 'attachment', entityId: a.id, summary: a.filename });
    reply.header('content-type', a.mime);
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    return reply.send(ctx.files.stream(a.storage_key));
  });

  app.post('/api/v1/customers/:id/attachments/:childId/archive', { schema: { params: ZChildId, tags } }, async (req, reply) => {
    const p = authed(req);
    requirePermission(p, 'customers:update');
    const { id, childId } = req.params as { id: number; childId: number };
    await loadInScope(ctx.db, p, id);
    const now = ctx.clock.now();
    const res = await ctx.db
      .updateTable('attachments')
      .set({ archived_at: now.toISOString() })
      .where('id', '=', childId)
      .where('owner_type', '=', 'customer')
      .where('owner_id', '=', id)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(404, 'NOT_FOUND');
    await audit(ctx.db, auditContext(req, now), { action: 'archive', entity: 'attachment', entityId: childId });
    return reply.status(204).send();
  });
}

// Customer import from XLSX/CSV: upload, mapping, dry run with a row report, all-or-nothing commit.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZImportDryRun, type TImportDryRun } from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import { AppError, problemBody, requestLang } from '../../platform/errors';
import { checkFileType } from '../../platform/files';
import { requirePermission } from '../../platform/permissions';
import * as svc from './import-service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
/** a download link sends the browser's language, not the app's: the app names it */
const ZLang = z.object({ lang: z.enum(['zh-CN', 'en-US']).optional() });
const tags = ['customer-imports'];
const BASE = '/api/v1/customer-imports';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const attachment = (filename: string) => `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`;
const wantsStream = (req: FastifyRequest) => String(req.headers.accept ?? '').includes('application/x-ndjson');

export function importRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  app.post(BASE, { schema: { tags, summary: 'Upload an XLSX or CSV file (multipart field "file"): headers, suggested mapping, sample rows' } }, async (req, reply) => {
    const p = authed(req);
    requirePermission(p, 'customers:import');
    if (!req.isMultipart()) throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED');
    const file = await req.file();
    if (!file) throw new AppError(400, 'VALIDATION_FAILED', [{ path: 'file', key: 'required' }]);
    const data = await file.toBuffer(); // throws 413 past the upload limit
    checkFileType(file.filename, data, ['xlsx', 'csv']);
    return reply.status(201).send(await svc.uploadImport(ctx, p, { filename: file.filename, data }, actx(req)));
  });

  app.get(`${BASE}/fields`, { schema: { tags, summary: 'The fields a column can map to' } }, async (req) => {
    requirePermission(authed(req), 'customers:import');
    return { items: svc.importFields() };
  });

  app.get(`${BASE}/template.xlsx`, { schema: { tags, summary: 'An empty XLSX with the Chinese column headers' } }, async (req, reply) => {
    const buf = await svc.templateWorkbook(authed(req));
    reply.header('content-type', XLSX).header('content-disposition', attachment('客户导入模板.xlsx'));
    return reply.send(buf);
  });

  app.get(`${BASE}/:id`, { schema: { params: ZId, tags, summary: 'State and progress (processedRows of commitRows)' } }, async (req) => {
    const { id } = req.params as { id: number };
    return svc.getImport(ctx, authed(req), id);
  });

  app.post(`${BASE}/:id/dry-run`, { schema: { params: ZId, body: ZImportDryRun, tags, summary: 'Check every row with a mapping: bad rows with reasons, look-alike warnings' } }, async (req) => {
    const { id } = req.params as { id: number };
    return svc.dryRun(ctx, authed(req), id, req.body as TImportDryRun);
  });

  app.get(`${BASE}/:id/report`, { schema: { params: ZId, tags, summary: 'The last dry run’s bad rows and warnings' } }, async (req) => {
    const { id } = req.params as { id: number };
    return svc.getReport(ctx, authed(req), id);
  });

  app.get(`${BASE}/:id/errors.xlsx`, { schema: { params: ZId, querystring: ZLang, tags, summary: 'The file’s rows with an added 错误原因 column' } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const { lang } = req.query as z.infer<typeof ZLang>;
    const out = await svc.errorWorkbook(ctx, authed(req), id, lang ?? requestLang(req));
    reply.header('content-type', XLSX).header('content-disposition', attachment(out.filename));
    return reply.send(out.stream);
  });

  app.post(
    `${BASE}/:id/commit`,
    {
      schema: {
        params: ZId,
        tags,
        summary: 'Import all rows or none. Answers the final state; with "Accept: application/x-ndjson" streams progress lines first',
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const handle = await svc.startCommit(ctx, authed(req), id, actx(req));
      if (!wantsStream(req)) return handle.run();
      const out = new PassThrough();
      out.on('error', () => undefined); // the client went away: the import goes on, GET …/:id tells the outcome
      const line = (o: unknown) => {
        if (!out.destroyed && !out.writableEnded) out.write(JSON.stringify(o) + '\n');
      };
      line({ type: 'state', state: handle.state });
      handle
        .run((processed, total) => line({ type: 'progress', processed, total }))
        .then((state) => line({ type: 'done', state }))
        .catch((err: unknown) => {
          if (!(err instanceof AppError)) req.log.error({ err }, 'customer import failed');
          const appErr = err instanceof AppError ? err : new AppError(500, 'INTERNAL');
          line({ type: 'error', problem: problemBody(appErr, requestLang(req), req.url) });
        })
        .finally(() => out.end());
      reply.header('cache-control', 'no-store').header('x-accel-buffering', 'no').type('application/x-ndjson; charset=utf-8');
      return reply.send(out);
    },
  );
}

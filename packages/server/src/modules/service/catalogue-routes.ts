// /api/v1/service/{categories,products,units}: the product catalogue with its 三包 rules and the installed base
// (机器档案). Parse, authorise, call the service.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZCategoryCreate,
  ZCategoryListQuery,
  ZCategoryUpdate,
  ZProductCreate,
  ZProductListQuery,
  ZProductUpdate,
  ZUnitCreate,
  ZUnitListQuery,
  ZUnitUpdate,
  ZWarrantyQuery,
  type TCategoryCreate,
  type TCategoryListQuery,
  type TCategoryUpdate,
  type TProductCreate,
  type TProductListQuery,
  type TProductUpdate,
  type TUnitCreate,
  type TUnitListQuery,
  type TUnitUpdate,
  type TWarrantyQuery,
} from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import { AppError, requestLang } from '../../platform/errors';
import { checkFileType } from '../../platform/files';
import { requirePermission } from '../../platform/permissions';
import * as svc from './catalogue-service';
import { importUnits, unitTemplate } from './catalogue-import';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZVersion = z.strictObject({ version: z.number().int().min(1) });
const ZLang = z.object({ lang: z.enum(['zh-CN', 'en-US']).optional() });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const versionOf = (req: FastifyRequest) => (req.body as { version: number }).version;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BASE = '/api/v1/service';

export function catalogueRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  // ---------- product categories and their 三包 rules ----------
  const categories = ['service: catalogue'];

  app.get(`${BASE}/categories`, { schema: { querystring: ZCategoryListQuery, tags: categories, summary: '产品类别与三包规则 (service:read)' } }, async (req) =>
    svc.listCategories(ctx, authed(req), req.query as TCategoryListQuery),
  );
  app.get(`${BASE}/categories/:id`, { schema: { params: ZId, tags: categories } }, async (req) => svc.getCategory(ctx, authed(req), idOf(req)));
  app.post(`${BASE}/categories`, { schema: { body: ZCategoryCreate, tags: categories, summary: 'Create a category with its 三包 periods (service:catalogue)' } }, async (req, reply) =>
    reply.status(201).send(await svc.createCategory(ctx, authed(req), req.body as TCategoryCreate, actx(req))),
  );
  app.patch(`${BASE}/categories/:id`, { schema: { params: ZId, body: ZCategoryUpdate, tags: categories, summary: 'Change rules; a new warranty period recomputes the units’ warranty end' } }, async (req) =>
    svc.updateCategory(ctx, authed(req), idOf(req), req.body as TCategoryUpdate, actx(req)),
  );
  app.post(`${BASE}/categories/:id/archive`, { schema: { params: ZId, body: ZVersion, tags: categories, summary: 'Archive (refused while active products remain)' } }, async (req) =>
    svc.setCategoryArchived(ctx, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );
  app.post(`${BASE}/categories/:id/restore`, { schema: { params: ZId, body: ZVersion, tags: categories } }, async (req) =>
    svc.setCategoryArchived(ctx, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );

  // ---------- products ----------
  const products = ['service: catalogue'];

  app.get(`${BASE}/products`, { schema: { querystring: ZProductListQuery, tags: products, summary: '产品目录 (q: model or name)' } }, async (req) =>
    svc.listProducts(ctx, authed(req), req.query as TProductListQuery),
  );
  app.get(`${BASE}/products/:id`, { schema: { params: ZId, tags: products } }, async (req) => svc.getProduct(ctx, authed(req), idOf(req)));
  app.post(`${BASE}/products`, { schema: { body: ZProductCreate, tags: products, summary: 'Create a product (model unique; price in fen)' } }, async (req, reply) =>
    reply.status(201).send(await svc.createProduct(ctx, authed(req), req.body as TProductCreate, actx(req))),
  );
  app.patch(`${BASE}/products/:id`, { schema: { params: ZId, body: ZProductUpdate, tags: products } }, async (req) =>
    svc.updateProduct(ctx, authed(req), idOf(req), req.body as TProductUpdate, actx(req)),
  );
  app.post(`${BASE}/products/:id/archive`, { schema: { params: ZId, body: ZVersion, tags: products } }, async (req) =>
    svc.setProductArchived(ctx, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );
  app.post(`${BASE}/products/:id/restore`, { schema: { params: ZId, body: ZVersion, tags: products } }, async (req) =>
    svc.setProductArchived(ctx, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );

  // ---------- units (机器档案) ----------
  const units = ['service: installed base'];

  app.get(`${BASE}/units`, { schema: { querystring: ZUnitListQuery, tags: units, summary: '机器档案 (q: serial, quality card number, customer name); within the customer scope' } }, async (req) =>
    svc.listUnits(ctx, authed(req), req.query as TUnitListQuery),
  );
  app.get(`${BASE}/units/import/template.xlsx`, { schema: { querystring: ZLang, tags: units, summary: 'The import template' } }, async (req, reply) => {
    const { lang } = req.query as z.infer<typeof ZLang>;
    const l = lang ?? requestLang(req);
    const buf = await unitTemplate(authed(req), l);
    const name = l === 'zh-CN' ? '机器档案导入模板.xlsx' : 'unit-import-template.xlsx';
    return reply.header('content-type', XLSX).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`).send(buf);
  });
  app.post(`${BASE}/units/import`, { schema: { tags: units, summary: 'Import units from XLSX/CSV (multipart field "file"): all rows or none; 400 IMPORT_HAS_ERRORS lists rowErrors' } }, async (req, reply) => {
    const p = authed(req);
    requirePermission(p, 'service:create');
    if (!req.isMultipart()) throw new AppError(415, 'FILE_TYPE_NOT_ALLOWED');
    const file = await req.file();
    if (!file) throw new AppError(400, 'VALIDATION_FAILED', [{ path: 'file', key: 'required' }]);
    const data = await file.toBuffer();
    checkFileType(file.filename, data, ['xlsx', 'csv']);
    return reply.status(201).send(await importUnits(ctx, p, { filename: file.filename, data }, requestLang(req), actx(req)));
  });
  app.get(`${BASE}/units/:id`, { schema: { params: ZId, tags: units, summary: 'A unit with product, category, rules, today’s 三包 decision and service history' } }, async (req) =>
    svc.getUnit(ctx, authed(req), idOf(req)),
  );
  app.get(`${BASE}/units/:id/warranty`, { schema: { params: ZId, querystring: ZWarrantyQuery, tags: units, summary: 'The 三包 decision on a date (default today); fault=false for a no-fault request' } }, async (req) =>
    svc.unitWarranty(ctx, authed(req), idOf(req), req.query as TWarrantyQuery),
  );
  app.post(`${BASE}/units`, { schema: { body: ZUnitCreate, tags: units, summary: 'Register a unit (service:create); recorded on the customer’s timeline' } }, async (req, reply) =>
    reply.status(201).send(await svc.createUnit(ctx, authed(req), req.body as TUnitCreate, actx(req))),
  );
  app.patch(`${BASE}/units/:id`, { schema: { params: ZId, body: ZUnitUpdate, tags: units } }, async (req) =>
    svc.updateUnit(ctx, authed(req), idOf(req), req.body as TUnitUpdate, actx(req)),
  );
  app.post(`${BASE}/units/:id/archive`, { schema: { params: ZId, body: ZVersion, tags: units, summary: 'Archive (service:catalogue)' } }, async (req) =>
    svc.setUnitArchived(ctx, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );
  app.post(`${BASE}/units/:id/restore`, { schema: { params: ZId, body: ZVersion, tags: units } }, async (req) =>
    svc.setUnitArchived(ctx, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );
}

// Complaint settings API: deadline rules, escalation levels, claim approval bands, reply / apology templates, and
// the pickers of the settings page. Rules and templates are read with complaints:read; the rest needs complaints:rules.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ZClaimBandCreate,
  ZClaimBandUpdate,
  ZComplaintLevelUpdate,
  ZComplaintRuleCreate,
  ZComplaintRuleListQuery,
  ZComplaintRuleUpdate,
  ZTemplateInput,
  ZTemplateListQuery,
  ZTemplateUpdate,
  ZVersionBody,
  type TClaimBandCreate,
  type TClaimBandUpdate,
  type TComplaintLevelUpdate,
  type TComplaintRuleCreate,
  type TComplaintRuleListQuery,
  type TComplaintRuleUpdate,
  type TTemplateInput,
  type TTemplateListQuery,
  type TTemplateUpdate,
} from '@kehu/shared';
import type { AppContext } from '../../platform/context';
import { authed } from '../../platform/auth';
import { auditContext } from '../../platform/audit';
import {
  createClaimBand,
  createComplaintRule,
  deleteClaimBand,
  getComplaintRule,
  listClaimBands,
  listComplaintLevels,
  listComplaintRules,
  setComplaintRuleArchived,
  settingsOptions,
  updateClaimBand,
  updateComplaintLevel,
  updateComplaintRule,
} from './settings-service';
import { createTemplate, getTemplate, listTemplates, setTemplateArchived, updateTemplate } from './templates-service';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const ZLevel = z.object({ level: z.coerce.number().int().positive() });
const ZVersionQuery = z.strictObject({ version: z.coerce.number().int().min(1) });
const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
const versionOf = (req: FastifyRequest) => (req.body as { version: number }).version;

export function complaintSettingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const actx = (req: FastifyRequest) => auditContext(req, ctx.clock.now());

  // ---------- deadline rules (§3.11) ----------
  const rules = ['complaints: settings'];
  app.get('/api/v1/complaint-rules', { schema: { querystring: ZComplaintRuleListQuery, tags: rules, summary: '投诉时限规则 by severity × tier (complaints:read)' } }, async (req) =>
    listComplaintRules(ctx, authed(req), req.query as TComplaintRuleListQuery),
  );
  app.get('/api/v1/complaint-rules/:id', { schema: { params: ZId, tags: rules } }, async (req) => getComplaintRule(ctx, authed(req), idOf(req)));
  app.post('/api/v1/complaint-rules', { schema: { body: ZComplaintRuleCreate, tags: rules, summary: "Create a rule (tier '*' = any; complaints:rules)" } }, async (req, reply) =>
    reply.status(201).send(await createComplaintRule(ctx, authed(req), req.body as TComplaintRuleCreate, actx(req))),
  );
  app.patch('/api/v1/complaint-rules/:id', { schema: { params: ZId, body: ZComplaintRuleUpdate, tags: rules, summary: 'Versioned update of the targets (complaints:rules)' } }, async (req) =>
    updateComplaintRule(ctx, authed(req), idOf(req), req.body as TComplaintRuleUpdate, actx(req)),
  );
  app.post('/api/v1/complaint-rules/:id/archive', { schema: { params: ZId, body: ZVersionBody, tags: rules } }, async (req) =>
    setComplaintRuleArchived(ctx, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );
  app.post('/api/v1/complaint-rules/:id/restore', { schema: { params: ZId, body: ZVersionBody, tags: rules } }, async (req) =>
    setComplaintRuleArchived(ctx, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );

  // ---------- escalation ladder and approval bands ----------
  app.get('/api/v1/complaint-settings/options', { schema: { tags: rules, summary: 'Roles and possible level owners for the settings pickers (complaints:rules)' } }, async (req) =>
    settingsOptions(ctx, authed(req)),
  );
  app.get('/api/v1/complaint-levels', { schema: { tags: rules, summary: '升级规则: levels 1–3 (complaints:rules)' } }, async (req) => listComplaintLevels(ctx, authed(req)));
  app.patch('/api/v1/complaint-levels/:level', { schema: { params: ZLevel, body: ZComplaintLevelUpdate, tags: rules, summary: 'Owner, role and window of a level' } }, async (req) =>
    updateComplaintLevel(ctx, authed(req), (req.params as { level: number }).level, req.body as TComplaintLevelUpdate, actx(req)),
  );
  app.get('/api/v1/claim-bands', { schema: { tags: rules, summary: '索赔审批权限: the ceiling per role (complaints:rules)' } }, async (req) => listClaimBands(ctx, authed(req)));
  app.post('/api/v1/claim-bands', { schema: { body: ZClaimBandCreate, tags: rules, summary: 'A band for a role (maxFen null = no ceiling)' } }, async (req, reply) =>
    reply.status(201).send(await createClaimBand(ctx, authed(req), req.body as TClaimBandCreate, actx(req))),
  );
  app.patch('/api/v1/claim-bands/:id', { schema: { params: ZId, body: ZClaimBandUpdate, tags: rules } }, async (req) =>
    updateClaimBand(ctx, authed(req), idOf(req), req.body as TClaimBandUpdate, actx(req)),
  );
  app.delete('/api/v1/claim-bands/:id', { schema: { params: ZId, querystring: ZVersionQuery, tags: rules, summary: 'Remove a band: the role may no longer approve (?version=)' } }, async (req, reply) => {
    await deleteClaimBand(ctx, authed(req), idOf(req), (req.query as { version: number }).version, actx(req));
    return reply.status(204).send();
  });

  // ---------- reply and apology templates (tool 37) ----------
  const templates = ['complaints: templates'];
  app.get('/api/v1/complaint-templates', { schema: { querystring: ZTemplateListQuery, tags: templates, summary: '最佳道歉方式表 (complaints:read)' } }, async (req) =>
    listTemplates(ctx, authed(req), req.query as TTemplateListQuery),
  );
  app.get('/api/v1/complaint-templates/:id', { schema: { params: ZId, tags: templates } }, async (req) => getTemplate(ctx, authed(req), idOf(req)));
  app.post('/api/v1/complaint-templates', { schema: { body: ZTemplateInput, tags: templates, summary: 'Create a template (complaints:rules)' } }, async (req, reply) =>
    reply.status(201).send(await createTemplate(ctx, authed(req), req.body as TTemplateInput, actx(req))),
  );
  app.patch('/api/v1/complaint-templates/:id', { schema: { params: ZId, body: ZTemplateUpdate, tags: templates, summary: 'Versioned update (complaints:rules)' } }, async (req) =>
    updateTemplate(ctx, authed(req), idOf(req), req.body as TTemplateUpdate, actx(req)),
  );
  app.post('/api/v1/complaint-templates/:id/archive', { schema: { params: ZId, body: ZVersionBody, tags: templates } }, async (req) =>
    setTemplateArchived(ctx, authed(req), idOf(req), true, versionOf(req), actx(req)),
  );
  app.post('/api/v1/complaint-templates/:id/restore', { schema: { params: ZId, body: ZVersionBody, tags: templates } }, async (req) =>
    setTemplateArchived(ctx, authed(req), idOf(req), false, versionOf(req), actx(req)),
  );
}

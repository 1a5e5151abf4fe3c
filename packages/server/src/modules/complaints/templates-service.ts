// Reply and apology templates (最佳道歉方式表, tool 37): by situation / complaint category and customer type, the
// recommended apology, the reply text with {customer} {code} {handler}, the action that goes with it and the phrases
// never to use. Agents read them (complaints:read) when replying; complaints:rules maintains them.
import { sql, type Selectable, type SqlBool } from 'kysely';
import { fillPlaceholders, unknownPlaceholders, type Temperament, type TComplaintTemplate, type TPage, type TTemplateInput, type TTemplateListQuery, type TTemplateUpdate } from '@kehu/shared';
import type { Tx } from '../../db';
import type { ComplaintTemplateTable } from '../../db/schema-complaints';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, assertFound, conflict, invalid } from '../../platform/errors';
import { requirePermission, type Principal } from '../../platform/permissions';
import { offsetOf } from '../../platform/paging';
import { setArchivedVersioned } from '../../platform/versioned';

type TemplateRow = Selectable<ComplaintTemplateTable>;

function templateOut(r: TemplateRow): TComplaintTemplate {
  return {
    id: r.id,
    title: r.title,
    category: r.category,
    temperament: r.temperament as Temperament | null,
    situation: r.situation,
    apology: r.apology,
    reply: r.reply,
    pairedAction: r.paired_action,
    taboo: r.taboo,
    sort: r.sort,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const templateAudit = ({ createdAt: _c, updatedAt: _u, ...rest }: TComplaintTemplate) => rest;
const duplicate = () => new AppError(409, 'TEMPLATE_DUPLICATE', [{ path: 'title', key: 'TEMPLATE_DUPLICATE' }]);

async function loadTemplate(db: Tx, id: number): Promise<TemplateRow> {
  return assertFound(await db.selectFrom('complaint_templates').selectAll().where('id', '=', id).executeTakeFirst(), 'TEMPLATE_NOT_FOUND');
}

/** Agents pick templates by title: two live ones may not share it. */
async function titleTaken(db: Tx, title: string, exceptId?: number) {
  let q = db.selectFrom('complaint_templates').select('id').where('title', '=', title).where('archived_at', 'is', null);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

/** The field problems of the parts of a template that the schema cannot check: the category and the placeholders. */
async function checkTemplate(ctx: AppContext, v: Partial<TTemplateInput>) {
  const errors = await ctx.dictionaries.check([{ path: 'category', type: 'complaint_category', code: v.category }]);
  for (const f of ['title', 'apology', 'reply'] as const) {
    if (unknownPlaceholders(v[f]).length) errors.push({ path: f, key: 'unknown_placeholder' });
  }
  if (errors.length) throw invalid(errors);
}

const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export async function listTemplates(ctx: AppContext, p: Principal, q: TTemplateListQuery): Promise<TPage<TComplaintTemplate>> {
  requirePermission(p, 'complaints:read');
  let base = ctx.db.selectFrom('complaint_templates');
  if (q.archived === 'false') base = base.where('archived_at', 'is', null);
  else if (q.archived === 'true') base = base.where('archived_at', 'is not', null);
  // a template without a category (customer type) suits every category (type)
  if (q.category) base = base.where((eb) => eb.or([eb('category', '=', q.category!), eb('category', 'is', null)]));
  if (q.temperament) base = base.where((eb) => eb.or([eb('temperament', '=', q.temperament!), eb('temperament', 'is', null)]));
  if (q.q) {
    const pattern = likePattern(q.q);
    const cols = ['title', 'situation', 'apology', 'reply', 'paired_action', 'taboo'] as const;
    base = base.where((eb) => eb.or(cols.map((c) => sql<SqlBool>`lower(${sql.ref(c)}) like ${pattern} escape '\\'`)));
  }
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('sort').orderBy('id').limit(q.pageSize).offset(offsetOf(q.page, q.pageSize)).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(templateOut), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function getTemplate(ctx: AppContext, p: Principal, id: number): Promise<TComplaintTemplate> {
  requirePermission(p, 'complaints:read');
  return templateOut(await loadTemplate(ctx.db, id));
}

export async function createTemplate(ctx: AppContext, p: Principal, input: TTemplateInput, actx: AuditContext): Promise<TComplaintTemplate> {
  requirePermission(p, 'complaints:rules');
  await checkTemplate(ctx, input);
  if (await titleTaken(ctx.db, input.title)) throw duplicate();
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('complaint_templates')
      .values({
        title: input.title,
        category: input.category ?? null,
        temperament: input.temperament ?? null,
        situation: input.situation || null,
        apology: input.apology,
        reply: input.reply,
        paired_action: input.pairedAction || null,
        taboo: input.taboo || null,
        sort: input.sort,
        archived_at: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = templateOut(await loadTemplate(trx, r.id));
    await audit(trx, actx, { action: 'create', entity: 'complaint_template', entityId: r.id, summary: after.title, after: templateAudit(after) });
    return r.id;
  });
  return templateOut(await loadTemplate(ctx.db, id));
}

export async function updateTemplate(ctx: AppContext, p: Principal, id: number, input: TTemplateUpdate, actx: AuditContext): Promise<TComplaintTemplate> {
  requirePermission(p, 'complaints:rules');
  const beforeRow = await loadTemplate(ctx.db, id);
  if (beforeRow.archived_at) throw new AppError(409, 'TEMPLATE_ARCHIVED');
  await checkTemplate(ctx, input);
  if (input.title !== undefined && input.title !== beforeRow.title && (await titleTaken(ctx.db, input.title, id))) throw duplicate();
  const set: Partial<Record<keyof TemplateRow, unknown>> = { updated_at: ctx.clock.now().toISOString() };
  if (input.title !== undefined) set.title = input.title;
  if (input.category !== undefined) set.category = input.category;
  if (input.temperament !== undefined) set.temperament = input.temperament;
  if (input.situation !== undefined) set.situation = input.situation || null;
  if (input.apology !== undefined) set.apology = input.apology;
  if (input.reply !== undefined) set.reply = input.reply;
  if (input.pairedAction !== undefined) set.paired_action = input.pairedAction || null;
  if (input.taboo !== undefined) set.taboo = input.taboo || null;
  if (input.sort !== undefined) set.sort = input.sort;
  const before = templateOut(beforeRow);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('complaint_templates')
      .set((eb) => ({ ...set, version: eb('version', '+', 1) }) as never)
      .where('id', '=', id)
      .where('version', '=', input.version)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict();
    const after = templateOut(await loadTemplate(trx, id));
    await audit(trx, actx, { action: 'update', entity: 'complaint_template', entityId: id, summary: after.title, before: templateAudit(before), after: templateAudit(after) });
  });
  return templateOut(await loadTemplate(ctx.db, id));
}

/** Archive (agents no longer see it; replies already sent keep their text) or restore (its title must be free). */
export async function setTemplateArchived(
  ctx: AppContext,
  p: Principal,
  id: number,
  archived: boolean,
  version: number,
  actx: AuditContext,
): Promise<TComplaintTemplate> {
  requirePermission(p, 'complaints:rules');
  const before = await loadTemplate(ctx.db, id);
  if (!archived && before.archived_at && (await titleTaken(ctx.db, before.title, id))) throw duplicate();
  await setArchivedVersioned(ctx, 'complaint_templates', { id, version, archived }, { entity: 'complaint_template', summary: before.title }, actx);
  return templateOut(await loadTemplate(ctx.db, id));
}

/** A live template's title, apology and reply with the placeholders filled in, for an agent's reply. */
export async function renderTemplate(
  db: Tx,
  templateId: number,
  vars: { customer: string; code: string; handler: string },
): Promise<{ apology: string; reply: string; title: string }> {
  const t = await db.selectFrom('complaint_templates').select(['title', 'apology', 'reply']).where('id', '=', templateId).where('archived_at', 'is', null).executeTakeFirst();
  if (!t) throw new AppError(404, 'TEMPLATE_NOT_FOUND');
  return { title: fillPlaceholders(t.title, vars), apology: fillPlaceholders(t.apology, vars), reply: fillPlaceholders(t.reply, vars) };
}

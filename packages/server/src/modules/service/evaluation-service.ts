// The after-sales evaluation (企业售后服务评价指标评分规则 / GB/T 27922, domain.md §5.2): versioned schemes of
// first-level → second-level indicators (→ check items) with points, assessment runs (draft → final) with a result
// per scored item, special deductions and at most one special bonus, the score and star level (scoreEvaluation in
// @kehu/shared), action items for every shortfall, and the trend over finalised runs.
//
// Versioning: a scheme that no run uses is edited in place; saving one that a run uses (draft or final) creates the
// next revision of its code instead, so a run always shows the scheme it was assessed against.
import {
  scoreEvaluation,
  type TActionListQuery,
  type TActionUpdate,
  type TEvaluationAction,
  type TEvaluationMethod,
  type TEvidenceHint,
  type TFirstLevelInput,
  type TIndicator,
  type TItemResult,
  type TPage,
  type TRun,
  type TRunCreate,
  type TRunFinalise,
  type TRunListQuery,
  type TRunResult,
  type TRunSpecial,
  type TRunSummary,
  type TRunUpdate,
  type TScheme,
  type TSchemeSave,
  type TSchemeSummary,
  type TSchemeUpdate,
  type TScoreItem,
  type TStarLevel,
  type TTrendPoint,
} from '@kehu/shared';
import type { Selectable } from 'kysely';
import type { Tx } from '../../db';
import type { EvaluationIndicatorTable, EvaluationRunTable, EvaluationSchemeTable } from '../../db/schema-service';
import type { AppContext } from '../../platform/context';
import { audit, type AuditContext } from '../../platform/audit';
import { AppError, assertFound, conflict, forbidden, invalid } from '../../platform/errors';
import { nextCodes } from '../../platform/numbering';
import { offsetOf } from '../../platform/paging';
import { can, requirePermission, type Principal } from '../../platform/permissions';
import { addDays } from './local-date';
import { pointsSummary } from './evaluation-points';
import { complaintEvidence } from '../complaints/service-evidence';

type SchemeRow = Selectable<EvaluationSchemeTable>;
type IndicatorRow = Selectable<EvaluationIndicatorTable>;
type RunRow = Selectable<EvaluationRunTable>;

/** Reading schemes: whoever edits them or runs assessments. */
function requireSchemeRead(p: Principal) {
  if (!can(p, 'service:rules') && !can(p, 'service:kpi')) throw forbidden();
}

// ======================= schemes =======================

/** The indicator tree of a scheme, with points summed upwards. */
export function buildTree(rows: readonly IndicatorRow[]): TIndicator[] {
  const sorted = [...rows].sort((a, b) => a.sort - b.sort || a.id - b.id);
  const nodes = new Map<number, TIndicator>();
  for (const r of sorted) {
    nodes.set(r.id, {
      id: r.id,
      parentId: r.parent_id,
      level: r.level as 1 | 2 | 3,
      clause: r.clause,
      name: r.name,
      requirement: r.requirement,
      method: r.method as TEvaluationMethod | null,
      evidence: r.evidence as TEvidenceHint | null,
      points: r.points ?? 0,
      leaf: true,
      children: [],
    });
  }
  const roots: TIndicator[] = [];
  for (const r of sorted) {
    const n = nodes.get(r.id)!;
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    if (parent) {
      parent.children.push(n);
      parent.leaf = false;
    } else roots.push(n);
  }
  const sum = (n: TIndicator): number => {
    if (n.children.length) n.points = n.children.reduce((s, c) => s + sum(c), 0);
    else if (n.level === 1) n.leaf = false; // a first-level indicator is always a group
    return n.points;
  };
  roots.forEach(sum);
  return roots;
}

/** The scored items (leaves below the first level), in tree order. */
export function leavesOf(tree: readonly TIndicator[]): TIndicator[] {
  const out: TIndicator[] = [];
  const walk = (n: TIndicator) => {
    if (n.level > 1 && n.leaf) out.push(n);
    n.children.forEach(walk);
  };
  tree.forEach(walk);
  return out;
}

async function loadScheme(db: Tx, id: number): Promise<SchemeRow> {
  return assertFound(await db.selectFrom('evaluation_schemes').selectAll().where('id', '=', id).executeTakeFirst(), 'EVALUATION_SCHEME_NOT_FOUND');
}

async function schemeRuns(db: Tx, ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('evaluation_runs')
    .select(['scheme_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('scheme_id', 'in', ids)
    .where('archived_at', 'is', null)
    .groupBy('scheme_id')
    .execute();
  return new Map(rows.map((r) => [r.scheme_id, Number(r.n)]));
}

/** Runs of any state, archived ones included: a scheme they use is never changed in place. */
async function usedByRun(db: Tx, schemeId: number): Promise<boolean> {
  return !!(await db.selectFrom('evaluation_runs').select('id').where('scheme_id', '=', schemeId).limit(1).executeTakeFirst());
}

async function latestRevisions(db: Tx): Promise<Map<string, number>> {
  const rows = await db.selectFrom('evaluation_schemes').select(['code', (eb) => eb.fn.max('revision').as('rev')]).where('archived_at', 'is', null).groupBy('code').execute();
  return new Map(rows.map((r) => [r.code, Number(r.rev)]));
}

async function schemeOut(db: Tx, row: SchemeRow): Promise<TScheme> {
  const [indicators, runs, latest] = await Promise.all([
    db.selectFrom('evaluation_indicators').selectAll().where('scheme_id', '=', row.id).execute(),
    schemeRuns(db, [row.id]),
    latestRevisions(db),
  ]);
  const tree = buildTree(indicators);
  return { ...summaryOut(row, tree.reduce((s, n) => s + n.points, 0), runs.get(row.id) ?? 0, latest.get(row.code) === row.revision), indicators: tree };
}

function summaryOut(r: SchemeRow, totalPoints: number, runs: number, current: boolean): TSchemeSummary {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    revision: r.revision,
    provisional: !!r.provisional,
    totalPoints,
    runs,
    current,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export async function listSchemes(ctx: AppContext, p: Principal): Promise<TSchemeSummary[]> {
  requireSchemeRead(p);
  const rows = await ctx.db.selectFrom('evaluation_schemes').selectAll().where('archived_at', 'is', null).orderBy('code').orderBy('revision', 'desc').execute();
  const ids = rows.map((r) => r.id);
  const [runs, latest, points] = await Promise.all([
    schemeRuns(ctx.db, ids),
    latestRevisions(ctx.db),
    ids.length
      ? ctx.db
          .selectFrom('evaluation_indicators')
          .select(['scheme_id', (eb) => eb.fn.sum<number>('points').as('total')])
          .where('scheme_id', 'in', ids)
          .groupBy('scheme_id')
          .execute()
      : Promise.resolve([]),
  ]);
  const totals = new Map(points.map((r) => [r.scheme_id, Number(r.total ?? 0)]));
  return rows.map((r) => summaryOut(r, totals.get(r.id) ?? 0, runs.get(r.id) ?? 0, latest.get(r.code) === r.revision));
}

export async function getScheme(ctx: AppContext, p: Principal, id: number): Promise<TScheme> {
  requireSchemeRead(p);
  return schemeOut(ctx.db, await loadScheme(ctx.db, id));
}

async function insertTree(trx: Tx, schemeId: number, indicators: readonly TFirstLevelInput[]) {
  let sort = 0;
  for (const g of indicators) {
    const gid = await insertIndicator(trx, schemeId, null, 1, sort++, g, null);
    for (const s of g.children) {
      const leaf = !s.children?.length;
      const sid = await insertIndicator(trx, schemeId, gid, 2, sort++, s, leaf ? (s.points ?? null) : null);
      for (const c of s.children ?? []) await insertIndicator(trx, schemeId, sid, 3, sort++, c, c.points);
    }
  }
}

async function insertIndicator(
  trx: Tx,
  schemeId: number,
  parentId: number | null,
  level: number,
  sort: number,
  v: { clause?: string | null; name: string; requirement?: string | null; method?: string | null; evidence?: string | null },
  points: number | null,
): Promise<number> {
  const r = await trx
    .insertInto('evaluation_indicators')
    .values({
      scheme_id: schemeId,
      parent_id: parentId,
      level,
      sort,
      clause: v.clause || null,
      name: v.name,
      requirement: v.requirement || null,
      method: v.method ?? null,
      evidence: v.evidence ?? null,
      points,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

async function createRevision(trx: Tx, ctx: AppContext, p: Principal, base: SchemeRow, input: TSchemeSave): Promise<number> {
  const max = await trx.selectFrom('evaluation_schemes').select((eb) => eb.fn.max('revision').as('rev')).where('code', '=', base.code).executeTakeFirstOrThrow();
  const now = ctx.clock.now().toISOString();
  const r = await trx
    .insertInto('evaluation_schemes')
    .values({
      code: base.code,
      name: input.name,
      revision: Number(max.rev ?? 0) + 1,
      previous_id: base.id,
      provisional: input.provisional ? 1 : 0,
      note: input.note ?? null,
      archived_at: null,
      created_by: p.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertTree(trx, r.id, input.indicators);
  return r.id;
}

/** The scheme as an input, to copy it into a new revision. */
function asInput(s: TScheme): TSchemeSave {
  const node = (n: TIndicator) => ({ clause: n.clause, name: n.name, requirement: n.requirement, method: n.method, evidence: n.evidence });
  return {
    name: s.name,
    note: s.note,
    provisional: s.provisional,
    indicators: s.indicators.map((g) => ({
      ...node(g),
      children: g.children.map((c) => (c.children.length ? { ...node(c), points: null, children: c.children.map((i) => ({ ...node(i), points: i.points })) } : { ...node(c), points: c.points })),
    })),
  };
}

/**
 * Saves a scheme (service:rules). Unused: changed in place (versioned). Used by a run: the content becomes the
 * next revision of the same code and the used one stays as it was; `created` tells which happened.
 */
export async function saveScheme(ctx: AppContext, p: Principal, id: number, input: TSchemeUpdate, actx: AuditContext): Promise<{ scheme: TScheme; created: boolean }> {
  requirePermission(p, 'service:rules');
  const before = await loadScheme(ctx.db, id);
  if (before.archived_at) throw new AppError(409, 'EVALUATION_SCHEME_ARCHIVED');
  if (before.version !== input.version) throw conflict();
  const { version: _v, ...content } = input;
  const result = await ctx.db.transaction().execute(async (trx) => {
    if (await usedByRun(trx, id)) {
      const newId = await createRevision(trx, ctx, p, before, content);
      await audit(trx, actx, { action: 'create', entity: 'evaluation_scheme', entityId: newId, summary: `${before.code} revision from ${before.revision}`, after: content });
      return { id: newId, created: true };
    }
    const r = await trx
      .updateTable('evaluation_schemes')
      .set((eb) => ({ name: content.name, note: content.note ?? null, provisional: content.provisional ? 1 : 0, updated_at: ctx.clock.now().toISOString(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict();
    const old = await schemeOut(trx, before);
    await trx.deleteFrom('evaluation_indicators').where('scheme_id', '=', id).where('level', '=', 3).execute();
    await trx.deleteFrom('evaluation_indicators').where('scheme_id', '=', id).where('level', '=', 2).execute();
    await trx.deleteFrom('evaluation_indicators').where('scheme_id', '=', id).execute();
    await insertTree(trx, id, content.indicators);
    await audit(trx, actx, { action: 'update', entity: 'evaluation_scheme', entityId: id, summary: `${before.code} r${before.revision}`, before: asInput(old), after: content });
    return { id, created: false };
  });
  return { scheme: await schemeOut(ctx.db, await loadScheme(ctx.db, result.id)), created: result.created };
}

/** Copies a scheme into the next revision of its code (新版本), to be edited before the next run. */
export async function newSchemeRevision(ctx: AppContext, p: Principal, id: number, actx: AuditContext): Promise<TScheme> {
  requirePermission(p, 'service:rules');
  const base = await loadScheme(ctx.db, id);
  const content = asInput(await schemeOut(ctx.db, base));
  const newId = await ctx.db.transaction().execute(async (trx) => {
    const nid = await createRevision(trx, ctx, p, base, content);
    await audit(trx, actx, { action: 'create', entity: 'evaluation_scheme', entityId: nid, summary: `${base.code} revision from ${base.revision}` });
    return nid;
  });
  return schemeOut(ctx.db, await loadScheme(ctx.db, newId));
}

// ======================= runs =======================

async function loadRun(db: Tx, id: number): Promise<RunRow> {
  return assertFound(await db.selectFrom('evaluation_runs').selectAll().where('id', '=', id).executeTakeFirst(), 'EVALUATION_RUN_NOT_FOUND');
}

const resultOut = (r: { indicator_id: number; result: string | null; ratio_pm: number | null; evidence: string | null }): TRunResult => ({
  indicatorId: r.indicator_id,
  result: r.result as TItemResult | null,
  ratio: r.ratio_pm === null ? null : r.ratio_pm / 1000,
  evidence: r.evidence,
});

function scoreItems(leaves: readonly TIndicator[], results: ReadonlyMap<number, TRunResult>): TScoreItem[] {
  return leaves.map((l) => {
    const r = results.get(l.id);
    return { points: l.points, result: r?.result ?? null, ratio: r?.ratio ?? null };
  });
}

/** The score of a run and of each first-level group, from its scheme, results and specials. */
export function runScores(tree: readonly TIndicator[], results: readonly TRunResult[], specials: readonly { kind: 'deduction' | 'bonus' }[]) {
  const byId = new Map(results.map((r) => [r.indicatorId, r]));
  const score = scoreEvaluation(scoreItems(leavesOf(tree), byId), specials);
  const groups = tree.map((g) => ({ indicatorId: g.id, name: g.name, score: scoreEvaluation(scoreItems(leavesOf([g]), byId), []) }));
  return { score, groups };
}

function summaryOfRun(r: RunRow, scheme: { id: number; name: string; revision: number }, openActions: number): TRunSummary {
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    state: r.state,
    scheme,
    assessedOn: r.assessed_on,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    assessors: JSON.parse(r.assessors) as string[],
    score: r.score_tenths === null ? null : r.score_tenths / 10,
    star: r.star as TStarLevel | null,
    openActions,
    finalisedAt: r.finalised_at,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const actionRows = (db: Tx) =>
  db
    .selectFrom('evaluation_actions as a')
    .innerJoin('evaluation_runs as r', 'r.id', 'a.run_id')
    .leftJoin('users as u', 'u.id', 'a.owner_id')
    .select([
      'a.id',
      'a.run_id',
      'r.code as run_code',
      'a.indicator_id',
      'a.special_id',
      'a.title',
      'a.owner_id',
      'u.display_name as owner_name',
      'a.due_date',
      'a.state',
      'a.note',
      'a.done_at',
      'a.created_at',
      'a.updated_at',
      'a.version',
    ]);

function actionOut(a: Awaited<ReturnType<ReturnType<typeof actionRows>['executeTakeFirstOrThrow']>>): TEvaluationAction {
  return {
    id: a.id,
    runId: a.run_id,
    runCode: a.run_code,
    indicatorId: a.indicator_id,
    specialId: a.special_id,
    title: a.title,
    owner: a.owner_id ? { id: a.owner_id, name: a.owner_name ?? String(a.owner_id) } : null,
    dueDate: a.due_date,
    state: a.state,
    note: a.note,
    doneAt: a.done_at,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    version: a.version,
  };
}

async function runOut(db: Tx, run: RunRow): Promise<TRun> {
  const schemeRow = await loadScheme(db, run.scheme_id);
  const [scheme, results, specials, actions] = await Promise.all([
    schemeOut(db, schemeRow),
    db.selectFrom('evaluation_results').selectAll().where('run_id', '=', run.id).execute(),
    db.selectFrom('evaluation_specials').selectAll().where('run_id', '=', run.id).orderBy('id').execute(),
    actionRows(db).where('a.run_id', '=', run.id).orderBy('a.id').execute(),
  ]);
  const res = results.map(resultOut);
  const sp: TRunSpecial[] = specials.map((s) => ({ id: s.id, kind: s.kind, reason: s.reason, indicatorId: s.indicator_id }));
  const { score, groups } = runScores(scheme.indicators, res, sp);
  return {
    ...summaryOfRun(run, { id: scheme.id, name: scheme.name, revision: scheme.revision }, actions.filter((a) => a.state === 'open').length),
    scope: run.scope,
    schemeDetail: scheme,
    results: res,
    specials: sp,
    scoreDetail: score,
    groups,
    actions: actions.map(actionOut),
  };
}

export async function listRuns(ctx: AppContext, p: Principal, q: TRunListQuery): Promise<TPage<TRunSummary>> {
  requirePermission(p, 'service:kpi');
  let base = ctx.db.selectFrom('evaluation_runs as r').innerJoin('evaluation_schemes as s', 's.id', 'r.scheme_id');
  if (q.state) base = base.where('r.state', '=', q.state);
  if (q.archived === 'false') base = base.where('r.archived_at', 'is', null);
  else if (q.archived === 'true') base = base.where('r.archived_at', 'is not', null);
  const [rows, total] = await Promise.all([
    base
      .selectAll('r')
      .select(['s.name as scheme_name', 's.revision as scheme_revision'])
      .select((eb) =>
        eb
          .selectFrom('evaluation_actions as a')
          .select((e2) => e2.fn.countAll<number>().as('n'))
          .whereRef('a.run_id', '=', 'r.id')
          .where('a.state', '=', 'open')
          .as('open_actions'),
      )
      .orderBy('r.assessed_on', 'desc')
      .orderBy('r.id', 'desc')
      .limit(q.pageSize)
      .offset(offsetOf(q.page, q.pageSize))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => summaryOfRun(r, { id: r.scheme_id, name: r.scheme_name, revision: r.scheme_revision }, Number(r.open_actions ?? 0))),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getRun(ctx: AppContext, p: Principal, id: number): Promise<TRun> {
  requirePermission(p, 'service:kpi');
  return runOut(ctx.db, await loadRun(ctx.db, id));
}

/** Figures of the internal records for the run's period, shown beside the indicators they support. */
export async function runEvidence(ctx: AppContext, p: Principal, id: number) {
  requirePermission(p, 'service:kpi');
  const run = await loadRun(ctx.db, id);
  return {
    periodFrom: run.period_from,
    periodTo: run.period_to,
    supervision: await pointsSummary(ctx, run.period_from.slice(0, 7), run.period_to.slice(0, 7)),
    // 投诉处理 (5.3.2): the complaint records of the period
    complaints: await complaintEvidence(ctx, run.period_from, run.period_to),
  };
}

async function currentSchemeId(db: Tx): Promise<number> {
  const latest = await latestRevisions(db);
  const candidates = await db.selectFrom('evaluation_schemes').select(['id', 'code', 'revision']).where('archived_at', 'is', null).orderBy('id', 'desc').execute();
  const current = candidates.find((c) => latest.get(c.code) === c.revision);
  if (!current) throw invalid([{ path: 'schemeId', key: 'unknown_scheme' }]);
  return current.id;
}

export async function createRun(ctx: AppContext, p: Principal, input: TRunCreate, actx: AuditContext): Promise<TRun> {
  requirePermission(p, 'service:kpi');
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    let schemeId: number;
    if (input.schemeId) {
      const s = await trx.selectFrom('evaluation_schemes').select('id').where('id', '=', input.schemeId).where('archived_at', 'is', null).executeTakeFirst();
      if (!s) throw invalid([{ path: 'schemeId', key: 'unknown_scheme' }]);
      schemeId = s.id;
    } else schemeId = await currentSchemeId(trx);
    const tree = buildTree(await trx.selectFrom('evaluation_indicators').selectAll().where('scheme_id', '=', schemeId).execute());
    const [code] = await nextCodes(trx, 'PJ', now, ctx.config.timezone);
    const r = await trx
      .insertInto('evaluation_runs')
      .values({
        code: code!,
        scheme_id: schemeId,
        title: input.title,
        state: 'draft',
        assessed_on: input.assessedOn,
        period_from: input.periodFrom,
        period_to: input.periodTo,
        assessors: JSON.stringify(input.assessors),
        scope: input.scope ?? null,
        score_tenths: null,
        star: null,
        finalised_at: null,
        finalised_by: null,
        archived_at: null,
        created_by: p.userId,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const leaves = leavesOf(tree);
    if (leaves.length) {
      await trx
        .insertInto('evaluation_results')
        .values(leaves.map((l) => ({ run_id: r.id, indicator_id: l.id, result: null, ratio_pm: null, evidence: null })))
        .execute();
    }
    await audit(trx, actx, { action: 'create', entity: 'evaluation_run', entityId: r.id, summary: `${code} ${input.title}`, after: input });
    return r.id;
  });
  return runOut(ctx.db, await loadRun(ctx.db, id));
}

async function storeScore(trx: Tx, run: RunRow) {
  const full = await runOut(trx, run);
  const s = full.scoreDetail;
  await trx
    .updateTable('evaluation_runs')
    .set({ score_tenths: s.score === null ? null : Math.round(s.score * 10), star: s.star })
    .where('id', '=', run.id)
    .execute();
  return full;
}

/** Edits a draft: header fields, results merged by indicator, special items replaced; the score is stored anew. */
export async function updateRun(ctx: AppContext, p: Principal, id: number, input: TRunUpdate, actx: AuditContext): Promise<TRun> {
  requirePermission(p, 'service:kpi');
  const before = await loadRun(ctx.db, id);
  if (before.state !== 'draft') throw new AppError(409, 'EVALUATION_RUN_FINAL');
  if (before.archived_at) throw new AppError(409, 'EVALUATION_RUN_ARCHIVED');
  const from = input.periodFrom ?? before.period_from;
  const to = input.periodTo ?? before.period_to;
  if (to < from) throw invalid([{ path: 'periodTo', key: 'range_end_before_start' }]);
  const schemeIndicators = await ctx.db.selectFrom('evaluation_indicators').selectAll().where('scheme_id', '=', before.scheme_id).execute();
  const leafIds = new Set(leavesOf(buildTree(schemeIndicators)).map((l) => l.id));
  const allIds = new Set(schemeIndicators.map((i) => i.id));
  const problems: { path: string; key: string }[] = [];
  input.results?.forEach((r, i) => {
    if (!leafIds.has(r.indicatorId)) problems.push({ path: `results.${i}.indicatorId`, key: 'unknown_indicator' });
  });
  input.specials?.forEach((s, i) => {
    if (s.indicatorId && !allIds.has(s.indicatorId)) problems.push({ path: `specials.${i}.indicatorId`, key: 'unknown_indicator' });
  });
  if (problems.length) throw invalid(problems);
  const now = ctx.clock.now().toISOString();
  const after = await ctx.db.transaction().execute(async (trx) => {
    const set: Record<string, unknown> = { updated_at: now };
    if (input.title !== undefined) set.title = input.title;
    if (input.assessedOn !== undefined) set.assessed_on = input.assessedOn;
    if (input.periodFrom !== undefined) set.period_from = input.periodFrom;
    if (input.periodTo !== undefined) set.period_to = input.periodTo;
    if (input.assessors !== undefined) set.assessors = JSON.stringify(input.assessors);
    if (input.scope !== undefined) set.scope = input.scope;
    const u = await trx
      .updateTable('evaluation_runs')
      .set((eb) => ({ ...set, version: eb('version', '+', 1) }) as never)
      .where('id', '=', id)
      .where('version', '=', input.version)
      .where('state', '=', 'draft')
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) !== 1) throw conflict();
    for (const r of input.results ?? []) {
      const row = {
        result: r.result,
        ratio_pm: r.result === 'partial' && r.ratio !== undefined && r.ratio !== null ? Math.round(r.ratio * 1000) : null,
        evidence: r.evidence === undefined ? undefined : (r.evidence ?? null),
      };
      await trx
        .insertInto('evaluation_results')
        .values({ run_id: id, indicator_id: r.indicatorId, result: row.result, ratio_pm: row.ratio_pm, evidence: row.evidence ?? null })
        .onConflict((oc) =>
          oc.columns(['run_id', 'indicator_id']).doUpdateSet(row.evidence === undefined ? { result: row.result, ratio_pm: row.ratio_pm } : { result: row.result, ratio_pm: row.ratio_pm, evidence: row.evidence }),
        )
        .execute();
    }
    if (input.specials) {
      await trx.deleteFrom('evaluation_specials').where('run_id', '=', id).execute();
      if (input.specials.length) {
        await trx
          .insertInto('evaluation_specials')
          .values(input.specials.map((s) => ({ run_id: id, kind: s.kind, reason: s.reason, indicator_id: s.indicatorId ?? null, created_at: now })))
          .execute();
      }
    }
    const full = await storeScore(trx, await loadRun(trx, id));
    await audit(trx, actx, {
      action: 'update',
      entity: 'evaluation_run',
      entityId: id,
      summary: `${before.code} score ${full.scoreDetail.score ?? '—'}`,
      after: { ...input, version: undefined },
    });
    return full;
  });
  return after;
}

/**
 * Finalises a draft (read-only afterwards): every item needs a result; the score and star level are frozen and an
 * action item is opened for each non-conforming or partly conforming item and each special deduction.
 */
export async function finaliseRun(ctx: AppContext, p: Principal, id: number, input: TRunFinalise, actx: AuditContext): Promise<TRun> {
  requirePermission(p, 'service:kpi');
  const before = await loadRun(ctx.db, id);
  if (before.state !== 'draft') throw new AppError(409, 'EVALUATION_RUN_FINAL');
  if (before.archived_at) throw new AppError(409, 'EVALUATION_RUN_ARCHIVED');
  if (input.actionOwnerId) {
    const u = await ctx.db.selectFrom('users').select('id').where('id', '=', input.actionOwnerId).where('disabled', '=', 0).executeTakeFirst();
    if (!u) throw invalid([{ path: 'actionOwnerId', key: 'unknown_user' }]);
  }
  const current = await runOut(ctx.db, before);
  if (current.scoreDetail.unassessed > 0 || current.scoreDetail.score === null) {
    throw new AppError(409, 'EVALUATION_RUN_INCOMPLETE', [], { unassessed: current.scoreDetail.unassessed });
  }
  const now = ctx.clock.now().toISOString();
  const due = input.actionDueDate ?? addDays(before.assessed_on, 30);
  await ctx.db.transaction().execute(async (trx) => {
    const u = await trx
      .updateTable('evaluation_runs')
      .set((eb) => ({
        state: 'final' as const,
        finalised_at: now,
        finalised_by: p.userId,
        score_tenths: Math.round(current.scoreDetail.score! * 10),
        star: current.scoreDetail.star,
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', input.version)
      .where('state', '=', 'draft')
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) !== 1) throw conflict();
    const results = new Map(current.results.map((r) => [r.indicatorId, r]));
    const actions: { indicator_id: number | null; special_id: number | null; title: string }[] = [];
    for (const leaf of leavesOf(current.schemeDetail.indicators)) {
      const r = results.get(leaf.id);
      if (r?.result === 'nonconform' || r?.result === 'partial') actions.push({ indicator_id: leaf.id, special_id: null, title: [leaf.clause, leaf.name].filter(Boolean).join(' ') });
    }
    for (const s of current.specials) if (s.kind === 'deduction') actions.push({ indicator_id: s.indicatorId, special_id: s.id, title: s.reason.slice(0, 300) });
    if (actions.length) {
      await trx
        .insertInto('evaluation_actions')
        .values(actions.map((a) => ({ run_id: id, ...a, owner_id: input.actionOwnerId ?? null, due_date: due, state: 'open' as const, note: null, done_at: null, created_at: now, updated_at: now, version: 1 })))
        .execute();
    }
    await audit(trx, actx, {
      action: 'finalise',
      entity: 'evaluation_run',
      entityId: id,
      summary: `${before.code} ${current.scoreDetail.score} ${current.scoreDetail.star}; ${actions.length} action items`,
      after: { score: current.scoreDetail, actions: actions.length },
    });
  });
  return runOut(ctx.db, await loadRun(ctx.db, id));
}

/** Discards a draft (archived, not deleted). */
export async function archiveRun(ctx: AppContext, p: Principal, id: number, version: number, actx: AuditContext): Promise<TRun> {
  requirePermission(p, 'service:kpi');
  const before = await loadRun(ctx.db, id);
  if (before.state !== 'draft') throw new AppError(409, 'EVALUATION_RUN_FINAL');
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const u = await trx
      .updateTable('evaluation_runs')
      .set((eb) => ({ archived_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) !== 1) throw conflict();
    await audit(trx, actx, { action: 'archive', entity: 'evaluation_run', entityId: id, summary: before.code });
  });
  return runOut(ctx.db, await loadRun(ctx.db, id));
}

// ======================= action items =======================

export async function listActions(ctx: AppContext, p: Principal, q: TActionListQuery): Promise<TPage<TEvaluationAction>> {
  requirePermission(p, 'service:kpi');
  let base = actionRows(ctx.db).where('r.archived_at', 'is', null);
  if (q.state) base = base.where('a.state', '=', q.state);
  if (q.runId) base = base.where('a.run_id', '=', q.runId);
  const [rows, total] = await Promise.all([
    base.orderBy('a.state', 'desc').orderBy('a.due_date').orderBy('a.id').limit(q.pageSize).offset(offsetOf(q.page, q.pageSize)).execute(),
    base.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(actionOut), total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

/** The follow-up of a finalised run stays editable: owner, due date, state (open/done) and a note. */
export async function updateAction(ctx: AppContext, p: Principal, id: number, input: TActionUpdate, actx: AuditContext): Promise<TEvaluationAction> {
  requirePermission(p, 'service:kpi');
  const before = actionOut(assertFound(await actionRows(ctx.db).where('a.id', '=', id).executeTakeFirst(), 'EVALUATION_ACTION_NOT_FOUND'));
  if (input.ownerId) {
    const u = await ctx.db.selectFrom('users').select('id').where('id', '=', input.ownerId).where('disabled', '=', 0).executeTakeFirst();
    if (!u) throw invalid([{ path: 'ownerId', key: 'unknown_user' }]);
  }
  const now = ctx.clock.now().toISOString();
  const set: Record<string, unknown> = { updated_at: now };
  if (input.ownerId !== undefined) set.owner_id = input.ownerId;
  if (input.dueDate !== undefined) set.due_date = input.dueDate;
  if (input.note !== undefined) set.note = input.note;
  if (input.state !== undefined && input.state !== before.state) {
    set.state = input.state;
    set.done_at = input.state === 'done' ? now : null;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const u = await trx
      .updateTable('evaluation_actions')
      .set((eb) => ({ ...set, version: eb('version', '+', 1) }) as never)
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) !== 1) throw conflict();
    const { version: _v, ...changes } = input;
    await audit(trx, actx, { action: 'update', entity: 'evaluation_action', entityId: id, summary: `${before.runCode} ${before.title}`, before: { ownerId: before.owner?.id ?? null, dueDate: before.dueDate, state: before.state, note: before.note }, after: changes });
  });
  return actionOut(assertFound(await actionRows(ctx.db).where('a.id', '=', id).executeTakeFirst(), 'EVALUATION_ACTION_NOT_FOUND'));
}

// ======================= trend =======================

/** Finalised runs in date order (at most the last 50), with the score of each first-level group. */
export async function evaluationTrend(ctx: AppContext, p: Principal): Promise<TTrendPoint[]> {
  requirePermission(p, 'service:kpi');
  const runs = (
    await ctx.db
      .selectFrom('evaluation_runs as r')
      .innerJoin('evaluation_schemes as s', 's.id', 'r.scheme_id')
      .selectAll('r')
      .select('s.revision as scheme_revision')
      .where('r.state', '=', 'final')
      .where('r.archived_at', 'is', null)
      .orderBy('r.assessed_on', 'desc')
      .orderBy('r.id', 'desc')
      .limit(50)
      .execute()
  ).reverse();
  if (!runs.length) return [];
  const schemeIds = [...new Set(runs.map((r) => r.scheme_id))];
  const [indicators, results] = await Promise.all([
    ctx.db.selectFrom('evaluation_indicators').selectAll().where('scheme_id', 'in', schemeIds).execute(),
    ctx.db.selectFrom('evaluation_results').selectAll().where('run_id', 'in', runs.map((r) => r.id)).execute(),
  ]);
  const trees = new Map(schemeIds.map((sid) => [sid, buildTree(indicators.filter((i) => i.scheme_id === sid))]));
  return runs.map((r) => {
    const tree = trees.get(r.scheme_id)!;
    const { groups } = runScores(tree, results.filter((x) => x.run_id === r.id).map(resultOut), []);
    return {
      runId: r.id,
      code: r.code,
      title: r.title,
      assessedOn: r.assessed_on,
      score: (r.score_tenths ?? 0) / 10,
      star: (r.star ?? 'none') as TStarLevel,
      schemeRevision: r.scheme_revision,
      groups: groups.map((g) => ({ name: g.name, score: g.score.indicatorScore })),
    };
  });
}

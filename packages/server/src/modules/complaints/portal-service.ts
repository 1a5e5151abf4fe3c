// The public complaint page (no sign-in): a small arithmetic check against bots, the customer's complaint, and the
// customer's view of its progress behind the private tracking link, where a resolved complaint is confirmed.
import crypto from 'node:crypto';
import { normalizePhone, type ComplaintState, type TPublicComplaint, type TPublicConfirm } from '@kehu/shared';
import type { Db, Tx } from '../../db';
import type { AuditContext } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { systemPrincipal } from '../../platform/principal';
import { complaintIdByToken, createComplaint, customerResponse } from './complaints-service';

/** how long a customer has to answer the arithmetic check */
export const CHALLENGE_TTL_MS = 10 * 60_000;
const SECRET_KEY = 'complaint_portal_secret';
/** used challenges are remembered among the idempotency keys (purged after a day, long after they expire) */
const USED_CHALLENGE_SCOPE = 'challenge';

// ---------- the arithmetic check ----------

export interface Challenge {
  question: { 'zh-CN': string; 'en-US': string };
  token: string;
  expiresAt: string;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const hmac = (secret: Buffer, text: string) => crypto.createHmac('sha256', secret).update(text).digest();
const answerHash = (secret: Buffer, nonce: string, answer: number) => b64(hmac(secret, `answer:${nonce}:${answer}`));

/** A question like “3 加 4 等于几？” and a signed token holding the keyed hash of its answer (never the answer itself). */
export function makeChallenge(secret: Buffer, now: Date, pick: (max: number) => number = (max) => crypto.randomInt(max)): Challenge {
  const plus = pick(2) === 0;
  let a = 1 + pick(9);
  let b = 1 + pick(9);
  if (!plus && b > a) [a, b] = [b, a];
  const answer = plus ? a + b : a - b;
  const nonce = b64(crypto.randomBytes(12));
  const exp = now.getTime() + CHALLENGE_TTL_MS;
  const payload = b64(JSON.stringify({ h: answerHash(secret, nonce, answer), e: exp, n: nonce }));
  return {
    question: plus ? { 'zh-CN': `${a} 加 ${b} 等于几？`, 'en-US': `What is ${a} plus ${b}?` } : { 'zh-CN': `${a} 减 ${b} 等于几？`, 'en-US': `What is ${a} minus ${b}?` },
    token: `${payload}.${b64(hmac(secret, payload))}`,
    expiresAt: new Date(exp).toISOString(),
  };
}

/** The answer as typed: digits, also full-width ones (１２), with spaces around. */
export function parseAnswer(s: string): number | null {
  const t = s.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return /^\d{1,3}$/.test(t) ? Number(t) : null;
}

/** The challenge's nonce when the token is ours, unexpired and the answer right; null otherwise. */
export function checkChallenge(secret: Buffer, token: string, answer: string, now: Date): string | null {
  const [payload, sig, rest] = token.split('.');
  if (!payload || !sig || rest !== undefined) return null;
  const expected = hmac(secret, payload);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  let data: { h?: unknown; e?: unknown; n?: unknown };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof data.h !== 'string' || typeof data.e !== 'number' || typeof data.n !== 'string') return null;
  if (data.e <= now.getTime()) return null;
  const n = parseAnswer(answer);
  if (n === null) return null;
  const h = Buffer.from(answerHash(secret, data.n, n));
  const want = Buffer.from(data.h);
  return h.length === want.length && crypto.timingSafeEqual(h, want) ? data.n : null;
}

// The signing secret: random, made once per installation and kept in the settings table, so every instance of a
// scaled-out deployment signs and checks with the same one.
const secrets = new WeakMap<Db, Promise<Buffer>>();

export function portalSecret(db: Db): Promise<Buffer> {
  let s = secrets.get(db);
  if (!s) {
    s = loadSecret(db);
    s.catch(() => secrets.delete(db));
    secrets.set(db, s);
  }
  return s;
}

async function loadSecret(db: Db): Promise<Buffer> {
  const read = () => db.selectFrom('service_settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirst();
  let row = await read();
  if (!row) {
    // two instances starting together both try; the first insert wins and both read it back
    await db
      .insertInto('service_settings')
      .values({ key: SECRET_KEY, value: crypto.randomBytes(32).toString('hex'), updated_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    row = await read();
  }
  return Buffer.from(row!.value, 'hex');
}

export async function newChallenge(ctx: AppContext): Promise<Challenge> {
  return makeChallenge(await portalSecret(ctx.db), ctx.clock.now());
}

const challengeFailed = () => new AppError(400, 'CHALLENGE_FAILED', [{ path: 'answer', key: 'challenge_failed' }]);

/** Marks the challenge used; false when it was used before. */
async function useChallenge(db: Tx, nonce: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('idempotency_keys')
    .values({ scope: USED_CHALLENGE_SCOPE, key: nonce, request_hash: '-', status: 200, response: null, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return !!row;
}

// ---------- the complaint from the public page ----------

/** The complaint categories the form offers (the active ones of the dictionary, in both languages). */
export async function publicCategories(ctx: AppContext) {
  return (await ctx.dictionaries.items('complaint_category')).filter((i) => i.active).map((i) => ({ code: i.code, zh: i.labelZh, en: i.labelEn }));
}

/** The customers whose own phone or an active contact's phone is exactly this number. */
async function customersByPhone(db: Tx, phone: string): Promise<number[]> {
  const [own, viaContacts] = await Promise.all([
    db.selectFrom('customers').select('id').where('phone', '=', phone).where('archived_at', 'is', null).execute(),
    db
      .selectFrom('contacts as k')
      .innerJoin('customers as c', 'c.id', 'k.customer_id')
      .select('c.id')
      .where((eb) => eb.or([eb('k.mobile', '=', phone), eb('k.phone', '=', phone)]))
      .where('k.archived_at', 'is', null)
      .where('c.archived_at', 'is', null)
      .execute(),
  ]);
  return [...new Set([...own, ...viaContacts].map((r) => Number(r.id)))];
}

export async function submitPublicComplaint(ctx: AppContext, body: TPublicComplaint, actx: AuditContext): Promise<{ code: string; trackingPath: string }> {
  const now = ctx.clock.now();
  const nonce = checkChallenge(await portalSecret(ctx.db), body.challenge, body.answer, now);
  if (!nonce) throw challengeFailed();
  if (!(await useChallenge(ctx.db, nonce, now))) throw challengeFailed();
  try {
    const phone = normalizePhone(body.phone) ?? body.phone;
    // only a number that names exactly one customer links the complaint; otherwise the desk links it when classifying
    const matches = await customersByPhone(ctx.db, phone);
    const customerId = matches.length === 1 ? matches[0]! : null;
    let unitId: number | null = null;
    let serviceOrderId: number | null = null;
    if (customerId !== null && body.serialNo) {
      const u = await ctx.db
        .selectFrom('product_units')
        .select('id')
        .where('serial_no', '=', body.serialNo)
        .where('customer_id', '=', customerId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      unitId = u ? Number(u.id) : null;
    }
    if (customerId !== null && body.orderNo) {
      const o = await ctx.db.selectFrom('service_orders').select('id').where('code', '=', body.orderNo).where('customer_id', '=', customerId).executeTakeFirst();
      serviceOrderId = o ? Number(o.id) : null;
    }
    // a serial number we could not match is still what the customer told us: keep it with their words
    const content = body.serialNo && unitId === null ? `${body.content}\n\n（机身序列号 / Serial no.: ${body.serialNo}）` : body.content;
    const created = await createComplaint(
      ctx,
      systemPrincipal(['complaints:create']),
      {
        customerId,
        channel: 'portal',
        complainantName: body.name,
        complainantPhone: phone,
        complainantEmail: body.email ?? null,
        unitId,
        serviceOrderId,
        orderNo: serviceOrderId === null ? (body.orderNo ?? null) : null,
        category: body.category ?? null,
        severity: 'minor',
        content: content.slice(0, 4000),
        demands: body.demands,
      },
      actx,
      { sourceType: 'portal', issueLink: true },
    );
    return { code: created.code, trackingPath: `/complaint/${created.token}` };
  } catch (err) {
    // nothing was written: the customer may correct the form and send it again with the same check
    await ctx.db.deleteFrom('idempotency_keys').where('scope', '=', USED_CHALLENGE_SCOPE).where('key', '=', nonce).execute();
    throw err;
  }
}

// ---------- the customer's view behind the tracking link ----------

/** The progress steps the customer sees (已受理 / 处理中 / 待您确认 / 已解决 / 已结案). */
export const PUBLIC_STEPS = ['received', 'processing', 'awaiting_confirmation', 'resolved', 'closed'] as const;
export type PublicStep = (typeof PUBLIC_STEPS)[number];

export function publicStep(state: ComplaintState): PublicStep {
  switch (state) {
    case 'draft':
    case 'received':
    case 'classified':
      return 'received';
    case 'assigned':
    case 'investigating':
    case 'solution_proposed':
    case 'resolving':
      return 'processing';
    case 'resolved':
      return 'awaiting_confirmation';
    case 'confirmed':
    case 'return_visited':
      return 'resolved';
    case 'invalid':
    case 'closed':
    case 'dismissed':
      return 'closed';
  }
}

const SOLUTION_SHOWN: readonly string[] = ['solution_proposed', 'resolving', 'resolved', 'confirmed', 'return_visited', 'closed'];
const RESOLUTION_SHOWN: readonly string[] = ['resolved', 'confirmed', 'return_visited', 'closed'];
const CONFIRMED_STATES: readonly string[] = ['confirmed', 'return_visited', 'closed'];

/** Only what the complainant may see: no internal notes, no staff names or numbers, no investigation. */
async function publicView(ctx: AppContext, id: number) {
  const c = await ctx.db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await ctx.db
    .selectFrom('complaint_events')
    .select(['id', 'at', 'action', 'data'])
    .where('complaint_id', '=', id)
    .where('action', '=', 'reply')
    .orderBy('at')
    .orderBy('id')
    .execute();
  const replies = events.flatMap((e) => {
    const text = e.data ? (JSON.parse(e.data) as { text?: unknown }).text : null;
    return typeof text === 'string' && text ? [{ at: e.at, text }] : [];
  });
  const category = c.category ? (await ctx.dictionaries.items('complaint_category')).find((i) => i.code === c.category) : undefined;
  const step = publicStep(c.state as ComplaintState);
  const solutionShown = SOLUTION_SHOWN.includes(c.state) && !!c.solution;
  const resolutionShown = RESOLUTION_SHOWN.includes(c.state) && !!c.resolution;
  const compensationFen = Number(c.compensation_fen ?? 0);
  return {
    code: c.code,
    receivedAt: c.received_at,
    step,
    category: c.category ? { code: c.category, zh: category?.labelZh ?? c.category, en: category?.labelEn ?? c.category } : null,
    summary: c.summary,
    content: c.content,
    replies,
    solutionKind: solutionShown ? c.solution_kind : null,
    solution: solutionShown ? c.solution : null,
    resolution: resolutionShown ? c.resolution : null,
    compensationFen: resolutionShown && compensationFen > 0 ? compensationFen : null,
    resolvedAt: RESOLUTION_SHOWN.includes(c.state) ? c.resolved_at : null,
    // the promise still open: when we will have it solved
    resolveDue: step === 'received' || step === 'processing' ? c.resolve_due : null,
    confirmation: CONFIRMED_STATES.includes(c.state) ? c.confirmation : null,
    canConfirm: c.state === 'resolved',
  };
}

export type PublicComplaintView = Awaited<ReturnType<typeof publicView>>;

export async function viewByToken(ctx: AppContext, token: string): Promise<PublicComplaintView> {
  return publicView(ctx, await complaintIdByToken(ctx.db, token, ctx.clock.now()));
}

export async function confirmByToken(ctx: AppContext, token: string, body: TPublicConfirm, actx: AuditContext): Promise<PublicComplaintView> {
  const id = await complaintIdByToken(ctx.db, token, ctx.clock.now());
  await customerResponse(ctx, id, body, actx);
  return publicView(ctx, id);
}

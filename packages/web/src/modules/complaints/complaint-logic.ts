// Pure rules of the complaint pages (no React): the quick tabs of the list, the fields each action's dialog asks for,
// the steps of a complaint's path, and the reply templates' placeholders.
import type { ComplaintAction, ComplaintState } from '@kehu/shared';

// ---------- the list's quick tabs ----------
export type QuickTab = 'open' | 'mine' | 'overdue' | 'draft' | 'all';
export const QUICK_TABS: QuickTab[] = ['open', 'mine', 'overdue', 'draft', 'all'];

interface TabFilters {
  state?: string;
  mine?: string;
  overdue?: string;
}

/** The filters a quick tab sets (the other filters stay as they are). */
export const QUICK_TAB_FILTERS: Record<QuickTab, TabFilters> = {
  open: { state: 'open', mine: undefined, overdue: undefined },
  mine: { state: 'open', mine: 'true', overdue: undefined },
  overdue: { state: 'open', mine: undefined, overdue: 'true' },
  draft: { state: 'draft', mine: undefined, overdue: undefined },
  all: { state: 'all', mine: undefined, overdue: undefined },
};

/** The tab whose filters the query has, or null when the user combined them otherwise. */
export function quickTabOf(q: TabFilters): QuickTab | null {
  return QUICK_TABS.find((tab) => {
    const f = QUICK_TAB_FILTERS[tab];
    return (q.state ?? 'open') === f.state && (q.mine ?? undefined) === f.mine && (q.overdue ?? undefined) === f.overdue;
  }) ?? null;
}

// ---------- the dialogs of the actions ----------
/** A field of an action's dialog; each maps to the transition body's field of the same name. */
export type ActionField =
  | 'customerId'
  | 'category'
  | 'severity'
  | 'temperament'
  | 'departmentId'
  | 'ownerId'
  | 'invalidReason'
  | 'solutionKind'
  | 'solution'
  | 'resolution'
  | 'compensationYuan'
  | 'confirmation'
  | 'confirmReason'
  | 'visitResult'
  | 'visitRating'
  | 'wonBack'
  | 'reason'
  | 'note';

/** The fields each action needs (domain.md §4.3; the core API): required ones first. `note` is the free remark. */
export function actionFields(action: ComplaintAction, hasCustomer: boolean): { fields: ActionField[]; required: ActionField[] } {
  switch (action) {
    case 'classify':
      return { fields: [...(hasCustomer ? [] : (['customerId'] as const)), 'category', 'severity', 'temperament', 'note'], required: [...(hasCustomer ? [] : (['customerId'] as const)), 'category', 'severity'] };
    case 'assign':
      return { fields: ['departmentId', 'ownerId', 'note'], required: ['departmentId', 'ownerId'] };
    case 'invalidate':
      return { fields: ['invalidReason', 'note'], required: ['invalidReason'] };
    case 'propose':
      return { fields: ['solutionKind', 'solution', 'note'], required: ['solutionKind', 'solution'] };
    case 'reject_solution':
      return { fields: ['note'], required: ['note'] };
    case 'resolve':
      return { fields: ['resolution', 'compensationYuan', 'note'], required: ['resolution'] };
    case 'confirm':
      return { fields: ['confirmation', 'confirmReason', 'note'], required: ['confirmation', 'confirmReason'] };
    case 'visit':
      return { fields: ['visitResult', 'visitRating', 'wonBack', 'note'], required: ['visitResult', 'visitRating'] };
    case 'dismiss':
    case 'reopen':
    case 'escalate':
      return { fields: ['reason', 'note'], required: ['reason'] };
    case 'open':
    case 'accept':
    case 'accept_solution':
    case 'close':
      return { fields: ['note'], required: [] };
  }
}

/** Actions that end or set back the case: shown as danger buttons. */
export const DANGER_ACTIONS: readonly ComplaintAction[] = ['dismiss', 'invalidate', 'reopen', 'escalate', 'reject_solution'];

/** The step forward among the allowed actions (the primary button), if any. */
export function primaryAction(actions: readonly ComplaintAction[]): ComplaintAction | undefined {
  return actions.find((a) => !DANGER_ACTIONS.includes(a) && a !== 'assign') ?? actions.find((a) => a === 'assign');
}

// ---------- the path of a complaint ----------
const MAIN_PATH: ComplaintState[] = ['received', 'classified', 'assigned', 'investigating', 'solution_proposed', 'resolving', 'resolved', 'confirmed', 'return_visited', 'closed'];
const INVALID_PATH: ComplaintState[] = ['received', 'classified', 'assigned', 'investigating', 'invalid', 'return_visited', 'closed'];

/** The steps shown for a complaint: its usual path, the invalid-complaint path, or draft → dismissed. */
export function pathOf(state: ComplaintState, wasInvalid: boolean): ComplaintState[] {
  if (state === 'draft') return ['draft', ...MAIN_PATH];
  if (state === 'dismissed') return ['draft', 'dismissed'];
  return state === 'invalid' || wasInvalid ? INVALID_PATH : MAIN_PATH;
}

// ---------- reply templates ----------
export interface TemplateValues {
  customer: string;
  code: string;
  handler: string;
}

/** Fills the placeholders {customer} {code} {handler}; any other `{…}` is left as written. */
export function fillPlaceholders(text: string, v: TemplateValues): string {
  return text.replace(/\{(customer|code|handler)\}/g, (_, k: keyof TemplateValues) => v[k]);
}

/** The reply text a template proposes: the apology, then the reply, placeholders filled. */
export function templateText(tpl: { apology: string; reply: string }, v: TemplateValues): string {
  return [tpl.apology.trim(), tpl.reply.trim()].filter(Boolean).map((s) => fillPlaceholders(s, v)).join('\n');
}

/** Whether a value shown to the user is masked (personal data without pii:view): it must not be sent back. */
export function isMasked(v: string | null | undefined): boolean {
  return !!v && v.includes('*');
}

/** Yuan typed in a form → fen, or undefined when empty. */
export function yuanToFen(yuan: number | null | undefined): number | undefined {
  return yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100);
}

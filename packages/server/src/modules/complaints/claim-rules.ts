// The rules of a claim's decisions with no I/O: who may take which step now, and whether an approver's band covers
// an amount (索赔审批按金额分级, domain.md §4.3.1).
import { CLAIM_ACTION_NAMES, CLAIM_ACTIONS, PAYABLE_LIABILITIES, RECOVERABLE_LIABILITIES, type ClaimAction, type ClaimState, type Liability } from '@kehu/shared';

export interface ClaimActor {
  permissions: ReadonlySet<string>;
  /** approvalCeiling of the actor's roles: undefined = no band, null = no ceiling, else fen */
  ceiling: number | null | undefined;
}

/** Whether the band covers an amount in fen. */
export function covers(ceiling: number | null | undefined, fen: number): boolean {
  if (ceiling === undefined) return false;
  return ceiling === null || fen <= ceiling;
}

/**
 * May the actor take this kind of step at all? The decisions (approve, reject) belong to the holders of
 * complaints:approve and to every role with an approval band: the band table is where a company delegates small
 * claims (e.g. ¥1,000 to a service agent), so holding a band is the authority to decide within it.
 */
export function mayAct(actor: ClaimActor, action: ClaimAction): boolean {
  const perm = CLAIM_ACTIONS[action].permission;
  if (perm === 'complaints:approve') return actor.permissions.has(perm) || actor.ceiling !== undefined;
  return actor.permissions.has(perm);
}

export interface ClaimFacts {
  state: ClaimState;
  liability: Liability | null;
  amountFen: number;
}

/**
 * The actions the actor may take on the claim now: the state machine, the permission, and the rules of the amount
 * and the liability (approval needs a payable liability and a band; a rejection must be within the band of the
 * amount claimed, so a large claim is decided — either way — by an approver of its size; recovery only from a
 * supplier or carrier).
 */
export function claimActionsFor(actor: ClaimActor, c: ClaimFacts): ClaimAction[] {
  return CLAIM_ACTION_NAMES.filter((a) => {
    if (!(CLAIM_ACTIONS[a].from as readonly ClaimState[]).includes(c.state)) return false;
    if (!mayAct(actor, a)) return false;
    if (a === 'approve') return actor.ceiling !== undefined && !!c.liability && PAYABLE_LIABILITIES.includes(c.liability);
    if (a === 'reject') return covers(actor.ceiling, c.amountFen);
    if (a === 'recover') return !!c.liability && RECOVERABLE_LIABILITIES.includes(c.liability);
    return true;
  });
}

/** Why a band does not allow deciding `fen`: null when it does. */
export function bandProblem(ceiling: number | null | undefined, fen: number): 'CLAIM_NO_BAND' | 'CLAIM_ABOVE_BAND' | null {
  if (ceiling === undefined) return 'CLAIM_NO_BAND';
  return covers(ceiling, fen) ? null : 'CLAIM_ABOVE_BAND';
}

/** Fen as the ¥ amount of a message: 500000 → ¥5,000.00 (integer arithmetic, no float rounding). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

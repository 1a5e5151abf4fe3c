// The 三包 window check of a return/exchange request (pure): which window applies to the request type and reason,
// its last day, and whether the request date is inside it. Periods are counted as in warranty.ts (from the purchase
// date, the starting day not counted: a 7-day window from the 1st ends on the 8th).
import type { ReturnReason, ReturnType, TReturnEligibility } from '@kehu/shared';
import { decideWarranty, type WarrantyRules } from './warranty';
import { addDays } from './local-date';

const latest = (...dates: (string | null)[]) => dates.filter((d): d is string => !!d).sort().pop() ?? null;

export function checkReturnWindow(input: {
  type: ReturnType;
  reason: ReturnReason;
  purchaseDate: string | null;
  requestDate: string;
  rules: WarrantyRules;
  priorRepairs: number;
}): TReturnEligibility {
  const { type, reason, purchaseDate, requestDate, rules, priorRepairs } = input;
  // a no-reason request claims no performance fault: only the no-reason return window can carry it
  const fault = reason !== 'no_reason';
  const decision = decideWarranty({ purchaseDate, today: requestDate, rules, priorRepairs, fault });
  const until = (days: number) => (purchaseDate && days > 0 ? addDays(purchaseDate, days) : null);
  const returnUntil = until(rules.returnDays);
  const exchangeUntil = until(rules.exchangeDays);
  const noReasonReturnUntil = until(rules.noReasonReturnDays);

  let eligible: boolean;
  let lastDay: string | null;
  let code: string | null = null;
  if (type === 'repair') {
    // a repair is always taken; the warranty decides whether it is free
    eligible = true;
    lastDay = decision.warrantyEnd;
  } else if (type === 'return') {
    eligible = decision.returnAllowed;
    lastDay = decision.exchangeDueToRepairs ? decision.warrantyEnd : latest(fault ? returnUntil : null, noReasonReturnUntil);
    if (!eligible) code = 'RETURN_OUTSIDE_WINDOW';
  } else {
    eligible = decision.exchangeAllowed;
    // within the return window an exchange may be chosen too (decideWarranty)
    lastDay = decision.exchangeDueToRepairs ? decision.warrantyEnd : fault ? latest(exchangeUntil, returnUntil) : null;
    if (!eligible) code = 'EXCHANGE_OUTSIDE_WINDOW';
  }
  if (!purchaseDate && type !== 'repair') code = 'purchase_date_required';
  return {
    type,
    eligible,
    code,
    purchaseDate,
    requestDate,
    daysSincePurchase: decision.daysSincePurchase,
    lastDay,
    returnUntil,
    exchangeUntil,
    noReasonReturnUntil,
    warrantyEnd: decision.warrantyEnd,
    rules,
    priorRepairs,
    decision,
    complaintHint: !eligible,
  };
}

// 三包 (包修·包换·包退) decisions for one unit: pure functions, every period from the category's data.
//
// How periods are counted (our choice, written down here and in docs):
// - Every 三包 period runs from the purchase (invoice) date — 《部分商品修理更换退货责任规定》: 三包有效期自开具发票
//   之日起计算. The install date does not move it; a unit without a purchase date has no known warranty.
// - Periods follow the Civil Code (民法典 arts. 201–203): the starting day is not counted, so "within 7 days" of a
//   purchase on the 1st ends on the 8th (day 7 after purchase), and a 12-month warranty from 2025-03-15 ends on
//   2026-03-15; where the end month has no such day, its last day ends the period (2024-01-31 + 1 month → 2024-02-29).
// - A value of 0 switches a window off (no-reason return, return, exchange); freeRepairsBeforeExchange = 0 means
//   the category has no "exchange after N failed repairs" rule. warrantyMonths = 0 gives no repair warranty beyond
//   the day of purchase.
import { addMonths, daysBetween } from './local-date';

export interface WarrantyRules {
  warrantyMonths: number;
  returnDays: number;
  exchangeDays: number;
  noReasonReturnDays: number;
  freeRepairsBeforeExchange: number;
}

/** the product's own warranty months override the category's when set */
export function rulesFor(
  category: { warranty_months: number; return_days: number; exchange_days: number; no_reason_return_days: number; free_repairs_before_exchange: number },
  product: { warranty_months: number | null },
): WarrantyRules {
  return {
    warrantyMonths: product.warranty_months ?? category.warranty_months,
    returnDays: category.return_days,
    exchangeDays: category.exchange_days,
    noReasonReturnDays: category.no_reason_return_days,
    freeRepairsBeforeExchange: category.free_repairs_before_exchange,
  };
}

/**
 * Warranty end (YYYY-MM-DD, the last day still covered) from the purchase (invoice) date; null when the purchase
 * date is unknown. The install date is deliberately not used: the legal 三包 period runs from the invoice.
 */
export function warrantyEnd(purchaseDate: string | null, rules: WarrantyRules): string | null {
  if (!purchaseDate) return null;
  return addMonths(purchaseDate, Math.max(0, rules.warrantyMonths));
}

export interface WarrantyDecision {
  inWarranty: boolean;
  warrantyEnd: string | null;
  daysSincePurchase: number | null;
  returnAllowed: boolean;
  exchangeAllowed: boolean;
  repairFree: boolean;
  exchangeDueToRepairs: boolean;
  /** a message key (service messages: warranty_*) */
  reason: string;
}

/** Message keys decideWarranty answers in `reason`. */
export const WARRANTY_REASONS = [
  'warranty_unknown',
  'warranty_not_started',
  'warranty_return_window',
  'warranty_exchange_window',
  'warranty_exchange_after_repairs',
  'warranty_free_repair',
  'warranty_no_reason_return',
  'warranty_in_period',
  'warranty_expired',
] as const;

/** today: YYYY-MM-DD local date; priorRepairs: completed in-warranty repairs of the same unit for a performance fault */
export function decideWarranty(input: { purchaseDate: string | null; today: string; rules: WarrantyRules; priorRepairs: number; fault: boolean }): WarrantyDecision {
  const { purchaseDate, today, rules, priorRepairs, fault } = input;
  const none = { inWarranty: false, returnAllowed: false, exchangeAllowed: false, repairFree: false, exchangeDueToRepairs: false };
  if (!purchaseDate) return { ...none, warrantyEnd: null, daysSincePurchase: null, reason: 'warranty_unknown' };
  const end = warrantyEnd(purchaseDate, rules)!;
  const days = daysBetween(purchaseDate, today);
  if (days < 0) return { ...none, warrantyEnd: end, daysSincePurchase: days, reason: 'warranty_not_started' };

  const inWarranty = today <= end;
  const within = (limit: number) => limit > 0 && days <= limit;
  const inReturn = fault && within(rules.returnDays);
  // within the return window the customer may also choose an exchange, even if a category sets a shorter exchange window
  const inExchange = fault && (within(rules.exchangeDays) || inReturn);
  const exchangeDueToRepairs = fault && inWarranty && rules.freeRepairsBeforeExchange > 0 && priorRepairs >= rules.freeRepairsBeforeExchange;
  const noReason = within(rules.noReasonReturnDays);
  const repairFree = fault && inWarranty;

  let reason: string;
  if (fault) {
    if (inReturn) reason = 'warranty_return_window';
    else if (inExchange) reason = 'warranty_exchange_window';
    else if (exchangeDueToRepairs) reason = 'warranty_exchange_after_repairs';
    else if (repairFree) reason = 'warranty_free_repair';
    else if (noReason) reason = 'warranty_no_reason_return';
    else reason = 'warranty_expired';
  } else if (noReason) reason = 'warranty_no_reason_return';
  else reason = inWarranty ? 'warranty_in_period' : 'warranty_expired';

  return {
    inWarranty,
    warrantyEnd: end,
    daysSincePurchase: days,
    // after the repairs still failed, the consumer may have the unit exchanged or returned
    returnAllowed: inReturn || noReason || exchangeDueToRepairs,
    exchangeAllowed: inExchange || exchangeDueToRepairs,
    repairFree,
    exchangeDueToRepairs,
    reason,
  };
}

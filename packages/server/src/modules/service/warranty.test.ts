import { describe, expect, it } from 'vitest';
import { decideWarranty, rulesFor, warrantyEnd, type WarrantyRules } from './warranty';
import { addDays, addMonths, daysBetween, isCalendarDate, localDate } from './local-date';

// the common household-appliance 三包 rules: 7-day return, 15-day exchange, 12-month warranty, exchange after 2 failed repairs
const std: WarrantyRules = { warrantyMonths: 12, returnDays: 7, exchangeDays: 15, noReasonReturnDays: 0, freeRepairsBeforeExchange: 2 };
const decide = (purchaseDate: string | null, today: string, o: { rules?: Partial<WarrantyRules>; priorRepairs?: number; fault?: boolean } = {}) =>
  decideWarranty({ purchaseDate, today, rules: { ...std, ...o.rules }, priorRepairs: o.priorRepairs ?? 0, fault: o.fault ?? true });

describe('local dates', () => {
  it('adds days and months, clamping to the month end', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2025-03-10', -3)).toBe('2024-12-10');
  });
  it('counts days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(daysBetween('2025-12-25', '2026-01-02')).toBe(8);
    expect(daysBetween('2026-01-02', '2025-12-25')).toBe(-8);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
  it('validates calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-04-31')).toBe(false);
    expect(isCalendarDate('2025-4-3')).toBe(false);
  });
  it('takes the local date in the configured time zone', () => {
    // 2025-06-30 17:30 UTC is already 1 July in Shanghai
    expect(localDate(new Date('2025-06-30T17:30:00Z'), 'Asia/Shanghai')).toBe('2025-07-01');
    expect(localDate(new Date('2025-06-30T15:59:59Z'), 'Asia/Shanghai')).toBe('2025-06-30');
  });
});

describe('rulesFor', () => {
  const category = { warranty_months: 12, return_days: 7, exchange_days: 15, no_reason_return_days: 7, free_repairs_before_exchange: 2 };
  it("takes the category's periods", () => {
    expect(rulesFor(category, { warranty_months: null })).toEqual({ warrantyMonths: 12, returnDays: 7, exchangeDays: 15, noReasonReturnDays: 7, freeRepairsBeforeExchange: 2 });
  });
  it("lets the product's own warranty months override the category's, including 0", () => {
    expect(rulesFor(category, { warranty_months: 36 }).warrantyMonths).toBe(36);
    expect(rulesFor(category, { warranty_months: 0 }).warrantyMonths).toBe(0);
  });
});

describe('warrantyEnd', () => {
  it('is unknown without a purchase date', () => {
    expect(warrantyEnd(null, std)).toBeNull();
  });
  it('ends on the corresponding day N months after the purchase', () => {
    expect(warrantyEnd('2025-03-15', std)).toBe('2026-03-15');
    expect(warrantyEnd('2025-03-15', { ...std, warrantyMonths: 36 })).toBe('2028-03-15');
    expect(warrantyEnd('2025-03-15', { ...std, warrantyMonths: 6 })).toBe('2025-09-15');
  });
  it('ends on the month end when the end month has no such day', () => {
    expect(warrantyEnd('2025-08-31', { ...std, warrantyMonths: 6 })).toBe('2026-02-28');
    expect(warrantyEnd('2027-08-31', { ...std, warrantyMonths: 6 })).toBe('2028-02-29');
    expect(warrantyEnd('2025-03-31', { ...std, warrantyMonths: 1 })).toBe('2025-04-30');
  });
  it('handles a purchase on 29 February', () => {
    expect(warrantyEnd('2024-02-29', std)).toBe('2025-02-28');
    expect(warrantyEnd('2024-02-29', { ...std, warrantyMonths: 48 })).toBe('2028-02-29');
  });
  it('gives no cover beyond the day of purchase for 0 months', () => {
    expect(warrantyEnd('2025-03-15', { ...std, warrantyMonths: 0 })).toBe('2025-03-15');
  });
});

describe('decideWarranty', () => {
  it('without a purchase date: not in warranty, unknown', () => {
    expect(decide(null, '2025-06-01')).toEqual({
      inWarranty: false,
      warrantyEnd: null,
      daysSincePurchase: null,
      returnAllowed: false,
      exchangeAllowed: false,
      repairFree: false,
      exchangeDueToRepairs: false,
      reason: 'warranty_unknown',
    });
  });

  it('before the purchase date: nothing applies yet', () => {
    const d = decide('2025-06-10', '2025-06-09');
    expect(d).toMatchObject({ inWarranty: false, daysSincePurchase: -1, returnAllowed: false, repairFree: false, reason: 'warranty_not_started', warrantyEnd: '2026-06-10' });
  });

  it('day 0 to day 7 with a performance fault: return, exchange or repair', () => {
    for (const today of ['2025-06-01', '2025-06-05', '2025-06-08']) {
      const d = decide('2025-06-01', today);
      expect(d).toMatchObject({ inWarranty: true, returnAllowed: true, exchangeAllowed: true, repairFree: true, reason: 'warranty_return_window' });
    }
    expect(decide('2025-06-01', '2025-06-08').daysSincePurchase).toBe(7);
  });

  it('day 8: no longer a return, still an exchange', () => {
    const d = decide('2025-06-01', '2025-06-09');
    expect(d).toMatchObject({ daysSincePurchase: 8, returnAllowed: false, exchangeAllowed: true, repairFree: true, reason: 'warranty_exchange_window' });
  });

  it('day 15 exchange, day 16 only a free repair', () => {
    expect(decide('2025-06-01', '2025-06-16')).toMatchObject({ daysSincePurchase: 15, exchangeAllowed: true, returnAllowed: false, reason: 'warranty_exchange_window' });
    expect(decide('2025-06-01', '2025-06-17')).toMatchObject({ daysSincePurchase: 16, exchangeAllowed: false, returnAllowed: false, repairFree: true, inWarranty: true, reason: 'warranty_free_repair' });
  });

  it('the windows count across a month end and a leap day', () => {
    // purchase 2024-02-25: day 7 is 3 March in a leap year
    expect(decide('2024-02-25', '2024-03-03')).toMatchObject({ daysSincePurchase: 7, returnAllowed: true });
    expect(decide('2024-02-25', '2024-03-04')).toMatchObject({ daysSincePurchase: 8, returnAllowed: false, exchangeAllowed: true });
    expect(decide('2023-02-25', '2023-03-04')).toMatchObject({ daysSincePurchase: 7, returnAllowed: true });
  });

  it('the last warranty day is covered, the day after is not', () => {
    expect(decide('2025-03-15', '2026-03-15')).toMatchObject({ inWarranty: true, repairFree: true, warrantyEnd: '2026-03-15', reason: 'warranty_free_repair' });
    expect(decide('2025-03-15', '2026-03-16')).toMatchObject({ inWarranty: false, repairFree: false, returnAllowed: false, exchangeAllowed: false, reason: 'warranty_expired' });
  });

  it("a month-end purchase is covered to the end month's last day", () => {
    const rules = { warrantyMonths: 6 };
    expect(decide('2025-08-31', '2026-02-28', { rules })).toMatchObject({ inWarranty: true, warrantyEnd: '2026-02-28' });
    expect(decide('2025-08-31', '2026-03-01', { rules })).toMatchObject({ inWarranty: false });
  });

  it('a leap-day purchase ends on 28 February of the next year', () => {
    expect(decide('2024-02-29', '2025-02-28')).toMatchObject({ inWarranty: true, warrantyEnd: '2025-02-28' });
    expect(decide('2024-02-29', '2025-03-01')).toMatchObject({ inWarranty: false });
  });

  it('after the allowed number of failed repairs: exchange or return within the warranty', () => {
    const today = '2025-10-01';
    expect(decide('2025-03-15', today, { priorRepairs: 0 })).toMatchObject({ exchangeDueToRepairs: false, exchangeAllowed: false, returnAllowed: false, reason: 'warranty_free_repair' });
    expect(decide('2025-03-15', today, { priorRepairs: 1 })).toMatchObject({ exchangeDueToRepairs: false, exchangeAllowed: false });
    expect(decide('2025-03-15', today, { priorRepairs: 2 })).toMatchObject({ exchangeDueToRepairs: true, exchangeAllowed: true, returnAllowed: true, repairFree: true, reason: 'warranty_exchange_after_repairs' });
    expect(decide('2025-03-15', today, { priorRepairs: 3 })).toMatchObject({ exchangeDueToRepairs: true });
    // the count comes from the data
    expect(decide('2025-03-15', today, { priorRepairs: 2, rules: { freeRepairsBeforeExchange: 3 } })).toMatchObject({ exchangeDueToRepairs: false });
    // 0: the category has no such rule
    expect(decide('2025-03-15', today, { priorRepairs: 5, rules: { freeRepairsBeforeExchange: 0 } })).toMatchObject({ exchangeDueToRepairs: false, exchangeAllowed: false });
  });

  it('repairs do not earn an exchange after the warranty ended, nor without a fault', () => {
    expect(decide('2024-03-15', '2025-10-01', { priorRepairs: 4 })).toMatchObject({ inWarranty: false, exchangeDueToRepairs: false, exchangeAllowed: false, reason: 'warranty_expired' });
    expect(decide('2025-03-15', '2025-10-01', { priorRepairs: 4, fault: false })).toMatchObject({ exchangeDueToRepairs: false, exchangeAllowed: false });
  });

  it('without a performance fault: in warranty but no 三包 remedy unless a no-reason return applies', () => {
    expect(decide('2025-06-01', '2025-06-03', { fault: false })).toMatchObject({
      inWarranty: true,
      returnAllowed: false,
      exchangeAllowed: false,
      repairFree: false,
      reason: 'warranty_in_period',
    });
  });

  it('no-reason return within its own window, even without a fault', () => {
    const rules = { noReasonReturnDays: 7 };
    expect(decide('2025-06-01', '2025-06-08', { fault: false, rules })).toMatchObject({ returnAllowed: true, exchangeAllowed: false, reason: 'warranty_no_reason_return' });
    expect(decide('2025-06-01', '2025-06-09', { fault: false, rules })).toMatchObject({ returnAllowed: false, reason: 'warranty_in_period' });
    // 0 = none
    expect(decide('2025-06-01', '2025-06-02', { fault: false, rules: { noReasonReturnDays: 0 } })).toMatchObject({ returnAllowed: false });
  });

  it('every period comes from the data', () => {
    const rules = { returnDays: 10, exchangeDays: 30, warrantyMonths: 24 };
    expect(decide('2025-06-01', '2025-06-11', { rules })).toMatchObject({ returnAllowed: true, daysSincePurchase: 10 });
    expect(decide('2025-06-01', '2025-06-12', { rules })).toMatchObject({ returnAllowed: false, exchangeAllowed: true });
    expect(decide('2025-06-01', '2025-07-01', { rules })).toMatchObject({ exchangeAllowed: true, daysSincePurchase: 30 });
    expect(decide('2025-06-01', '2025-07-02', { rules })).toMatchObject({ exchangeAllowed: false, repairFree: true });
    expect(decide('2025-06-01', '2027-06-01', { rules })).toMatchObject({ inWarranty: true });
    expect(decide('2025-06-01', '2027-06-02', { rules })).toMatchObject({ inWarranty: false });
    // a category without return or exchange windows (e.g. a large installed machine): repair only
    expect(decide('2025-06-01', '2025-06-01', { rules: { returnDays: 0, exchangeDays: 0 } })).toMatchObject({ returnAllowed: false, exchangeAllowed: false, repairFree: true, reason: 'warranty_free_repair' });
  });

  it('a return window longer than the exchange window still allows an exchange inside it', () => {
    expect(decide('2025-06-01', '2025-06-06', { rules: { returnDays: 7, exchangeDays: 3 } })).toMatchObject({ returnAllowed: true, exchangeAllowed: true });
  });
});

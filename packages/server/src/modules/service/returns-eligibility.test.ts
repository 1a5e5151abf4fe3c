import { describe, expect, it } from 'vitest';
import { checkReturnWindow } from './returns-eligibility';

const rules = { warrantyMonths: 12, returnDays: 7, exchangeDays: 15, noReasonReturnDays: 0, freeRepairsBeforeExchange: 2 };
const check = (over: Partial<Parameters<typeof checkReturnWindow>[0]>) =>
  checkReturnWindow({ type: 'return', reason: 'quality', purchaseDate: '2026-03-01', requestDate: '2026-03-08', rules, priorRepairs: 0, ...over });

describe('the 三包 window of a return/exchange request', () => {
  it('counts from the purchase date without the starting day: day 7 returns, day 8 does not', () => {
    expect(check({ requestDate: '2026-03-08' })).toMatchObject({ eligible: true, code: null, daysSincePurchase: 7, lastDay: '2026-03-08', complaintHint: false });
    expect(check({ requestDate: '2026-03-09' })).toMatchObject({ eligible: false, code: 'RETURN_OUTSIDE_WINDOW', lastDay: '2026-03-08', complaintHint: true });
  });

  it('exchanges up to day 15, and within the return window even when the exchange window is shorter', () => {
    expect(check({ type: 'exchange', requestDate: '2026-03-16' })).toMatchObject({ eligible: true, lastDay: '2026-03-16' });
    expect(check({ type: 'exchange', requestDate: '2026-03-17' })).toMatchObject({ eligible: false, code: 'EXCHANGE_OUTSIDE_WINDOW', lastDay: '2026-03-16' });
    expect(check({ type: 'exchange', requestDate: '2026-03-05', rules: { ...rules, exchangeDays: 3 } })).toMatchObject({ eligible: true, lastDay: '2026-03-08' });
  });

  it('lets a no-reason window carry a return, never an exchange', () => {
    const nr = { ...rules, returnDays: 0, noReasonReturnDays: 7 };
    expect(check({ reason: 'no_reason', rules: nr, requestDate: '2026-03-08' })).toMatchObject({ eligible: true, lastDay: '2026-03-08' });
    expect(check({ reason: 'no_reason', rules: nr, requestDate: '2026-03-09' })).toMatchObject({ eligible: false, code: 'RETURN_OUTSIDE_WINDOW' });
    expect(check({ reason: 'no_reason', rules: nr, type: 'exchange' })).toMatchObject({ eligible: false, code: 'EXCHANGE_OUTSIDE_WINDOW', lastDay: null });
    // a faulty unit may use the no-reason window too
    expect(check({ rules: nr, requestDate: '2026-03-05' })).toMatchObject({ eligible: true });
  });

  it('allows an exchange or return after the free repairs failed within the warranty, until the warranty ends', () => {
    expect(check({ type: 'exchange', requestDate: '2026-09-01', priorRepairs: 2 })).toMatchObject({ eligible: true, lastDay: '2027-03-01' });
    expect(check({ type: 'exchange', requestDate: '2026-09-01', priorRepairs: 1 })).toMatchObject({ eligible: false });
  });

  it('always takes a repair and needs a purchase date for a return or exchange', () => {
    expect(check({ type: 'repair', requestDate: '2028-01-01' })).toMatchObject({ eligible: true, decision: { repairFree: false } });
    expect(check({ type: 'repair', purchaseDate: null })).toMatchObject({ eligible: true });
    expect(check({ purchaseDate: null })).toMatchObject({ eligible: false, code: 'purchase_date_required' });
  });
});

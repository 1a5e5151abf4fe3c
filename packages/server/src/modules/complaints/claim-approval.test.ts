import { describe, expect, it } from 'vitest';
import { approvalCeiling } from './bands';
import { bandProblem, claimActionsFor, covers, mayAct, yuan, type ClaimActor } from './claim-rules';

const BANDS = [
  { roleCode: 'service_agent', maxFen: 100_000 },
  { roleCode: 'service_manager', maxFen: 1_000_000 },
  { roleCode: 'supervisor', maxFen: 5_000_000 },
  { roleCode: 'management', maxFen: null },
];
const actor = (roles: string[], permissions: string[]): ClaimActor => ({ permissions: new Set(permissions), ceiling: approvalCeiling(BANDS, roles) });
const agent = actor(['service_agent'], ['complaints:read', 'complaints:claim']);
const supervisor = actor(['supervisor'], ['complaints:read', 'complaints:claim', 'complaints:approve']);
const management = actor(['management'], ['complaints:read', 'complaints:approve']);
const accountManager = actor(['account_manager'], ['complaints:read', 'complaints:create']);
/** a custom role with the permission but no band row */
const unbanded = actor(['auditor'], ['complaints:read', 'complaints:approve']);

describe('claim approval bands', () => {
  it('covers amounts up to the ceiling, everything without one, nothing without a band', () => {
    expect(covers(100_000, 80_000)).toBe(true);
    expect(covers(100_000, 100_000)).toBe(true);
    expect(covers(100_000, 100_001)).toBe(false);
    expect(covers(null, 10 ** 11)).toBe(true);
    expect(covers(undefined, 1)).toBe(false);
    expect(bandProblem(100_000, 500_000)).toBe('CLAIM_ABOVE_BAND');
    expect(bandProblem(5_000_000, 500_000)).toBeNull();
    expect(bandProblem(undefined, 1)).toBe('CLAIM_NO_BAND');
  });

  it('lets a band or complaints:approve decide, and complaints:claim do the rest', () => {
    expect(mayAct(agent, 'approve')).toBe(true); // delegated by the band table
    expect(mayAct(agent, 'settle')).toBe(true);
    expect(mayAct(accountManager, 'approve')).toBe(false);
    expect(mayAct(accountManager, 'collect')).toBe(false);
    expect(mayAct(unbanded, 'reject')).toBe(true);
    expect(mayAct(management, 'settle')).toBe(false);
  });
});

describe('claimActionsFor', () => {
  const facts = (state: string, liability: string | null, amountFen = 50_000) => ({ state, liability, amountFen }) as Parameters<typeof claimActionsFor>[1];

  it('follows the state machine', () => {
    expect(claimActionsFor(agent, facts('received', null))).toEqual(['collect', 'reject']);
    expect(claimActionsFor(agent, facts('evidence_collected', null))).toEqual(['determine', 'reject']);
    expect(claimActionsFor(agent, facts('approved', 'company'))).toEqual(['settle']);
    expect(claimActionsFor(agent, facts('rejected', 'customer'))).toEqual(['close']);
    expect(claimActionsFor(agent, facts('closed', 'company'))).toEqual([]);
  });

  it('offers approval only for a payable liability and to a band holder', () => {
    expect(claimActionsFor(agent, facts('liability_determined', 'supplier'))).toEqual(['approve', 'reject']);
    expect(claimActionsFor(agent, facts('liability_determined', 'customer'))).toEqual(['reject']);
    expect(claimActionsFor(supervisor, facts('liability_determined', 'force_majeure'))).toEqual(['reject']);
    expect(claimActionsFor(unbanded, facts('liability_determined', 'company'))).toEqual([]);
  });

  it('leaves the rejection of a claim above the band to a higher approver', () => {
    expect(claimActionsFor(agent, facts('received', null, 600_000))).toEqual(['collect']);
    expect(claimActionsFor(supervisor, facts('received', null, 600_000))).toEqual(['collect', 'reject']);
    expect(claimActionsFor(management, facts('received', null, 10 ** 10))).toEqual(['reject']);
  });

  it('offers recovery only from a supplier or carrier', () => {
    expect(claimActionsFor(agent, facts('settled', 'carrier'))).toEqual(['recover', 'close']);
    expect(claimActionsFor(agent, facts('settled', 'company'))).toEqual(['close']);
  });
});

describe('yuan', () => {
  it('writes fen as ¥ with thousands separators and two decimals', () => {
    expect(yuan(100_000)).toBe('¥1,000.00');
    expect(yuan(500_000)).toBe('¥5,000.00');
    expect(yuan(123_456_789)).toBe('¥1,234,567.89');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(-250)).toBe('-¥2.50');
  });
});

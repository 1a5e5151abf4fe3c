import { describe, expect, it } from 'vitest';
import { approvalCeiling } from './bands';

const bands = [
  { roleCode: 'service_agent', maxFen: 100_000 },
  { roleCode: 'service_manager', maxFen: 1_000_000 },
  { roleCode: 'supervisor', maxFen: 5_000_000 },
  { roleCode: 'management', maxFen: null },
];

describe('approvalCeiling', () => {
  it('a role with a band may approve up to its ceiling', () => {
    expect(approvalCeiling(bands, ['service_agent'])).toBe(100_000);
    expect(approvalCeiling(bands, ['supervisor'])).toBe(5_000_000);
  });

  it('no band for any of the roles: may not approve at all (undefined, not 0)', () => {
    expect(approvalCeiling(bands, ['technician'])).toBeUndefined();
    expect(approvalCeiling(bands, [])).toBeUndefined();
    expect(approvalCeiling([], ['management'])).toBeUndefined();
  });

  it('a band without a maximum means no ceiling (null)', () => {
    expect(approvalCeiling(bands, ['management'])).toBeNull();
  });

  it('several roles: the most generous band wins, whatever the order', () => {
    expect(approvalCeiling(bands, ['service_agent', 'service_manager'])).toBe(1_000_000);
    expect(approvalCeiling(bands, ['service_manager', 'service_agent', 'technician'])).toBe(1_000_000);
    expect(approvalCeiling(bands, ['service_agent', 'management'])).toBeNull();
    expect(approvalCeiling([...bands].reverse(), ['management', 'supervisor'])).toBeNull();
  });

  it('a ceiling of 0 is a ceiling, not "no band"', () => {
    expect(approvalCeiling([{ roleCode: 'trainee', maxFen: 0 }], ['trainee'])).toBe(0);
    expect(approvalCeiling([{ roleCode: 'trainee', maxFen: 0 }, { roleCode: 'service_agent', maxFen: 500 }], ['trainee', 'service_agent'])).toBe(500);
  });
});

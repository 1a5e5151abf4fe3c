import { describe, expect, it } from 'vitest';
import { localDateKey } from './clock';
import { formatCode } from './numbering';

describe('record numbers', () => {
  it('formats KH + local date + four-digit counter', () => {
    expect(formatCode('KH', '20261122', 1)).toBe('KH20261122-0001');
    expect(formatCode('KH', '20261122', 12345)).toBe('KH20261122-12345');
  });
  it('uses the local (Asia/Shanghai) date, not UTC', () => {
    // 2026-11-22 17:30 UTC is already 23 Nov in China
    expect(localDateKey(new Date('2026-11-22T17:30:00Z'), 'Asia/Shanghai')).toBe('20261123');
    expect(localDateKey(new Date('2026-11-22T15:30:00Z'), 'Asia/Shanghai')).toBe('20261122');
  });
});

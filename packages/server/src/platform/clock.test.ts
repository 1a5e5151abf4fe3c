import { describe, expect, it } from 'vitest';
import { localDateKey, localShort } from './clock';

describe('local times for record numbers and notices', () => {
  it('writes a deadline as MM-DD HH:mm in the configured time zone, empty when there is none', () => {
    expect(localShort('2026-11-23T16:30:00.000Z', 'Asia/Shanghai')).toBe('11-24 00:30');
    expect(localShort('2026-12-31T15:59:00.000Z', 'Asia/Shanghai')).toBe('12-31 23:59');
    // the formatter is kept per time zone: another zone gets its own
    expect(localShort('2026-11-23T16:30:00.000Z', 'UTC')).toBe('11-23 16:30');
    expect(localShort(null, 'Asia/Shanghai')).toBe('');
  });

  it('dates record numbers by the local day', () => {
    expect(localDateKey(new Date('2026-11-23T16:30:00.000Z'), 'Asia/Shanghai')).toBe('20261124');
    expect(localDateKey(new Date('2026-11-23T15:59:59.000Z'), 'Asia/Shanghai')).toBe('20261123');
  });
});

import dayjs from 'dayjs';
import { afterEach, describe, expect, it } from 'vitest';
import { companyNow, companyTimeZone, companyToday, setCompanyTimeZone } from './clock';

// 2026-11-23 17:30 UTC is already 2026-11-24 01:30 in Shanghai and still 2026-11-23 09:30 in Los Angeles.
const AT = new Date('2026-11-23T17:30:45.123Z');

describe("the company's clock", () => {
  afterEach(() => setCompanyTimeZone(undefined));

  it("gives the company's date and wall-clock time whatever the browser's zone", () => {
    setCompanyTimeZone('Asia/Shanghai');
    expect(companyToday(AT)).toBe('2026-11-24');
    expect(companyNow(AT).format('YYYY-MM-DD HH:mm:ss')).toBe('2026-11-24 01:30:45');
    setCompanyTimeZone('America/Los_Angeles');
    expect(companyToday(AT)).toBe('2026-11-23');
    expect(companyNow(AT).format('HH:mm')).toBe('09:30');
  });

  it("falls back to the browser's clock without a zone or with an unknown one", () => {
    expect(companyToday(AT)).toBe(dayjs(AT).format('YYYY-MM-DD'));
    setCompanyTimeZone('Mars/Olympus_Mons');
    expect(companyTimeZone()).toBeUndefined();
    expect(companyNow(AT).valueOf()).toBe(AT.valueOf());
  });
});

import { describe, expect, it } from 'vitest';
import { isValidCreditCode, isValidIdNumber, isValidPostcode, withCreditCodeCheck, withIdNumberCheck } from './validators';
import { isValidPhone, normalizePhone } from './phone';

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts real codes and those built with the check character', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000802100433B')).toBe(true);
    expect(isValidCreditCode(withCreditCodeCheck('91330106MA2H12345'))).toBe(true);
    expect(isValidCreditCode(withCreditCodeCheck('91330106MA2H12345').toLowerCase())).toBe(true);
  });
  it('rejects a wrong check character, wrong length and forbidden letters', () => {
    const ok = withCreditCodeCheck('91330106MA2H12345');
    const wrong = ok.slice(0, 17) + (ok[17] === '0' ? '1' : '0');
    expect(isValidCreditCode(wrong)).toBe(false);
    expect(isValidCreditCode(ok.slice(0, 17))).toBe(false);
    expect(isValidCreditCode('91330106MA2H1234IO')).toBe(false);
    expect(isValidCreditCode('')).toBe(false);
  });
});

describe('居民身份证号 (GB 11643)', () => {
  it('accepts valid numbers including the X check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021'.slice(0, 17) + 'X')).toBe(true);
    expect(isValidIdNumber(withIdNumberCheck('33010619850315123'))).toBe(true);
  });
  it('rejects bad check digits and impossible birth dates', () => {
    expect(isValidIdNumber('110105194912310020')).toBe(false);
    expect(isValidIdNumber(withIdNumberCheck('33010619850230123'))).toBe(false); // 30 Feb
    expect(isValidIdNumber(withIdNumberCheck('33010618000101123'))).toBe(false); // before 1900
    expect(isValidIdNumber('12345')).toBe(false);
  });
});

describe('phones and postcodes', () => {
  it('normalises Chinese mobiles and landlines', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('0571-88886666')).toBe('057188886666');
    expect(isValidPhone('12345')).toBe(false);
    expect(isValidPhone('199999')).toBe(false);
  });
  it('checks six-digit postcodes', () => {
    expect(isValidPostcode('310012')).toBe(true);
    expect(isValidPostcode('31001')).toBe(false);
  });
});

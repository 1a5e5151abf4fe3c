import { describe, expect, it } from 'vitest';
import { codeTokens, nameTokens, normalizeName, queryTerms } from './search-text';

/** The matching rule both databases implement: every term is a token (exact) or a token prefix. */
function matches(tokens: readonly string[], q: string) {
  return queryTerms(q).every((t) => tokens.some((k) => (t.prefix ? k.startsWith(t.text) : k === t.text)));
}

describe('search tokens', () => {
  const tokens = [...nameTokens('杭州西湖电器有限公司'), ...nameTokens('西湖电器'), ...codeTokens('13812345678', 3), ...codeTokens('KH20261122-0001', 3)];

  it('finds by pinyin initials, full pinyin and any syllable run', () => {
    expect(matches(tokens, 'xhdq')).toBe(true);
    expect(matches(tokens, 'hzxhdq')).toBe(true);
    expect(matches(tokens, 'xihudianqi')).toBe(true);
    expect(matches(tokens, 'dianqi')).toBe(true);
    expect(matches(tokens, 'xihu')).toBe(true);
    expect(matches(tokens, 'xyz')).toBe(false);
  });

  it('finds by two-character and longer Chinese fragments, and single characters', () => {
    expect(matches(tokens, '西湖')).toBe(true);
    expect(matches(tokens, '湖电')).toBe(true);
    expect(matches(tokens, '西湖电器')).toBe(true);
    expect(matches(tokens, '杭')).toBe(true);
    expect(matches(tokens, '湖西')).toBe(false);
    expect(matches(tokens, '上海')).toBe(false);
  });

  it('finds any run of digits of a phone or a code', () => {
    expect(matches(tokens, '2345')).toBe(true);
    expect(matches(tokens, '138')).toBe(true);
    expect(matches(tokens, '5678')).toBe(true);
    expect(matches(tokens, '20261122')).toBe(true);
    expect(matches(tokens, 'KH20261122-0001')).toBe(true);
    expect(matches(tokens, '99999')).toBe(false);
  });

  it('answers a repeated name from its cache, which no caller can change', () => {
    const first = nameTokens('王芳');
    expect(nameTokens('王芳')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect([...first].sort()).toEqual(['wangfang', 'fang', 'wf', 'f', '王芳', '芳'].sort());
  });

  it('handles polyphonic surnames the way users type them', () => {
    expect(matches(nameTokens('张三'), 'zs')).toBe(true);
    expect(matches(nameTokens('张三'), 'zhangsan')).toBe(true);
    expect(matches(nameTokens('重庆长江'), 'cqcj')).toBe(true);
  });

  it('normalises names for duplicate checks', () => {
    expect(normalizeName('宁波东海机械 有限公司')).toBe(normalizeName('宁波东海机械有限公司'));
    expect(normalizeName('ＡＢＣ（中国）有限公司')).toBe('abc中国有限公司');
  });
});

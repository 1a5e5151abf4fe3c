// Search tokens for Chinese names: CJK bigrams, full pinyin and initials (syllable suffixes),
// and digit/letter suffixes, so that a prefix match on a token finds any fragment a user types.
import { pinyin } from 'pinyin-pro';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const MAX_TOKEN = 40;

function isCjk(ch: string) {
  return CJK.test(ch);
}

/** Half-width, lower-case, no spaces or punctuation: the form used for duplicate checks. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

function suffixes(s: string, min = 1): string[] {
  const out: string[] = [];
  for (let i = 0; i + min <= s.length; i++) out.push(s.slice(i, i + MAX_TOKEN));
  return out;
}

/** the tokens of recent names: personal names repeat (王芳, 张伟), and pinyin is most of the cost of a name's tokens */
const recentNames = new Map<string, readonly string[]>();
const RECENT_NAMES_MAX = 8192;

/** Tokens for a Chinese (or mixed) name: bigrams + last unigram, pinyin and initials suffixes, latin words. */
export function nameTokens(name: string | null | undefined): readonly string[] {
  if (!name) return [];
  const known = recentNames.get(name);
  if (known) return known;
  const out = Object.freeze(computeNameTokens(name));
  if (name.length <= 100) {
    if (recentNames.size >= RECENT_NAMES_MAX) recentNames.clear();
    recentNames.set(name, out);
  }
  return out;
}

function computeNameTokens(name: string): string[] {
  const norm = normalizeName(name);
  const tokens = new Set<string>();
  const chars = [...norm];
  const runs: string[][] = [];
  let cur: string[] = [];
  for (const ch of chars) {
    if (isCjk(ch)) cur.push(ch);
    else {
      if (cur.length) runs.push(cur);
      cur = [];
    }
  }
  if (cur.length) runs.push(cur);
  for (const run of runs) {
    for (let i = 0; i + 1 < run.length; i++) tokens.add(run[i] + run[i + 1]);
    tokens.add(run[run.length - 1]);
    if (run.length === 1) tokens.add(run[0]);
    const syllables = pinyin(run.join(''), { toneType: 'none', type: 'array', v: true }) as string[];
    const full = syllables.map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
    for (let i = 0; i < full.length; i++) {
      tokens.add(full.slice(i).join('').slice(0, MAX_TOKEN));
      tokens.add(full.slice(i).map((s) => s[0] ?? '').join('').slice(0, MAX_TOKEN));
    }
  }
  for (const word of norm.match(/[a-z0-9]+/g) ?? []) for (const s of suffixes(word)) tokens.add(s);
  return [...tokens].filter(Boolean);
}

/** Every suffix of the digits/letters of a code or number, so any run of it is a token prefix. */
export function codeTokens(value: string | null | undefined, min = 2): string[] {
  if (!value) return [];
  const norm = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return suffixes(norm, min);
}

export interface SearchQueryTerm {
  text: string;
  prefix: boolean;
}

/** Splits a user query into terms that must all match: CJK bigrams exactly, other runs as prefixes. */
export function queryTerms(q: string): SearchQueryTerm[] {
  const norm = normalizeName(q);
  const terms: SearchQueryTerm[] = [];
  let cjk: string[] = [];
  let other = '';
  const flushCjk = () => {
    if (cjk.length === 1) terms.push({ text: cjk[0], prefix: true });
    for (let i = 0; i + 1 < cjk.length; i++) terms.push({ text: cjk[i] + cjk[i + 1], prefix: false });
    cjk = [];
  };
  const flushOther = () => {
    if (other) terms.push({ text: other.slice(0, MAX_TOKEN), prefix: true });
    other = '';
  };
  for (const ch of norm) {
    if (isCjk(ch)) {
      flushOther();
      cjk.push(ch);
    } else if (/[a-z0-9]/.test(ch)) {
      flushCjk();
      other += ch;
    }
  }
  flushCjk();
  flushOther();
  const seen = new Set<string>();
  return terms.filter((t) => (seen.has(t.text + t.prefix) ? false : (seen.add(t.text + t.prefix), true)));
}

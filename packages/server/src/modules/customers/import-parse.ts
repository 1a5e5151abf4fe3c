// Pure parsing for customer imports: a cell's text, Chinese headers mapped to fields, a row turned into a create
// request. The files themselves are read row by row in import-read.ts.
import type ExcelJS from 'exceljs';
import { normalizeName } from '../../platform/search-text';

export interface ImportField {
  key: string;
  zh: string;
  en: string;
  aliases: string[];
}

/** Fields a column can map to, with the Chinese headers that map to them automatically. */
export const IMPORT_FIELDS: ImportField[] = [
  { key: 'name', zh: '客户名称', en: 'Name', aliases: ['客户名称', '名称', '公司名称', '企业名称', '客户', '姓名', '单位名称', 'name'] },
  { key: 'type', zh: '客户类型', en: 'Type', aliases: ['客户类型', '类型', '客户性质', 'type'] },
  { key: 'shortName', zh: '简称', en: 'Short name', aliases: ['简称', '客户简称'] },
  { key: 'phone', zh: '电话', en: 'Phone', aliases: ['电话', '手机', '联系电话', '手机号', '手机号码', '电话号码', 'phone', 'mobile'] },
  { key: 'email', zh: '电子邮箱', en: 'E-mail', aliases: ['邮箱', '电子邮箱', 'e-mail', 'email', '电子邮件'] },
  { key: 'creditCode', zh: '统一社会信用代码', en: 'Credit code', aliases: ['统一社会信用代码', '信用代码', '营业执照号', '社会信用代码'] },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', aliases: ['身份证号', '身份证', '证件号', '身份证号码', '证件号码'] },
  { key: 'birthday', zh: '出生日期', en: 'Birthday', aliases: ['生日', '出生日期'] },
  { key: 'grade', zh: '客户等级', en: 'Grade', aliases: ['等级', '客户等级', '级别'] },
  { key: 'source', zh: '客户来源', en: 'Source', aliases: ['来源', '客户来源', '信息来源'] },
  { key: 'lifecycleState', zh: '生命周期', en: 'Lifecycle', aliases: ['生命周期', '客户状态', '状态'] },
  { key: 'owner', zh: '负责人', en: 'Owner', aliases: ['负责人', '业务员', '客户经理', '负责业务员', '销售', 'owner'] },
  { key: 'province', zh: '省', en: 'Province', aliases: ['省', '省份', '所在省', '省/直辖市'] },
  { key: 'city', zh: '市', en: 'City', aliases: ['市', '城市', '所在市', '地市'] },
  { key: 'district', zh: '区县', en: 'District', aliases: ['区', '县', '区县', '区/县', '所在区县'] },
  { key: 'street', zh: '详细地址', en: 'Street', aliases: ['详细地址', '地址', '街道', '街道地址', '通讯地址'] },
  { key: 'postcode', zh: '邮编', en: 'Postcode', aliases: ['邮编', '邮政编码'] },
  { key: 'contactName', zh: '联系人', en: 'Contact', aliases: ['联系人', '联系人姓名'] },
  { key: 'contactMobile', zh: '联系人手机', en: 'Contact mobile', aliases: ['联系人手机', '联系人电话', '联系人手机号'] },
  { key: 'contactTitle', zh: '联系人职务', en: 'Contact title', aliases: ['职务', '联系人职务'] },
  { key: 'tags', zh: '标签', en: 'Tags', aliases: ['标签', 'tags'] },
  { key: 'note', zh: '备注', en: 'Note', aliases: ['备注', '说明'] },
  { key: 'legalRepresentative', zh: '法定代表人', en: 'Legal representative', aliases: ['法定代表人', '法人', '法人代表'] },
  { key: 'taxNo', zh: '税号', en: 'Tax number', aliases: ['税号', '纳税人识别号'] },
  { key: 'bankName', zh: '开户银行', en: 'Bank', aliases: ['开户银行', '开户行'] },
  { key: 'bankAccount', zh: '银行账号', en: 'Bank account', aliases: ['银行账号', '账号', '银行帐号'] },
  { key: 'registeredCapitalWan', zh: '注册资本（万元）', en: 'Registered capital (¥10k)', aliases: ['注册资本', '注册资本(万元)', '注册资本（万元）'] },
  { key: 'industry', zh: '所属行业', en: 'Industry', aliases: ['行业', '所属行业'] },
];

const FIELD_KEYS = new Set(IMPORT_FIELDS.map((f) => f.key));
export const isImportField = (k: string) => FIELD_KEYS.has(k);

const headerKey = (h: string) => h.normalize('NFKC').toLowerCase().replace(/[\s*：:]/g, '');

export function suggestMapping(headers: string[]): Record<string, string | null> {
  const used = new Set<string>();
  const out: Record<string, string | null> = {};
  for (const h of headers) {
    const k = headerKey(h);
    const f = IMPORT_FIELDS.find((x) => !used.has(x.key) && x.aliases.some((a) => headerKey(a) === k));
    out[h] = f ? f.key : null;
    if (f) used.add(f.key);
  }
  return out;
}

/** The text a user sees in a cell (dates as YYYY-MM-DD, formulas by their result). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

export interface Lookups {
  /** dictionary type → (code or label, lower-cased) → code */
  dict: (type: string, value: string) => string | null;
  /** username or display name → user id */
  user: (value: string) => number | null;
  /** region name (浙江 / 浙江省 / 杭州市 …) or code, under a parent → code */
  region: (value: string, parent: string | null) => string | null;
}

export interface RowProblem {
  field: string;
  key: string;
}

const TYPE_VALUES: Record<string, 'enterprise' | 'individual'> = {
  企业: 'enterprise',
  公司: 'enterprise',
  单位: 'enterprise',
  enterprise: 'enterprise',
  个人: 'individual',
  家庭: 'individual',
  个人家庭: 'individual',
  消费者: 'individual',
  individual: 'individual',
};

/** Turns one sheet row into a create request (still to be validated by the zod schema). */
export function rowToInput(values: Record<string, string>, lk: Lookups): { input: Record<string, unknown>; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const v = (k: string) => (values[k] ?? '').trim();
  const typeRaw = normalizeName(v('type'));
  let type: 'enterprise' | 'individual' = v('creditCode') ? 'enterprise' : v('idNumber') ? 'individual' : 'enterprise';
  if (typeRaw) {
    const t = TYPE_VALUES[typeRaw] ?? TYPE_VALUES[typeRaw.replace(/客户$/, '')];
    if (t) type = t;
    else problems.push({ field: 'type', key: 'unknown_dictionary_value' });
  }
  const input: Record<string, unknown> = { type, name: v('name') };
  const put = (k: string, val: unknown) => {
    if (val !== '' && val !== undefined && val !== null) input[k] = val;
  };
  put('shortName', v('shortName'));
  put('phone', v('phone'));
  put('email', v('email'));
  if (type === 'enterprise') put('creditCode', v('creditCode'));
  else put('idNumber', v('idNumber'));
  put('birthday', normalizeDate(v('birthday')));
  put('note', v('note'));
  for (const [field, dict] of [
    ['grade', 'grade'],
    ['source', 'source'],
  ] as const) {
    if (v(field)) {
      const code = lk.dict(dict, v(field));
      if (code) input[field] = code;
      else problems.push({ field, key: 'unknown_dictionary_value' });
    }
  }
  if (v('lifecycleState')) {
    const code = lk.dict('lifecycle', v('lifecycleState'));
    if (code) input.lifecycleState = code;
    else problems.push({ field: 'lifecycleState', key: 'unknown_dictionary_value' });
  }
  if (v('owner')) {
    const id = lk.user(v('owner'));
    if (id) input.ownerId = id;
    else problems.push({ field: 'owner', key: 'unknown_user' });
  }
  if (v('tags')) input.tags = v('tags').split(/[,，、;；\s]+/).filter(Boolean);
  if (v('province') || v('city') || v('district')) {
    const p = v('province') ? lk.region(v('province'), null) : null;
    const c = p && v('city') ? lk.region(v('city'), p) : null;
    const d = c && v('district') ? lk.region(v('district'), c) : null;
    if (!p || (v('city') && !c) || (v('district') && !d)) problems.push({ field: !p ? 'province' : !c && v('city') ? 'city' : 'district', key: 'invalid_region' });
    else {
      const addr: Record<string, unknown> = { type: type === 'enterprise' ? 'office' : 'home', provinceCode: p, isDefault: true };
      if (c) addr.cityCode = c;
      if (d) addr.districtCode = d;
      if (v('street')) addr.street = v('street');
      if (v('postcode')) addr.postcode = v('postcode');
      input.addresses = [addr];
    }
  }
  if (v('contactName')) {
    const contact: Record<string, unknown> = { name: v('contactName'), isPrimary: true };
    if (v('contactMobile')) contact.mobile = v('contactMobile');
    if (v('contactTitle')) contact.title = v('contactTitle');
    input.contacts = [contact];
  }
  if (type === 'enterprise') {
    const profile: Record<string, unknown> = {};
    for (const k of ['legalRepresentative', 'taxNo', 'bankName', 'bankAccount', 'industry']) if (v(k)) profile[k] = v(k);
    if (v('registeredCapitalWan')) {
      const n = Number(v('registeredCapitalWan').replace(/[,，万元\s]/g, ''));
      if (Number.isFinite(n) && n >= 0) profile.registeredCapitalFen = Math.round(n * 10000 * 100);
      else problems.push({ field: 'registeredCapitalWan', key: 'invalid_number' });
    }
    if (Object.keys(profile).length) input.profile = profile;
  }
  return { input, problems };
}

/** 2026/1/5, 2026-01-05, 2026年1月5日, 20260105 → 2026-01-05 (anything else is left for the validator to reject). */
export function normalizeDate(s: string): string {
  if (!s) return s;
  const m = s.match(/^(\d{4})\D?(\d{1,2})\D?(\d{1,2})\D?$/) ?? s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  if (!m) return s;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

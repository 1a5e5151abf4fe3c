// Realistic Chinese customer data from a seeded random source: names, phones, check-digit-valid codes, real division codes.
import { withCreditCodeCheck, withIdNumberCheck, type TCustomerCreate } from '@kehu/shared';
import { regionTree } from '../platform/regions';

export type Rng = () => number;

/** mulberry32: small, fast and reproducible for a given seed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)];
export const int = (r: Rng, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
/** Picks by weight: [[value, weight], …]. */
export function weighted<T>(r: Rng, list: readonly (readonly [T, number])[]): T {
  const total = list.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of list) if ((x -= w) < 0) return v;
  return list[list.length - 1][0];
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '文', '华', '红', '志强', '婷', '玉兰', '建国', '海燕', '晨', '浩', '宇', '欣怡', '子涵', '梓轩', '雨桐', '俊杰', '思远', '佳怡', '晓东', '国栋', '春梅', '丽华', '建军', '新民', '雪', '鹏', '慧'];
const BRAND_WORDS = ['华瑞', '恒通', '金达', '鸿运', '永盛', '嘉禾', '远航', '新星', '宏图', '瑞丰', '天成', '中益', '德信', '安泰', '博远', '汇通', '利华', '东方', '康达', '盛世', '锦程', '明辉', '信达', '联创', '鼎盛', '兴业', '西湖', '长江', '海润', '同欣'];
const INDUSTRIES = ['电器', '机电', '建材', '五金', '家居', '电子', '科技', '贸易', '物流', '食品', '制冷设备', '环保设备', '机械', '医疗器械', '酒店管理', '商贸', '空调工程', '净水设备'];
const SUFFIXES: [string, number][] = [['有限公司', 6], ['股份有限公司', 1], ['有限责任公司', 2], ['经营部', 1]];
const TITLES = ['总经理', '采购经理', '设备科长', '财务主管', '行政主管', '工程部经理', '店长', '副总经理'];
const STREETS = ['人民路', '解放路', '建设路', '中山路', '文三路', '长江路', '和平路', '新华路', '滨江大道', '工业园路', '科技路', '迎宾大道'];
const HOBBIES = ['钓鱼', '登山', '书法', '摄影', '羽毛球', '茶艺', '旅游', '象棋'];
const MOBILE_PREFIXES = ['138', '139', '158', '159', '186', '187', '137', '135', '136', '150', '151', '152', '188', '189', '177', '180', '181', '133', '153', '199'];

/** Provinces weighted roughly by where manufacturers' customers are. */
const PROVINCE_WEIGHTS: [string, number][] = [
  ['330000', 14], ['320000', 12], ['440000', 14], ['310000', 8], ['110000', 7], ['370000', 8], ['510000', 6], ['420000', 5], ['410000', 5],
  ['350000', 5], ['430000', 4], ['340000', 4], ['500000', 3], ['120000', 3], ['130000', 3], ['610000', 3], ['210000', 3], ['530000', 2], ['450000', 2], ['360000', 2],
];

export interface Place {
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  cityShort: string;
  provinceName: string;
}

export function place(r: Rng): Place {
  const code = weighted(r, PROVINCE_WEIGHTS);
  const prov = regionTree.find((p) => p.code === code) ?? pick(r, regionTree);
  // a few cities (东莞, 中山 …) list towns with longer codes instead of districts: skip them
  const cities = (prov.children ?? []).filter((c) => (c.children ?? []).some((d) => d.code.length === 6));
  const city = pick(r, cities);
  const district = pick(r, (city?.children ?? []).filter((d) => d.code.length === 6));
  const base = city && !/^(市辖区|县|省直辖)/.test(city.name) ? city.name : prov.name;
  return {
    provinceCode: prov.code,
    cityCode: city?.code ?? prov.code,
    districtCode: district?.code ?? city?.code ?? prov.code,
    cityShort: base.replace(/(市|省|自治区|特别行政区|壮族|回族|维吾尔)+$/u, '').slice(0, 3),
    provinceName: prov.name,
  };
}

export const personName = (r: Rng) => pick(r, SURNAMES) + pick(r, GIVEN);
export const mobile = (r: Rng) => pick(r, MOBILE_PREFIXES) + String(int(r, 0, 99_999_999)).padStart(8, '0');
export function creditCode(r: Rng, p: Place): string {
  const serial = Array.from({ length: 9 }, () => '0123456789ABCDEFGHJKLMNPQRTUWXY'[int(r, 0, 30)]).join('');
  return withCreditCodeCheck('91' + p.districtCode + serial);
}
export function idNumber(r: Rng, p: Place, birthday: string): string {
  return withIdNumberCheck(p.districtCode + birthday.replace(/-/g, '') + String(int(r, 0, 999)).padStart(3, '0'));
}
export function date(r: Rng, fromYear: number, toYear: number): string {
  const y = int(r, fromYear, toYear);
  const m = int(r, 1, 12);
  const d = int(r, 1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
export function enterpriseName(r: Rng, p: Place): string {
  return p.cityShort + pick(r, BRAND_WORDS) + pick(r, INDUSTRIES) + weighted(r, SUFFIXES);
}
const street = (r: Rng) => `${pick(r, STREETS)} ${int(r, 1, 999)} 号`;

/** A complete create request for an enterprise (tool 08) or a household (tool 07). */
export function fakeCustomer(r: Rng, type: 'enterprise' | 'individual'): TCustomerCreate & { place: Place } {
  const p = place(r);
  const grade = weighted(r, [['A', 1], ['B', 2], ['C', 4], ['D', 3]] as const);
  const lifecycleState = weighted(r, [['active', 10], ['prospect', 3], ['lead', 2], ['dormant', 1], ['at_risk', 1], ['lost', 1]] as const);
  const source = weighted(r, [['referral', 4], ['exhibition', 3], ['web', 3], ['call_center', 2], ['cold_visit', 1], ['store', 2], ['association', 1]] as const);
  if (type === 'enterprise') {
    const name = enterpriseName(r, p);
    return {
      type,
      place: p,
      name,
      shortName: name.slice(p.cityShort.length, p.cityShort.length + 4),
      phone: mobile(r),
      creditCode: creditCode(r, p),
      grade,
      lifecycleState,
      source,
      serviceTier: grade === 'A' ? 'vip' : grade === 'B' ? 'gold' : 'standard',
      tags: r() < 0.3 ? [pick(r, ['空调', '热水器', '净水器', '冰箱', '工程渠道', '经销商'])] : [],
      classifications: {
        origin: ['external'],
        flow: [r() < 0.6 ? 'intermediate' : 'final'],
        management: [grade === 'A' ? 'key' : grade === 'D' ? 'temporary' : 'regular'],
      },
      profile: {
        enterpriseNature: weighted(r, [['private', 8], ['state', 2], ['joint', 1], ['foreign', 1]] as const),
        industry: pick(r, INDUSTRIES),
        legalRepresentative: personName(r),
        registeredCapitalFen: int(r, 50, 5000) * 10_000 * 100,
        employeeCount: int(r, 8, 2000),
        bankName: pick(r, ['中国工商银行', '中国建设银行', '中国农业银行', '招商银行', '交通银行']) + p.cityShort + '分行',
        bankAccount: String(int(r, 1000, 9999)) + String(int(r, 10_000_000, 99_999_999)) + String(int(r, 1000, 9999)),
        paymentMethod: pick(r, ['月结 30 天', '款到发货', '银行承兑汇票', '月结 60 天']),
      },
      contacts: Array.from({ length: int(r, 1, 3) }, (_, i) => ({
        name: personName(r),
        title: pick(r, TITLES),
        buyingRole: pick(r, ['decider', 'buyer', 'user', 'influencer'] as const),
        mobile: mobile(r),
        birthday: r() < 0.4 ? date(r, 1965, 1995) : null,
        hobbies: r() < 0.3 ? pick(r, HOBBIES) : null,
        isPrimary: i === 0,
      })),
      addresses: [{ type: 'office', provinceCode: p.provinceCode, cityCode: p.cityCode, districtCode: p.districtCode, street: street(r), isDefault: true }],
    };
  }
  const birthday = date(r, 1955, 2000);
  return {
    type,
    place: p,
    name: personName(r),
    phone: mobile(r),
    idNumber: r() < 0.6 ? idNumber(r, p, birthday) : null,
    birthday,
    grade,
    lifecycleState,
    source,
    serviceTier: 'standard',
    tags: r() < 0.3 ? [pick(r, ['空调', '热水器', '净水器', '会员'])] : [],
    classifications: { origin: ['external'], flow: ['final'] },
    profile: {
      gender: r() < 0.5 ? 'male' : 'female',
      maritalStatus: weighted(r, [['married', 7], ['single', 3]] as const),
      occupation: pick(r, ['教师', '工程师', '医生', '个体经营', '公务员', '会计', '退休']),
      hobbies: pick(r, HOBBIES),
      household: r() < 0.6 ? [{ relation: pick(r, ['配偶', '子女', '父母']), name: personName(r), age: int(r, 3, 80) }] : [],
    },
    addresses: [{ type: 'home', provinceCode: p.provinceCode, cityCode: p.cityCode, districtCode: p.districtCode, street: `${pick(r, ['阳光', '锦绣', '翠苑', '金色'])}小区 ${int(r, 1, 30)} 幢 ${int(r, 101, 2802)} 室`, isDefault: true }],
  };
}

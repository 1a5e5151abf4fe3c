// Factories that build valid request bodies.
import { withCreditCodeCheck, withIdNumberCheck } from '@kehu/shared';

let n = 0;
export function makeCreditCode(seed = ++n): string {
  return withCreditCodeCheck('91330106' + String(100000000 + seed).slice(-9));
}

export function makeIdNumber(seed = ++n): string {
  return withIdNumberCheck('330106' + '19850315' + String(100 + (seed % 900)));
}

export function makeMobile(seed = ++n): string {
  return '139' + String(10000000 + seed).slice(-8);
}

export function makeEnterprise(over: Record<string, unknown> = {}) {
  const s = ++n;
  return {
    type: 'enterprise',
    name: `杭州西湖电器有限公司${s}`,
    shortName: '西湖电器',
    creditCode: makeCreditCode(s),
    phone: '0571-8888' + String(1000 + (s % 9000)),
    grade: 'B',
    source: 'exhibition',
    classifications: { management: ['key'], origin: ['external'] },
    tags: ['空调'],
    profile: { enterpriseNature: 'private', taxNo: '91330106MA2XXXX', bankName: '中国工商银行杭州分行', bankAccount: '1202 0210 0910 0123 456', employeeCount: 320 },
    contacts: [{ name: '张三', title: '采购经理', buyingRole: 'decider', mobile: makeMobile(s), isPrimary: true }],
    addresses: [{ type: 'office', provinceCode: '330000', cityCode: '330100', districtCode: '330106', street: '文三路 100 号', postcode: '310012' }],
    ...over,
  };
}

export function makeIndividual(over: Record<string, unknown> = {}) {
  const s = ++n;
  return {
    type: 'individual',
    name: `李四${s}`,
    phone: makeMobile(s + 5000),
    idNumber: makeIdNumber(s),
    birthday: '1985-03-15',
    profile: { gender: 'male', maritalStatus: 'married', household: [{ relation: '配偶', name: '王芳', age: 38 }] },
    addresses: [{ type: 'home', provinceCode: '110000', cityCode: '110100', districtCode: '110105', street: '朝阳路 8 号院 3 号楼 502', postcode: '100020' }],
    ...over,
  };
}

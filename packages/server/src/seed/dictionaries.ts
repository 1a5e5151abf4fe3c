// The dictionaries Kehu starts with (domain.md §3.1 and tools 07–09). Admins edit them afterwards.
type D = { type: string; code: string; zh: string; en: string };
const list = (type: string, rows: [string, string, string][]): D[] => rows.map(([code, zh, en]) => ({ type, code, zh, en }));

export const CLASSIFICATION_DIMENSIONS: [string, string, string][] = [
  ['origin', '按客户来源', 'By origin'],
  ['flow', '按产品流转状态', 'By product flow'],
  ['manifestation', '按客户表现形式', 'By manifestation'],
  ['marketing', '营销角度', 'Marketing view'],
  ['management', '管理角度', 'Management view'],
  ['nature', '按客户性质', 'By nature'],
  ['transaction', '按交易过程', 'By transaction'],
  ['time', '按时间顺序', 'By time'],
  ['value', '按客户价值', 'By value'],
  ['domain', '按合作领域', 'By cooperation domain'],
  ['degree', '按合作程度', 'By cooperation degree'],
  ['distribution', '按客户分布', 'By distribution'],
];

export const DICTIONARY_SEED: D[] = [
  ...list('grade', [
    ['A', 'A 级（重要客户）', 'A (major)'],
    ['B', 'B 级（主要客户）', 'B (main)'],
    ['C', 'C 级（普通客户）', 'C (regular)'],
    ['D', 'D 级（小客户）', 'D (small)'],
  ]),
  ...list('source', [
    ['referral', '老客户介绍', 'Referral'],
    ['exhibition', '展会', 'Trade fair'],
    ['association', '行业协会名录', 'Association directory'],
    ['web', '网络/搜索', 'Web / search'],
    ['yellow_pages', '电话黄页', 'Yellow pages'],
    ['advertising', '广告回应', 'Advertising'],
    ['cold_visit', '陌生拜访', 'Cold visit'],
    ['agent', '中介/代理', 'Agent'],
    ['competitor', '竞争对手客户', "Competitor's customer"],
    ['database', '公司数据库', 'Company database'],
    ['call_center', '呼叫中心', 'Call centre'],
    ['store', '门店', 'Store'],
  ]),
  ...list('service_tier', [
    ['vip', 'VIP', 'VIP'],
    ['gold', '金牌', 'Gold'],
    ['silver', '银牌', 'Silver'],
    ['standard', '标准', 'Standard'],
  ]),
  ...list('enterprise_nature', [
    ['state', '国有', 'State-owned'],
    ['collective', '集体', 'Collective'],
    ['private', '民营', 'Private'],
    ['foreign', '外资', 'Foreign'],
    ['joint', '合资', 'Joint venture'],
    ['individual_business', '个体', 'Sole trader'],
    ['government', '政府及非营利', 'Government / non-profit'],
  ]),
  ...list('marital_status', [
    ['single', '未婚', 'Single'],
    ['married', '已婚', 'Married'],
    ['other', '其他', 'Other'],
  ]),
  ...list('education', [
    ['primary', '初中及以下', 'Middle school or less'],
    ['high', '高中/中专', 'High school'],
    ['college', '大专', 'College'],
    ['bachelor', '本科', "Bachelor's"],
    ['master', '硕士及以上', "Master's or higher"],
  ]),
  ...list('income_band', [
    ['low', '5 万元以下/年', 'under ¥50k / year'],
    ['mid', '5–15 万元/年', '¥50k–150k / year'],
    ['upper', '15–50 万元/年', '¥150k–500k / year'],
    ['high', '50 万元以上/年', 'over ¥500k / year'],
  ]),
  ...list('address_type', [
    ['office', '办公地址', 'Office'],
    ['registered', '注册地址', 'Registered'],
    ['delivery', '收货/安装地址', 'Delivery / installation'],
    ['billing', '收票地址', 'Billing'],
    ['home', '住宅', 'Home'],
  ]),
  ...list('classification_dimension', CLASSIFICATION_DIMENSIONS),
  ...list('cls.origin', [
    ['internal', '内部客户', 'Internal'],
    ['external', '外部客户', 'External'],
  ]),
  ...list('cls.flow', [
    ['intermediate', '中间客户', 'Intermediate'],
    ['final', '最终客户', 'Final'],
  ]),
  ...list('cls.manifestation', [
    ['actual', '现实客户', 'Actual'],
    ['potential', '潜在客户', 'Potential'],
  ]),
  ...list('cls.marketing', [
    ['economic', '经济型', 'Economic'],
    ['ethical', '道德型', 'Ethical'],
    ['personalised', '个性化', 'Personalised'],
    ['convenience', '方便型', 'Convenience'],
  ]),
  ...list('cls.management', [
    ['key', '关键客户', 'Key'],
    ['potential', '潜力客户', 'Potential'],
    ['regular', '常规客户', 'Regular'],
    ['temporary', '临时客户', 'Temporary'],
  ]),
  ...list('cls.nature', [
    ['government', '政府及非营利机构', 'Government / non-profit'],
    ['special', '特殊公司', 'Special company'],
    ['ordinary', '普通公司', 'Ordinary company'],
    ['partner_individual', '交易伙伴及个人', 'Partner / individual'],
  ]),
  ...list('cls.transaction', [
    ['past', '曾经交易', 'Past'],
    ['current', '正在交易', 'Current'],
    ['upcoming', '即将交易', 'Upcoming'],
  ]),
  ...list('cls.time', [
    ['old', '老客户', 'Old'],
    ['new', '新客户', 'New'],
    ['future', '未来客户', 'Future'],
  ]),
  ...list('cls.value', [
    ['high', '高贡献', 'High contribution'],
    ['medium', '中等贡献', 'Medium contribution'],
    ['low', '低贡献', 'Low contribution'],
  ]),
  ...list('cls.domain', [
    ['global', '全球性客户', 'Global'],
    ['national', '全国大客户', 'National key'],
    ['regional', '地区客户', 'Regional'],
    ['industry', '行业客户', 'Industry'],
  ]),
  ...list('cls.degree', [
    ['vendor', '卖主关系', 'Vendor'],
    ['preferred', '优先供应商', 'Preferred supplier'],
    ['partner', '合作伙伴', 'Partnership'],
    ['alliance', '战略联盟', 'Strategic alliance'],
  ]),
  ...list('cls.distribution', [
    ['north', '华北', 'North China'],
    ['northeast', '东北', 'Northeast'],
    ['east', '华东', 'East China'],
    ['central', '华中', 'Central China'],
    ['south', '华南', 'South China'],
    ['southwest', '西南', 'Southwest'],
    ['northwest', '西北', 'Northwest'],
  ]),
];

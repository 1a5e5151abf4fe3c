// The customer contract (客户档案): request schemas and enums shared by server and web.
import { z } from 'zod';
import { isValidCreditCode, isValidIdNumber, isValidPostcode } from './validators';
import { isValidPhone } from './phone';

export const CUSTOMER_TYPES = ['enterprise', 'individual'] as const;
export const ZCustomerType = z.enum(CUSTOMER_TYPES);
export type TCustomerType = z.infer<typeof ZCustomerType>;

/** Lifecycle states of domain.md §4.1. */
export const LIFECYCLE_STATES = [
  'lead',
  'prospect',
  'opportunity',
  'approval_pending',
  'active',
  'dormant',
  'at_risk',
  'lost',
  'blocked',
  'disqualified',
] as const;
export const ZLifecycleState = z.enum(LIFECYCLE_STATES);

/** The lifecycle states' names, for the web app and the server's exports alike. */
export const LIFECYCLE_LABELS: Record<'zh-CN' | 'en-US', Record<(typeof LIFECYCLE_STATES)[number], string>> = {
  'zh-CN': { lead: '待识别客户', prospect: '潜在客户', opportunity: '销售机会', approval_pending: '认定审批中', active: '正式客户', dormant: '休眠客户', at_risk: '流失预警', lost: '流失客户', blocked: '黑名单', disqualified: '已放弃' },
  'en-US': { lead: 'Lead', prospect: 'Prospect', opportunity: 'Opportunity', approval_pending: 'Approval pending', active: 'Active', dormant: 'Dormant', at_risk: 'At risk', lost: 'Lost', blocked: 'Blocked', disqualified: 'Disqualified' },
};

const str = (max: number) => z.string().trim().max(max);
const optStr = (max: number) => str(max).optional().nullable();
export const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date').refine((v) => {
  const d = new Date(v + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}, 'invalid_date');
export const ZPhone = z.string().trim().max(40).refine(isValidPhone, 'invalid_phone');
export const ZEmail = z.email('invalid_email').max(200);
export const ZCreditCode = z.string().trim().toUpperCase().refine(isValidCreditCode, 'invalid_credit_code');
export const ZIdNumber = z.string().trim().toUpperCase().refine(isValidIdNumber, 'invalid_id_number');
export const ZPostcode = z.string().trim().refine(isValidPostcode, 'invalid_postcode');
const ZFen = z.number().int().min(0).max(9_000_000_000_000_000);
const ZDictCode = z.string().trim().min(1).max(40);

export const BUYING_ROLES = ['initiator', 'user', 'influencer', 'decider', 'approver', 'buyer', 'gatekeeper'] as const;

export const ZContactInput = z.strictObject({
  name: str(50).min(1),
  gender: z.enum(['male', 'female']).optional().nullable(),
  department: optStr(100),
  title: optStr(100),
  buyingRole: z.enum(BUYING_ROLES).optional().nullable(),
  mobile: ZPhone.optional().nullable(),
  phone: ZPhone.optional().nullable(),
  email: ZEmail.optional().nullable(),
  wechat: optStr(60),
  birthday: ZDate.optional().nullable(),
  hobbies: optStr(200),
  personality: optStr(200),
  isPrimary: z.boolean().optional(),
  note: optStr(500),
});
export type TContactInput = z.infer<typeof ZContactInput>;
export const ZContactUpdate = ZContactInput.partial().extend({ version: z.number().int().min(1) });

export const ZAddressInput = z.strictObject({
  type: ZDictCode.default('office'),
  provinceCode: z.string().regex(/^\d{6}$/, 'invalid_region'),
  cityCode: z.string().regex(/^\d{6}$/, 'invalid_region').optional().nullable(),
  districtCode: z.string().regex(/^\d{6}$/, 'invalid_region').optional().nullable(),
  street: optStr(200),
  postcode: ZPostcode.optional().nullable(),
  routeNo: optStr(40),
  isDefault: z.boolean().optional(),
  note: optStr(200),
});
export type TAddressInput = z.infer<typeof ZAddressInput>;
export const ZAddressUpdate = ZAddressInput.partial().extend({ version: z.number().int().min(1) });

/** 客户(企业)资料卡 (tool 08) fields kept in the profile. */
export const ZEnterpriseProfile = z.strictObject({
  taxNo: optStr(30),
  enterpriseNature: ZDictCode.optional().nullable(),
  industry: optStr(60),
  foundedOn: ZDate.optional().nullable(),
  registeredCapitalFen: ZFen.optional().nullable(),
  legalRepresentative: optStr(50),
  generalManager: optStr(50),
  fax: optStr(40),
  website: optStr(200),
  bankName: optStr(100),
  bankAccount: z.string().trim().regex(/^[\d\s-]{6,40}$/, 'invalid_bank_account').optional().nullable(),
  businessScope: optStr(1000),
  mainProducts: optStr(500),
  employeeCount: z.number().int().min(0).max(10_000_000).optional().nullable(),
  annualRevenueFen: ZFen.optional().nullable(),
  premises: optStr(200),
  mainSuppliers: optStr(500),
  mainCustomers: optStr(500),
  industryPosition: optStr(200),
  tradeStartDate: ZDate.optional().nullable(),
  paymentMethod: optStr(60),
  creditTermDays: z.number().int().min(0).max(3650).optional().nullable(),
  competitors: optStr(500),
  evaluation: optStr(1000),
  suggestions: optStr(1000),
});

export const ZHouseholdMember = z.strictObject({
  relation: str(20).min(1),
  name: str(50).min(1),
  age: z.number().int().min(0).max(150).optional().nullable(),
  occupation: optStr(60),
  birthday: ZDate.optional().nullable(),
});

/** 消费者个人或家庭资料卡 (tool 07) fields kept in the profile. */
export const ZIndividualProfile = z.strictObject({
  gender: z.enum(['male', 'female']).optional().nullable(),
  maritalStatus: ZDictCode.optional().nullable(),
  education: ZDictCode.optional().nullable(),
  occupation: optStr(60),
  employer: optStr(100),
  jobTitle: optStr(60),
  incomeBand: ZDictCode.optional().nullable(),
  homePhone: ZPhone.optional().nullable(),
  preferredContact: optStr(60),
  housingType: optStr(40),
  housingAreaM2: z.number().min(0).max(100000).optional().nullable(),
  hobbies: optStr(200),
  consumptionHabits: optStr(200),
  memberLevel: optStr(40),
  points: z.number().int().min(0).max(1_000_000_000).optional().nullable(),
  weddingAnniversary: ZDate.optional().nullable(),
  household: z.array(ZHouseholdMember).max(20).optional(),
});

const customerBase = {
  name: str(100).min(1),
  shortName: optStr(50),
  phone: ZPhone.optional().nullable(),
  email: ZEmail.optional().nullable(),
  creditCode: ZCreditCode.optional().nullable(),
  idNumber: ZIdNumber.optional().nullable(),
  birthday: ZDate.optional().nullable(),
  lifecycleState: ZLifecycleState.optional(),
  grade: ZDictCode.optional().nullable(),
  source: ZDictCode.optional().nullable(),
  serviceTier: ZDictCode.optional().nullable(),
  ownerId: z.number().int().positive().optional().nullable(),
  teamId: z.number().int().positive().optional().nullable(),
  tags: z.array(str(30).min(1)).max(30).optional(),
  /** dimension code → value codes, each from the dictionary `cls.<dimension>` */
  classifications: z.record(z.string().max(40), z.array(ZDictCode).max(10)).optional(),
  profile: z.union([ZEnterpriseProfile, ZIndividualProfile]).optional(),
  note: optStr(2000),
};

export const ZCustomerCreate = z
  .strictObject({
    type: ZCustomerType,
    ...customerBase,
    contacts: z.array(ZContactInput).max(50).optional(),
    addresses: z.array(ZAddressInput).max(20).optional(),
    /** set after the user has seen the duplicate warning and wants to go on */
    confirmDuplicate: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'individual' && v.creditCode) {
      ctx.addIssue({ code: 'custom', path: ['creditCode'], message: 'not_for_individual' });
    }
    if (v.type === 'enterprise' && v.idNumber) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'not_for_enterprise' });
    }
  });
export type TCustomerCreate = z.infer<typeof ZCustomerCreate>;

export const ZCustomerUpdate = z.strictObject({
  ...customerBase,
  name: str(100).min(1).optional(),
  version: z.number().int().min(1),
});
export type TCustomerUpdate = z.infer<typeof ZCustomerUpdate>;

export const ZGradeChange = z.strictObject({
  grade: ZDictCode,
  reason: str(500).min(1),
  approvedBy: optStr(50),
  version: z.number().int().min(1),
});

export const ZMergeRequest = z.strictObject({
  sourceId: z.number().int().positive(),
  version: z.number().int().min(1),
});

/** `page` and `pageSize` of any paged list */
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const ZTimelineQuery = ZPageQuery.extend({ type: z.string().trim().max(40).optional() });

export const ZNoteCreate = z.strictObject({ body: str(4000).min(1) });

export const ZCustomerListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.string().max(100).optional(),
  q: z.string().trim().max(100).optional(),
  type: ZCustomerType.optional(),
  lifecycleState: ZLifecycleState.optional(),
  grade: z.string().max(40).optional(),
  source: z.string().max(40).optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  teamId: z.coerce.number().int().positive().optional(),
  provinceCode: z.string().regex(/^\d{6}$/).optional(),
  cityCode: z.string().regex(/^\d{6}$/).optional(),
  districtCode: z.string().regex(/^\d{6}$/).optional(),
  tag: z.string().max(30).optional(),
  classification: z
    .string()
    .regex(/^[\w.-]+:[\w.-]+$/)
    .optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
});
export type TCustomerListQuery = z.infer<typeof ZCustomerListQuery>;
/** the export takes the list's filters and the reader's language (headers and labels; default Accept-Language) */
export const ZCustomerExportQuery = ZCustomerListQuery.extend({ lang: z.enum(['zh-CN', 'en-US']).optional() });
export type TCustomerExportQuery = z.infer<typeof ZCustomerExportQuery>;

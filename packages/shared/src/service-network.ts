// The service network contract (维修网点 · 售后服务中心网点表, tool 30): outlets with their coverage, technicians'
// service profiles, and the dispatch proposal.
import { z } from 'zod';
import { ZDate, ZEmail, ZPhone } from './customers';
import { OUTLET_KINDS, REGION_TYPES, SERVICE_TYPES } from './service';

const str = (max: number) => z.string().trim().max(max);
const optStr = (max: number) => str(max).optional().nullable();
const ZVersionField = z.number().int().min(1);
const ZRegionCode = z.string().regex(/^\d{6}$/, 'invalid_region');

/** letters, digits and - _ . ; an outlet code appears on orders, exports and reports */
export const ZOutletCode = str(30).min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'invalid_outlet_code');
/** a skill code (aircon, boiler …): the same codes as products' `skill`; labels come from the service_skill list */
export const ZSkillCode = str(40).min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'invalid_skill');
/** the dictionary type whose items label skill codes */
export const SKILL_DICTIONARY = 'service_skill';

const ZSkills = z.array(ZSkillCode).max(50).refine((a) => new Set(a).size === a.length, 'duplicate_value');

export const ZCoverage = z.strictObject({
  regionCode: ZRegionCode,
  regionType: z.enum(REGION_TYPES).default('urban'),
});
export type TCoverage = z.infer<typeof ZCoverage>;

const outletFields = {
  code: ZOutletCode,
  name: str(100).min(1),
  kind: z.enum(OUTLET_KINDS),
  level: optStr(20),
  /** the team whose members see the outlet's orders in a team scope */
  orgUnitId: z.number().int().positive().optional().nullable(),
  regionCode: ZRegionCode.optional().nullable(),
  address: optStr(200),
  manager: optStr(50),
  phone: ZPhone.optional().nullable(),
  fax: ZPhone.optional().nullable(),
  email: ZEmail.optional().nullable(),
  serviceTypes: z
    .array(z.enum(SERVICE_TYPES))
    .min(1, 'service_types_required')
    .refine((a) => new Set(a).size === a.length, 'duplicate_value'),
  skills: ZSkills.default([]),
  /** orders the outlet can take per day */
  dailyCapacity: z.number().int().min(0).max(100_000).default(20),
  openingHours: optStr(100),
  authorisedFrom: ZDate.optional().nullable(),
  authorisedTo: ZDate.optional().nullable(),
  annualGrade: optStr(20),
  note: optStr(500),
  /** coverage (服务覆盖区域): province, city or county codes; the longest match wins when orders are dispatched */
  regions: z.array(ZCoverage).max(1000).default([]),
};
export const ZOutletCreate = z.strictObject(outletFields);
export type TOutletCreate = z.infer<typeof ZOutletCreate>;

export const ZOutletUpdate = z.strictObject({
  code: outletFields.code.optional(),
  name: outletFields.name.optional(),
  kind: outletFields.kind.optional(),
  level: outletFields.level,
  orgUnitId: outletFields.orgUnitId,
  regionCode: outletFields.regionCode,
  address: outletFields.address,
  manager: outletFields.manager,
  phone: outletFields.phone,
  fax: outletFields.fax,
  email: outletFields.email,
  serviceTypes: outletFields.serviceTypes.optional(),
  skills: ZSkills.optional(),
  dailyCapacity: z.number().int().min(0).max(100_000).optional(),
  openingHours: outletFields.openingHours,
  authorisedFrom: outletFields.authorisedFrom,
  authorisedTo: outletFields.authorisedTo,
  annualGrade: outletFields.annualGrade,
  note: outletFields.note,
  /** when present, replaces the whole coverage */
  regions: z.array(ZCoverage).max(1000).optional(),
  version: ZVersionField,
});
export type TOutletUpdate = z.infer<typeof ZOutletUpdate>;

export const ZOutletListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** code, name, manager or address */
  q: str(100).optional(),
  /** outlets covering this division (or a part of it), or located in it */
  regionCode: ZRegionCode.optional(),
  kind: z.enum(OUTLET_KINDS).optional(),
  serviceType: z.enum(SERVICE_TYPES).optional(),
  archived: z.enum(['false', 'true', 'all']).default('false'),
  sort: str(100).optional(),
});
export type TOutletListQuery = z.infer<typeof ZOutletListQuery>;

export interface TOutletRegion {
  regionCode: string;
  regionType: string;
  /** full name, e.g. 浙江省杭州市西湖区 */
  region: string | null;
}

export interface TOutlet {
  id: number;
  code: string;
  name: string;
  kind: string;
  level: string | null;
  orgUnitId: number | null;
  orgUnitName: string | null;
  regionCode: string | null;
  region: string | null;
  address: string | null;
  manager: string | null;
  phone: string | null;
  fax: string | null;
  email: string | null;
  serviceTypes: string[];
  skills: string[];
  dailyCapacity: number;
  openingHours: string | null;
  authorisedFrom: string | null;
  authorisedTo: string | null;
  annualGrade: string | null;
  note: string | null;
  /** technicians with an active profile at the outlet / of them holding an unexpired certificate */
  technicianCount: number;
  certifiedCount: number;
  regions: TOutletRegion[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TOutletDetail extends TOutlet {
  /** open orders of the outlet booked for today or not booked yet */
  loadToday: number;
  technicians: TTechnician[];
}

// ---------- technicians ----------

export const ZCertificate = z.strictObject({
  name: str(100).min(1),
  number: optStr(60),
  validUntil: ZDate.optional().nullable(),
});
export type TCertificate = z.infer<typeof ZCertificate>;

export const ZTechnicianPut = z.strictObject({
  outletId: z.number().int().positive(),
  skills: ZSkills.default([]),
  certificates: z.array(ZCertificate).max(50).default([]),
  /** orders the technician can take per day */
  dailyCapacity: z.number().int().min(0).max(1000).default(6),
  active: z.boolean().default(true),
  /** required when the profile exists (optimistic locking); absent for a new profile */
  version: ZVersionField.optional(),
});
export type TTechnicianPut = z.infer<typeof ZTechnicianPut>;

export const ZTechnicianListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** name or username */
  q: str(100).optional(),
  outletId: z.coerce.number().int().positive().optional(),
  skill: ZSkillCode.optional(),
  active: z.enum(['true', 'false']).optional(),
  /** true: also users holding the technician role who have no profile yet (to create one) */
  includeUnprofiled: z.enum(['true', 'false']).optional(),
});
export type TTechnicianListQuery = z.infer<typeof ZTechnicianListQuery>;

export interface TTechnician {
  userId: number;
  username: string;
  name: string;
  /** false: the user holds the technician role but has no service profile yet */
  hasProfile: boolean;
  outletId: number | null;
  outletCode: string | null;
  outletName: string | null;
  skills: string[];
  certificates: TCertificate[];
  dailyCapacity: number;
  active: boolean;
  /** the user account is disabled */
  disabled: boolean;
  /** open orders booked for today or not booked yet */
  loadToday: number;
  createdAt: string | null;
  updatedAt: string | null;
  version: number | null;
}

// ---------- dispatch proposal ----------

export const ZDispatchProposalQuery = z.strictObject({
  regionCode: ZRegionCode.optional(),
  serviceType: z.enum(SERVICE_TYPES),
  skill: ZSkillCode.optional(),
  outletId: z.coerce.number().int().positive().optional(),
});
export type TDispatchProposalQuery = z.infer<typeof ZDispatchProposalQuery>;

export interface TDispatchCandidate {
  userId: number;
  name: string;
  skills: string[];
  load: number;
  capacity: number;
  hasSkill: boolean;
}

export interface TDispatchProposal {
  outlet: { id: number; name: string; code: string; regionType: string; matchedRegion: string } | null;
  alternatives: { id: number; name: string; code: string; matchedRegion: string }[];
  technicians: TDispatchCandidate[];
  regionType: string;
}

/** An outlet is authorised on `day` (YYYY-MM-DD) when the day lies within its authorised from/to dates (open ends allowed). */
export function outletAuthorisedOn(o: { authorisedFrom: string | null; authorisedTo: string | null }, day: string): boolean {
  return (!o.authorisedFrom || o.authorisedFrom <= day) && (!o.authorisedTo || o.authorisedTo >= day);
}

// The fee schedule of out-of-warranty service (收费标准): labour by service type, call-out by region type, in fen.
import { z } from 'zod';
import { REGION_TYPES, SERVICE_TYPES, type RegionType, type ServiceType } from './service';

/** ¥1,000,000: far above any real fee, low enough to catch a typed-in yuan-for-fen mistake of a few digits */
export const SERVICE_FEE_MAX_FEN = 100_000_000;

/** an amount in fen; null (or absent) = not set, charged as 0 */
const ZFeeFen = z
  .number()
  .int('fee_fen_invalid')
  .min(0, 'fee_fen_invalid')
  .max(SERVICE_FEE_MAX_FEN, 'fee_fen_too_large')
  .nullable()
  .optional();

export const ZServiceFeesPut = z.strictObject({
  /** what the GET answered: 409 SERVICE_FEES_CHANGED when someone changed the schedule since */
  etag: z.string().max(64),
  labour: z.strictObject({
    install: ZFeeFen,
    repair: ZFeeFen,
    maintenance: ZFeeFen,
    inspection: ZFeeFen,
    consult: ZFeeFen,
    return: ZFeeFen,
  } satisfies Record<ServiceType, typeof ZFeeFen>),
  callout: z.strictObject({
    urban: ZFeeFen,
    suburban: ZFeeFen,
    remote: ZFeeFen,
  } satisfies Record<RegionType, typeof ZFeeFen>),
});
export type TServiceFeesPut = z.infer<typeof ZServiceFeesPut>;

export interface TServiceFee<K extends string> {
  key: K;
  /** null: no entry, charged as 0 */
  amountFen: number | null;
  updatedAt: string | null;
  /** still the starting value the installation was seeded with (never edited): to be adjusted */
  preset: boolean;
}

/** The whole schedule: every service type and every region type, in the order of the enums. */
export interface TServiceFees {
  labour: TServiceFee<ServiceType>[];
  callout: TServiceFee<RegionType>[];
  etag: string;
}

export const SERVICE_FEE_KINDS = { labour: SERVICE_TYPES, callout: REGION_TYPES } as const;

/** The starting schedule seeded into an empty table (migration 015 holds its own frozen copy), in fen. */
export const SERVICE_FEE_PRESETS: { labour: Record<ServiceType, number>; callout: Record<RegionType, number> } = {
  labour: { install: 8_000, repair: 10_000, maintenance: 6_000, inspection: 5_000, consult: 0, return: 0 },
  callout: { urban: 3_000, suburban: 5_000, remote: 8_000 },
};

// Claim approval bands (索赔审批权限): each role may approve a claim up to its band's ceiling.
import type { Tx } from '../../db';

export interface ClaimBand {
  roleCode: string;
  /** the ceiling in fen; null = no ceiling */
  maxFen: number | null;
}

/**
 * The most a holder of these roles may approve: undefined = none of the roles has a band (may not approve at all),
 * null = no ceiling, a number = the ceiling in fen. Several roles combine to the most generous band.
 */
export function approvalCeiling(bands: { roleCode: string; maxFen: number | null }[], roles: string[]): number | null | undefined {
  const held = new Set(roles);
  let ceiling: number | null | undefined = undefined;
  for (const band of bands) {
    if (!held.has(band.roleCode)) continue;
    if (band.maxFen === null) return null;
    if (ceiling === undefined || band.maxFen > ceiling) ceiling = band.maxFen;
  }
  return ceiling;
}

export async function loadBands(db: Tx): Promise<{ roleCode: string; maxFen: number | null }[]> {
  const rows = await db.selectFrom('claim_bands').select(['role_code', 'max_fen']).orderBy('id').execute();
  // PostgreSQL returns bigint money as a string
  return rows.map((r) => ({ roleCode: r.role_code, maxFen: r.max_fen === null ? null : Number(r.max_fen) }));
}

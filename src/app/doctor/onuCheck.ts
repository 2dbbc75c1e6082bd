import type { CheckResult } from './doctorChecks.ts';

/**
 * UPDATE_ONU (issue 16): the service compares SGP's ONU with the `onu` OZmap answers on each
 * client. A tenant whose clients come back without one would be written every sync; the first
 * rows of the client list are where it can be seen read-only.
 */
export function checkOnuField(updateOnu: boolean, rows: readonly { readonly onu?: unknown }[]): CheckResult | null {
  if (!updateOnu) return null;
  const check = 'UPDATE_ONU: OZmap clients answer their onu';
  if (rows.length === 0) return { check, verdict: 'warn', detail: 'no FTTH client to look at yet' };
  const withOnu = rows.filter((r) => typeof r.onu === 'object' && r.onu !== null).length;
  return withOnu > 0
    ? {
        check,
        verdict: 'ok',
        detail: `${withOnu} of ${rows.length} clients read carry onu { serial_number, mac_address, user_PPPoE }`,
      }
    : {
        check,
        verdict: 'warn',
        detail: `none of ${rows.length} clients read carries an onu`,
        fix: 'this tenant may not return the client onu: the ONU would be written again every sync; check with OZmap, or set UPDATE_ONU=false',
      };
}

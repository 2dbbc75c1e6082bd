import { normaliseOzmapRecord } from '../../adapters/ozmap/normaliseOzmapRecord.ts';
import type { OzmapSession } from '../../adapters/ozmap/ozmapSession.ts';
import { ozmapAssumptions } from '../../adapters/ozmap/ozmapAssumptions.ts';
import type { CheckResult } from './doctorChecks.ts';

const CHECK = 'assumption: connections name splitter and port';

/**
 * R4.8 moves and connect later write `ozmapAssumptions.connectPatch` and read the result back as
 * a property's `connections`. Without writing, check the read side on the tenant: a connected
 * property names a splitter that exists and a port that splitter has (numbered from 1).
 */
export async function checkConnectionShape(session: OzmapSession): Promise<CheckResult> {
  try {
    const page = await session.send({
      method: 'GET',
      path: '/api/v2/properties',
      query: { limit: 50, [ozmapAssumptions.paging.param]: ozmapAssumptions.paging.firstPage },
    });
    const rows = (JSON.parse(page.text) as { rows?: unknown[] }).rows ?? [];
    const connected = rows.flatMap((row) => {
      const record = normaliseOzmapRecord('properties', row);
      return record.outcome === 'valid' && record.value.connections.length > 0 ? [record.value] : [];
    });
    const property = connected[0];
    const connection = property?.connections[0];
    if (!property || !connection)
      return {
        check: CHECK,
        verdict: 'warn',
        detail: `no connected property among the first ${rows.length}: nothing to compare`,
      };
    const answer = await session.send({
      method: 'GET',
      path: `/api/v2/splitters/${encodeURIComponent(connection.splitterId)}`,
    });
    const splitter = normaliseOzmapRecord('splitters', JSON.parse(answer.text) as unknown);
    const fits =
      splitter.outcome === 'valid' &&
      connection.port >= ozmapAssumptions.firstPortNumber &&
      connection.port <= splitter.value.outputs.length;
    return fits
      ? {
          check: CHECK,
          verdict: 'ok',
          detail: `property ${property.id}: splitter ${connection.splitterId} port ${connection.port}`,
        }
      : {
          check: CHECK,
          verdict: 'warn',
          detail: `property ${property.id} names splitter ${connection.splitterId} port ${connection.port}, which that splitter does not have`,
          fix: 'keep MOVE_ON_CTO_CHANGE off and check ozmapAssumptions.connectPatch (src/adapters/ozmap/ozmapAssumptions.ts)',
        };
  } catch (error) {
    return { check: CHECK, verdict: 'warn', detail: error instanceof Error ? error.message : String(error) };
  }
}

import type { RuleOptions } from '../ruleOptions.ts';
import type { OzProperty } from '../ozmap/ozmapObjects.ts';
import type { NoteCommand } from './commands.ts';
import type { ContractState } from './contractState.ts';
import type { OzmapIndex } from './ozmapIndex.ts';

/**
 * R4.8: SGP puts the client on another CTO or port than its OZmap property is connected to.
 * Recorded in the audit trail once per distinct divergence; the client is not moved.
 */
export function planDivergenceNote(
  state: ContractState,
  property: OzProperty | null,
  index: OzmapIndex,
  options: RuleOptions,
): NoteCommand | null {
  const snapshot = state.snapshot;
  if (snapshot === null || snapshot.cto === null || property === null) return null;
  const connection = property.connections[0];
  const boxId = connection ? index.splitterById.get(connection.splitterId)?.boxId : property.boxId;
  const box = boxId ? index.boxById.get(boxId) : undefined;
  if (!box) return null;
  const alias = Object.hasOwn(options.ctoAliases, snapshot.cto) ? options.ctoAliases[snapshot.cto] : undefined;
  const wanted = (alias ?? snapshot.cto).trim();
  const sameBox =
    options.boxNameMatch === 'exact'
      ? box.name.trim() === wanted
      : box.name.trim().toLowerCase() === wanted.toLowerCase();
  const samePort = !connection || snapshot.ctoPort === null || connection.port === snapshot.ctoPort;
  if (sameBox && samePort) return null;
  const detail = `SGP: CTO "${snapshot.cto}" port ${snapshot.ctoPort ?? '-'}; OZmap: box "${box.name}" port ${connection?.port ?? '-'}`;
  const key = `${snapshot.cto}|${snapshot.ctoPort ?? ''}|${box.id}|${connection?.port ?? ''}`;
  if (state.lastNotes['cto-divergence'] === key) return null;
  return {
    kind: 'note',
    code: state.code,
    rule: 'R4.8',
    reason: options.moveOnCtoChange
      ? 'CTO/port changed in SGP; not moved: no single OZmap box matches the new CTO'
      : 'CTO/port changed in SGP; the client is not moved (MOVE_ON_CTO_CHANGE off)',
    note: 'cto-divergence',
    detail,
    key,
  };
}

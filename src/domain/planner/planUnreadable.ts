import type { RuleOptions } from '../ruleOptions.ts';
import { describeUnreadable, type UnreadableOzmapRecord } from '../ozmap/unreadableRecord.ts';
import { SkipReason, type CancelClientCommand, type NoteCommand, type SkipCommand } from './commands.ts';
import type { ContractState } from './contractState.ts';
import type { OzmapIndex } from './ozmapIndex.ts';
import { buildBoxNameIndex, matchBox } from './boxMatch.ts';

/**
 * The skip of a contract an unreadable OZmap record blocks (R8, docs/decisions/0004), naming the
 * record and the field. `record` is decided by the caller (once per reason, R2.7).
 */
export function unreadableSkip(code: string, record: UnreadableOzmapRecord, blocks: string): SkipCommand {
  return {
    kind: 'skip',
    code,
    rule: 'R8',
    reason: SkipReason.enum.ozmapRecordUnreadable,
    detail: `${describeUnreadable(record)}: ${blocks}; nothing is written for this contract until the record is fixed in OZmap`,
    record: true,
  };
}

/** The first unreadable record of this contract's own client or property, if any. */
export function unreadableOfContract(code: string, index: OzmapIndex): UnreadableOzmapRecord | null {
  return index.unreadable.byCode.get(code)?.[0] ?? null;
}

/**
 * A cancellation that could not write its line or could act on the wrong object: the client or
 * property of the contract cannot be read; a resumed cancellation's property cannot be read; or
 * a client with no property found while some property's client cannot be read (that property
 * may be its own: a detach would lose the line, a removal would leave the property behind).
 */
export function cancellationBlocker(
  state: ContractState,
  commands: readonly CancelClientCommand[],
  index: OzmapIndex,
): UnreadableOzmapRecord | null {
  const own = unreadableOfContract(state.code, index);
  if (own) return own;
  const pendingProperty = state.pendingCancellation?.propertyId;
  const resumed = pendingProperty ? index.unreadable.byId.get(pendingProperty) : undefined;
  if (resumed) return resumed;
  const withoutProperty = commands.some((c) => c.clientId !== null && c.propertyId === null);
  return withoutProperty ? index.unreadable.propertyOfUnknownClient : null;
}

/**
 * Where R2.3-R2.5 would create, what an unreadable record may hold there, as a skip: a box of
 * that CTO name that cannot be read, the chosen box when one of its splitters or properties
 * cannot be read, or the chosen port when a record that cannot be read may be on it.
 */
export function creationBlocker(
  code: string,
  where: {
    readonly cto: string;
    readonly box: { readonly id: string; readonly name: string } | null;
    readonly port: { readonly key: string; readonly label: string } | null;
  },
  index: OzmapIndex,
  options: RuleOptions,
): SkipCommand | null {
  const { cto, box, port } = where;
  const named = unreadableBoxNamed(cto, index, options);
  if (named)
    return unreadableSkip(
      code,
      named,
      `the box to create on may be this one (named "${named.name ?? ''}", SGP CTO "${cto}")`,
    );
  const onBox = box ? index.unreadable.byBox.get(box.id) : undefined;
  if (box && onBox) return unreadableSkip(code, onBox, `the ports of box "${box.name}" are not all known`);
  const onPort = port ? index.unreadable.byPort.get(port.key) : undefined;
  if (port && onPort) return unreadableSkip(code, onPort, `it may hold ${port.label}`);
  return null;
}

/** An unreadable box whose name R2.3 would match for this CTO (aliases and name matching included). */
function unreadableBoxNamed(cto: string, index: OzmapIndex, options: RuleOptions): UnreadableOzmapRecord | null {
  if (index.unreadable.boxes.length === 0) return null;
  const asBoxes = index.unreadable.boxes.map((r, i) => ({
    id: String(i),
    name: r.name ?? '',
    project: null,
    coords: null,
  }));
  const match = matchBox(cto, buildBoxNameIndex(asBoxes, options.boxNameMatch), {
    ctoAliases: options.ctoAliases,
    projects: [],
  });
  const first = match.kind === 'found' ? match.box : match.kind === 'ambiguous' ? match.candidates[0] : undefined;
  return first ? (index.unreadable.boxes[Number(first.id)] ?? null) : null;
}

/** A contract blocked earlier whose records read again: say so once, and it is no longer listed blocked. */
export function readableAgainNote(state: ContractState): NoteCommand | null {
  if (state.lastSkipReason !== SkipReason.enum.ozmapRecordUnreadable) return null;
  return {
    kind: 'note',
    code: state.code,
    rule: 'R8',
    reason: 'the OZmap records of this contract read again',
    note: 'ozmap-record-readable',
    detail: 'every OZmap record tied to this contract fits its schema again: it is no longer blocked',
    key: `readable:${state.observedRevision}`,
  };
}

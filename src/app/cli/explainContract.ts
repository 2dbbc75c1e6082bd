import type { PlannedCommand } from '../../domain/planner/commands.ts';
import type { ContractRow } from '../../projections/contractRow.ts';
import type { PlanPreview } from '../../reconciler/previewPlan.ts';

const BLOCKED: Record<string, string> = {
  disabled: 'CANCEL_CLIENTS is off (R7)',
  'sgp-incomplete': 'the SGP sweep is incomplete (R1.6)',
  'ozmap-incomplete': 'the OZmap read is incomplete (R1.6)',
};

function sentence(command: PlannedCommand): string {
  switch (command.kind) {
    case 'skip':
      return `not created (${command.reason}): ${command.detail} [${command.rule}]`;
    case 'create':
      return `the next sync would create it: ${command.reason} [${command.rule}]`;
    case 'update':
      return `the next sync would update it: ${command.changes.map((c) => `${c.field} ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)} (${c.cause === 'sgp' ? 'changed in SGP' : 'differs in OZmap'})`).join('; ')} [${command.rule}]`;
    case 'note':
      return `${command.note}: ${command.detail} [${command.rule}]`;
    case 'cancel':
      return `the next cancel cycle would cancel it: ${command.mode}${command.resumed ? ' (resumed)' : ''}${command.observationLine ? `, observation: ${command.observationLine}` : ''} [${command.rule}]`;
  }
}

/**
 * `plan --code N`: "why not N" in sentences, from a preview of that one contract and its row.
 * Every command the planner gives for it (a skip already recorded included, R2.7), or why there
 * is none: SGP does not list it, its record is rejected, a cancellation is held, or it is in sync.
 */
export function explainContract(code: string, preview: PlanPreview, row: ContractRow | undefined): string[] {
  const about = `contract ${code}:`;
  const incomplete =
    preview.sweepComplete && preview.ozmapComplete
      ? []
      : [`${about} a read was incomplete: what follows may change once both systems are read whole (R1.6)`];
  if (preview.contractsRead === 0) {
    if (row?.lastRejected)
      return [
        ...incomplete,
        `${about} SGP's record is rejected (R8): field ${row.lastRejected.field}: ${row.lastRejected.problem}`,
      ];
    const seen = row?.lastObservedAt ? `; last observed ${row.lastObservedAt}` : '; never observed';
    return [...incomplete, `${about} SGP does not list it${seen}`];
  }
  const commands = [...preview.sync, ...preview.cancel.commands, ...preview.cancel.skips].filter(
    (c) => c.code === code,
  );
  const lines = commands.map((c) => `${about} ${sentence(c)}`);
  const { guard, blocked } = preview.cancel;
  // The guard weighs every removal the cancel plan would make, blocked or not: its codes say
  // which contracts a blocked plan holds back.
  if (blocked !== null && guard.codes.includes(code)) {
    lines.push(
      blocked === 'guard'
        ? `${about} its cancellation is held by the mass-deletion guard (R5.6): confirm with sgp-ozmap cancel --once --confirm ${guard.hash}`
        : `${about} its cancellation is held: no cancellation is planned while ${BLOCKED[blocked]}`,
    );
  }
  if (lines.length === 0) {
    const ids = row?.ozmap?.clientId
      ? `OZmap client ${row.ozmap.clientId} (property ${row.ozmap.propertyId ?? 'none'})`
      : 'OZmap';
    lines.push(`${about} in sync: ${ids} is as SGP asks; nothing to do`);
  }
  return [...incomplete, ...lines];
}

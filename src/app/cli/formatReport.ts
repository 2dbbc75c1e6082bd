import type { PlannedCommand } from '../../domain/planner/commands.ts';
import type { CycleReport } from '../../reconciler/runCycle.ts';

/** One line per command, the way `plan` and `sync` print them. */
export function describeCommand(command: PlannedCommand): string {
  switch (command.kind) {
    case 'create':
      return `create  ${command.code}  ${command.reason} [${command.rule}]`;
    case 'update':
      // R9.1: which policy decided each field (none named: sgp).
      return `update  ${command.code}  ${command.changes.map((c) => `${c.field} (${c.policy ?? 'sgp'}): ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`).join('; ')} [${command.rule}]`;
    case 'cancel':
      return `cancel  ${command.code}  ${command.mode}${command.resumed ? ' (resumed)' : ''}${command.observationLine ? `, observation: ${command.observationLine}` : ''} [${command.rule}]`;
    case 'skip':
      return `skip    ${command.code}  ${command.reason}: ${command.detail} [${command.rule}]`;
    case 'note':
      return `note    ${command.code}  ${command.note}: ${command.detail} [${command.rule}]`;
  }
}

export function formatCycleReport(report: CycleReport): string[] {
  const counts = Object.entries(report.counts)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const lines = [
    `${report.kind} cycle ${report.cycleId}: ${report.outcome} in ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  if (counts) lines.push(`  ${counts}`);
  if (report.guard?.tripped && report.outcome === 'guard-tripped') {
    lines.push(
      `  mass-deletion guard tripped: ${report.guard.removals} of ${report.guard.totalClients} OZmap clients would be removed; nothing was removed.`,
      `  Review with "sgp-ozmap plan", then release exactly this set with: sgp-ozmap cancel --once --confirm ${report.guard.hash}`,
    );
  }
  for (const failure of report.readFailures ?? []) lines.push(`  incomplete read: ${failure}`);
  if (report.error) lines.push(`  error: ${report.error}`);
  return lines;
}

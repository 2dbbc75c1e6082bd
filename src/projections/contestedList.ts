import type { ContestMode, FieldOwner } from '../domain/contest/contestState.ts';
import type { ContractRow } from './contractRow.ts';

/** One line of `/api/contested`, `sgp-ozmap contested` and the dashboard's list (R9.4, R9.5). */
export interface ContestedItem {
  readonly code: string;
  readonly name: string | null;
  readonly field: string;
  /** `contested`: an open contest; `override`: an operator gave the field to one side for this client. */
  readonly state: 'contested' | 'override';
  readonly mode: ContestMode | null;
  readonly owner: FieldOwner | null;
  readonly since: string | null;
  readonly sgpValue: unknown;
  readonly ozmapValue: unknown;
  readonly changesBack: number;
  readonly lastChangeBackAt: string | null;
  /** Who changed it, when OZmap says; null: unknown (docs/OZMAP-API.md). */
  readonly changedBy: string | null;
}

/** The open contests and the overrides of these rows, oldest contest first, then overrides by code. */
export function contestedItems(rows: Iterable<ContractRow>): ContestedItem[] {
  const contested: ContestedItem[] = [];
  const overrides: ContestedItem[] = [];
  for (const row of rows) {
    const c = row.contest;
    if (!c) continue;
    const name = row.snapshot?.name ?? null;
    for (const [field, open] of Object.entries(c.open ?? {})) {
      contested.push({
        code: row.code,
        name,
        field,
        state: 'contested',
        mode: open.mode,
        owner: null,
        since: open.since,
        sgpValue: open.sgpValue,
        ozmapValue: open.ozmapValue,
        changesBack: open.reverts,
        lastChangeBackAt: open.lastRevertAt,
        changedBy: open.changedBy,
      });
    }
    for (const [field, owner] of Object.entries(c.overrides ?? {})) {
      overrides.push({
        code: row.code,
        name,
        field,
        state: 'override',
        mode: null,
        owner,
        since: null,
        sgpValue: c.written?.[field]?.value ?? null,
        ozmapValue: null,
        changesBack: c.reverts?.[field]?.length ?? 0,
        lastChangeBackAt: c.reverts?.[field]?.at(-1) ?? null,
        changedBy: null,
      });
    }
  }
  contested.sort((a, b) => (a.since ?? '').localeCompare(b.since ?? '') || a.code.localeCompare(b.code));
  return [...contested, ...overrides];
}

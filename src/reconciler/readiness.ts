import type { CycleKind } from '../domain/cycles.ts';

/** One reason the service is not ready, as data: a page says it in its own language from `code`. */
export type ReadinessProblem =
  | { readonly code: 'cycle-crashed'; readonly kind: CycleKind; readonly message: string }
  | { readonly code: 'cycle-failed'; readonly kind: CycleKind; readonly message: string }
  | { readonly code: 'cycle-incomplete'; readonly kind: CycleKind }
  | { readonly code: 'guard-tripped'; readonly removals: number; readonly hash: string };

export interface Readiness {
  readonly ready: boolean;
  /** Why not, in words: "last sync cycle failed: ...", "mass-deletion guard tripped (hash ...)". */
  readonly reasons: readonly string[];
  /** The same reasons as data, in the same order. */
  readonly problems: readonly ReadinessProblem[];
}

export interface ReadinessInputs {
  /** A cycle that threw: it could not record its own failure (the store may be what failed). */
  readonly crashed: { readonly kind: CycleKind; readonly message: string } | null;
  /** The last finished cycle. */
  readonly latest: { readonly kind: CycleKind; readonly outcome: string; readonly error: string | null } | null;
  /** The set the mass-deletion guard holds. */
  readonly pending: { readonly removals: number; readonly hash: string } | null;
}

function sentence(problem: ReadinessProblem): string {
  switch (problem.code) {
    case 'cycle-crashed':
      return `last ${problem.kind} cycle crashed: ${problem.message}`;
    case 'cycle-failed':
      return `last ${problem.kind} cycle failed: ${problem.message}`;
    case 'cycle-incomplete':
      return `last ${problem.kind} cycle read SGP or OZmap incompletely`;
    case 'guard-tripped':
      return `mass-deletion guard tripped: ${problem.removals} removals pending confirmation (hash ${problem.hash})`;
  }
}

export function assessReadiness({ crashed, latest, pending }: ReadinessInputs): Readiness {
  const problems: ReadinessProblem[] = [];
  if (crashed) problems.push({ code: 'cycle-crashed', kind: crashed.kind, message: crashed.message });
  if (latest?.outcome === 'failed')
    problems.push({ code: 'cycle-failed', kind: latest.kind, message: latest.error ?? 'unknown error' });
  if (latest?.outcome === 'incomplete') problems.push({ code: 'cycle-incomplete', kind: latest.kind });
  if (pending) problems.push({ code: 'guard-tripped', removals: pending.removals, hash: pending.hash });
  return { ready: problems.length === 0, reasons: problems.map(sentence), problems };
}

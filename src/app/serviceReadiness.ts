import type { ReadModels } from '../projections/readModels.ts';
import { assessReadiness, type Readiness } from '../reconciler/readiness.ts';
import type { CycleKind } from '../domain/cycles.ts';
import type { Metrics } from './metrics.ts';

export interface ServiceReadiness {
  /**
   * A cycle that crashed could not record its own failure (the store itself may be what failed:
   * disk full, read-only), so the read models cannot tell; the service tells it here.
   */
  crashed(kind: CycleKind, message: string): void;
  /** A cycle ran to its end (whatever its outcome): the crash is behind. */
  ran(): void;
  /** Ready or not, and why; also sets the `sgp_ozmap_ready` gauge. */
  assess(): Readiness;
}

/** `/ready`: the last finished cycle, a crash the log could not hold, and the guard's held set. */
export function createServiceReadiness(args: {
  readonly readModels: () => ReadModels;
  readonly metrics: Metrics;
}): ServiceReadiness {
  let crashed: { readonly kind: CycleKind; readonly message: string } | null = null;
  return {
    crashed: (kind, message) => {
      crashed = { kind, message };
    },
    ran: () => {
      crashed = null;
    },
    assess() {
      const readModels = args.readModels();
      const [latest] = readModels.cycles({ limit: 1 }).items.filter((c) => c.outcome !== 'running');
      const readiness = assessReadiness({ crashed, latest: latest ?? null, pending: readModels.guard().pending });
      args.metrics.set('sgp_ozmap_ready', readiness.ready ? 1 : 0);
      return readiness;
    },
  };
}

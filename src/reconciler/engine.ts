import type { EventStore } from '../domain/eventStore.ts';
import type { RuleOptions } from '../domain/ruleOptions.ts';
import type { Projector } from '../projections/projector.ts';
import type { ReadModels } from '../projections/readModels.ts';
import type { ReconcilerLogger } from './reconcilerLogger.ts';
import type { OzmapGateway, OzmapReadResult, SgpReader } from './ports.ts';

/** An alert for people: guard trips, failed or incomplete cycles, rejected credentials. */
export interface Alert {
  readonly kind:
    | 'guard-tripped'
    | 'cycle-failed'
    | 'cycle-incomplete'
    | 'credentials-rejected'
    | 'contract-failing'
    | 'contract-failing-cleared'
    | 'outage-suspected'
    | 'outage-cleared'
    | 'drift-digest'
    | 'drift-digest-cleared'
    | 'field-contested'
    | 'field-contest-ended';
  readonly message: string;
  readonly cycleId: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Everything a cycle needs; built once by the composition root (`createEngine`). */
export interface EngineDeps {
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly projector: Projector;
  readonly sgp: SgpReader;
  readonly ozmap: OzmapGateway;
  readonly options: RuleOptions;
  readonly dryRun: boolean;
  readonly clock: () => Date;
  readonly logger: ReconcilerLogger;
  /** Commands run at once (the OZmap transport caps requests on its own). */
  readonly concurrency: number;
  readonly alert: (alert: Alert) => Promise<void>;
  readonly newCycleId: (kind: string) => string;
  /** FAILURE_ALERT_CYCLES: a contract failing in this many cycles in a row raises an alert (default 3). */
  readonly failureAlertCycles?: number;
  readonly onProgress?: (what: string, done: number, total: number) => void;
  /** Told of every OZmap read, so the API can show the last state seen of a client. */
  readonly onOzmapRead?: (result: OzmapReadResult) => void;
  /** Aborted on a clean stop (SIGTERM): no new command starts, the cycle ends at a safe point. */
  readonly halt?: AbortSignal;
}

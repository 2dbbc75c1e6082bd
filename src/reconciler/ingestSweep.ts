import { contentHash } from '../domain/events/eventIds.ts';
import { contractStream } from '../domain/events/streams.ts';
import { evaluateVanishGuard, type GuardVerdict } from '../domain/planner/cancelGuard.ts';
import type { CancelGuard } from '../domain/ruleOptions.ts';
import type { ReadModels } from '../projections/readModels.ts';
import type { EventWriter } from './eventWriter.ts';
import type { RejectedContract, SweptContracts } from './ports.ts';
import { contractIdentity, type RecogniseRecord } from '../domain/sgp/contractIdentity.ts';
import type { SgpContractRecord } from '../domain/sgp/sgpContractRecord.ts';

/** Each record's content hash, computed once whoever asks first (the sweep's recognise, then the ingest). */
export function recordHashes(): (record: SgpContractRecord) => string {
  const hashes = new WeakMap<SgpContractRecord, string>();
  return (record) => {
    let hash = hashes.get(record);
    if (hash === undefined) {
      hash = contentHash(record);
      hashes.set(record, hash);
    }
    return hash;
  };
}

/**
 * The sweep's `recognise` over the read models: a record is known when it is its row's last
 * observation byte for byte on a row the ingest would leave alone (the same test as below), and
 * then only its code and identity need to outlive its page.
 */
export function recogniseRecorded(
  readModels: ReadModels,
  hashOf: (record: SgpContractRecord) => string,
): RecogniseRecord {
  return {
    hashOf,
    identityOf(code, hash) {
      const row = readModels.getContract(code);
      if (!row || row.snapshot === null || row.vanished || row.lastRejected !== null) return undefined;
      return row.lastHash === hash ? contractIdentity(row.snapshot) : undefined;
    },
  };
}

export interface IngestCounts {
  readonly read: number;
  readonly observed: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejectedWithoutCode: number;
  readonly vanished: number;
  /**
   * R8: the rejections to write to the log: those recorded in a trail now (new, or with a
   * changed field or problem) and, every sweep, those without a readable contract id, which
   * have no trail.
   */
  readonly toLog: readonly RejectedContract[];
  /** The mass-vanishing set held back (nothing recorded vanished), when the guard tripped. */
  readonly vanishGuard: GuardVerdict | null;
}

/**
 * Stores a sweep in the log: an observation for each contract whose allow-listed fields
 * changed since the last one (nothing for the rest), a rejection when a record's error changes
 * (R8), and a vanishing for contracts gone from a COMPLETE sweep (R5.7; an incomplete sweep
 * says nothing about the contracts it did not read).
 */
export async function ingestSweep(args: {
  readonly sweep: SweptContracts;
  readonly sweepId: string;
  readonly readModels: ReadModels;
  readonly writer: EventWriter;
  readonly now: Date;
  /** False for a sweep of one contract (`sync --code`): the others were not asked for. */
  readonly detectVanished: boolean;
  /** Holds back a mass vanishing (R5.6); absent, every vanishing is recorded. */
  readonly guard?: CancelGuard;
  /** The hash of a held vanishing set a person released. */
  readonly confirmedHash?: string | null;
  /** `recordHashes()` shared with the sweep's recognise; a fresh hash of each record without it. */
  readonly hashOf?: (record: SgpContractRecord) => string;
}): Promise<IngestCounts> {
  const { sweep, sweepId, readModels, writer } = args;
  const at = args.now.toISOString();
  const seen = new Set<string>();
  let observed = 0;
  let unchanged = 0;
  let rejected = 0;
  let rejectedWithoutCode = 0;
  const toLog: RejectedContract[] = [];
  const hashOf = args.hashOf ?? contentHash;
  // Recognised by the sweep as the last observation of a row left alone below: unchanged.
  for (const code of sweep.known ?? []) {
    seen.add(code);
    unchanged += 1;
  }
  for (const record of sweep.records) {
    seen.add(record.code);
    const row = readModels.getContract(record.code);
    const hash = hashOf(record);
    if (row && row.lastHash === hash && !row.vanished && row.lastRejected === null) {
      unchanged += 1;
      continue;
    }
    await writer.append(contractStream(record.code), 'SgpContractObserved', {
      v: 1,
      sweepId,
      observedAt: at,
      hash,
      record,
    });
    observed += 1;
  }
  for (const error of sweep.rejected) {
    if (error.contract === null) {
      rejectedWithoutCode += 1;
      toLog.push(error);
      continue;
    }
    seen.add(error.contract);
    rejected += 1;
    const row = readModels.getContract(error.contract);
    if (row?.lastRejected && row.lastRejected.field === error.field && row.lastRejected.problem === error.problem)
      continue;
    await writer.append(contractStream(error.contract), 'SgpContractRejected', {
      v: 1,
      sweepId,
      at,
      field: error.field,
      problem: error.problem,
    });
    toLog.push(error);
  }
  let vanished = 0;
  let vanishGuard: GuardVerdict | null = null;
  if (sweep.complete && args.detectVanished) {
    const known = [...readModels.contracts()].filter((row) => !row.vanished && row.snapshot !== null);
    const gone = known.filter((row) => !seen.has(row.code));
    const verdict = args.guard
      ? evaluateVanishGuard(
          gone.map((row) => row.code),
          known.length,
          args.guard,
        )
      : null;
    if (verdict?.tripped && verdict.hash !== args.confirmedHash) vanishGuard = verdict;
    for (const row of vanishGuard ? [] : gone) {
      await writer.append(contractStream(row.code), 'SgpContractVanished', { v: 1, sweepId, at });
      vanished += 1;
    }
  }
  return {
    read: sweep.records.length + (sweep.known?.length ?? 0),
    observed,
    unchanged,
    rejected,
    rejectedWithoutCode,
    vanished,
    toLog,
    vanishGuard,
  };
}

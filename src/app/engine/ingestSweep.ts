import { contentHash } from '../../domain/events/eventIds.ts';
import { contractStream } from '../../domain/events/streams.ts';
import type { ReadModels } from '../../projections/readModels.ts';
import type { EventWriter } from './eventWriter.ts';
import type { SgpSweepResult } from './ports.ts';

export interface IngestCounts {
  readonly read: number;
  readonly observed: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejectedWithoutCode: number;
  readonly vanished: number;
}

/**
 * Stores a sweep in the log: an observation for each contract whose allow-listed fields
 * changed since the last one (nothing for the rest), a rejection when a record's error changes
 * (R8), and a vanishing for contracts gone from a COMPLETE sweep (R5.7; an incomplete sweep
 * says nothing about the contracts it did not read).
 */
export async function ingestSweep(args: {
  readonly sweep: SgpSweepResult;
  readonly sweepId: string;
  readonly readModels: ReadModels;
  readonly writer: EventWriter;
  readonly now: Date;
  /** False for a sweep of one contract (`sync --code`): the others were not asked for. */
  readonly detectVanished: boolean;
}): Promise<IngestCounts> {
  const { sweep, sweepId, readModels, writer } = args;
  const at = args.now.toISOString();
  const seen = new Set<string>();
  let observed = 0;
  let unchanged = 0;
  let rejected = 0;
  let rejectedWithoutCode = 0;
  for (const record of sweep.records) {
    seen.add(record.code);
    const row = readModels.getContract(record.code);
    const hash = contentHash(record);
    if (row && row.lastHash === hash && !row.vanished && row.lastRejected === null) {
      unchanged += 1;
      continue;
    }
    if (row) writer.seed(contractStream(record.code), row.streamRevision);
    await writer.append(contractStream(record.code), 'SgpContractObserved', { v: 1, sweepId, observedAt: at, hash, record });
    observed += 1;
  }
  for (const error of sweep.rejected) {
    if (error.contract === null) {
      rejectedWithoutCode += 1;
      continue;
    }
    seen.add(error.contract);
    rejected += 1;
    const row = readModels.getContract(error.contract);
    if (row?.lastRejected && row.lastRejected.field === error.field && row.lastRejected.problem === error.problem) continue;
    if (row) writer.seed(contractStream(error.contract), row.streamRevision);
    await writer.append(contractStream(error.contract), 'SgpContractRejected', { v: 1, sweepId, at, field: error.field, problem: error.problem });
  }
  let vanished = 0;
  if (sweep.complete && args.detectVanished) {
    for (const row of readModels.contracts()) {
      if (seen.has(row.code) || row.vanished || row.snapshot === null) continue;
      writer.seed(contractStream(row.code), row.streamRevision);
      await writer.append(contractStream(row.code), 'SgpContractVanished', { v: 1, sweepId, at });
      vanished += 1;
    }
  }
  return { read: sweep.records.length, observed, unchanged, rejected, rejectedWithoutCode, vanished };
}

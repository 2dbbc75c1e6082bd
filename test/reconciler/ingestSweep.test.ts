import { describe, expect, it } from 'vitest';
import { getMemoryEventStore } from '../../src/adapters/eventstore/memoryEventStore.ts';
import { extractContracts } from '../../src/adapters/sgp/extractContracts.ts';
import { openLocalState } from '../../src/app/openLocalState.ts';
import { createEventWriter, revisionsFromReadModels } from '../../src/reconciler/eventWriter.ts';
import { ingestSweep } from '../../src/reconciler/ingestSweep.ts';
import type { RejectedContract, SweptContracts } from '../../src/reconciler/ports.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import type { SgpContractRecord } from '../../src/domain/sgp/sgpContractRecord.ts';
import { sgpCliente, type ContractSpec } from '../support/sgpRecords.ts';

const record = (spec: ContractSpec): SgpContractRecord => {
  const [first] = extractContracts([sgpCliente(spec)]).records;
  if (!first) throw new Error(`fixture ${spec.code} did not extract`);
  return first;
};
const rejection = (contract: string | null, problem = 'expected text, got an object'): RejectedContract => ({
  contract,
  field: 'status',
  problem,
});

/** A memory store with its read models; each `ingest` is one cycle's sweep, then a catch-up. */
async function setup() {
  const store = getMemoryEventStore();
  const local = await openLocalState({ kind: 'memory' }, ':memory:', store);
  let sweeps = 0;
  const ingest = async (sweep: Partial<SweptContracts>, detectVanished = true) => {
    sweeps += 1;
    const counts = await ingestSweep({
      sweep: { records: [], rejected: [], complete: true, failures: [], ...sweep },
      sweepId: `sync-${sweeps}`,
      readModels: local.readModels,
      // A fresh writer per cycle, as runCycle builds one: it learns revisions from the read models.
      writer: createEventWriter(
        store,
        revisionsFromReadModels(() => local.readModels),
      ),
      now: new Date(Date.UTC(2026, 10, 29, 17, sweeps)),
      detectVanished,
    });
    await local.projector.catchUp();
    return counts;
  };
  const events = async (code: string) => store.readStream(contractStream(code));
  const types = async (code: string) => (await events(code)).map((e) => e.type);
  return { local, ingest, events, types };
}

describe('ingestSweep', () => {
  it('DESIGN an observation is appended only when the allow-listed fields changed', async () => {
    const { ingest, types } = await setup();
    const sweep = { records: [record({ code: 1 }), record({ code: 2 })] };
    expect(await ingest(sweep)).toMatchObject({ read: 2, observed: 2, unchanged: 0 });
    expect(await ingest(sweep)).toMatchObject({ read: 2, observed: 0, unchanged: 2 });
    expect(await types('1')).toEqual(['SgpContractObserved']);
    expect(await ingest({ records: [record({ code: 1, rx: '-25.00' }), record({ code: 2 })] })).toMatchObject({
      observed: 1,
      unchanged: 1,
    });
    expect(await types('1')).toEqual(['SgpContractObserved', 'SgpContractObserved']);
  });

  it('DESIGN a value going A -> B -> A is observed three times, each a new event', async () => {
    const { ingest, events, local } = await setup();
    for (const rx of ['-20.00', '-22.00', '-20.00']) await ingest({ records: [record({ code: 1, rx })] });
    const observed = await events('1');
    expect(observed.map((e) => (e.data as { record: SgpContractRecord }).record.servicos[0]?.onu?.rx)).toEqual([
      '-20.00',
      '-22.00',
      '-20.00',
    ]);
    expect(new Set(observed.map((e) => e.id)).size).toBe(3);
    expect(local.readModels.getContract('1')?.snapshot?.rxDbm).toBe(-20);
  });

  it('R8 a rejected record is recorded once per distinct error, every other record goes on', async () => {
    const { ingest, types, events } = await setup();
    const valid = record({ code: 2 });
    expect(await ingest({ records: [valid], rejected: [rejection('7')] })).toMatchObject({ observed: 1, rejected: 1 });
    expect(await ingest({ records: [valid], rejected: [rejection('7')] })).toMatchObject({ observed: 0, rejected: 1 });
    expect(await types('7')).toEqual(['SgpContractRejected']);
    await ingest({ records: [valid], rejected: [rejection('7', 'expected text, got a list')] });
    expect((await events('7')).map((e) => (e.data as { problem: string }).problem)).toEqual([
      'expected text, got an object',
      'expected text, got a list',
    ]);
  });

  it('R8 a rejected record without a contract id is counted, and written to no stream', async () => {
    const { ingest, local } = await setup();
    expect(await ingest({ rejected: [rejection(null)] })).toMatchObject({ rejected: 0, rejectedWithoutCode: 1 });
    expect(local.readModels.contractCount()).toBe(0);
  });

  it('R8 a record rejected and then valid again is observed again, even with the hash it had before', async () => {
    const { ingest, types, local } = await setup();
    const valid = record({ code: 1 });
    await ingest({ records: [valid] });
    await ingest({ rejected: [rejection('1')] });
    expect(local.readModels.getContract('1')?.lastRejected).not.toBeNull();
    expect(await ingest({ records: [valid] })).toMatchObject({ observed: 1 });
    expect(await types('1')).toEqual(['SgpContractObserved', 'SgpContractRejected', 'SgpContractObserved']);
    expect(local.readModels.getContract('1')?.lastRejected).toBeNull();
  });

  it('R5.7 a contract gone from a COMPLETE sweep is recorded vanished, once', async () => {
    const { ingest, types, local } = await setup();
    await ingest({ records: [record({ code: 1 }), record({ code: 2 })] });
    expect(await ingest({ records: [record({ code: 1 })] })).toMatchObject({ vanished: 1 });
    expect(await ingest({ records: [record({ code: 1 })] })).toMatchObject({ vanished: 0 });
    expect(await types('2')).toEqual(['SgpContractObserved', 'SgpContractVanished']);
    expect(local.readModels.getContract('2')?.vanished).toBe(true);
  });

  it('R1.6 an incomplete sweep says nothing about the contracts it did not read', async () => {
    const { ingest, types } = await setup();
    await ingest({ records: [record({ code: 1 }), record({ code: 2 })] });
    expect(await ingest({ records: [record({ code: 1 })], complete: false })).toMatchObject({ vanished: 0 });
    expect(await types('2')).toEqual(['SgpContractObserved']);
  });

  it('R5.7 a sweep of one contract (detectVanished false) vanishes nobody', async () => {
    const { ingest, types } = await setup();
    await ingest({ records: [record({ code: 1 }), record({ code: 2 })] });
    expect(await ingest({ records: [record({ code: 1 })] }, false)).toMatchObject({ vanished: 0 });
    expect(await types('2')).toEqual(['SgpContractObserved']);
  });

  it('R5.7 a contract whose record is rejected is still listed: not vanished', async () => {
    const { ingest, types } = await setup();
    await ingest({ records: [record({ code: 1 }), record({ code: 2 })] });
    expect(await ingest({ records: [record({ code: 1 })], rejected: [rejection('2')] })).toMatchObject({ vanished: 0 });
    expect(await types('2')).toEqual(['SgpContractObserved', 'SgpContractRejected']);
  });

  it('R5.7 a vanished contract that comes back is observed again, with its old content', async () => {
    const { ingest, types, local } = await setup();
    await ingest({ records: [record({ code: 1 }), record({ code: 2 })] });
    await ingest({ records: [record({ code: 1 })] });
    expect(await ingest({ records: [record({ code: 1 }), record({ code: 2 })] })).toMatchObject({
      observed: 1,
      vanished: 0,
    });
    expect(await types('2')).toEqual(['SgpContractObserved', 'SgpContractVanished', 'SgpContractObserved']);
    expect(local.readModels.getContract('2')?.vanished).toBe(false);
  });
});

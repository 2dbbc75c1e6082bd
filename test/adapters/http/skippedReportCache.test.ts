import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSkippedReportCache, skippedReport } from '../../../src/adapters/http/skippedReport.ts';
import { createEventWriter } from '../../../src/reconciler/eventWriter.ts';
import { contractStream, CYCLES_STREAM } from '../../../src/domain/events/streams.ts';
import { createProjector } from '../../../src/projections/projector.ts';
import { aRecord, aService, anOnu } from '../../domain/sgp/sgpRecordBuilder.ts';
import { observed, skipped } from '../../projections/projectionEvents.ts';
import { BOX_NAMES, SECRETS, startServer, t, type TestServer } from './httpHarness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

const getSkipped = async () => (await server.call({ url: '/api/skipped' })).json();

/** What a sync cycle leaves: a contract skipped on a new unmatched CTO, projected, and the cycle's end. */
async function cycleSkipping(code: string, cto: string): Promise<void> {
  const writer = createEventWriter(server.service.store);
  const record = aRecord({ code, servicos: [aService({ onu: anOnu({ splitter: { id: 12, nome: cto, porta: 1 } }) })] });
  await writer.append(contractStream(code), 'SgpContractObserved', observed(record, t(40)));
  await writer.append(contractStream(code), 'ClientCreationSkipped', skipped('box-not-found', t(41)));
  await writer.append(CYCLES_STREAM, 'CycleStarted', {
    v: 1,
    cycleId: 'sync-c',
    kind: 'sync',
    at: t(40),
    dryRun: false,
    trigger: 'schedule',
  });
  await writer.append(CYCLES_STREAM, 'CycleFinished', {
    v: 1,
    cycleId: 'sync-c',
    kind: 'sync',
    at: t(42),
    outcome: 'completed',
    durationMs: 120_000,
    sweepComplete: true,
    ozmapComplete: true,
    dryRun: false,
    counts: { skipped: 1 },
    error: null,
  });
  await createProjector({ store: server.service.store, readModels: server.service.readModels() }).catchUp();
}

describe('GET /api/skipped, cached between cycles', () => {
  test('the report after a cycle holds what that cycle skipped, the same as one computed afresh', async () => {
    const before = await getSkipped();
    expect(before.reasons[0]).toEqual({ reason: 'box-not-found', count: 3, codes: ['1002', '1003', '1004'] });
    await cycleSkipping('1007', 'CTO 77');
    const after = await getSkipped();
    expect(after.reasons[0]).toEqual({ reason: 'box-not-found', count: 4, codes: ['1002', '1003', '1004', '1007'] });
    expect(after.unmatchedCtos.map((u: { cto: string }) => u.cto)).toEqual(['cto 01', 'CTO 77', 'CTO Sao Joao']);
    expect(after).toEqual(JSON.parse(JSON.stringify(skippedReport(server.service.readModels(), BOX_NAMES))));
  });

  test('a new OZmap read (another box-name list) refreshes the suggestions', async () => {
    expect((await getSkipped()).aliasesSnippet).toEqual({ 'CTO Sao Joao': 'CTO-São-João', 'cto 01': 'CTO-01' });
    const read = ['cto sao joao'];
    server.service.boxNames = () => read;
    const after = await getSkipped();
    expect(after.unmatchedCtos[1].suggestions).toEqual([{ boxName: 'cto sao joao', why: 'case', distance: 0 }]);
    expect(after.aliasesSnippet).toEqual({ 'CTO Sao Joao': 'cto sao joao' });
  });

  test('the cached report, frozen and scrubbed once, still never carries a secret', async () => {
    await cycleSkipping('1008', `CTO ${SECRETS.sgpToken}`);
    // `server.call` fails on a configured secret anywhere in the answer; twice, the second from the cache.
    for (const _ of [1, 2])
      expect((await getSkipped()).unmatchedCtos.map((u: { cto: string }) => u.cto)).toContain('CTO [REDACTED]');
  });

  test('nothing changed: the same report object, not computed again', () => {
    const cached = createSkippedReportCache();
    const readModels = server.service.readModels();
    const first = cached(readModels, BOX_NAMES);
    expect(cached(readModels, BOX_NAMES)).toBe(first);
    expect(cached(readModels, [...BOX_NAMES])).not.toBe(first);
    expect(cached(readModels, [...BOX_NAMES])).toEqual(first);
  });
});

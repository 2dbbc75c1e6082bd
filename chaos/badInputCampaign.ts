import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixtures } from '../sim/generate/generateFixtures.ts';
import { fakeSecrets } from '../sim/generate/buildSgpRecords.ts';
import {
  createTally,
  listProblems,
  runNumbers,
  runSeed,
  type Campaign,
  type CampaignOptions,
  type Tally,
} from './campaign.ts';
import { byStream, readEventLog } from './support/eventLog.ts';
import { interleave, malformedRecords, type Malformed } from './support/malformedRecords.ts';
import { startService, type ServiceExit } from './support/serviceProcess.ts';
import { startSimWorld } from './support/simWorld.ts';
import { contractsOf } from './support/worlds.ts';
import { tallyUnreadable } from './support/unreadableInvariants.ts';

/**
 * Campaign 3, bad input: thousands of malformed SGP records (fast-check mutations of realistic
 * ones, each broken in one place) among valid ones, swept by `bin/sgp-ozmap` as a child
 * process: every valid contract observed, every invalid one rejected with its contract and
 * field (in its trail, or in the log when it has no readable id), and the process never crashes.
 */

interface Entry {
  readonly record: unknown;
  readonly malformed: Malformed | null;
}

/** JSON log lines of a run's stderr (pino), ignoring anything else printed. */
export function logLines(stderr: string): Record<string, unknown>[] {
  return stderr.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

async function badInputRun(
  tally: Tally,
  options: CampaignOptions,
  sizes: { valid: number; malformed: number; ozmapMess: number },
  run: number,
): Promise<void> {
  const seed = runSeed(options.seed, run);
  tally.context(`bad-input run ${run} (seed ${seed})`);
  // The OZmap half: records edited out of the documented forms (docs/decisions/0004).
  const generated = generateFixtures({ contracts: sizes.valid, seed, ozmapMessPerThousand: sizes.ozmapMess });
  const broken = malformedRecords(generated.sgp.clientes, sizes.malformed, 9_000_000, seed);
  // Issue 11: one client in 50 also listed a second time under another name: a contract code in
  // SGP records that disagree, rejected as a whole (R8), with nothing written for it.
  const conflicting = conflictingCopies(generated.sgp.clientes);
  const duplicated = new Set(conflicting.map((c) => c.code));
  const entries: Entry[] = interleave<Entry>(
    [...generated.sgp.clientes, ...conflicting.map((c) => c.record)].map((record) => ({ record, malformed: null })),
    broken.map((m) => ({ record: m.record, malformed: m })),
    seed,
  );
  tally.fault(broken.length + conflicting.length);
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-badinput-'));
  const dbPath = join(dir, 'events.db');
  const sims = await startSimWorld({
    sgpFixture: { clientes: entries.map((e) => e.record) },
    ozmapFixture: generated.ozmap,
  });
  try {
    const env = sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'warn', REQUEST_TIMEOUT: '30s' });
    const ozmapBefore = await sims.ozmapState();
    const exits: ServiceExit[] = [];
    for (const kind of ['sync', 'cancel', 'sync'])
      exits.push(await startService([kind, '--once'], env, { timeoutMs: 600_000 }).exit);
    // 1. The process never crashes: every cycle ends with exit 0.
    const bad = exits.filter((e) => e.code !== 0);
    tally.check('the process never crashes (every cycle exits 0)', bad.length === 0, () =>
      listProblems(bad, (e) => `exit ${e.code} ${e.signal ?? ''}: ${e.stderr.slice(-300)}`),
    );
    const events = readEventLog(dbPath);
    const streams = byStream(events);
    // 2. Every valid contract processed.
    const validCodes = contractsOf(generated.sgp)
      .map((c) => String(c.contrato))
      .filter((code) => !duplicated.has(code));
    const unobserved = validCodes.filter(
      (code) => !(streams.get(`contract-${code}`) ?? []).some((e) => e.type === 'SgpContractObserved'),
    );
    tally.check(
      'every valid contract is observed and planned',
      unobserved.length === 0,
      () => `${unobserved.length} of ${validCodes.length} not observed: ${listProblems(unobserved, String)}`,
    );
    // 3. Every invalid one rejected with its contract and field, once, and nothing else done.
    const coded = broken.filter((m) => m.contract !== null);
    const wrongTrail = coded.filter((m) => {
      const list = streams.get(`contract-${m.contract}`) ?? [];
      return list.length !== 1 || list[0]!.type !== 'SgpContractRejected' || list[0]!.data['field'] !== m.field;
    });
    tally.check(
      'every invalid record with an id: one rejection naming its field in its trail, nothing else',
      wrongTrail.length === 0,
      () =>
        listProblems(
          wrongTrail,
          (m) =>
            `${m.contract} ${m.field}: ${JSON.stringify((streams.get(`contract-${m.contract}`) ?? []).map((e) => [e.type, e.data['field']]))}`,
        ),
    );
    const wrongDuplicates = [...duplicated].filter((code) => {
      const list = streams.get(`contract-${code}`) ?? [];
      const rejections = list.filter(
        (e) =>
          e.type === 'SgpContractRejected' &&
          e.data['field'] === 'contrato' &&
          String(e.data['problem']).includes('disagree'),
      );
      return rejections.length !== 1 || list.some((e) => e.type === 'OzmapCommandIssued');
    });
    tally.check(
      'every code in conflicting SGP records: one rejection naming the copies, no OZmap write',
      wrongDuplicates.length === 0,
      () =>
        listProblems(
          wrongDuplicates,
          (code) => `${code}: ${JSON.stringify((streams.get(`contract-${code}`) ?? []).map((e) => e.type))}`,
        ),
    );
    const lines = exits.map((e) => logLines(e.stderr));
    const uncoded = entries.flatMap((e, index) =>
      e.malformed && e.malformed.contract === null ? [{ index, field: e.malformed.field }] : [],
    );
    const unlogged = lines.flatMap((cycleLines, cycle) =>
      uncoded
        .filter((u) => !cycleLines.some((l) => l['clientIndex'] === u.index && l['field'] === u.field))
        .map((u) => `cycle ${cycle + 1}: client #${u.index} ${u.field}`),
    );
    tally.check(
      'every invalid record without an id: logged with its position and field',
      unlogged.length === 0,
      () => `${unlogged.length} of ${uncoded.length * lines.length}: ${listProblems(unlogged, String)}`,
    );
    const finished = events.filter((e) => e.type === 'CycleFinished');
    const miscounted = finished.filter(
      (e) => (e.data['counts'] as Record<string, number>)['rejected'] !== broken.length + conflicting.length,
    );
    tally.check('each cycle counts every rejection', miscounted.length === 0, () =>
      listProblems(miscounted, (e) => JSON.stringify(e.data['counts'])),
    );
    const text = readFileSync(dbPath, 'latin1') + readWal(dbPath);
    const leaked = Object.values(fakeSecrets).filter((s) => text.includes(s));
    tally.check('no SGP secret copied into the event log', leaked.length === 0, () => leaked.join(', '));
    tallyUnreadable(tally, {
      handEdits: generated.ozmap.handEdits ?? [],
      before: ozmapBefore,
      after: await sims.ozmapState(),
      events,
      logs: lines,
    });
    tally.note(`${conflicting.length.toLocaleString('en')} contract codes in two conflicting records`);
    tally.note(
      `${broken.length.toLocaleString('en')} malformed among ${validCodes.length.toLocaleString('en')} valid contracts (${coded.length.toLocaleString('en')} with a readable id)`,
    );
  } finally {
    await sims.close();
    if (options.keep) options.log(`bad-input: run ${run} kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** A second record for one client in 50 (single-contract ones), its name changed. */
function conflictingCopies(clientes: readonly unknown[]): { readonly code: string; readonly record: unknown }[] {
  return clientes.flatMap((cliente, index) => {
    const client = cliente as { nome?: unknown; contratos?: { contrato?: unknown }[] };
    if (index % 50 !== 7 || client.contratos?.length !== 1) return [];
    return [
      {
        code: String(client.contratos[0]?.contrato),
        record: { ...structuredClone(client), nome: `${String(client.nome)} (outro cadastro)` },
      },
    ];
  });
}

function readWal(dbPath: string): string {
  try {
    return readFileSync(`${dbPath}-wal`, 'latin1');
  } catch {
    return '';
  }
}

export const badInputCampaign: Campaign = {
  name: 'bad-input',
  title: 'malformed SGP records, OZmap records out of the documented forms',
  async run(options) {
    const started = Date.now();
    const tally = createTally('bad-input');
    const runs = runNumbers(options, 1);
    const sizes =
      options.scale === 'full'
        ? { valid: 2_000, malformed: 10_000, ozmapMess: 10 }
        : { valid: 120, malformed: 400, ozmapMess: 60 };
    for (const run of runs) {
      tally.run();
      try {
        await badInputRun(tally, options, sizes, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`bad-input: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};

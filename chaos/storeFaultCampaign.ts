import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteEventStore } from '../src/adapters/eventstore/sqliteEventStore.ts';
import { configSecrets, loadConfig } from '../src/app/config/index.ts';
import { createLogger } from '../src/app/logger.ts';
import { createService, type Service } from '../src/app/createService.ts';
import { decodeEvent } from '../src/domain/events/decodeEvent.ts';
import type { RecordedEvent } from '../src/domain/eventStore.ts';
import { createRandom } from '../sim/shared/random.ts';
import {
  createTally,
  listProblems,
  runNumbers,
  runSeed,
  type Campaign,
  type CampaignOptions,
  type Tally,
} from './campaign.ts';
import { isQuiet, referenceState, settle } from './support/engines.ts';
import { byStream, integrityOf, readEventLog } from './support/eventLog.ts';
import {
  canonicalOzmap,
  diffLines,
  duplicateCodes,
  repeatedObservationLines,
  unexplainedChanges,
  unresolvedCommands,
} from './support/invariants.ts';
import { startSimWorld } from './support/simWorld.ts';
import { auditWrites } from './support/writeAudit.ts';
import { buildWorld } from './support/worlds.ts';

/**
 * Campaign 5, store faults: the SQLite event store fills up (`PRAGMA max_page_count` pinned to
 * the pages it has, at a seeded append of a cycle) or turns read-only (`PRAGMA query_only` at a
 * seeded append, or the file opened `readonly: true`; chmod does not stop root). The service
 * must fail with a clear error and say so on /ready, leave no partial event and no write
 * without its intent, and carry on once the fault is gone.
 */

type Fault = 'disk-full' | 'read-only' | 'opened-read-only';

const MESSAGES: Record<Fault, RegExp> = {
  'disk-full': /full/i,
  'read-only': /read-only/i,
  'opened-read-only': /read-only/i,
};

/** A store whose appends, from the k-th on, hit the fault until `heal()`. */
function faultyStore(store: SqliteEventStore, fault: Fault, k: number) {
  let appends = 0;
  let armed = true;
  const inject = (): void => {
    if (fault === 'disk-full')
      store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    else store.db.pragma('query_only = ON');
  };
  const wrapped: SqliteEventStore = {
    ...store,
    append: async (stream, events, options) => {
      appends += 1;
      if (armed && appends === k) inject();
      return store.append(stream, events, options);
    },
  };
  return {
    store: wrapped,
    injected: () => appends >= k,
    heal(): void {
      armed = false;
      store.db.pragma('max_page_count = 1073741823');
      store.db.pragma('query_only = OFF');
    },
  };
}

/** Events that are not whole: undecodable, or a stream with a revision gap. */
function partialEvents(dbPath: string): string[] {
  const events = readEventLog(dbPath);
  const problems: string[] = [];
  for (const event of events) {
    const recorded: RecordedEvent = {
      id: '',
      type: event.type,
      data: event.data,
      metadata: null,
      streamId: event.stream,
      revision: event.revision,
      position: event.position,
      created: '',
    };
    if (decodeEvent(recorded) === null)
      problems.push(`${event.stream}@${event.revision} ${event.type} does not decode`);
  }
  for (const [stream, list] of byStream(events))
    if (!list.every((e, i) => e.revision === i)) problems.push(`${stream}: revision gap`);
  return problems;
}

async function storeRun(tally: Tally, options: CampaignOptions, contracts: number, run: number): Promise<void> {
  const seed = runSeed(options.seed, run);
  const random = createRandom(seed);
  const fault: Fault = (['disk-full', 'read-only', 'opened-read-only'] as const)[(run - 1) % 3]!;
  const k = random.int(1, 60);
  tally.context(`store run ${run} (seed ${seed}; ${fault}${fault === 'opened-read-only' ? '' : ` at append #${k}`})`);
  const world = buildWorld({ contracts, seed: (options.seed + run) >>> 0 });
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-store-'));
  const dbPath = join(dir, 'events.db');
  const sims = await startSimWorld({ sgpFixture: world.sgp, ozmapFixture: world.ozmap, trackWrites: true });
  const audit = auditWrites(sims, dbPath);
  const env = sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${dbPath}` });
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    secrets: configSecrets(loaded.config),
    destination: { write: (line: string) => void lines.push(line) },
  });
  const startService = (store: SqliteEventStore): Promise<Service> =>
    createService(loaded.config, { logger, store, owner: 'chaos-store' });
  let store = openSqliteEventStore(dbPath);
  let service: Service | null = null;
  try {
    // 1. The fault, where the service meets it.
    let failure = '';
    if (fault === 'opened-read-only') {
      // A store that exists (one clean cycle), reopened read-only: the next cycle cannot write.
      service = await startService(store);
      await service.scheduler.trigger('sync', 'chaos');
      await service.stop();
      store = openSqliteEventStore(dbPath, { readonly: true });
      const before = readEventLog(dbPath).length;
      try {
        service = await startService(store);
        const report = await service.scheduler.trigger('cancel', 'chaos');
        failure =
          report === null
            ? lines.filter((l) => l.includes('"level":50')).join('\n')
            : `the cycle ran: ${report.outcome} ${report.error ?? ''}`;
        const ready = service.readiness();
        tally.check(
          '/ready degraded while the store cannot be written',
          !ready.ready && MESSAGES[fault].test(ready.reasons.join(' ')),
          () => JSON.stringify(ready),
        );
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        tally.check('/ready degraded while the store cannot be written (start refused)', true);
      }
      tally.fault();
      tally.check(
        'nothing appended to a read-only store',
        readEventLog(dbPath).length === before,
        () => `${readEventLog(dbPath).length - before} events`,
      );
      await service?.stop().catch(() => undefined);
      await store.close();
      store = openSqliteEventStore(dbPath);
      service = await startService(store);
    } else {
      const faulty = faultyStore(store, fault, k);
      service = await startService(faulty.store);
      for (const kind of ['sync', 'cancel', 'sync'] as const) {
        const report = await service.scheduler.trigger(kind, 'chaos');
        if (report === null || report.outcome === 'failed') {
          failure = report?.error ?? lines.filter((l) => l.includes('"level":50')).join('\n');
          break;
        }
      }
      if (faulty.injected()) {
        tally.fault();
        const ready = service.readiness();
        tally.check(
          '/ready degraded while the store cannot be written',
          !ready.ready && MESSAGES[fault].test(ready.reasons.join(' ')),
          () => JSON.stringify(ready),
        );
      } else tally.note(`run ${run}: the cycles made fewer than ${k} appends`);
      await service.stop().catch(() => undefined);
      faulty.heal();
      service = await startService(store);
    }
    tally.check('a clear error names the fault', failure === '' || MESSAGES[fault].test(failure), () =>
      failure.slice(0, 500),
    );
    tally.check('no partial event', partialEvents(dbPath).length === 0, () =>
      listProblems(partialEvents(dbPath), String),
    );
    tally.check('event log integrity_check ok', integrityOf(dbPath) === 'ok', () => integrityOf(dbPath));
    // 2. The fault is gone: the service resumes and converges.
    const resumed = await service.scheduler.trigger('sync', 'chaos');
    tally.check(
      'the service resumes once the fault is gone',
      resumed?.outcome === 'completed',
      () => `${resumed?.outcome} ${resumed?.error ?? lines.slice(-3).join('\n')}`,
    );
    const settled = await settle(service.engine);
    const quiet = await isQuiet(service.engine);
    audit.close();
    const state = await sims.ozmapState();
    const events = readEventLog(dbPath);
    const expected = await referenceState(world);
    tally.check('clean cycles settle', settled.quiet && quiet);
    tally.check('OZmap equals the desired state', diffLines(canonicalOzmap(state), expected) === '', () =>
      diffLines(canonicalOzmap(state), expected),
    );
    tally.check('zero duplicate codes', duplicateCodes(state).length === 0, () =>
      listProblems(duplicateCodes(state), String),
    );
    tally.check('no observation line twice', repeatedObservationLines(state).length === 0, () =>
      listProblems(repeatedObservationLines(state), String),
    );
    tally.check('every OZmap write had its OzmapCommandIssued before it', audit.problems.length === 0, () =>
      listProblems(audit.problems, String),
    );
    const unresolved = unresolvedCommands(events);
    tally.check('every command issued has its outcome in the trail', unresolved.length === 0, () =>
      listProblems(unresolved, String),
    );
    const unexplained = unexplainedChanges(world.ozmap, state, events);
    tally.check('every client created or removed is named in its trail', unexplained.length === 0, () =>
      listProblems(unexplained, String),
    );
    const ready = service.readiness();
    tally.check('/ready healthy again', ready.ready, () => JSON.stringify(ready));
  } finally {
    audit.close();
    await service?.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    await sims.close();
    if (options.keep) options.log(`store: run ${run} kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export const storeFaultCampaign: Campaign = {
  name: 'store',
  title: 'disk full, read-only store',
  async run(options) {
    const started = Date.now();
    const tally = createTally('store');
    const runs = runNumbers(options, options.scale === 'full' ? 30 : 3);
    for (const run of runs) {
      tally.run();
      try {
        await storeRun(tally, options, options.scale === 'full' ? 40 : 24, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`store: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};

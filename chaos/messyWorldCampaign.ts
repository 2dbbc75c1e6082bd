import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixtures, type GeneratedFixtures } from '../sim/generate/generateFixtures.ts';
import type { OzmapState } from '../sim/ozmap/ozmapFixture.ts';
import { logLines } from './badInputCampaign.ts';
import {
  createTally,
  listProblems,
  runNumbers,
  runSeed,
  type Campaign,
  type CampaignOptions,
  type Tally,
} from './campaign.ts';
import { outOfBoundsWrites } from './support/boundsInvariants.ts';
import { readEventLog, type LogEvent } from './support/eventLog.ts';
import {
  contractCodes,
  contractsOfEditedRecords,
  divergedFromClean,
  heldForBadData,
} from './support/messyWorldChecks.ts';
import { startService, type ServiceExit } from './support/serviceProcess.ts';
import { startSimWorld } from './support/simWorld.ts';
import { tallyUnreadable } from './support/unreadableInvariants.ts';

/**
 * Issue 11's "done when": a generated world messy on BOTH sides, as `sim generate --ozmap-mess 3
 * --sgp-mess 2` makes it (OZmap records edited out of the documented forms; SGP copies of one
 * contract, identical or conflicting, and absurd values), and the same seed clean. `sync --once`
 * then `cancel --once` by `bin/sgp-ozmap` as a child process on each. Then: no duplicate code, no
 * cancellation without its line, no value outside the bounds written, every contract untouched by
 * bad data ends exactly as on the clean world, and the contracts held back are exactly those tied
 * to bad records.
 */

interface World {
  readonly before: OzmapState;
  readonly after: OzmapState;
  readonly exits: readonly ServiceExit[];
  readonly events: readonly LogEvent[];
}

async function runWorld(fixtures: GeneratedFixtures, options: CampaignOptions, label: string): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), `sgp-ozmap-chaos-messy-${label}-`));
  const dbPath = join(dir, 'events.db');
  const sims = await startSimWorld({
    sgpFixture: fixtures.sgp as { clientes: unknown[] },
    ozmapFixture: fixtures.ozmap,
  });
  try {
    const env = sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'warn', REQUEST_TIMEOUT: '30s' });
    const before = await sims.ozmapState();
    const exits: ServiceExit[] = [];
    for (const kind of ['sync', 'cancel'])
      exits.push(await startService([kind, '--once'], env, { timeoutMs: 900_000 }).exit);
    return { before, after: await sims.ozmapState(), exits, events: readEventLog(dbPath) };
  } finally {
    await sims.close();
    if (options.keep) options.log(`messy-world: ${label} kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function messyWorldRun(
  tally: Tally,
  options: CampaignOptions,
  sizes: { contracts: number; ozmapMess: number; sgpMess: number },
  run: number,
): Promise<void> {
  const seed = runSeed(options.seed, run);
  tally.context(`messy-world run ${run} (seed ${seed})`);
  const messy = generateFixtures({
    contracts: sizes.contracts,
    seed,
    ozmapMessPerThousand: sizes.ozmapMess,
    sgpMess: sizes.sgpMess,
  });
  const clean = generateFixtures({ contracts: sizes.contracts, seed });
  const handEdits = messy.ozmap.handEdits ?? [];
  tally.fault(messy.sgpMess.length);
  const dirty = await runWorld(messy, options, 'messy');
  const tidy = await runWorld(clean, options, 'clean');

  const bad = [...dirty.exits, ...tidy.exits].filter((e) => e.code !== 0);
  tally.check('the process never crashes (every cycle on both worlds exits 0)', bad.length === 0, () =>
    listProblems(bad, (e) => `exit ${e.code} ${e.signal ?? ''}: ${e.stderr.slice(-300)}`),
  );
  // The OZmap half: no duplicate code, no write to a bad record, no cancellation without its line, every block tied to a bad record, counted and logged.
  tallyUnreadable(tally, {
    handEdits,
    before: dirty.before,
    after: dirty.after,
    events: dirty.events,
    logs: dirty.exits.map((e) => logLines(e.stderr)),
  });
  const outOfBounds = outOfBoundsWrites(dirty.before, dirty.after);
  tally.check(
    'no value outside the bounds written to OZmap (name length, control/bidi characters, RX, REGION_BOUNDS)',
    outOfBounds.length === 0,
    () => listProblems(outOfBounds, String),
  );
  const codes = dirty.after.ftthClients.map((c) => c.code);
  tally.check(
    'no two OZmap clients with one code, SGP copies included',
    codes.length === new Set(codes).size,
    () => `${codes.length - new Set(codes).size} duplicated`,
  );

  const held = heldForBadData(dirty.events);
  const ownRecordEdited = contractsOfEditedRecords(clean.ozmap, handEdits);
  const messCodes = new Set(messy.sgpMess.map((m) => m.code));
  const strayHeld = [...held.sgp].filter((code) => !messCodes.has(code));
  tally.check('every contract rejected or held for SGP values is one of the SGP mess', strayHeld.length === 0, () =>
    listProblems(strayHeld, String),
  );
  const conflicting = messy.sgpMess.filter((m) => m.kind === 'conflicting-copy').map((m) => m.code);
  const unrejected = conflicting.filter((code) => !held.sgp.has(code));
  tally.check('every code in conflicting SGP records is rejected', unrejected.length === 0, () =>
    listProblems(unrejected, String),
  );
  const wrote = conflicting.filter((code) =>
    dirty.events.some((e) => e.stream === `contract-${code}` && e.type === 'OzmapCommandIssued'),
  );
  tally.check('nothing written to OZmap for a code in conflicting SGP records', wrote.length === 0, () =>
    listProblems(wrote, String),
  );

  // A client whose code was blanked by hand still is its contract's client (docs/decisions/0004): no second one.
  const blanked = handEdits
    .filter((e) => e.collection === 'ftthClients' && 'code' in e.fields)
    .map((e) => clean.ozmap.ftthClients?.find((c) => c.id === e.id)?.code);
  const recreated = blanked.filter((code) => dirty.after.ftthClients.some((c) => c.code === code));
  tally.check(
    'no second client for a contract whose OZmap client had its code blanked by hand',
    recreated.length === 0,
    () => listProblems(recreated, String),
  );
  const { untouched, differ } = divergedFromClean({
    codes: new Set([...contractCodes(dirty.events), ...contractCodes(tidy.events)]),
    tiedToBadData: (code) => held.ozmap.has(code) || messCodes.has(code) || ownRecordEdited.has(code),
    messy: dirty.after,
    clean: tidy.after,
  });
  tally.check(
    'every contract untouched by bad data ends exactly as on the clean world',
    differ.length === 0,
    () => `${differ.length} of ${untouched}: ${listProblems(differ, String)}`,
  );
  const kinds = new Map<string, number>();
  for (const m of messy.sgpMess) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  const heldKinds = messy.sgpMess
    .filter((m) => held.sgp.has(m.code))
    .map((m) => m.kind)
    .join(', ');
  tally.note(
    `${sizes.contracts.toLocaleString('en')} contracts; SGP: ${messy.sgpMess.length} messy records (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${held.sgp.size} contracts rejected or held for their values (${heldKinds})`,
  );
  tally.note(`${untouched.toLocaleString('en')} contracts untouched by bad data compared with the clean world`);
}

export const messyWorldCampaign: Campaign = {
  name: 'messy-world',
  title: 'a generated world messy on both sides (OZmap and SGP) against the same world clean',
  async run(options) {
    const started = Date.now();
    const tally = createTally('messy-world');
    const runs = runNumbers(options, 1);
    // Full: what `sim generate --ozmap-mess 3 --sgp-mess 2` makes. Short: higher rates so that every kind shows up.
    const sizes =
      options.scale === 'full'
        ? { contracts: 2_000, ozmapMess: 3, sgpMess: 0.02 }
        : { contracts: 300, ozmapMess: 30, sgpMess: 0.1 };
    for (const run of runs) {
      tally.run();
      try {
        await messyWorldRun(tally, options, sizes, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`messy-world: run ${run}/${runs.length} done`);
    }
    tally.context('');
    return tally.result(Date.now() - started);
  },
};

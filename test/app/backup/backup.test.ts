import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupEventLog, pruneBackups, scheduledBackupName } from '../../../src/app/backup/backupEventLog.ts';
import { backupCommand } from '../../../src/app/cli/commands/backup.ts';
import type { OzmapGateway } from '../../../src/reconciler/ports.ts';
import type { OzmapFixture } from '../../../sim/ozmap/ozmapFixture.ts';
import type { SgpFixture } from '../../../sim/sgp/sgpFixture.ts';
import { openEngine, runOnce } from '../../../chaos/support/engines.ts';
import { readEventLog } from '../../../chaos/support/eventLog.ts';
import { startSimWorld, type SimWorld } from '../../../chaos/support/simWorld.ts';
import { captureIo } from '../../support/captureIo.ts';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../../support/ozmapRecords.ts';

const SGP = sgpFixture(...[1, 2, 3, 4].map((code) => ({ code, cto: 'CTO-01', porta: code }))) as unknown as SgpFixture;
const OZMAP = ozmapFixture({
  boxes: [box('b1', 'CTO-01')],
  splitters: [splitter('s1', 'b1')],
}) as unknown as OzmapFixture;

let dir = '';
let sims: SimWorld | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('backups of the SQLite event log', () => {
  it('DESIGN a backup taken mid-cycle, restored and replayed, resumes without a duplicate client', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-backup-'));
    const live = join(dir, 'events.db');
    const backup = join(dir, 'backup.db');
    sims = await startSimWorld({ sgpFixture: SGP, ozmapFixture: OZMAP });
    let creations = 0;
    // The backup runs while the cycle is between its second and third creation, its writes going on.
    const backupMidCycle = (g: OzmapGateway): OzmapGateway => ({
      ...g,
      async createPropertyWithClient(command) {
        if (++creations === 3) await backupEventLog(live, backup);
        return g.createPropertyWithClient(command);
      },
    });
    const engine = await openEngine(sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${live}`, OZMAP_CONCURRENCY: '1' }), {
      wrapGateway: backupMidCycle,
    });
    expect((await runOnce(engine, 'sync')).counts.created).toBe(4);
    await engine.close();
    const copied = readEventLog(backup);
    expect(copied.filter((e) => e.type === 'OzmapClientCreated').length).toBe(2);
    expect(copied.some((e) => e.type === 'CycleFinished')).toBe(false);

    // Restore: the backup over the live file (its -wal and -shm gone), replay, then cycles.
    for (const f of [live, `${live}-wal`, `${live}-shm`]) rmSync(f, { force: true });
    copyFileSync(backup, live);
    const restored = await openEngine(sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${live}` }));
    try {
      expect((await restored.replay()).applied).toBeGreaterThan(0);
      const resumed = await runOnce(restored, 'sync');
      expect(resumed.counts.created ?? 0).toBe(0);
      expect(resumed.outcome).toBe('completed');
    } finally {
      await restored.close();
    }
    const codes = (await sims.ozmapState()).ftthClients.map((c) => c.code).sort();
    expect(codes).toEqual(['1', '2', '3', '4']);
    // What the backup knew stays; the creation whose intent it held is resolved from OZmap; the
    // one it never saw is found by code and left alone (its creation is lost with the log's tail).
    const events = readEventLog(live);
    const outcomes = (code: string) =>
      events
        .filter((e) => e.stream === `contract-${code}` && /^Ozmap(ClientCreated|CreationSuperseded)$/.test(e.type))
        .map((e) => e.type);
    expect([outcomes('1'), outcomes('2'), outcomes('3'), outcomes('4')]).toEqual([
      ['OzmapClientCreated'],
      ['OzmapClientCreated'],
      ['OzmapCreationSuperseded'],
      [],
    ]);
  }, 60_000);

  it('CONFIG `sgp-ozmap backup <file>` copies the log and says so; without a SQLite store it says what to do', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-backup-'));
    const live = join(dir, 'events.db');
    sims = await startSimWorld({ sgpFixture: SGP, ozmapFixture: OZMAP });
    const engine = await openEngine(sims.serviceEnv({ EVENTSTORE_URL: `sqlite:${live}` }));
    await runOnce(engine, 'sync');
    await engine.close();
    const io = captureIo({ EVENTSTORE_URL: `sqlite:${live}` });
    expect(await backupCommand.run([join(dir, 'copy.db')], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/backup: .*events\.db -> .*copy\.db/);
    expect(readEventLog(join(dir, 'copy.db')).length).toBe(readEventLog(live).length);
    const esdb = captureIo({ EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' });
    expect(await backupCommand.run([join(dir, 'x.db')], esdb)).toBe(1);
    expect(esdb.err.join('\n')).toMatch(/EventStoreDB: back it up with its own tools/);
  }, 60_000);

  it('CONFIG scheduled backups keep the newest BACKUP_KEEP', () => {
    dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-backup-'));
    const names = [0, 1, 2, 3].map((h) => scheduledBackupName(new Date(Date.UTC(2026, 11, 7, h))));
    for (const n of names) writeFileSync(join(dir, n), '');
    writeFileSync(join(dir, 'other.db'), '');
    expect(pruneBackups(dir, 2)).toEqual(names.slice(0, 2));
    expect(readdirSync(dir).sort()).toEqual(['other.db', ...names.slice(2)].sort());
    expect(existsSync(join(dir, 'other.db'))).toBe(true);
  });
});

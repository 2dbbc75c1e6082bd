import { openSync, writeSync, closeSync, statSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, type CliResult, type CliRig } from './cliRig.ts';

/**
 * Issue 11 behaviour 9: a SQLite file damaged in the middle is named, with its recovery, on one
 * readable line: never a bare "database disk image is malformed", never a stack trace.
 */

const SGP = sgpFixture(
  ...Array.from({ length: 40 }, (_, i) => ({
    code: 700 + i,
    cto: 'CTO-A',
    porta: (i % 8) + 1,
    nome: `Cliente com um nome bem comprido ${'x'.repeat(200)} ${i}`,
  })),
);
const OZMAP = ozmapFixture({ boxes: [box('bA', 'CTO-A')], splitters: [splitter('sA', 'bA')] });

let rig: CliRig;
let db: string;
beforeAll(async () => {
  rig = await startCliRig({ sgpFixture: SGP, ozmapFixture: OZMAP });
  db = join(rig.dir, 'events.db');
  const first = await rig.cli(['sync', '--once']);
  if (first.code !== 0) throw new Error(`first sync: ${first.stdout}${first.stderr}`);
  copyFileSync(db, `${db}.good`);
  // Damage the middle of the file: pages of tables and indexes, the header left intact.
  const size = statSync(db).size;
  const fd = openSync(db, 'r+');
  writeSync(fd, Buffer.alloc(Math.floor(size / 3), 0xff), 0, Math.floor(size / 3), Math.floor(size / 3));
  closeSync(fd);
}, 60_000);
afterAll(async () => {
  await rig.close();
});

const readable = (result: CliResult) =>
  `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => line !== '' && !line.startsWith('{'));

describe('a damaged SQLite file', () => {
  it('CONFIG sync and history name the file and the recovery, exit 1, no stack trace', async () => {
    // plan opens the store as sync does; history reads it without the engine.
    for (const command of [
      ['sync', '--once'],
      ['history', '705'],
    ]) {
      const result = await rig.cli(command);
      const what = `${command.join(' ')}: ${result.stdout}${result.stderr}`;
      expect(result.code, what).toBe(1);
      expect(result.stderr, what).not.toMatch(/"stack"|\n\s+at /);
      expect(
        readable(result).some((line) => line.includes(db) && /replay/.test(line) && /backup/.test(line)),
        what,
      ).toBe(true);
    }
  }, 60_000);
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSgpFixtureLines, SgpFixtureLineError, writeSgpFixtureFile } from '../../sim/sgp/sgpFixtureFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'sgp-fixture-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SGP fixture files, one record per line', () => {
  const clientes = [
    { id: 1, nome: 'Ana\nLinha', contratos: [{ contrato: 10 }] },
    'not an object',
    null,
    { id: 2, nome: 'Bruno, "B"', contratos: [] },
  ];

  it('write then read gives the records back, and the file is one JSON document', async () => {
    const path = join(dir, 'a.json');
    await writeSgpFixtureFile(path, clientes);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ clientes });
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(clientes.length + 3);
    expect(await readSgpFixtureLines(path)).toEqual({ clientes });
  });

  it('an empty base reads back empty', async () => {
    const path = join(dir, 'empty.json');
    await writeSgpFixtureFile(path, []);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ clientes: [] });
    expect(await readSgpFixtureLines(path)).toEqual({ clientes: [] });
  });

  it('a file in another layout is left to the whole-file reader', async () => {
    const path = join(dir, 'whole.json');
    writeFileSync(path, JSON.stringify({ clientes }));
    expect(await readSgpFixtureLines(path)).toBeUndefined();
  });

  it('a bad line is named by its number', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"clientes":[\n{"id":1},\n{"id":\n]}\n');
    await expect(readSgpFixtureLines(path)).rejects.toThrow(SgpFixtureLineError);
    await expect(readSgpFixtureLines(path)).rejects.toThrow(/line 3/);
  });

  it('a file cut before its end is refused', async () => {
    const path = join(dir, 'cut.json');
    writeFileSync(path, '{"clientes":[\n{"id":1},\n');
    await expect(readSgpFixtureLines(path)).rejects.toThrow(/ends before/);
  });
});

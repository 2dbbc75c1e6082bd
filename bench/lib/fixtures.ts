/**
 * The benchmark's fixtures, made by the project's generator and kept between runs (the same
 * options always give byte-identical JSON, so a cached copy is the same data):
 * - `sgp.json`: the SGP customer base;
 * - `ozmap-network.json`: OZmap with its boxes and splitters but no clients (scenario 1, a first
 *   sync): the generated properties and FTTH clients are removed, and the splitter ports their
 *   drops held are freed; the other occupants (bare fibers, blocked ports) stay.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixtures } from '../../sim/generate/generateFixtures.ts';
import type { OzmapFixture } from '../../sim/ozmap/ozmapFixture.ts';
import { writeSgpFixtureFile } from '../../sim/sgp/sgpFixtureFile.ts';

export interface FixtureFiles {
  readonly dir: string;
  readonly sgp: string;
  readonly ozmapNetwork: string;
  /** SGP contracts (the generator's `contracts`). */
  readonly contracts: number;
}

// The SGP fixture is written one record per line (sim/sgp/sgpFixtureFile.ts); a copy cached whole
// by an earlier run holds the same data, and the simulator reads either layout.
const FORMAT = 1;

/** OZmap's network only: no property, no client, the ports of their drops free again. */
export function networkOnly(ozmap: OzmapFixture): OzmapFixture {
  const dropFibers = new Set<string>();
  for (const property of ozmap.properties ?? []) {
    for (const connection of (property as { connections?: { fiber?: unknown }[] }).connections ?? []) {
      if (typeof connection.fiber === 'string') dropFibers.add(connection.fiber);
    }
  }
  const splitters = (ozmap.splitters ?? []).map((splitter) => {
    const connectables = (splitter as { connectables?: { input?: unknown[]; output?: unknown[] } }).connectables;
    if (!connectables?.output) return splitter;
    const output = connectables.output.map((fiber) =>
      typeof fiber === 'string' && dropFibers.has(fiber) ? null : fiber,
    );
    return { ...splitter, connectables: { ...connectables, output } };
  }) as OzmapFixture['splitters'];
  return { ...ozmap, splitters, properties: [], ftthClients: [] };
}

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Generates (or finds from an earlier run) the fixtures of `contracts` contracts. */
export async function ensureFixtures(
  contracts: number,
  seed: number,
  root = join(tmpdir(), 'sgp-ozmap-bench'),
): Promise<FixtureFiles> {
  const dir = join(root, `v${FORMAT}-${contracts}-seed${seed}`);
  const files: FixtureFiles = {
    dir,
    sgp: join(dir, 'sgp.json'),
    ozmapNetwork: join(dir, 'ozmap-network.json'),
    contracts,
  };
  if (existsSync(files.sgp) && existsSync(files.ozmapNetwork)) return files;
  mkdirSync(dir, { recursive: true });
  const generated = generateFixtures({ contracts, seed });
  writeAtomically(files.ozmapNetwork, JSON.stringify(networkOnly(generated.ozmap)));
  // One record per line, streamed: at 300,000 contracts the JSON is past V8's largest string.
  await writeSgpFixtureFile(files.sgp, generated.sgp.clientes);
  return files;
}

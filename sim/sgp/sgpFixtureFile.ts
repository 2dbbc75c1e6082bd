import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * SGP fixtures as files, streamed one client record per line. At 300,000 contracts the fixture
 * is about 570 MB of JSON, past V8's largest string (512 MB): it can be neither written by one
 * `JSON.stringify` nor read by one `readFile` + `JSON.parse`. The file is still one JSON document,
 *
 *   {"clientes":[
 *   {...first record...},
 *   {...last record...}
 *   ]}
 *
 * (JSON.stringify never writes a raw line break, so each record is one line), and a fixture
 * written by hand in any other layout is read whole, as before.
 */
export const SGP_FIXTURE_HEAD = '{"clientes":[';
const TAIL = ']}';

/** The text of `{"clientes": clientes}` in the streamed layout, a record at a time. */
export function* sgpFixtureChunks(clientes: Iterable<unknown>): Generator<string> {
  yield SGP_FIXTURE_HEAD;
  let first = true;
  for (const cliente of clientes) {
    yield `${first ? '' : ','}\n${JSON.stringify(cliente)}`;
    first = false;
  }
  yield `\n${TAIL}\n`;
}

/** Writes `{"clientes": clientes}` one record per line, to a temporary name first, then renamed. */
export async function writeSgpFixtureFile(path: string, clientes: Iterable<unknown>): Promise<void> {
  const temporary = `${path}.tmp`;
  const out = createWriteStream(temporary, { encoding: 'utf8' });
  const closed = once(out, 'close');
  for (const chunk of sgpFixtureChunks(clientes)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await closed;
  await rename(temporary, path);
}

/** A line of the file that is not what the streamed layout puts there. */
export class SgpFixtureLineError extends Error {
  override readonly name = 'SgpFixtureLineError';
}

/**
 * Reads the client records of a file in the streamed layout, line by line (never the whole file
 * as one string); undefined when the file does not start with that layout's first line, so that
 * the caller reads it whole. A bad line rejects with its line number.
 */
export async function readSgpFixtureLines(path: string): Promise<{ clientes: unknown[] } | undefined> {
  return parseSgpFixtureLines(createReadStream(path, { encoding: 'utf8' }));
}

/** The same, from any text stream (a file, an HTTP body). */
export async function parseSgpFixtureLines(input: NodeJS.ReadableStream): Promise<{ clientes: unknown[] } | undefined> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  const clientes: unknown[] = [];
  let number = 0;
  let ended = false;
  try {
    for await (const line of lines) {
      number += 1;
      if (number === 1) {
        if (line !== SGP_FIXTURE_HEAD) return undefined;
        continue;
      }
      if (ended) {
        if (line.trim() === '') continue;
        throw new SgpFixtureLineError(`line ${number}: text after the closing "${TAIL}"`);
      }
      if (line === TAIL) {
        ended = true;
        continue;
      }
      const record = line.endsWith(',') ? line.slice(0, -1) : line;
      try {
        clientes.push(JSON.parse(record));
      } catch (error) {
        throw new SgpFixtureLineError(`line ${number} is not one JSON record: ${(error as Error).message}`);
      }
    }
  } finally {
    lines.close();
  }
  if (number === 0) return undefined;
  if (!ended) throw new SgpFixtureLineError(`the file ends before its closing "${TAIL}" (line ${number})`);
  return { clientes };
}

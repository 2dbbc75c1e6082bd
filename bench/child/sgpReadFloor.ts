/**
 * The floor of a steady cycle's SGP read (issue 18): every page of `POST /api/ura/clientes/`
 * fetched four at a time over node:http with keep-alive, decoded and parsed, nothing kept. Any
 * cycle pays at least this; compare it with the cycle's own CPU seconds.
 *
 *   SGP_URL=... node --import tsx bench/child/sgpReadFloor.ts [--contracts 100000] [--mode bytes|text|parse]
 *
 * Prints one JSON line: the mode, the megabytes read, wall and CPU seconds of the process.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { contracts: { type: 'string', default: '100000' }, mode: { type: 'string', default: 'parse' } },
});
const total = Number(values.contracts);
const mode = values.mode as 'bytes' | 'text' | 'parse';
const base = new URL(process.env.SGP_URL ?? 'http://127.0.0.1:8080');
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function readPage(offset: number): Promise<Buffer> {
  const body = JSON.stringify({
    token: 'sim-token',
    app: 'sim-app',
    offset,
    limit: 100,
    exibir_conexao: 1,
    omitir_titulos: 1,
  });
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: '/api/ura/clientes/',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

let next = 0;
let bytes = 0;
async function worker(): Promise<void> {
  while (next < total) {
    const offset = next;
    next += 100;
    const page = await readPage(offset);
    bytes += page.length;
    if (mode === 'bytes') continue;
    const text = page.toString('utf8');
    if (mode === 'parse') JSON.parse(text);
  }
}

const started = performance.now();
await Promise.all([worker(), worker(), worker(), worker()]);
const cpu = process.cpuUsage();
agent.destroy();
console.log(
  JSON.stringify({
    mode,
    megabytes: Math.round(bytes / 1e6),
    wallSeconds: Math.round(performance.now() - started) / 1000,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
  }),
);

/**
 * Scenario 5 of the cycles benchmark: the naive integration, for comparison. It reads SGP the
 * same way (the same client, pages and concurrency), then, for EVERY contract, finds the OZmap
 * client by its code (`GET ftth-clients?filter=[code = N]`) and PATCHes every client field it
 * derives from SGP (name, implanted, connection status), changed or not, `OZMAP_CONCURRENCY`
 * contracts at a time over the same HTTP transport (same limits, retries, keep-alive).
 *
 * It is a LOWER bound of a naive integration's cost: it leaves the property fields (RX,
 * coordinates, address) alone, which would take two more requests per client (find the
 * property, PATCH it). Run with the engine's environment (SGP_URL, OZMAP_URL, ...); prints one
 * JSON line: `{ contracts, found, patched, failed, ms }`.
 */
import { loadConfig, formatConfigProblems } from '../../src/app/config/index.ts';
import { createHttpTransport } from '../../src/adapters/upstream/createHttpTransport.ts';
import { createSgpClient, sgpSecrets } from '../../src/adapters/sgp/createSgpClient.ts';
import { createOzmapClient } from '../../src/adapters/ozmap/createOzmapClient.ts';
import { normaliseContract } from '../../src/domain/sgp/normaliseContract.ts';
import { desiredClientStatus } from '../../src/domain/planner/planUpdate.ts';
import { runPool } from '../../src/reconciler/runPool.ts';

const loaded = loadConfig(process.env);
if (!loaded.ok) throw new Error(formatConfigProblems(loaded.problems));
const config = loaded.config;
const started = performance.now();

const { token, app } = config.sgp;
if (token === undefined || app === undefined) throw new Error('the naive baseline expects SGP_TOKEN and SGP_APP');
const sgpAuth = { token, app };
const transport = (
  upstream: 'sgp' | 'ozmap',
  c: { url: string; concurrency: number; maxRps: number },
  secrets: string[],
) =>
  createHttpTransport({
    upstream,
    baseUrl: c.url,
    concurrency: c.concurrency,
    maxRps: c.maxRps,
    timeoutMs: config.requestTimeoutMs,
    secrets,
  });
const sgp = createSgpClient({
  transport: transport('sgp', config.sgp, sgpSecrets(sgpAuth)),
  auth: sgpAuth,
  concurrency: config.sgp.concurrency,
});
if (config.ozmap.apiKey === undefined) throw new Error('the naive baseline expects OZMAP_API_KEY');
const ozmap = createOzmapClient({
  transport: transport('ozmap', config.ozmap, [config.ozmap.apiKey]),
  auth: { apiKey: config.ozmap.apiKey },
});

const sweep = await sgp.sweepContracts();
let found = 0;
let patched = 0;
let failed = 0;
await runPool(sweep.records, config.ozmap.concurrency, async (record) => {
  const snapshot = normaliseContract(record);
  try {
    const client = await ozmap.findClientByCode(snapshot.code);
    if (client === null) return;
    found += 1;
    const status = desiredClientStatus(snapshot);
    const implant = snapshot.status !== 'unknown' && config.rules.implantStatuses.includes(snapshot.status);
    await ozmap.updateClient(client.id, {
      ...(snapshot.name !== '' ? { name: snapshot.name } : {}),
      implanted: implant || client.implanted,
      ...(status !== null ? { status } : {}),
    });
    patched += 1;
  } catch {
    failed += 1;
  }
});
console.log(
  JSON.stringify({ contracts: sweep.records.length, found, patched, failed, ms: performance.now() - started }),
);

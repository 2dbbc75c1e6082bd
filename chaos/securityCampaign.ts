import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { startWebhookReceiver } from './support/serviceInProcess.ts';
import { ROOT, startService } from './support/serviceProcess.ts';

/**
 * Campaign 6, security: a whole `bin/sgp-ozmap demo` run, with SGP answering truncated pages
 * (whose first half holds a customer's passwords) and OZmap rotating its key for a while, so
 * that errors and alerts happen. No secret (SGP token, OZmap key, admin token, read token,
 * webhook URL, the fixture's fake customer secrets) may appear in stdout, stderr, any API
 * answer, any alert or the event store file. Writes need the admin token; write endpoints are
 * rate limited. `npm audit --omit=dev` must find nothing high or critical (full scale only: its
 * answer changes from day to day).
 */

interface Answer {
  readonly what: string;
  readonly status: number;
  readonly text: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T | undefined> {
  for (let waited = 0; waited < ms; waited += 200) {
    const value = await what();
    if (value !== undefined) return value;
    await sleep(200);
  }
  return undefined;
}

function npmAudit(): Promise<{ ok: true; high: number; critical: number } | { ok: false; why: string }> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--json'],
      { cwd: ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout) => {
        try {
          const report = JSON.parse(stdout) as {
            metadata?: { vulnerabilities?: Record<string, number> };
            message?: string;
            error?: { summary?: string };
          };
          const counts = report.metadata?.vulnerabilities;
          if (!counts)
            return done({ ok: false, why: (report.message ?? report.error?.summary ?? 'no report').slice(0, 160) });
          return done({ ok: true, high: counts['high'] ?? 0, critical: counts['critical'] ?? 0 });
        } catch {
          return done({ ok: false, why: 'npm audit gave no JSON answer' });
        }
      },
    );
  });
}

async function securityRun(tally: Tally, options: CampaignOptions, run: number): Promise<void> {
  const seed = runSeed(options.seed, run);
  tally.context(`security run ${run} (seed ${seed})`);
  const full = options.scale === 'full';
  const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-chaos-security-'));
  const demoDir = join(dir, 'demo');
  const port = await freePort();
  const webhook = await startWebhookReceiver();
  const readToken = randomBytes(16).toString('hex');
  const webhookUrl = `${webhook.url}/${randomBytes(8).toString('hex')}`;
  const stopAfter = full ? '60s' : '20s';
  const demo = startService(
    [
      'demo',
      '--contracts',
      full ? '300' : '120',
      '--seed',
      String(seed % 1000),
      '--stop-after',
      stopAfter,
      '--port',
      String(port),
      '--dir',
      demoDir,
      '--sync-interval',
      full ? '5s' : '3s',
      '--cancel-interval',
      full ? '10s' : '5s',
      '--change-every',
      '2s',
    ],
    { LOG_LEVEL: 'debug', READ_TOKEN: readToken, ALERT_WEBHOOK_URL: webhookUrl },
    { timeoutMs: 180_000 },
  );
  const answers: Answer[] = [];
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, token?: string, body?: unknown): Promise<Answer> => {
    try {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = `${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${await response.text()}`;
      const answer = { what: `${method} ${path}`, status: response.status, text };
      answers.push(answer);
      return answer;
    } catch (error) {
      return { what: `${method} ${path}`, status: 0, text: String(error) };
    }
  };
  try {
    // 1. The demo comes up; its credentials are in its directory.
    const up = await waitFor(
      () =>
        demo.output().stdout.includes('dashboard:') && existsSync(join(demoDir, 'simulators.json')) ? true : undefined,
      60_000,
    );
    if (!up) throw new Error(`the demo did not start: ${demo.output().stderr.slice(-500)}`);
    const admin = readFileSync(join(demoDir, 'admin-token'), 'utf8').trim();
    const sims = JSON.parse(readFileSync(join(demoDir, 'simulators.json'), 'utf8')) as {
      sgp: { url: string; token: string };
      ozmap: { url: string; apiKey: string };
    };
    const secrets: Record<string, string> = {
      'SGP token': sims.sgp.token,
      'OZmap key': sims.ozmap.apiKey,
      'admin token': admin,
      'read token': readToken,
      'alert webhook URL': webhookUrl,
      ...Object.fromEntries(Object.entries(fakeSecrets).map(([k, v]) => [`fake SGP ${k} secret`, v])),
    };
    await waitFor(
      async () =>
        (
          (
            JSON.parse((await call('GET', '/api/cycles?limit=5')).text.split('\n\n').slice(1).join('\n\n') || '{}') as {
              items?: { outcome: string }[];
            }
          ).items ?? []
        ).some((c) => c.outcome === 'completed') || undefined,
      60_000,
    );
    // 2. Faults that make errors happen: truncated and HTML SGP pages, a rotated OZmap key.
    await fetch(`${sims.sgp.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed,
        rules: [
          { fault: { kind: 'truncated' }, when: 'after', rate: 0.4 },
          { fault: { kind: 'html200' }, when: 'after', rate: 0.2 },
        ],
      }),
    });
    await fetch(`${sims.ozmap.url}/__sim/api-key`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: `rotated-${randomBytes(8).toString('hex')}` }),
    });
    tally.fault(2);
    await sleep(full ? 12_000 : 7_000);
    await fetch(`${sims.ozmap.url}/__sim/api-key`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: sims.ozmap.apiKey }),
    });
    await fetch(`${sims.sgp.url}/__sim/faults`, { method: 'DELETE' });
    // 3. Every read the API offers, and errors.
    const clients = JSON.parse(
      (await call('GET', '/api/clients?limit=200')).text.split('\n\n').slice(1).join('\n\n'),
    ) as { items: { code: string }[] };
    const codes = clients.items.slice(0, full ? 40 : 10).map((c) => c.code);
    for (const path of [
      '/health',
      '/ready',
      '/metrics',
      '/api/meta',
      '/api/cycles?limit=200',
      '/api/plan',
      '/api/guard',
      '/api/skipped',
      '/docs/json',
      '/',
      '/api/clients?state=skipped',
      '/api/clients/999999999',
      '/api/clients/%00',
      '/api/cycles?cursor=not!a!cursor',
    ])
      await call('GET', path);
    for (const code of codes) {
      await call('GET', `/api/clients/${code}`);
      await call('GET', `/api/clients/${code}/history?limit=200`);
    }
    // 4. Writes: refused without the admin token or with a wrong one, whatever else is presented.
    const refused: string[] = [];
    for (const [path, body] of [
      ['/api/cycles', { kind: 'sync' }],
      ['/api/replay', undefined],
      ['/api/cancellations/confirm', { hash: '0123456789abcdef' }],
    ] as const) {
      // Three paths x three tokens: nine attempts, within the ten a minute the limit allows.
      for (const token of [undefined, 'wrong-token', readToken]) {
        const answer = await call('POST', path, token, body);
        if (answer.status !== 401)
          refused.push(`${path} with ${token ? 'a wrong token' : 'no token'}: ${answer.status}`);
      }
    }
    tally.check('writes refused without the admin token or with a wrong one (401)', refused.length === 0, () =>
      listProblems(refused, String),
    );
    const accepted = await call('POST', '/api/cycles', admin, { kind: 'sync' });
    tally.check(
      'a write with the admin token is accepted',
      accepted.status === 202,
      () => `${accepted.status} ${accepted.text.slice(-200)}`,
    );
    // 5. Rate limit on the write endpoints: ten attempts spent the minute's budget.
    const limited = await call('POST', '/api/cycles', admin, { kind: 'sync' });
    const flood: number[] = [];
    for (let i = 0; i < 5; i++) flood.push((await call('POST', '/api/replay', 'wrong-token')).status);
    tally.check(
      'write endpoints are rate limited (429 after 10 a minute, admin token or not)',
      limited.status === 429 && flood.every((s) => s === 429),
      () => `${limited.status} then ${flood.join(',')}`,
    );
    const readsStillOpen = await call('GET', '/api/meta');
    tally.check('the write limit does not block reads', readsStillOpen.status === 200, () =>
      String(readsStillOpen.status),
    );
    // 6. The demo ends by itself; then every output is searched.
    const exit = await demo.exit;
    tally.check(
      'the demo runs to its end and exits 0',
      exit.code === 0,
      () => `exit ${exit.code} ${exit.signal}: ${exit.stderr.slice(-300)}`,
    );
    const store = ['sgp-ozmap.db', 'sgp-ozmap.db-wal']
      .map((f) => (existsSync(join(demoDir, f)) ? readFileSync(join(demoDir, f), 'latin1') : ''))
      .join('');
    const places: Record<string, string> = {
      stdout: exit.stdout,
      stderr: exit.stderr,
      'API answers': answers.map((a) => `${a.what} ${a.status}\n${a.text}`).join('\n'),
      alerts: JSON.stringify(webhook.alerts),
      'event store file': store,
    };
    for (const [place, text] of Object.entries(places)) {
      const found = Object.entries(secrets).filter(
        ([, value]) => text.includes(value) || text.includes(encodeURIComponent(value)),
      );
      tally.check(`no secret in ${place}`, found.length === 0, () => found.map(([name]) => name).join(', '));
    }
    const logLines = exit.stderr.split('\n').filter((l) => l.startsWith('{')).length;
    const errors = answers.filter((a) => a.status >= 400).length;
    tally.note(
      `run ${run}: ${logLines.toLocaleString('en')} log lines, ${answers.length} API answers (${errors} errors), ${webhook.alerts.length} alerts, ${(store.length / 1e6).toFixed(1)} MB of event store searched`,
    );
    tally.check(
      'the faults produced errors and alerts to search',
      webhook.alerts.length > 0 && /"level":(40|50)/.test(exit.stderr),
      () => `${webhook.alerts.length} alerts`,
    );
  } finally {
    demo.kill();
    await demo.exit;
    await webhook.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const securityCampaign: Campaign = {
  name: 'security',
  title: 'secrets, admin token, rate limit',
  async run(options) {
    const started = Date.now();
    const tally = createTally('security');
    const runs = runNumbers(options, 1);
    for (const run of runs) {
      tally.run();
      try {
        await securityRun(tally, options, run);
      } catch (error) {
        tally.check('the run completes', false, () =>
          error instanceof Error ? (error.stack ?? error.message) : String(error),
        );
      }
      options.log(`security: run ${run}/${runs.length} done`);
    }
    tally.context('');
    if (options.scale === 'full') {
      const audit = await npmAudit();
      if (audit.ok)
        tally.check(
          'npm audit --omit=dev: no high or critical finding',
          audit.high + audit.critical === 0,
          () => `${audit.high} high, ${audit.critical} critical`,
        );
      else tally.skip(`npm audit --omit=dev could not run here: ${audit.why}`);
    }
    return tally.result(Date.now() - started);
  },
};

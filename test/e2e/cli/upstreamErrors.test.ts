import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sgpFixture } from '../../support/sgpRecords.ts';
import { box, ozmapFixture, splitter } from '../../support/ozmapRecords.ts';
import { startCliRig, type CliResult, type CliRig } from './cliRig.ts';

/**
 * Issue 11 behaviours 7 and 8, issue 12 item 9: every upstream failure a user can cause ends, on
 * every command, in one readable line naming the system, the cause and the fix; no JSON stack
 * trace before it; OZmap refusing the key is `credentials-rejected` (exit 1, an alert naming
 * OZmap) like SGP's; no secret written in a URL reaches the output.
 */

const OZMAP = ozmapFixture({ boxes: [box('bA', 'CTO-A')], splitters: [splitter('sA', 'bA')] });
const SGP = sgpFixture({ code: 601, cto: 'CTO-A', porta: 1 });

let rig: CliRig;
let webhook: Server;
let silent: TcpServer;
const sockets: Socket[] = [];
let closedPort = 0;
const alerts: { kind: string; message: string }[] = [];

beforeAll(async () => {
  webhook = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += String(chunk)));
    request.on('end', () => {
      alerts.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((listening) => webhook.listen(0, '127.0.0.1', listening));
  // Accepts connections and never answers: a timeout.
  silent = createTcpServer((socket) => void sockets.push(socket));
  await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
  // A port nobody listens on: a refused connection.
  const probe = createTcpServer();
  await new Promise<void>((listening) => probe.listen(0, '127.0.0.1', listening));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((closed) => probe.close(closed));
  rig = await startCliRig({
    sgpFixture: SGP,
    ozmapFixture: OZMAP,
    env: { ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/alerts` },
  });
});
afterAll(async () => {
  await rig.close();
  for (const socket of sockets) socket.destroy();
  await new Promise((closed) => silent.close(closed));
  await new Promise((closed) => webhook.close(closed));
});

const lines = (result: CliResult) => `${result.stdout}\n${result.stderr}`.split('\n');
/** The one readable line that has every piece, or undefined. */
const lineWith = (result: CliResult, ...pieces: (string | RegExp)[]) =>
  lines(result).find(
    (line) => !line.startsWith('{') && pieces.every((p) => (typeof p === 'string' ? line.includes(p) : p.test(line))),
  );
const noStackTrace = (result: CliResult) => expect(result.stderr).not.toMatch(/"stack"|\n\s+at /);

/**
 * The runs side by side, each on its own store (so that no run waits for another's lease): much
 * of their time is the transport's retries backing off, which overlap.
 */
const runs: Record<string, CliResult> = {};
let refusedUrl = '';
let httpsUrl = '';
let silentUrl = '';
beforeAll(async () => {
  refusedUrl = `http://127.0.0.1:${closedPort}`;
  httpsUrl = `https://127.0.0.1:${(rig.ozmap.server.address() as AddressInfo).port}`;
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const plans: Record<string, [string[], Record<string, string>]> = {
    ozmapKeySync: [['sync', '--once'], { OZMAP_API_KEY: 'not-the-key' }],
    ozmapKeyPlan: [['plan'], { OZMAP_API_KEY: 'not-the-key' }],
    sgpTokenSync: [['sync', '--once'], { SGP_TOKEN: 'not-the-token' }],
    sgpTokenPlan: [['plan'], { SGP_TOKEN: 'not-the-token' }],
    ozmapRefused: [['sync', '--once'], { OZMAP_URL: refusedUrl }],
    sgpRefused: [['plan'], { SGP_URL: refusedUrl }],
    tls: [['sync', '--once'], { OZMAP_URL: httpsUrl }],
    timeout: [['sync', '--once'], { OZMAP_URL: silentUrl, REQUEST_TIMEOUT: '1s' }],
    config: [
      ['sync', '--once'],
      {
        SGP_URL: 'https://isp.sgp.net.br/x?token=QUERYSECRET123',
        OZMAP_URL: 'https://user:USERINFOSECRET456@isp.ozmap.com.br/api/v2',
      },
    ],
  };
  // Three at a time: the runs' own start-up is CPU work, their retries' backoff is not.
  const queue = Object.entries(plans);
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [name, [args, env]] = next;
      runs[name] = await rig.cli(args, {
        EVENTSTORE_URL: `sqlite:${rig.dir}/${name}.db`,
        READMODEL_PATH: `${rig.dir}/${name}-readmodels.db`,
        ...env,
      });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}, 180_000);
const run = (name: string): CliResult => runs[name] ?? { code: -1, stdout: '', stderr: `no run ${name}` };

describe('OZmap refusing the key', () => {
  it('CONFIG sync: credentials-rejected, exit 1, one readable line naming OZmap and OZMAP_API_KEY', () => {
    expect(run('ozmapKeySync').code).toBe(1);
    expect(lineWith(run('ozmapKeySync'), 'OZmap', 'credentials', 'OZMAP_API_KEY')).toBeDefined();
    noStackTrace(run('ozmapKeySync'));
  });

  it('CONFIG sync: the alert is credentials-rejected and names OZmap', () => {
    expect(alerts).toContainEqual(
      expect.objectContaining({ kind: 'credentials-rejected', message: expect.stringContaining('OZmap') }),
    );
  });

  it('CONFIG plan: exit 1, the same readable line, no stack trace', () => {
    expect(run('ozmapKeyPlan').code).toBe(1);
    expect(lineWith(run('ozmapKeyPlan'), 'OZmap', 'credentials', 'OZMAP_API_KEY')).toBeDefined();
    noStackTrace(run('ozmapKeyPlan'));
  });
});

describe('SGP refusing the token', () => {
  it('CONFIG sync and plan: exit 1, a readable line, and no JSON stack trace before it', () => {
    for (const name of ['sgpTokenSync', 'sgpTokenPlan']) {
      const result = run(name);
      expect(result.code, name).toBe(1);
      expect(lineWith(result, 'SGP', 'credentials', 'SGP_TOKEN'), name).toBeDefined();
      noStackTrace(result);
    }
  });
});

describe('unreachable systems', () => {
  it('CONFIG a refused connection names the system, ECONNREFUSED, the URL and the setting to check', () => {
    const ozmap = run('ozmapRefused');
    expect(ozmap.code).not.toBe(0);
    expect(
      lineWith(ozmap, 'OZmap', 'ECONNREFUSED', refusedUrl, 'OZMAP_URL'),
      ozmap.stdout + ozmap.stderr,
    ).toBeDefined();
    const sgp = run('sgpRefused');
    expect(sgp.code).not.toBe(0);
    expect(lineWith(sgp, 'SGP', 'ECONNREFUSED', refusedUrl, 'SGP_URL'), sgp.stdout + sgp.stderr).toBeDefined();
    noStackTrace(sgp);
  });

  it('CONFIG TLS spoken to a plain HTTP server names TLS and the URL', () => {
    const result = run('tls');
    expect(result.code).not.toBe(0);
    expect(lineWith(result, 'OZmap', /TLS/, httpsUrl, 'OZMAP_URL'), result.stdout + result.stderr).toBeDefined();
  });

  it('CONFIG a server that never answers is a timeout naming REQUEST_TIMEOUT', () => {
    const result = run('timeout');
    expect(result.code).not.toBe(0);
    expect(lineWith(result, 'OZmap', silentUrl, 'REQUEST_TIMEOUT'), result.stdout + result.stderr).toBeDefined();
  });
});

describe('secrets written in URLs', () => {
  it('CONFIG a configuration error never echoes a token in a URL query string or user-info', () => {
    const result = run('config');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SGP_URL');
    expect(result.stderr).toContain('OZMAP_URL');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/QUERYSECRET123|USERINFOSECRET456/);
  });
});

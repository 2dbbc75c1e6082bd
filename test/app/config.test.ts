import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  configSecrets,
  formatConfigProblems,
  isLoopbackHost,
  loadConfig,
  parseBoolean,
  parseCancelGuard,
  parseDuration,
  parseHttpUrl,
  parseIntegerList,
  parseStringList,
} from '../../src/app/config/index.ts';
import type { Config } from '../../src/app/config/index.ts';
import { defaultRuleOptions, ruleOptionsSchema } from '../../src/domain/ruleOptions.ts';

const dir = mkdtempSync(join(tmpdir(), 'sgp-ozmap-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const SECRETS = {
  SGP_TOKEN: 'sgp-token-1f3a9c',
  OZMAP_API_KEY: 'ozmap-key-77aa01',
  ADMIN_TOKEN: 'admin-token-5e5e5e',
  READ_TOKEN: 'read-token-0b0b0b',
};

/** The least an operator must set for the service to start. */
const minimal = {
  SGP_URL: 'https://isp.sgp.net.br',
  SGP_TOKEN: SECRETS.SGP_TOKEN,
  SGP_APP: 'sgp-ozmap',
  OZMAP_URL: 'https://isp.ozmap.com.br:9994',
  OZMAP_API_KEY: SECRETS.OZMAP_API_KEY,
};

function loadOk(env: Record<string, string | undefined>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`unexpected problems:\n${result.problems.join('\n')}`);
  return result.config;
}

function problemsOf(env: Record<string, string | undefined>, requireUpstreams = true): string[] {
  const result = requireUpstreams ? loadConfig(env) : loadConfig(env, { requireUpstreams: false });
  if (result.ok) throw new Error('expected problems, the configuration loaded');
  return result.problems;
}

describe('formats', () => {
  it('reads durations into milliseconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(' 2M ')).toBe(120_000);
    for (const bad of ['10', '', '-1s', '1d', '1.5h', 's', '10 m', 'ten minutes'])
      expect(parseDuration(bad)).toBeUndefined();
  });

  it('reads booleans in every spelling, in any case', () => {
    for (const yes of ['true', 'TRUE', '1', 'on', 'On']) expect(parseBoolean(yes)).toBe(true);
    for (const no of ['false', 'False', '0', 'off', 'OFF']) expect(parseBoolean(no)).toBe(false);
    for (const bad of ['yes', 'no', '2', '', 'constructor']) expect(parseBoolean(bad)).toBeUndefined();
  });

  it('reads comma lists of integers and of strings', () => {
    expect(parseIntegerList('1,4,6,7')).toEqual([1, 4, 6, 7]);
    expect(parseIntegerList(' 3 , 5 ')).toEqual([3, 5]);
    expect(parseIntegerList('3,3')).toEqual([3]);
    for (const bad of ['1,,2', '1,a', '-1', '1.5', '']) expect(parseIntegerList(bad)).toBeUndefined();
    expect(parseStringList('Centro, 42 ,Zona Norte')).toEqual(['Centro', '42', 'Zona Norte']);
    expect(parseStringList('a,,b')).toBeUndefined();
  });

  it('reads the cancel guard as a count and a percentage', () => {
    expect(parseCancelGuard('50,5%')).toEqual({ maxCount: 50, maxPercent: 5 });
    expect(parseCancelGuard('0, 0.5 %')).toEqual({ maxCount: 0, maxPercent: 0.5 });
    for (const bad of ['50', '50,5', '5%', '50,101%', 'off', '-1,5%']) expect(parseCancelGuard(bad)).toBeUndefined();
  });

  it('accepts only http(s) URLs with a host', () => {
    expect(parseHttpUrl('https://x.example/a?b=1')?.href).toBe('https://x.example/a?b=1');
    for (const bad of ['ftp://x', 'x.example', 'http://', 'mailto:a@b']) expect(parseHttpUrl(bad)).toBeUndefined();
  });

  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.0.10', '128.0.0.1', '127.0.0.256', 'example.com']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe('defaults', () => {
  it('gives every variable its CONFIG.md default', () => {
    const config = loadOk(minimal);
    expect(config.sgp).toEqual({
      url: 'https://isp.sgp.net.br',
      token: SECRETS.SGP_TOKEN,
      app: 'sgp-ozmap',
      user: undefined,
      password: undefined,
      concurrency: 4,
      maxRps: 10,
      pageMemoMaxAgeMs: 3_600_000,
    });
    expect(config.ozmap).toEqual({
      url: 'https://isp.ozmap.com.br:9994',
      apiKey: SECRETS.OZMAP_API_KEY,
      login: undefined,
      password: undefined,
      concurrency: 4,
      maxRps: 10,
      pageSize: 100,
    });
    expect(config.requestTimeoutMs).toBe(30_000);
    expect(config.eventStore).toEqual({ kind: 'sqlite', path: './data/sgp-ozmap.db' });
    expect(config.readModelPath).toBe('./data/readmodels.db');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080, adminToken: undefined, readToken: undefined });
    expect(config.alertWebhookUrl).toBeUndefined();
    expect(config.dryRun).toBe(false);
    expect(config.logLevel).toBe('info');
    // The OZmap text limits come from ozmapAssumptions.ts, not from a variable.
    expect(config.rules).toEqual({ ...defaultRuleOptions, textLimits: { clientName: 255, address: 500 } });
  });

  it('has the R7 rule defaults', () => {
    expect(defaultRuleOptions).toEqual({
      syncIntervalMs: 600_000,
      cancelIntervalMs: 1_800_000,
      createClients: true,
      cancelClients: true,
      updateName: true,
      updateRx: true,
      updateCoords: true,
      updateAddress: true,
      implant: true,
      updateStatus: true,
      implantStatuses: [1, 4, 6, 7],
      cancelStatuses: [3, 5],
      boxNameMatch: 'exact',
      projects: [],
      ctoAliases: {},
      onPortConflict: 'skip',
      placeAroundBox: false,
      moveOnCtoChange: false,
      connectLater: true,
      removePropertyCompletely: false,
      disconnectCancelledProperty: false,
      cancelGuard: { maxCount: 50, maxPercent: 5 },
      rxDeadbandDb: 0,
      timezone: 'America/Sao_Paulo',
      region: { minLat: -33.8, maxLat: 5.3, minLng: -74, maxLng: -28.8 },
      updateOnu: false,
      // R9.1: no field policy named, each field follows its flag (today's behaviour).
      fieldPolicies: {},
      // Issue 15: CONTEST_THRESHOLD, CONTEST_WINDOW, CONTEST_MODE (R9.4).
      contest: { threshold: 3, windowMs: 86_400_000, mode: 'apply' },
    });
    expect(Object.isFrozen(defaultRuleOptions.implantStatuses)).toBe(true);
    // A loaded configuration owns its lists: changing one does not change the defaults.
    loadOk(minimal).rules.implantStatuses.push(9);
    expect(defaultRuleOptions.implantStatuses).toEqual([1, 4, 6, 7]);
  });

  it('treats an empty or blank value as unset', () => {
    expect(loadOk({ ...minimal, HTTP_PORT: '', SYNC_INTERVAL: '  ' }).http.port).toBe(8080);
  });
});

describe('every variable', () => {
  it('maps each variable onto the grouped configuration', () => {
    const config = loadOk({
      ...minimal,
      SGP_URL: 'https://isp.sgp.net.br/',
      SGP_CONCURRENCY: '2',
      SGP_MAX_RPS: '2.5',
      OZMAP_URL: 'https://isp.ozmap.com.br:9994/',
      OZMAP_CONCURRENCY: '8',
      OZMAP_MAX_RPS: '20',
      OZMAP_PAGE_SIZE: '500',
      REQUEST_TIMEOUT: '45s',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      READMODEL_PATH: '/var/lib/sgp-ozmap/rm.db',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: '9090',
      ADMIN_TOKEN: SECRETS.ADMIN_TOKEN,
      READ_TOKEN: SECRETS.READ_TOKEN,
      ALERT_WEBHOOK_URL: 'https://hooks.example.com/x',
      DRY_RUN: 'on',
      LOG_LEVEL: 'DEBUG',
      SYNC_INTERVAL: '5m',
      CANCEL_INTERVAL: '1h',
      CREATE_CLIENTS: 'false',
      CANCEL_CLIENTS: '0',
      UPDATE_NAME: 'off',
      UPDATE_RX: 'false',
      UPDATE_COORDS: 'false',
      UPDATE_ADDRESS: 'false',
      IMPLANT: 'false',
      UPDATE_STATUS: 'false',
      IMPLANT_STATUSES: '1,4',
      CANCEL_STATUSES: '3',
      BOX_NAME_MATCH: 'case-insensitive',
      PROJECTS: 'Centro,42',
      ON_PORT_CONFLICT: 'unconnected',
      PLACE_AROUND_BOX: 'true',
      MOVE_ON_CTO_CHANGE: 'true',
      REMOVE_PROPERTY_COMPLETELY: 'true',
      DISCONNECT_CANCELLED_PROPERTY: 'true',
      CANCEL_GUARD: '10,2.5%',
      RX_DEADBAND_DB: '0.5',
      TIMEZONE: 'UTC',
      REGION_BOUNDS: '-8, -2, -42, -36',
    });
    expect(config.sgp).toMatchObject({ url: 'https://isp.sgp.net.br', concurrency: 2, maxRps: 2.5 });
    expect(config.ozmap).toMatchObject({
      url: 'https://isp.ozmap.com.br:9994',
      concurrency: 8,
      maxRps: 20,
      pageSize: 500,
    });
    expect(config.requestTimeoutMs).toBe(45_000);
    expect(config.eventStore).toEqual({ kind: 'esdb', url: 'esdb://localhost:2113?tls=false' });
    expect(config.readModelPath).toBe('/var/lib/sgp-ozmap/rm.db');
    expect(config.http).toEqual({
      host: '0.0.0.0',
      port: 9090,
      adminToken: SECRETS.ADMIN_TOKEN,
      readToken: SECRETS.READ_TOKEN,
    });
    expect(config.alertWebhookUrl).toBe('https://hooks.example.com/x');
    expect(config.dryRun).toBe(true);
    expect(config.logLevel).toBe('debug');
    expect(config.rules).toEqual({
      ...defaultRuleOptions,
      syncIntervalMs: 300_000,
      cancelIntervalMs: 3_600_000,
      createClients: false,
      cancelClients: false,
      updateName: false,
      updateRx: false,
      updateCoords: false,
      updateAddress: false,
      implant: false,
      updateStatus: false,
      implantStatuses: [1, 4],
      cancelStatuses: [3],
      boxNameMatch: 'case-insensitive',
      projects: ['Centro', '42'],
      onPortConflict: 'unconnected',
      placeAroundBox: true,
      moveOnCtoChange: true,
      removePropertyCompletely: true,
      disconnectCancelledProperty: true,
      cancelGuard: { maxCount: 10, maxPercent: 2.5 },
      rxDeadbandDb: 0.5,
      timezone: 'UTC',
      region: { minLat: -8, maxLat: -2, minLng: -42, maxLng: -36 },
      textLimits: { clientName: 255, address: 500 },
    });
  });

  it('REGION_BOUNDS (issue 11): four degrees, each range ordered and on the globe, or a line naming the variable', () => {
    for (const bad of ['-8,-2,-42', '5,-2,-42,-36', '-8,-2,-42,-360', 'norte']) {
      const loaded = loadConfig({ ...minimal, REGION_BOUNDS: bad });
      expect(loaded.ok).toBe(false);
      if (!loaded.ok) expect(loaded.problems.join('\n')).toMatch(/^REGION_BOUNDS/m);
    }
  });

  it('reads the three event store kinds', () => {
    expect(loadOk({ ...minimal, EVENTSTORE_URL: 'sqlite:/tmp/x.db' }).eventStore).toEqual({
      kind: 'sqlite',
      path: '/tmp/x.db',
    });
    expect(loadOk({ ...minimal, EVENTSTORE_URL: 'memory:' }).eventStore).toEqual({ kind: 'memory' });
    const discover = 'esdb+discover://a:2113,b:2113?tls=true';
    expect(loadOk({ ...minimal, EVENTSTORE_URL: discover }).eventStore).toEqual({ kind: 'esdb', url: discover });
    expect(problemsOf({ ...minimal, EVENTSTORE_URL: 'postgres://x' })).toEqual([
      'EVENTSTORE_URL: must be sqlite:<path>, esdb://host:2113?tls=false or memory:, e.g. sqlite:./data/sgp-ozmap.db (got "postgres://x")',
    ]);
  });

  it('accepts HTTP Basic for SGP and a login for OZmap instead of keys', () => {
    const config = loadOk({
      SGP_URL: minimal.SGP_URL,
      SGP_USER: 'integ',
      SGP_PASSWORD: 'pw-sgp-123',
      OZMAP_URL: minimal.OZMAP_URL,
      OZMAP_LOGIN: 'robot',
      OZMAP_PASSWORD: 'pw-oz-456',
    });
    expect(config.sgp).toMatchObject({ user: 'integ', password: 'pw-sgp-123', token: undefined });
    expect(config.ozmap).toMatchObject({ login: 'robot', password: 'pw-oz-456', apiKey: undefined });
  });
});

describe('problems', () => {
  it('says what is wrong in one line naming the variable, with an example', () => {
    expect(problemsOf({ ...minimal, SGP_URL: 'ftp://x' })).toEqual([
      'SGP_URL: must be an http(s) URL with no path, e.g. https://isp.sgp.net.br (got "ftp://x")',
    ]);
  });

  it('takes SGP_PAGE_MEMO_MAX_AGE as a duration or 0, and names it when it is neither', () => {
    expect(loadOk({ ...minimal, SGP_PAGE_MEMO_MAX_AGE: '0' }).sgp?.pageMemoMaxAgeMs).toBe(0);
    expect(loadOk({ ...minimal, SGP_PAGE_MEMO_MAX_AGE: '30m' }).sgp?.pageMemoMaxAgeMs).toBe(1_800_000);
    expect(problemsOf({ ...minimal, SGP_PAGE_MEMO_MAX_AGE: 'soon' })[0]).toMatch(
      /^SGP_PAGE_MEMO_MAX_AGE: .*duration.*or 0/,
    );
  });

  it('rejects an SGP path and the OZmap /api path', () => {
    expect(problemsOf({ ...minimal, SGP_URL: 'https://isp.sgp.net.br/api/ura' })[0]).toMatch(/^SGP_URL: /);
    expect(problemsOf({ ...minimal, OZMAP_URL: 'https://isp.ozmap.com.br:9994/api/v2' })).toEqual([
      'OZMAP_URL: must be an http(s) URL without the /api/v2 path, e.g. https://isp.ozmap.com.br:9994 (got "https://isp.ozmap.com.br:9994/api/v2")',
    ]);
  });

  it('reports every problem at once, each on one line starting with its variable', () => {
    const problems = problemsOf({
      SGP_URL: 'isp.sgp.net.br',
      SGP_TOKEN: SECRETS.SGP_TOKEN,
      OZMAP_API_KEY: SECRETS.OZMAP_API_KEY,
      HTTP_PORT: '99999',
      DRY_RUN: 'maybe',
      SYNC_INTERVAL: '10',
      IMPLANT_STATUSES: '1,3',
      CANCEL_GUARD: '50',
      TIMEZONE: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
      BOX_NAME_MATCH: 'fuzzy',
    });
    const named = problems.map((problem) => problem.split(':')[0]);
    expect(named).toEqual([
      'SGP_URL',
      'SGP_APP',
      'OZMAP_URL',
      'HTTP_PORT',
      'DRY_RUN',
      'LOG_LEVEL',
      'SYNC_INTERVAL',
      'CANCEL_STATUSES',
      'BOX_NAME_MATCH',
      'CANCEL_GUARD',
      'TIMEZONE',
    ]);
    for (const problem of problems) expect(problem).not.toMatch(/\n/);
    expect(problems).toContain('SGP_APP: required with SGP_TOKEN');
    expect(problems).toContain('HTTP_PORT: must be a whole number from 0 to 65535, e.g. 8080 (got "99999")');
    // CANCEL_STATUSES keeps its default here, so there is no value of its own to quote.
    expect(problems).toContain('CANCEL_STATUSES: must not share a status with IMPLANT_STATUSES (both have 3)');
  });

  it('asks for the SGP and OZmap credentials, or their alternatives, in pairs', () => {
    expect(problemsOf({ SGP_URL: minimal.SGP_URL, OZMAP_URL: minimal.OZMAP_URL })).toEqual([
      'SGP_TOKEN: required with SGP_APP, unless SGP_USER and SGP_PASSWORD are set',
      'OZMAP_API_KEY: required, unless OZMAP_LOGIN and OZMAP_PASSWORD are set',
    ]);
    expect(problemsOf({ ...minimal, SGP_USER: 'integ' })).toEqual(['SGP_PASSWORD: required with SGP_USER']);
    expect(problemsOf({ ...minimal, OZMAP_PASSWORD: 'x' })).toEqual(['OZMAP_LOGIN: required with OZMAP_PASSWORD']);
    expect(problemsOf({})).toEqual([
      'SGP_URL: required, e.g. https://isp.sgp.net.br',
      'SGP_TOKEN: required with SGP_APP, unless SGP_USER and SGP_PASSWORD are set',
      'OZMAP_URL: required, e.g. https://isp.ozmap.com.br:9994',
      'OZMAP_API_KEY: required, unless OZMAP_LOGIN and OZMAP_PASSWORD are set',
    ]);
  });

  it('requires READ_TOKEN when the API listens beyond loopback', () => {
    expect(problemsOf({ ...minimal, HTTP_HOST: '0.0.0.0' })).toEqual([
      'READ_TOKEN: required when HTTP_HOST is not a loopback address (HTTP_HOST is 0.0.0.0)',
    ]);
    expect(problemsOf({ ...minimal, HTTP_HOST: '192.168.1.5', ADMIN_TOKEN: SECRETS.ADMIN_TOKEN })[0]).toMatch(
      /^READ_TOKEN: /,
    );
    expect(loadOk({ ...minimal, HTTP_HOST: '0.0.0.0', READ_TOKEN: SECRETS.READ_TOKEN }).http.readToken).toBe(
      SECRETS.READ_TOKEN,
    );
    for (const host of ['localhost', '127.0.0.2', '::1'])
      expect(loadOk({ ...minimal, HTTP_HOST: host }).http.host).toBe(host);
  });

  it('never echoes a secret value', () => {
    const secretEnv = {
      ...SECRETS,
      SGP_PASSWORD: 'sgp-password-9c9c',
      OZMAP_PASSWORD: 'oz-password-8d8d',
      ALERT_WEBHOOK_URL: 'hooks.slack.com/services/T000/B000/ZZZZSECRET',
      EVENTSTORE_URL: 'esdb://admin:changeit-pw@host:2113 bad',
      HTTP_HOST: '0.0.0.0 x',
    };
    const problems = problemsOf({ SGP_URL: 'x', OZMAP_URL: 'y', ...secretEnv });
    const text = problems.join('\n');
    for (const value of [
      ...Object.values(SECRETS),
      'sgp-password-9c9c',
      'oz-password-8d8d',
      'ZZZZSECRET',
      'changeit-pw',
    ]) {
      expect(text).not.toContain(value);
    }
    expect(problems).toContain(
      'ALERT_WEBHOOK_URL: must be an http(s) URL, e.g. https://hooks.example.com/sgp-ozmap (value hidden)',
    );
    expect(problems.find((problem) => problem.startsWith('EVENTSTORE_URL:'))).toContain(
      '(got "esdb://admin:[REDACTED]@host:2113 bad")',
    );
  });

  it('runs without SGP and OZmap settings when they are not required, and still checks them', () => {
    const result = loadConfig({}, { requireUpstreams: false });
    expect(result.ok && result.config.sgp).toBeUndefined();
    expect(result.ok && result.config.ozmap).toBeUndefined();
    expect(problemsOf({ SGP_URL: 'ftp://x' }, false)).toEqual([
      'SGP_URL: must be an http(s) URL with no path, e.g. https://isp.sgp.net.br (got "ftp://x")',
    ]);
    expect(problemsOf({ SGP_TOKEN: 'x' }, false)).toEqual(['SGP_APP: required with SGP_TOKEN']);
  });

  it('formats the problems under one heading', () => {
    expect(formatConfigProblems(['A: x', 'B: y'])).toBe('Invalid configuration (2 problems):\n  A: x\n  B: y');
    expect(formatConfigProblems(['A: x'])).toBe('Invalid configuration (1 problem):\n  A: x');
  });
});

describe('CONFIG_FILE', () => {
  it('merges the file under the environment, which wins', () => {
    const file = writeFile(
      'config.json',
      JSON.stringify({
        ...minimal,
        HTTP_PORT: 9000,
        DRY_RUN: true,
        IMPLANT_STATUSES: [1, 4],
        LOG_LEVEL: 'warn',
        READMODEL_PATH: null,
      }),
    );
    const config = loadOk({ CONFIG_FILE: file, LOG_LEVEL: 'error', SGP_TOKEN: 'from-env-token' });
    expect(config.http.port).toBe(9000);
    expect(config.dryRun).toBe(true);
    expect(config.rules.implantStatuses).toEqual([1, 4]);
    expect(config.logLevel).toBe('error');
    expect(config.sgp.token).toBe('from-env-token');
    expect(config.readModelPath).toBe('./data/readmodels.db');
  });

  it('names the file and the key of each problem it has', () => {
    const file = writeFile(
      'typo.json',
      JSON.stringify({ ...minimal, SGP_ULR: 'x', HTTP_PORT: { n: 1 }, SYNC_INTERVAL: '10' }),
    );
    expect(problemsOf({ CONFIG_FILE: file })).toEqual([
      `CONFIG_FILE: ${file} names an unknown variable "SGP_ULR"`,
      `CONFIG_FILE: HTTP_PORT in ${file} must be a string, number, boolean or list (it is an object)`,
      'SYNC_INTERVAL: must be a positive duration in ms, s, m or h, e.g. 10m (got "10")',
    ]);
  });

  it('reports a file it cannot use, alone, without quoting its content', () => {
    const missing = join(dir, 'missing.json');
    expect(problemsOf({ CONFIG_FILE: missing })).toEqual([`CONFIG_FILE: cannot read ${missing} (ENOENT)`]);
    const broken = writeFile('broken.json', `{\n  "SGP_TOKEN": "${SECRETS.SGP_TOKEN}",\n  oops\n}`);
    const problems = problemsOf({ CONFIG_FILE: broken });
    expect(problems).toEqual([`CONFIG_FILE: ${broken} is not valid JSON (line 3, column 3)`]);
    const list = writeFile('list.json', '[1]');
    expect(problemsOf({ CONFIG_FILE: list })[0]).toMatch(
      /^CONFIG_FILE: .*list\.json must hold a JSON object .*\(it holds a list\)$/,
    );
  });
});

describe('CTO_ALIASES', () => {
  it('loads the aliases from the file it names', () => {
    const file = writeFile('aliases.json', JSON.stringify({ 'CTO-01': 'CX-001', 'CTO 2': 'CX-002' }));
    expect(loadOk({ ...minimal, CTO_ALIASES: file }).rules.ctoAliases).toEqual({
      'CTO-01': 'CX-001',
      'CTO 2': 'CX-002',
    });
  });

  it('names the variable and the file when the file is wrong', () => {
    const missing = join(dir, 'no-aliases.json');
    expect(problemsOf({ ...minimal, CTO_ALIASES: missing })).toEqual([`CTO_ALIASES: cannot read ${missing} (ENOENT)`]);
    const broken = writeFile('aliases-broken.json', '{"CTO-01": ');
    expect(problemsOf({ ...minimal, CTO_ALIASES: broken })).toEqual([
      `CTO_ALIASES: ${broken} is not valid JSON (it ends too early)`,
    ]);
    const list = writeFile('aliases-list.json', '["CTO-01"]');
    expect(problemsOf({ ...minimal, CTO_ALIASES: list })).toEqual([
      `CTO_ALIASES: ${list} must hold a JSON object of SGP CTO name to OZmap box name, e.g. {"CTO-01": "CX-01"} (it holds a list)`,
    ]);
    const numbers = writeFile('aliases-numbers.json', '{"CTO-01": 7}');
    expect(problemsOf({ ...minimal, CTO_ALIASES: numbers })[0]).toMatch(
      /^CTO_ALIASES: .* \(the box of "CTO-01" is a number\)$/,
    );
  });

  it('reports a broken alias file together with the other problems', () => {
    const problems = problemsOf({ ...minimal, CTO_ALIASES: join(dir, 'none.json'), DRY_RUN: 'x' });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['DRY_RUN', 'CTO_ALIASES']);
  });
});

describe('secrets for the logger', () => {
  it('lists every configured secret value and the forms they travel in', () => {
    const config = loadOk({
      ...minimal,
      SGP_USER: 'integ',
      SGP_PASSWORD: 'pw',
      ADMIN_TOKEN: SECRETS.ADMIN_TOKEN,
      EVENTSTORE_URL: 'esdb://admin:p%40ss@host:2113',
    });
    expect(configSecrets(config)).toEqual(
      expect.arrayContaining([
        SECRETS.SGP_TOKEN,
        SECRETS.OZMAP_API_KEY,
        SECRETS.ADMIN_TOKEN,
        'pw',
        Buffer.from('integ:pw').toString('base64'),
        'p%40ss',
        'p@ss',
      ]),
    );
  });
});

describe('rule options schema', () => {
  it('fills the options a caller leaves out and checks the ones it gives', () => {
    expect(ruleOptionsSchema.parse({ projects: ['Centro'] })).toEqual({ ...defaultRuleOptions, projects: ['Centro'] });
    expect(ruleOptionsSchema.safeParse({ implantStatuses: [3], cancelStatuses: [3] }).success).toBe(false);
    expect(ruleOptionsSchema.safeParse({ timezone: 'Mars/Olympus' }).success).toBe(false);
    expect(ruleOptionsSchema.safeParse({ cancelGuard: { maxCount: 1, maxPercent: 150 } }).success).toBe(false);
  });
});

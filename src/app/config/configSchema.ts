import { z } from 'zod';
import { isLoopbackHost } from '../../domain/loopbackHost.ts';
import { SECRET_SETTINGS } from '../../domain/redaction.ts';
import { defaultInsightSettings, type InsightSettings } from '../../domain/insights/insightSettings.ts';
import { defaultRuleOptions, sharedStatuses } from '../../domain/ruleOptions.ts';
import {
  FIELD_FLAGS,
  FIELD_POLICIES,
  POLICY_FIELDS,
  type FieldPolicy,
  type PolicyField,
} from '../../domain/planner/fieldPolicy.ts';
import type { RuleOptions } from '../../domain/ruleOptions.ts';
import {
  booleanText,
  cancelGuardText,
  choiceText,
  decimalText,
  durationOrZeroText,
  durationText,
  httpUrlText,
  integerListText,
  integerText,
  shareText,
  canonicalTimeZone,
  parseBaseUrl,
  parseEventStoreUrl,
  parseHost,
  regionBoundsText,
  stringListText,
  textSchema,
} from './parsers.ts';
import { ozmapAssumptions } from '../../adapters/ozmap/ozmapAssumptions.ts';

export type { EventStoreConfig } from './parsers.ts';

/** Variables whose values never appear in a problem line, a log line or an API response. */
/** The secret settings: one list, in the domain's redaction module. */
export const SECRET_VARIABLES: readonly string[] = SECRET_SETTINGS;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type CtoAliasesResult = { ok: true; aliases: Record<string, string> } | { ok: false; problem: string };

export interface ConfigSchemaOptions {
  /** false for commands that never call SGP or OZmap (`sim`): their settings become optional. */
  requireUpstreams: boolean;
  /** Reads the CTO_ALIASES file; injected so this schema does no I/O of its own. */
  readCtoAliases: (path: string) => CtoAliasesResult;
}

const secret = z.string().optional();
const plain = z.string().optional();
const rules = defaultRuleOptions;
const insights = defaultInsightSettings;

function envObjectSchema(options: ConfigSchemaOptions) {
  const ctoAliases = z.string().transform((path, ctx): Record<string, string> => {
    const result = options.readCtoAliases(path);
    if (result.ok) return result.aliases;
    // The problem names the file itself, so the line does not repeat the value.
    ctx.addIssue({ code: 'custom', message: result.problem, continue: true, params: { showsValue: true } });
    return z.NEVER;
  });
  return z.object({
    SGP_URL: textSchema(
      (text) => parseBaseUrl(text, (path) => path === ''),
      'must be an http(s) URL with no path, e.g. https://isp.sgp.net.br',
    ).optional(),
    SGP_TOKEN: secret,
    SGP_APP: plain,
    SGP_USER: plain,
    SGP_PASSWORD: secret,
    SGP_CONCURRENCY: integerText(1, 64, '4').prefault('4'),
    SGP_MAX_RPS: decimalText(0.1, '10').prefault('10'),
    SGP_PAGE_MEMO_MAX_AGE: durationOrZeroText('1h').prefault('1h'),
    OZMAP_URL: textSchema(
      (text) => parseBaseUrl(text, (path) => !/^\/api(\/|$)/i.test(path)),
      'must be an http(s) URL without the /api/v2 path, e.g. https://isp.ozmap.com.br:9994',
    ).optional(),
    OZMAP_API_KEY: secret,
    OZMAP_LOGIN: plain,
    OZMAP_PASSWORD: secret,
    OZMAP_CONCURRENCY: integerText(1, 64, '4').prefault('4'),
    OZMAP_MAX_RPS: decimalText(0.1, '10').prefault('10'),
    OZMAP_PAGE_SIZE: integerText(1, 1000, '100').prefault('100'),
    REQUEST_TIMEOUT: durationText('30s').prefault('30s'),
    EVENTSTORE_URL: textSchema(
      parseEventStoreUrl,
      'must be sqlite:<path>, esdb://host:2113?tls=false or memory:, e.g. sqlite:./data/sgp-ozmap.db',
    ).prefault('sqlite:./data/sgp-ozmap.db'),
    READMODEL_PATH: z.string().prefault('./data/readmodels.db'),
    HTTP_HOST: textSchema(parseHost, 'must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0').prefault(
      '127.0.0.1',
    ),
    HTTP_PORT: integerText(0, 65535, '8080').prefault('8080'),
    ADMIN_TOKEN: secret,
    READ_TOKEN: secret,
    ALERT_WEBHOOK_URL: httpUrlText('https://hooks.example.com/sgp-ozmap').optional(),
    FAILURE_ALERT_CYCLES: integerText(1, 1000, '3').prefault('3'),
    DRY_RUN: booleanText().prefault('false'),
    LOG_LEVEL: choiceText(LOG_LEVELS).prefault('info'),
    SYNC_INTERVAL: durationText('10m').default(rules.syncIntervalMs),
    CANCEL_INTERVAL: durationText('30m').default(rules.cancelIntervalMs),
    LEASE_TTL: durationText('5m').prefault('5m'),
    BACKUP_INTERVAL: durationText('24h').optional(),
    BACKUP_KEEP: integerText(1, 1000, '7').prefault('7'),
    BACKUP_DIR: z.string().prefault('./data/backups'),
    CREATE_CLIENTS: booleanText().default(rules.createClients),
    CANCEL_CLIENTS: booleanText().default(rules.cancelClients),
    // R9.1: optional, so that a flag set to false beside a policy that writes is caught (fieldPolicyIssues).
    UPDATE_NAME: booleanText().optional(),
    UPDATE_RX: booleanText().optional(),
    UPDATE_COORDS: booleanText().optional(),
    UPDATE_ADDRESS: booleanText().optional(),
    IMPLANT: booleanText().optional(),
    UPDATE_STATUS: booleanText().optional(),
    IMPLANT_STATUSES: integerListText('1,4,6,7').default(() => [...rules.implantStatuses]),
    CANCEL_STATUSES: integerListText('3,5').default(() => [...rules.cancelStatuses]),
    BOX_NAME_MATCH: choiceText(['exact', 'case-insensitive']).default(rules.boxNameMatch),
    CTO_ALIASES: ctoAliases.optional(),
    PROJECTS: stringListText('Centro,42').default(() => [...rules.projects]),
    ON_PORT_CONFLICT: choiceText(['skip', 'unconnected']).default(rules.onPortConflict),
    PLACE_AROUND_BOX: booleanText().default(rules.placeAroundBox),
    MOVE_ON_CTO_CHANGE: booleanText().default(rules.moveOnCtoChange),
    CONNECT_LATER: booleanText().default(rules.connectLater),
    REMOVE_PROPERTY_COMPLETELY: booleanText().default(rules.removePropertyCompletely),
    DISCONNECT_CANCELLED_PROPERTY: booleanText().default(rules.disconnectCancelledProperty),
    CANCEL_GUARD: cancelGuardText().default(() => ({ ...rules.cancelGuard })),
    RX_DEADBAND_DB: decimalText(0, '0.5').default(rules.rxDeadbandDb),
    REGION_BOUNDS: regionBoundsText().default(() => ({ ...rules.region })),
    TIMEZONE: textSchema(canonicalTimeZone, 'must be an IANA time zone, e.g. America/Sao_Paulo').default(
      rules.timezone,
    ),
    UPDATE_ONU: booleanText().optional(),
    FIELD_POLICY_NAME: choiceText(FIELD_POLICIES).optional(),
    FIELD_POLICY_RX: choiceText(FIELD_POLICIES).optional(),
    FIELD_POLICY_COORDS: choiceText(FIELD_POLICIES).optional(),
    FIELD_POLICY_ADDRESS: choiceText(FIELD_POLICIES).optional(),
    FIELD_POLICY_IMPLANTED: choiceText(FIELD_POLICIES).optional(),
    FIELD_POLICY_STATUS: choiceText(FIELD_POLICIES).optional(),
    FIELD_POLICY_ONU: choiceText(FIELD_POLICIES).optional(),
    DRIFT_DIGEST_AGE: durationText('24h').prefault('24h'),
    CONTEST_THRESHOLD: integerText(1, 1_000, '3').default(rules.contest.threshold),
    CONTEST_WINDOW: durationText('24h').default(rules.contest.windowMs),
    CONTEST_MODE: choiceText(['apply', 'hold']).default(rules.contest.mode),
    RX_DEGRADATION_DB: decimalText(0.1, '3').default(insights.rxDegradationDb),
    RX_DEGRADATION_DAYS: integerText(2, 365, '30').default(insights.rxWindowDays),
    RX_DEGRADATION_EDGE_DAYS: integerText(1, 30, '3').default(insights.rxEdgeDays),
    RX_FAULT_SHARE: shareText('50%').default(insights.rxFaultShare),
    OUTAGE_MIN_CLIENTS: integerText(1, 10_000, '3').default(insights.outageMinClients),
    OUTAGE_SHARE: shareText('50%').default(insights.outageShare),
    CONFIG_FILE: plain,
  });
}

/** Every variable the schema knows, e.g. to reject a misspelt key in the CONFIG_FILE. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(
  envObjectSchema({ requireUpstreams: true, readCtoAliases: () => ({ ok: true, aliases: {} }) }).shape,
);

type Env = z.output<ReturnType<typeof envObjectSchema>>;
type Issue = { path: [string]; message: string };

/** A pair of variables that go together: either both or neither. */
function pairIssues(env: Env, first: keyof Env, second: keyof Env): Issue[] {
  if (env[first] !== undefined && env[second] === undefined) {
    return [{ path: [second], message: `required with ${first}` }];
  }
  if (env[second] !== undefined && env[first] === undefined) {
    return [{ path: [first], message: `required with ${second}` }];
  }
  return [];
}

/** Checks that involve more than one variable. */
function crossIssues(env: Env, requireUpstreams: boolean): Issue[] {
  const issues: Issue[] = [
    ...pairIssues(env, 'SGP_TOKEN', 'SGP_APP'),
    ...pairIssues(env, 'SGP_USER', 'SGP_PASSWORD'),
    ...pairIssues(env, 'OZMAP_LOGIN', 'OZMAP_PASSWORD'),
  ];
  if (requireUpstreams) {
    if (env.SGP_URL === undefined) {
      issues.push({ path: ['SGP_URL'], message: 'required, e.g. https://isp.sgp.net.br' });
    }
    if ([env.SGP_TOKEN, env.SGP_APP, env.SGP_USER, env.SGP_PASSWORD].every((value) => value === undefined)) {
      issues.push({ path: ['SGP_TOKEN'], message: 'required with SGP_APP, unless SGP_USER and SGP_PASSWORD are set' });
    }
    if (env.OZMAP_URL === undefined) {
      issues.push({ path: ['OZMAP_URL'], message: 'required, e.g. https://isp.ozmap.com.br:9994' });
    }
    if (env.OZMAP_API_KEY === undefined && env.OZMAP_LOGIN === undefined && env.OZMAP_PASSWORD === undefined) {
      issues.push({ path: ['OZMAP_API_KEY'], message: 'required, unless OZMAP_LOGIN and OZMAP_PASSWORD are set' });
    }
  }
  // A field that failed its own format holds no usable value: only well-typed values are compared.
  if (typeof env.HTTP_HOST === 'string' && !isLoopbackHost(env.HTTP_HOST) && env.READ_TOKEN === undefined) {
    issues.push({
      path: ['READ_TOKEN'],
      message: `required when HTTP_HOST is not a loopback address (HTTP_HOST is ${env.HTTP_HOST})`,
    });
  }
  if (Array.isArray(env.IMPLANT_STATUSES) && Array.isArray(env.CANCEL_STATUSES)) {
    const shared = sharedStatuses(env.IMPLANT_STATUSES, env.CANCEL_STATUSES);
    if (shared.length > 0) {
      issues.push({
        path: ['CANCEL_STATUSES'],
        message: `must not share a status with IMPLANT_STATUSES (both have ${shared.join(',')})`,
      });
    }
  }
  issues.push(...fieldPolicyIssues(env));
  return issues;
}

/** The settings of each field's policy (R9.1): the policy setting, and the old flag that is its shorthand. */
const POLICY_ENV = {
  name: ['FIELD_POLICY_NAME', 'UPDATE_NAME'],
  potencyRead: ['FIELD_POLICY_RX', 'UPDATE_RX'],
  coords: ['FIELD_POLICY_COORDS', 'UPDATE_COORDS'],
  address: ['FIELD_POLICY_ADDRESS', 'UPDATE_ADDRESS'],
  implanted: ['FIELD_POLICY_IMPLANTED', 'IMPLANT'],
  status: ['FIELD_POLICY_STATUS', 'UPDATE_STATUS'],
  onu: ['FIELD_POLICY_ONU', 'UPDATE_ONU'],
} as const satisfies Record<PolicyField, readonly [keyof Env, keyof Env]>;

/** The policy a field's settings give: the policy named, else its flag's (R9.1), else the default. */
function policyOf(env: Env, field: PolicyField): FieldPolicy {
  const [policy, flag] = POLICY_ENV[field];
  const named = env[policy];
  if (typeof named === 'string') return named as FieldPolicy;
  const on = env[flag];
  if (typeof on === 'boolean') return on ? 'sgp' : 'off';
  return rules[FIELD_FLAGS[field]] ? 'sgp' : 'off';
}

/** `UPDATE_X=false` is the shorthand for `FIELD_POLICY_X=off`: set beside another policy, it is a contradiction. */
function fieldPolicyIssues(env: Env): Issue[] {
  return POLICY_FIELDS.flatMap((field) => {
    const [policy, flag] = POLICY_ENV[field];
    const named = env[policy];
    const on = env[flag];
    if (typeof named !== 'string' || typeof on !== 'boolean') return [];
    if ((named === 'off') === !on) return [];
    return [
      {
        path: [policy] as [string],
        message: `${flag}=${on} contradicts ${policy}=${named} (${flag}=false is the shorthand for ${policy}=off): set only ${policy}`,
      },
    ];
  });
}

/** Groups the flat variables into the shape the rest of the service takes. */
function toConfig(env: Env) {
  return {
    sgp:
      env.SGP_URL === undefined
        ? undefined
        : {
            url: env.SGP_URL,
            token: env.SGP_TOKEN,
            app: env.SGP_APP,
            user: env.SGP_USER,
            password: env.SGP_PASSWORD,
            concurrency: env.SGP_CONCURRENCY,
            maxRps: env.SGP_MAX_RPS,
            pageMemoMaxAgeMs: env.SGP_PAGE_MEMO_MAX_AGE,
          },
    ozmap:
      env.OZMAP_URL === undefined
        ? undefined
        : {
            url: env.OZMAP_URL,
            apiKey: env.OZMAP_API_KEY,
            login: env.OZMAP_LOGIN,
            password: env.OZMAP_PASSWORD,
            concurrency: env.OZMAP_CONCURRENCY,
            maxRps: env.OZMAP_MAX_RPS,
            pageSize: env.OZMAP_PAGE_SIZE,
          },
    requestTimeoutMs: env.REQUEST_TIMEOUT,
    eventStore: env.EVENTSTORE_URL,
    readModelPath: env.READMODEL_PATH,
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT, adminToken: env.ADMIN_TOKEN, readToken: env.READ_TOKEN },
    alertWebhookUrl: env.ALERT_WEBHOOK_URL,
    failureAlertCycles: env.FAILURE_ALERT_CYCLES,
    driftDigestAgeMs: env.DRIFT_DIGEST_AGE,
    dryRun: env.DRY_RUN,
    logLevel: env.LOG_LEVEL,
    rules: toRuleOptions(env),
    leaseTtlMs: env.LEASE_TTL,
    backup: { intervalMs: env.BACKUP_INTERVAL, keep: env.BACKUP_KEEP, dir: env.BACKUP_DIR },
    insights: toInsightSettings(env),
  };
}

function toInsightSettings(env: Env): InsightSettings {
  return {
    rxDegradationDb: env.RX_DEGRADATION_DB,
    rxWindowDays: env.RX_DEGRADATION_DAYS,
    rxEdgeDays: env.RX_DEGRADATION_EDGE_DAYS,
    rxFaultShare: env.RX_FAULT_SHARE,
    outageMinClients: env.OUTAGE_MIN_CLIENTS,
    outageShare: env.OUTAGE_SHARE,
  };
}

function toRuleOptions(env: Env): RuleOptions {
  const policies = Object.fromEntries(POLICY_FIELDS.map((field) => [field, policyOf(env, field)])) as Record<
    PolicyField,
    FieldPolicy
  >;
  return {
    syncIntervalMs: env.SYNC_INTERVAL,
    cancelIntervalMs: env.CANCEL_INTERVAL,
    createClients: env.CREATE_CLIENTS,
    cancelClients: env.CANCEL_CLIENTS,
    // The flags follow the policies (R9.1): creation (R2) writes a field unless its policy is off.
    updateName: policies.name !== 'off',
    updateRx: policies.potencyRead !== 'off',
    updateCoords: policies.coords !== 'off',
    updateAddress: policies.address !== 'off',
    implant: policies.implanted !== 'off',
    updateStatus: policies.status !== 'off',
    implantStatuses: env.IMPLANT_STATUSES,
    cancelStatuses: env.CANCEL_STATUSES,
    boxNameMatch: env.BOX_NAME_MATCH,
    projects: env.PROJECTS,
    ctoAliases: env.CTO_ALIASES ?? {},
    onPortConflict: env.ON_PORT_CONFLICT,
    placeAroundBox: env.PLACE_AROUND_BOX,
    moveOnCtoChange: env.MOVE_ON_CTO_CHANGE,
    connectLater: env.CONNECT_LATER,
    removePropertyCompletely: env.REMOVE_PROPERTY_COMPLETELY,
    disconnectCancelledProperty: env.DISCONNECT_CANCELLED_PROPERTY,
    cancelGuard: env.CANCEL_GUARD,
    rxDeadbandDb: env.RX_DEADBAND_DB,
    timezone: env.TIMEZONE,
    region: env.REGION_BOUNDS,
    // The OZmap side of the field bounds: an [assumed] figure, kept with the other assumptions.
    textLimits: { ...ozmapAssumptions.textLimits },
    updateOnu: policies.onu !== 'off',
    // Only the policies named: a field left to its flag reads as it did before policies.
    fieldPolicies: Object.fromEntries(
      POLICY_FIELDS.filter((field) => env[POLICY_ENV[field][0]] !== undefined).map((field) => [field, policies[field]]),
    ),
    contest: { threshold: env.CONTEST_THRESHOLD, windowMs: env.CONTEST_WINDOW, mode: env.CONTEST_MODE },
  };
}

/**
 * The schema of every docs/CONFIG.md variable: input is the variables as non-empty strings, output the
 * grouped configuration. Cross-variable checks run even when a single variable already failed
 * (`when`), so one start-up reports every problem.
 */
export function createConfigSchema(options: ConfigSchemaOptions) {
  return envObjectSchema(options)
    .superRefine(
      (env, ctx) => {
        for (const issue of crossIssues(env, options.requireUpstreams)) ctx.addIssue({ code: 'custom', ...issue });
      },
      { when: () => true },
    )
    .transform(toConfig);
}

/** The configuration of a command that may run without SGP and OZmap (sgp/ozmap undefined when unset). */
export type OfflineConfig = z.output<ReturnType<typeof createConfigSchema>>;
export type SgpConfig = NonNullable<OfflineConfig['sgp']>;
export type OzmapConfig = NonNullable<OfflineConfig['ozmap']>;
export type HttpConfig = OfflineConfig['http'];
/** The configuration of the service: SGP and OZmap are set. */
export type Config = OfflineConfig & { sgp: SgpConfig; ozmap: OzmapConfig };

/**
 * The configured secret values, for the logger to scrub (createLogger `secrets`), including the
 * derived forms that travel on the wire: the Basic credentials and an EventStoreDB password.
 */
export function configSecrets(config: OfflineConfig): string[] {
  const { sgp, ozmap, http, eventStore, alertWebhookUrl } = config;
  const values = [sgp?.token, sgp?.password, ozmap?.apiKey, ozmap?.password, http.adminToken, http.readToken];
  values.push(alertWebhookUrl);
  if (sgp?.user !== undefined && sgp.password !== undefined) {
    values.push(Buffer.from(`${sgp.user}:${sgp.password}`).toString('base64'));
  }
  if (eventStore.kind === 'esdb') {
    const password = /^[^:]+:\/\/[^:@/]*:([^@/]+)@/.exec(eventStore.url)?.[1];
    if (password !== undefined) values.push(password, decodeURIComponent(password));
  }
  return [...new Set(values.filter((value): value is string => value !== undefined && value !== ''))];
}

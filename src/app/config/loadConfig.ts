import { readFileSync } from 'node:fs';
import { redactUrl } from '../../domain/redaction.ts';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { CONFIG_VARIABLES, SECRET_VARIABLES, createConfigSchema } from './configSchema.ts';
import type { Config, CtoAliasesResult, OfflineConfig } from './configSchema.ts';

export interface LoadConfigOptions {
  /** Default true. false lets commands such as `sim` start without SGP and OZmap settings. */
  requireUpstreams?: boolean;
}

export type LoadConfigResult<C> = { ok: true; config: C } | { ok: false; problems: string[] };

type Environment = Record<string, string | undefined>;
type Variables = Record<string, string>;
type JsonRead = { ok: true; value: unknown } | { ok: false; problem: string };

const MAX_ECHO_LENGTH = 120;

/**
 * Reads the configuration from `env` and the optional JSON file named by CONFIG_FILE (same
 * variable names; the environment wins). Relative paths (CONFIG_FILE, CTO_ALIASES, sqlite) are
 * taken from the working directory. Values are trimmed and an empty value counts as unset, as
 * with `FOO= cmd` and as env files with a trailing newline produce.
 */
export function loadConfig(env: Environment, options?: { requireUpstreams?: true }): LoadConfigResult<Config>;
export function loadConfig(env: Environment, options: { requireUpstreams: false }): LoadConfigResult<OfflineConfig>;
export function loadConfig(env: Environment, options?: LoadConfigOptions): LoadConfigResult<OfflineConfig>;
export function loadConfig(env: Environment, options: LoadConfigOptions = {}): LoadConfigResult<OfflineConfig> {
  // 1. The environment, then the file under it.
  const fromEnv = pickVariables(env);
  const file = fromEnv.CONFIG_FILE === undefined ? undefined : readConfigFile(fromEnv.CONFIG_FILE);
  // An unreadable file would make every variable it holds look missing: report the file alone.
  if (file && !file.usable) return { ok: false, problems: file.problems };
  const input: Variables = { ...file?.values, ...fromEnv };

  // 2. One schema judges every variable and their combinations.
  const schema = createConfigSchema({ requireUpstreams: options.requireUpstreams ?? true, readCtoAliases });
  const parsed = schema.safeParse(input);
  const issues = parsed.success ? [] : [...parsed.error.issues].sort(byVariableOrder);
  const problems = [...(file?.problems ?? []), ...issues.map((issue) => problemLine(issue, input))];
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, config: parsed.data };
}

/** The problems under one heading, one line each, as printed before the service stops. */
export function formatConfigProblems(problems: readonly string[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [`Invalid configuration (${count}):`, ...problems.map((problem) => `  ${problem}`)].join('\n');
}

/** In docs/CONFIG.md order, so a cross-variable problem sits next to the variable's own. */
function byVariableOrder(a: z.core.$ZodIssue, b: z.core.$ZodIssue): number {
  return CONFIG_VARIABLES.indexOf(String(a.path[0])) - CONFIG_VARIABLES.indexOf(String(b.path[0]));
}

function pickVariables(source: Environment): Variables {
  const variables: Variables = {};
  for (const name of CONFIG_VARIABLES) {
    const value = source[name]?.trim();
    if (value) variables[name] = value;
  }
  return variables;
}

/** `NAME: what is wrong, e.g. a valid value (got "the value")`, on one line, secrets hidden. */
function problemLine(issue: z.core.$ZodIssue, input: Variables): string {
  const name = typeof issue.path[0] === 'string' ? issue.path[0] : 'configuration';
  const message = issue.message.replace(/\s*\n\s*/g, ' ');
  const raw = input[name];
  const showsValue = issue.code === 'custom' && issue.params?.showsValue === true;
  if (raw === undefined || showsValue) return `${name}: ${message}`;
  return `${name}: ${message} ${echoValue(name, raw)}`;
}

function echoValue(name: string, raw: string): string {
  if (SECRET_VARIABLES.includes(name)) return '(value hidden)';
  // A URL can carry a password (esdb://admin:changeit@host) or a token in its query string.
  const masked = redactUrl(raw);
  const short = masked.length > MAX_ECHO_LENGTH ? `${masked.slice(0, MAX_ECHO_LENGTH - 3)}...` : masked;
  return `(got ${JSON.stringify(short)})`;
}

function readJsonFile(file: string): JsonRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: `cannot read ${file} (${code ?? (error as Error).message})` };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    // V8 quotes the text around the fault, which may be a secret: only say where it is.
    return { ok: false, problem: `${file} is not valid JSON${jsonFaultPlace(text, (error as Error).message)}` };
  }
}

function jsonFaultPlace(text: string, message: string): string {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return /end of JSON/.test(message) ? ' (it ends too early)' : '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The file's values as the environment would hold them, and what is wrong with it. */
function readConfigFile(path: string): { values: Variables; problems: string[]; usable: boolean } {
  const file = resolve(path);
  const read = readJsonFile(file);
  if (!read.ok) return { values: {}, problems: [`CONFIG_FILE: ${read.problem}`], usable: false };
  if (!isPlainObject(read.value)) {
    const example = '{"SGP_URL": "https://isp.sgp.net.br"}';
    const kind = describeJson(read.value);
    const problem = `${file} must hold a JSON object of variables, e.g. ${example} (it holds ${kind})`;
    return { values: {}, problems: [`CONFIG_FILE: ${problem}`], usable: false };
  }
  const values: Variables = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(read.value)) {
    const text = fileValueText(value);
    if (name === 'CONFIG_FILE') problems.push(`CONFIG_FILE: ${file} cannot name another config file`);
    else if (!CONFIG_VARIABLES.includes(name)) {
      problems.push(`CONFIG_FILE: ${file} names an unknown variable "${name}"`);
    } else if (text === undefined) {
      const kind = describeJson(value);
      problems.push(`CONFIG_FILE: ${name} in ${file} must be a string, number, boolean or list (it is ${kind})`);
    } else if (text !== '') values[name] = text;
  }
  return { values, problems, usable: true };
}

/** JSON gives numbers, booleans and lists where the environment has text: write them as text. */
function fileValueText(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return value.join(',');
  }
  return undefined;
}

/** CTO_ALIASES names a JSON file of `{ "<SGP CTO name>": "<OZmap box name>" }`. */
function readCtoAliases(path: string): CtoAliasesResult {
  const file = resolve(path);
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const expected = `${file} must hold a JSON object of SGP CTO name to OZmap box name, e.g. {"CTO-01": "CX-01"}`;
  if (!isPlainObject(read.value)) return { ok: false, problem: `${expected} (it holds ${describeJson(read.value)})` };
  for (const [cto, box] of Object.entries(read.value)) {
    if (cto.trim() === '') return { ok: false, problem: `${expected} (it has an empty CTO name)` };
    if (typeof box !== 'string' || box.trim() === '') {
      const kind = typeof box === 'string' ? 'empty' : describeJson(box);
      return { ok: false, problem: `${expected} (the box of ${JSON.stringify(cto)} is ${kind})` };
    }
  }
  return { ok: true, aliases: read.value as Record<string, string> };
}

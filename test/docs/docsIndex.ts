import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Readers of the repository's documents for the tests that keep them true: the clauses of
 * docs/RULES.md with the files and tests each names, the relative links of every Markdown file,
 * and the variables of docs/CONFIG.md's settings table.
 */

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function isFile(root: string, path: string): boolean {
  return existsSync(join(root, path)) && statSync(join(root, path)).isFile();
}

export interface TestReference {
  readonly file: string;
  readonly titles: string[];
}

export interface RuleClause {
  /** `R2.5`, or `R6` for a section that has no numbered clauses. */
  readonly id: string;
  /** 1-based line of the clause in RULES.md. */
  readonly line: number;
  readonly code: string[];
  readonly tests: TestReference[];
  readonly status: string[];
  /** Lines naming something that is not where the format expects it. */
  readonly problems: string[];
}

const SECTION = /^## (R\d+)\.\s/;
const CLAUSE = /^- (R\d+\.\d+[a-z]?)\s/;
const REFERENCE = /^\s*- (Code|Tests|Status):\s*(.*)$/;
const TOKEN = /`([^`]+)`|"([^"]*)"/g;

/**
 * The clauses of RULES.md: every `- R1.2 ...` bullet, and every `## R6.` section without such
 * bullets. A `- Code:`, `- Tests:` or `- Status:` line belongs to the clause or section above it.
 */
export function parseRules(text: string): RuleClause[] {
  const sections: { clause: RuleClause; hasClauses: boolean }[] = [];
  const clauses: RuleClause[] = [];
  let current: RuleClause | null = null;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const section = SECTION.exec(line);
    const clause = CLAUSE.exec(line);
    const reference = REFERENCE.exec(line);
    if (section) {
      current = newClause(section[1] ?? '', index + 1);
      sections.push({ clause: current, hasClauses: false });
    } else if (line.startsWith('## ')) {
      current = null;
    } else if (clause) {
      current = newClause(clause[1] ?? '', index + 1);
      clauses.push(current);
      const parent = sections.at(-1);
      if (parent) parent.hasClauses = true;
    } else if (reference) {
      if (current === null) throw new Error(`RULES.md line ${index + 1}: "${reference[1]}:" outside any clause`);
      addReference(current, reference[1] ?? '', reference[2] ?? '', index + 1);
    }
  });
  // A section with numbered clauses is checked through them; its own references are optional.
  const standalone = sections.filter((s) => !s.hasClauses || hasReferences(s.clause)).map((s) => s.clause);
  return [...standalone, ...clauses].sort((a, b) => a.line - b.line);
}

/** The ids a citation may name: every clause and section, and the section of every clause (`R2` of `R2.5`). */
export function knownRuleIds(clauses: readonly RuleClause[]): Set<string> {
  return new Set(clauses.flatMap((clause) => [clause.id, clause.id.split('.')[0] ?? '']));
}

function newClause(id: string, line: number): RuleClause {
  return { id, line, code: [], tests: [], status: [], problems: [] };
}

function hasReferences(clause: RuleClause): boolean {
  return clause.code.length > 0 || clause.tests.length > 0 || clause.status.length > 0;
}

function addReference(clause: RuleClause, kind: string, rest: string, line: number): void {
  if (kind === 'Status') {
    clause.status.push(rest);
    return;
  }
  for (const match of rest.matchAll(TOKEN)) {
    const [, path, title] = match;
    if (path !== undefined) {
      // Backticked words without a slash (`CTO_ALIASES`) are prose, not files.
      if (!path.includes('/')) continue;
      const prefix = kind === 'Code' ? 'src/' : 'test/';
      if (!path.startsWith(prefix)) clause.problems.push(`line ${line}: ${kind} names ${path}, outside ${prefix}`);
      else if (kind === 'Code') clause.code.push(path);
      else clause.tests.push({ file: path, titles: [] });
    } else if (title !== undefined) {
      const last = clause.tests.at(-1);
      if (kind !== 'Tests' || last === undefined)
        clause.problems.push(`line ${line}: title "${title}" follows no test file`);
      else last.titles.push(title);
    }
  }
}

/** The clause ids that test titles start with (`it('R2.5 port taken ...'`), with their files. */
export function clauseIdsCitedByTests(files: readonly { path: string; text: string }[]): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  const title = /(?:\b(?:it|test|describe)|\))\(\s*['"`](R\d+(?:\.\d+[a-z]?)?)\b/g;
  for (const { path, text } of files) {
    for (const match of text.matchAll(title)) {
      const id = match[1] ?? '';
      cited.set(id, [...new Set([...(cited.get(id) ?? []), path])]);
    }
  }
  return cited;
}

/** Files under `dir` (relative to `root`) whose name passes `keep`, skipping installed and generated trees. */
export function listFiles(root: string, dir: string, keep: (name: string) => boolean): string[] {
  const skipped = new Set(['node_modules', 'data', '.git', 'coverage', 'dist']);
  const found: string[] = [];
  const walk = (absolute: string): void => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (skipped.has(entry.name)) continue;
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (keep(entry.name)) found.push(relative(root, path));
    }
  };
  walk(join(root, dir));
  return found.sort();
}

/** The targets of the Markdown links and images of a document that are not web addresses or anchors. */
export function relativeLinks(markdown: string): string[] {
  // Code spans and blocks may hold `[x](y)` as text, not as a link.
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = match[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    targets.push(decodeURIComponent(target.split('#')[0] ?? ''));
  }
  return targets;
}

export interface DocCitation {
  readonly file: string;
  readonly document: string;
  /** The quoted section title, or the R-number for docs/RULES.md. */
  readonly target: string;
}

/**
 * The citations of the docs in a source file's comments: `docs/OZMAP-API.md "Lists, filters,
 * pages"` (a section, its title quoted, possibly across comment lines) and `docs/RULES.md R1.6`.
 */
export function docCitations(file: string, source: string): DocCitation[] {
  // A citation may wrap onto the next comment line: join the lines as one text.
  const text = source.replace(/\n\s*(?:\*(?!\/)|\/\/)\s?/g, ' ');
  const found: DocCitation[] = [];
  for (const match of text.matchAll(
    /docs\/(RULES\.md) (R\d+(?:\.\d+[a-z]?)?)|docs\/([A-Z-]+\.md),? (?:end of )?"([^"]+)"/g,
  )) {
    if (match[1] !== undefined) found.push({ file, document: `docs/${match[1]}`, target: match[2] ?? '' });
    else found.push({ file, document: `docs/${match[3] ?? ''}`, target: match[4] ?? '' });
  }
  return found;
}

/** The titles of a Markdown document's headings, without the leading hashes. */
export function headings(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#{1,6} /, ''));
}

/** The repository paths a document names in backticks (`src/app/config/configSchema.ts`, `docs/decisions/`). */
export function namedPaths(markdown: string): string[] {
  const paths: string[] = [];
  for (const match of markdown.matchAll(/`((?:src|test|sim|bench|chaos|docs|bin)\/[\w./-]*)`/g))
    paths.push(match[1] ?? '');
  return paths;
}

/**
 * The variable names of the settings table of CONFIG.md: the first table after the heading
 * `## Settings`, names in backticks in its first column.
 */
export function settingsTableVariables(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^## Settings\b/.test(line));
  if (start < 0) throw new Error('CONFIG.md has no "## Settings" heading');
  const rest = lines.slice(start + 1);
  const first = rest.findIndex((line) => line.startsWith('|'));
  const after = rest.slice(first);
  const end = after.findIndex((line) => !line.startsWith('|'));
  const table = end < 0 ? after : after.slice(0, end);
  const names: string[] = [];
  for (const row of table.slice(2)) {
    const cell = row.split('|')[1] ?? '';
    for (const match of cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.push(match[1] ?? '');
  }
  return names;
}

export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

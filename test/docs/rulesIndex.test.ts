import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/app/config/configSchema.ts';
import { clauseIdsCitedByTests, docCitations, headings, listFiles, namedPaths, parseRules, readText, relativeLinks, settingsTableVariables } from './docsIndex.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const isFile = (path: string): boolean => existsSync(join(root, path)) && statSync(join(root, path)).isFile();
const rules = parseRules(readText(root, 'docs/RULES.md'));

describe('docs/RULES.md: from an R-number to its code and its tests in one step', () => {
  it('finds the clauses of every section, each once', () => {
    const ids = rules.map((clause) => clause.id);
    for (const id of ['R1.1', 'R1.6', 'R2.6a', 'R3.2', 'R4.8', 'R5.6', 'R6', 'R7', 'R8']) expect(ids).toContain(id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('every clause names a file in src/ and a test file, unless its Status says it is not implemented and which issue will', () => {
    const notImplemented = (status: string): boolean => /^not implemented\b/i.test(status) && /\bissue \d+/.test(status);
    const lacking = rules
      .filter((clause) => clause.code.length === 0 || clause.tests.length === 0)
      .filter((clause) => !clause.status.some(notImplemented))
      .map((clause) => `${clause.id} (line ${clause.line})`);
    expect(lacking).toEqual([]);
    expect(rules.flatMap((clause) => clause.problems.map((problem) => `${clause.id}: ${problem}`))).toEqual([]);
  });

  it('every file and test file it names exists', () => {
    const missing = rules.flatMap((clause) =>
      [...clause.code, ...clause.tests.map((test) => test.file)].filter((path) => !isFile(path)).map((path) => `${clause.id}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('every test title it quotes is in the test file it follows', () => {
    const notFound = rules.flatMap((clause) =>
      clause.tests
        .filter((test) => isFile(test.file))
        .flatMap((test) => {
          const text = readText(root, test.file);
          return test.titles.filter((title) => !text.includes(title)).map((title) => `${clause.id}: ${test.file} "${title}"`);
        }),
    );
    expect(notFound).toEqual([]);
  });

  it('every clause a test title cites exists in RULES.md', () => {
    const tests = listFiles(root, 'test', (name) => name.endsWith('.test.ts')).map((path) => ({ path, text: readText(root, path) }));
    const known = new Set(rules.map((clause) => clause.id).concat(rules.map((clause) => clause.id.split('.')[0] ?? '')));
    const unknown = [...clauseIdsCitedByTests(tests)].filter(([id]) => !known.has(id)).map(([id, files]) => `${id} in ${files.join(', ')}`);
    expect(unknown).toEqual([]);
  });
});

describe('the documents link only inside the repository', () => {
  const documents = ['README.md', ...listFiles(root, '.', (name) => name.endsWith('.md')).filter((path) => path !== 'README.md')];

  it('reads the README and every document in docs/', () => {
    expect(documents).toEqual(expect.arrayContaining(['README.md', 'docs/RULES.md', 'docs/CONFIG.md', 'docs/OZMAP-API.md', 'docs/SGP-API.md']));
  });

  it('every relative link resolves to a file of the repository', () => {
    const broken = documents.flatMap((document) =>
      relativeLinks(readText(root, document))
        .filter((target) => {
          const path = relative(root, resolve(root, dirname(document), target));
          return path.startsWith('..') || !existsSync(join(root, path));
        })
        .map((target) => `${document}: ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it('every repository path a document names in backticks exists', () => {
    const missing = documents.flatMap((document) =>
      namedPaths(readText(root, document))
        .filter((path) => !existsSync(join(root, path)))
        .map((path) => `${document}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('no document points outside the repository (the brief it was written from is not in a clone)', () => {
    const outside = documents.filter((document) => /\.\.\/shared|\/work\//.test(readText(root, document)));
    expect(outside).toEqual([]);
  });
});

describe('the comments in src/ cite what the documents hold', () => {
  const sources = listFiles(root, 'src', (name) => /\.(ts|js)$/.test(name));
  const citations = sources.flatMap((file) => docCitations(file, readText(root, file)));

  it('finds the citations (about two dozen in 2026-12)', () => {
    expect(citations.length).toBeGreaterThan(20);
  });

  it('every cited R-number is a clause or a section of docs/RULES.md, every cited section a heading of its document', () => {
    const ids = new Set(rules.map((clause) => clause.id).concat(rules.map((clause) => clause.id.split('.')[0] ?? '')));
    const wrong = citations.filter((citation) =>
      citation.document === 'docs/RULES.md'
        ? !ids.has(citation.target)
        : !isFile(citation.document) || !headings(readText(root, citation.document)).some((title) => title.startsWith(citation.target)),
    );
    expect(wrong.map((citation) => `${citation.file}: ${citation.document} ${citation.target}`)).toEqual([]);
  });
});

describe('docs/CONFIG.md: one row per variable the configuration reads', () => {
  it('lists every variable of the schema, and no other', () => {
    const documented = settingsTableVariables(readText(root, 'docs/CONFIG.md'));
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});

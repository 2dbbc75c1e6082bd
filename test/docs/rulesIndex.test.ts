import { describe, expect, it } from 'vitest';
import {
  clauseIdsCitedByTests,
  isFile,
  knownRuleIds,
  listFiles,
  parseRules,
  readText,
  repoRoot as root,
} from './docsIndex.ts';

const rules = parseRules(readText(root, 'docs/RULES.md'));

describe('docs/RULES.md: from an R-number to its code and its tests in one step', () => {
  it('finds the clauses of every section, each once', () => {
    const ids = rules.map((clause) => clause.id);
    for (const id of ['R1.1', 'R1.6', 'R2.6a', 'R3.2', 'R4.8', 'R5.6', 'R6', 'R7', 'R8']) expect(ids).toContain(id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('every clause names a file in src/ and a test file, unless its Status says it is not implemented and which issue will', () => {
    const notImplemented = (status: string): boolean =>
      /^not implemented\b/i.test(status) && /\bissue \d+/.test(status);
    const lacking = rules
      .filter((clause) => clause.code.length === 0 || clause.tests.length === 0)
      .filter((clause) => !clause.status.some(notImplemented))
      .map((clause) => `${clause.id} (line ${clause.line})`);
    expect(lacking).toEqual([]);
    expect(rules.flatMap((clause) => clause.problems.map((problem) => `${clause.id}: ${problem}`))).toEqual([]);
  });

  it('every file and test file it names exists', () => {
    const missing = rules.flatMap((clause) =>
      [...clause.code, ...clause.tests.map((test) => test.file)]
        .filter((path) => !isFile(root, path))
        .map((path) => `${clause.id}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('every test title it quotes is in the test file it follows', () => {
    const notFound = rules.flatMap((clause) =>
      clause.tests
        .filter((test) => isFile(root, test.file))
        .flatMap((test) => {
          const text = readText(root, test.file);
          return test.titles
            .filter((title) => !text.includes(title))
            .map((title) => `${clause.id}: ${test.file} "${title}"`);
        }),
    );
    expect(notFound).toEqual([]);
  });

  it('every clause a test title cites exists in RULES.md', () => {
    const tests = listFiles(root, 'test', (name) => name.endsWith('.test.ts')).map((path) => ({
      path,
      text: readText(root, path),
    }));
    const known = knownRuleIds(rules);
    const unknown = [...clauseIdsCitedByTests(tests)]
      .filter(([id]) => !known.has(id))
      .map(([id, files]) => `${id} in ${files.join(', ')}`);
    expect(unknown).toEqual([]);
  });
});

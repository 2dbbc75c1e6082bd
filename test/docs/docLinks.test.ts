import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  docCitations,
  headings,
  isFile,
  knownRuleIds,
  listFiles,
  namedPaths,
  parseRules,
  readText,
  relativeLinks,
  repoRoot as root,
} from './docsIndex.ts';

describe('the documents link only inside the repository', () => {
  const documents = [
    'README.md',
    ...listFiles(root, '.', (name) => name.endsWith('.md')).filter((path) => path !== 'README.md'),
  ];

  it('reads the README and every document in docs/', () => {
    expect(documents).toEqual(
      expect.arrayContaining(['README.md', 'docs/RULES.md', 'docs/CONFIG.md', 'docs/OZMAP-API.md', 'docs/SGP-API.md']),
    );
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

  it('finds the citations', () => {
    expect(citations.length).toBeGreaterThan(10);
  });

  it('every cited R-number is a clause or a section of docs/RULES.md, every cited section a heading of its document', () => {
    const ids = knownRuleIds(parseRules(readText(root, 'docs/RULES.md')));
    const wrong = citations.filter((citation) =>
      citation.document === 'docs/RULES.md'
        ? !ids.has(citation.target)
        : !isFile(root, citation.document) ||
          !headings(readText(root, citation.document)).some((title) => title.startsWith(citation.target)),
    );
    expect(wrong.map((citation) => `${citation.file}: ${citation.document} ${citation.target}`)).toEqual([]);
  });
});

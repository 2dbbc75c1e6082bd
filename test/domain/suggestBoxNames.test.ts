import { describe, expect, test } from 'vitest';
import { boundedEditDistance, ctoAliasesSnippet, suggestBoxNames } from '../../src/domain/suggestBoxNames.ts';

describe('suggestBoxNames', () => {
  test('a name differing only by case is suggested as "case"', () => {
    expect(suggestBoxNames('cto-01', ['CTO-01', 'Caixa-Aldeota'])).toEqual([
      { boxName: 'CTO-01', why: 'case', distance: 0 },
    ]);
  });

  test('spaces, hyphens, underscores and dots are spacing: "CTO 01", "CTO_01", "CTO01" all find "CTO-01"', () => {
    for (const cto of ['CTO 01', 'CTO_01', 'CTO01', 'CTO.01', 'cto  -01']) {
      expect(suggestBoxNames(cto, ['CTO-01']), cto).toEqual([{ boxName: 'CTO-01', why: 'spacing', distance: 0 }]);
    }
  });

  test('accents are a difference of their own: "Sao Joao" finds "São João"', () => {
    expect(suggestBoxNames('CTO-Sao-Joao', ['CTO-São-João'])).toEqual([
      { boxName: 'CTO-São-João', why: 'accents', distance: 0 },
    ]);
    // Case and accents together: the biggest difference is the one reported.
    expect(suggestBoxNames('cto sao joao', ['CTO-São-João'])[0]?.why).toBe('accents');
  });

  test('a typo within 3 edits is suggested with its distance', () => {
    expect(suggestBoxNames('CTO-Centro-12', ['CTO-Centor-12'])).toEqual([
      { boxName: 'CTO-Centor-12', why: 'edit-distance', distance: 2 },
    ]);
    expect(suggestBoxNames('CTO-Centro-12', ['CTO-Centro-1234'])).toEqual([
      { boxName: 'CTO-Centro-1234', why: 'edit-distance', distance: 2 },
    ]);
  });

  test('more than 3 edits away is no suggestion', () => {
    expect(suggestBoxNames('CTO-Centro-12', ['CTO-Aldeota-12', 'Caixa-99'])).toEqual([]);
  });

  test('a short name is never "close" to an unrelated one just because it is short', () => {
    expect(suggestBoxNames('C1', ['X9', 'AB'])).toEqual([]);
    expect(suggestBoxNames('C1', ['C2'])).toEqual([{ boxName: 'C2', why: 'edit-distance', distance: 1 }]);
  });

  test('the same name (trimmed) is no suggestion: that box was left out for another reason', () => {
    expect(suggestBoxNames('CTO-01 ', ['CTO-01'])).toEqual([]);
  });

  test('best three, ranked case < spacing < accents < edit distance, then distance, then name', () => {
    const boxes = ['CTO-03', 'CTO-02', 'cto 1', 'Cto-1', 'CTÓ-1', 'CTO-11', 'CTO-1'];
    expect(suggestBoxNames('cto-1', boxes)).toEqual([
      { boxName: 'CTO-1', why: 'case', distance: 0 },
      { boxName: 'Cto-1', why: 'case', distance: 0 },
      { boxName: 'cto 1', why: 'spacing', distance: 0 },
    ]);
    expect(suggestBoxNames('cto-1', ['CTO-03', 'CTÓ-1', 'CTO-11', 'CTO-3'])).toEqual([
      { boxName: 'CTÓ-1', why: 'accents', distance: 0 },
      { boxName: 'CTO-11', why: 'edit-distance', distance: 1 },
      { boxName: 'CTO-3', why: 'edit-distance', distance: 1 },
    ]);
  });

  test('a box name OZmap lists twice is suggested once', () => {
    expect(suggestBoxNames('cto-01', ['CTO-01', 'CTO-01'])).toHaveLength(1);
  });

  test('an empty or blank CTO name gets no suggestion', () => {
    expect(suggestBoxNames('  ', ['CTO-01', 'A'])).toEqual([]);
  });
});

describe('boundedEditDistance', () => {
  test('Levenshtein within the bound, bound + 1 beyond it', () => {
    expect(boundedEditDistance('kitten', 'sitting', 3)).toBe(3);
    expect(boundedEditDistance('kitten', 'sitting', 2)).toBe(3);
    expect(boundedEditDistance('abc', 'abc', 3)).toBe(0);
    expect(boundedEditDistance('', 'abcd', 3)).toBe(4);
    expect(boundedEditDistance('ação', 'acao', 3)).toBe(2);
  });
});

describe('ctoAliasesSnippet', () => {
  test('the best suggestion per CTO, keys sorted, CTOs without one left out', () => {
    const snippet = ctoAliasesSnippet([
      {
        cto: 'cto 02',
        suggestions: [
          { boxName: 'CTO-02', why: 'spacing', distance: 0 },
          { boxName: 'CTO-20', why: 'edit-distance', distance: 2 },
        ],
      },
      { cto: 'CTO Sao Joao', suggestions: [{ boxName: 'CTO-São-João', why: 'accents', distance: 0 }] },
      { cto: 'CTO-X', suggestions: [] },
    ]);
    expect(snippet).toEqual({ 'CTO Sao Joao': 'CTO-São-João', 'cto 02': 'CTO-02' });
    expect(Object.keys(snippet)).toEqual(['CTO Sao Joao', 'cto 02']);
  });

  test('a tie between the two best is left for a person to choose', () => {
    const snippet = ctoAliasesSnippet([
      {
        cto: 'CTO-1',
        suggestions: [
          { boxName: 'CTO-11', why: 'edit-distance', distance: 1 },
          { boxName: 'CTO-12', why: 'edit-distance', distance: 1 },
        ],
      },
    ]);
    expect(snippet).toEqual({});
  });

  test('a typo suggestion with other numbers is another box, not an alias; the same numbers are', () => {
    const snippet = ctoAliasesSnippet([
      { cto: 'CTO-05', suggestions: [{ boxName: 'CTO-06', why: 'edit-distance', distance: 1 }] },
      { cto: 'CTO-Centro-5', suggestions: [{ boxName: 'CTO-Centor-05', why: 'edit-distance', distance: 3 }] },
    ]);
    expect(snippet).toEqual({ 'CTO-Centro-5': 'CTO-Centor-05' });
  });

  test('it pastes as CTO_ALIASES JSON, even for a CTO named "__proto__"', () => {
    const snippet = ctoAliasesSnippet([
      { cto: '__proto__', suggestions: [{ boxName: '__PROTO__', why: 'case', distance: 0 }] },
    ]);
    expect(JSON.parse(JSON.stringify(snippet))).toEqual({ ['__proto__']: '__PROTO__' });
    expect(Object.keys(snippet)).toEqual(['__proto__']);
  });
});

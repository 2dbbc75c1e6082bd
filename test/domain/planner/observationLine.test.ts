import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  appendObservationLine,
  containsObservationLine,
  findObservationLine,
  formatBrazilianDateTime,
  hasObservationLine,
  minuteKey,
  observationLine,
  singleLineName,
} from '../../../src/domain/planner/observationLine.ts';

const AT = new Date('2026-11-29T17:05:00Z');

describe('R5.2 the observation line', () => {
  test('R5.2 exact line: Maria da Silva, 1234, 2026-11-29T17:05:00Z in America/Sao_Paulo', () => {
    expect(observationLine('Maria da Silva', '1234', AT, 'America/Sao_Paulo')).toBe(
      'Cliente removido pela integração SGP: Maria da Silva (código 1234) em 29/11/2026 14:05',
    );
  });

  test.each([
    ['UTC', '29/11/2026 17:05'],
    ['America/Noronha', '29/11/2026 15:05'],
    ['America/Manaus', '29/11/2026 13:05'],
    ['Asia/Kolkata', '29/11/2026 22:35'],
    ['Pacific/Kiritimati', '30/11/2026 07:05'],
    ['Pacific/Pago_Pago', '29/11/2026 06:05'],
  ])('R5.2 option timezone %s -> %s', (zone, when) => {
    expect(observationLine('Maria da Silva', '1234', AT, zone)).toBe(
      `Cliente removido pela integração SGP: Maria da Silva (código 1234) em ${when}`,
    );
  });

  test('R5.2 24-hour clock, zero-padded: midnight is 00:00, single-digit day and month padded', () => {
    expect(formatBrazilianDateTime(new Date('2026-03-05T03:00:00Z'), 'America/Sao_Paulo')).toBe('05/03/2026 00:00');
    expect(formatBrazilianDateTime(new Date('2026-03-05T02:59:00Z'), 'America/Sao_Paulo')).toBe('04/03/2026 23:59');
  });

  test('R5.2 the line goes on a line of its own after the existing text', () => {
    expect(appendObservationLine('Portão azul', 'L')).toBe('Portão azul\nL');
    expect(appendObservationLine('Portão azul\n\n  ', 'L')).toBe('Portão azul\nL');
  });

  test('R5.2 on an empty observation the line is the whole text', () => {
    expect(appendObservationLine('', 'L')).toBe('L');
    expect(appendObservationLine(' \n', 'L')).toBe('L');
  });
});

describe('R5.5 recognising a line already written', () => {
  const line = observationLine('Maria da Silva', '1234', AT, 'America/Sao_Paulo');

  test('R5.5 a line already written is recognised by (código N)', () => {
    expect(hasObservationLine(`Portão azul\n${line}`, '1234')).toBe(true);
  });

  test('R5.5 the line of another code is not this one ("12" is not "1234")', () => {
    expect(hasObservationLine(line, '12')).toBe(false);
    expect(hasObservationLine(line, '123')).toBe(false);
  });

  test('R5.5 "(código 1234)" in text the service did not write is not its line', () => {
    expect(hasObservationLine('Ligar antes (código 1234)', '1234')).toBe(false);
  });

  test('R5.5 appended once, a line is recognised, whatever the name and the text before it', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }).filter((s) => !s.includes('\n')),
        fc.stringMatching(/^[0-9]{1,7}$/),
        (before, name, code) => {
          const text = appendObservationLine(before, observationLine(name, code, AT, 'America/Sao_Paulo'));
          expect(hasObservationLine(text, code)).toBe(true);
        },
      ),
      { seed: 250_501, numRuns: 100 },
    );
  });
});

describe('R5.5 a line per cancellation (issue 14)', () => {
  const old = 'Cliente removido pela integração SGP: Ana (código 1234) em 01/02/2025 10:00';
  const mine = observationLine('Maria da Silva', '1234', AT, 'America/Sao_Paulo');

  test('R5.5 names are made single-line and free of control characters', () => {
    expect(singleLineName('Bia\nSouza\t(loja)\r\n')).toBe('Bia Souza (loja)');
    expect(singleLineName('A\u2028B\u0007C')).toBe('A B C');
    expect(observationLine('Bia\nSouza', '7', AT, 'America/Sao_Paulo')).not.toContain('\n');
  });

  test('R5.5 a line dated before the contract was last seen active belongs to an earlier cancellation', () => {
    const since = minuteKey(new Date('2026-06-01T12:00:00Z'), 'America/Sao_Paulo');
    expect(findObservationLine(old, '1234', since)).toBeNull();
    expect(findObservationLine(`${old}\n${mine}`, '1234', since)).toBe(mine);
  });

  test('R5.5 never seen active: any line of the code counts (writing twice is the worse mistake)', () => {
    expect(findObservationLine(old, '1234', null)).toBe(old);
  });

  test('R5.5 the exact line is recognised on a line of its own, and a line of an older version spanning two lines too', () => {
    expect(containsObservationLine(`Portão\n${mine}`, mine)).toBe(true);
    expect(containsObservationLine(`${mine} extra`, mine)).toBe(false);
    const split = 'Cliente removido pela integração SGP: Bia\nSouza (código 7) em 29/11/2026 14:05';
    expect(containsObservationLine(`x\n${split}`, split)).toBe(true);
  });

  test('R5.5 appended once with any name, the line is found again by its content', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.stringMatching(/^[0-9]{1,7}$/), (before, name, code) => {
        const line = observationLine(name, code, AT, 'America/Sao_Paulo');
        const text = appendObservationLine(before, line);
        expect(containsObservationLine(text, line)).toBe(true);
        expect(findObservationLine(text, code, minuteKey(AT, 'America/Sao_Paulo'))).toBe(line);
      }),
      { seed: 140_005, numRuns: 100 },
    );
  });
});

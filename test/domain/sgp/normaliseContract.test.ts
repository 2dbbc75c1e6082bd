import { describe, expect, test } from 'vitest';
import { normaliseContract } from '../../../src/domain/sgp/normaliseContract.ts';
import { SgpContractRecord } from '../../../src/domain/sgp/sgpContractRecord.ts';
import type { SgpScalar, SgpService } from '../../../src/domain/sgp/sgpContractRecord.ts';
import { aRecord, aService, anOnu } from './sgpRecordBuilder.ts';

const statusOf = (status: SgpScalar) => normaliseContract(aRecord({ status })).status;

describe('R1.2 contract id', () => {
  test('R1.2 the snapshot code is the record code', () => {
    expect(normaliseContract(aRecord({ code: '98765' })).code).toBe('98765');
  });

  test('R1.2 a record without a contract id does not fit the schema (rejected, R8)', () => {
    expect(SgpContractRecord.safeParse(aRecord({ code: '' })).success).toBe(false);
    const { code: _code, ...withoutCode } = aRecord();
    expect(SgpContractRecord.safeParse(withoutCode).success).toBe(false);
    expect(SgpContractRecord.safeParse(aRecord()).success).toBe(true);
  });
});

describe('R1.3 status', () => {
  test.each<[string, SgpScalar, number]>([
    ['ativo', 'Ativo', 1],
    ['ativo, padded and capitals', '  ATIVO ', 1],
    ['inativo', 'Inativo', 2],
    ['cancelado', 'CANCELADO', 3],
    ['suspenso', ' suspenso', 4],
    ['inviabilidade tecnica, accented, padded', ' Inviabilidade Técnica ', 5],
    ['inviabilidade tecnica, capitals and double space', 'INVIABILIDADE  TÉCNICA', 5],
    ['inviabilidade tecnica, already decomposed accent', 'Inviabilidade Te\u0301cnica', 5],
    ['inviabilidade tecnica, no accent', 'inviabilidade tecnica', 5],
    ['novo', 'Novo', 6],
    ['ativo v. reduzida', 'ATIVO V. REDUZIDA', 7],
    ['ativo v. reduzia', 'Ativo V. Reduzia', 7],
    ['ativo reduzido', 'Ativo   Reduzido', 7],
    ['reduzido', 'REDUZIDO', 7],
    ['tab and no-break space padding', '\t\u00a0Suspenso\u00a0', 4],
  ])('R1.3 text %s: %j -> %i', (_clause, status, code) => {
    expect(statusOf(status)).toBe(code);
  });

  test.each([1, 2, 3, 4, 5, 6, 7])('R1.3 the number %i is that code', (code) => {
    expect(statusOf(code)).toBe(code);
  });

  test.each<[SgpScalar, number]>([
    ['3', 3],
    [' 3 ', 3],
    ['7', 7],
    ['3.0', 3],
  ])('R1.3 the numeric string %j is code %i', (status, code) => {
    expect(statusOf(status)).toBe(code);
  });

  test.each<SgpScalar>([
    null,
    'STATUS',
    '',
    '   ',
    8,
    0,
    -1,
    1.5,
    '1,5',
    '8',
    '3a',
    true,
    false,
    'Ativado',
    'ativo v.',
    'inviabilidade',
  ])('R1.3 %j -> unknown', (status) => {
    expect(statusOf(status)).toBe('unknown');
  });

  test.each<[SgpScalar, string]>([
    [' Ativo ', ' Ativo '],
    ['STATUS', 'STATUS'],
    [3, '3'],
    [true, 'true'],
    [null, ''],
  ])('R1.3 statusText keeps the raw value %j as text', (status, text) => {
    expect(normaliseContract(aRecord({ status })).statusText).toBe(text);
  });
});

/** A service with its own CTO name, so the test can see which one was chosen. */
function ftth(id: SgpScalar, cto: string): SgpService {
  return aService({ id, onu: anOnu({ splitter: { id: 100, nome: cto, porta: 1 } }) });
}

const ctoOf = (servicos: SgpService[]) => normaliseContract(aRecord({ servicos })).cto;

describe('R1.4 FTTH service', () => {
  test('R1.4 the FTTH service is the one with onu.splitter set', () => {
    const noOnu = aService({ id: 1, onu: null });
    const noSplitter = aService({ id: 2, onu: anOnu({ splitter: null }) });
    expect(ctoOf([noOnu, noSplitter, ftth(3, 'CTO-C')])).toBe('CTO-C');
  });

  test('R1.4 with several, the lowest service id', () => {
    expect(ctoOf([ftth(5, 'CTO-5'), ftth(2, 'CTO-2'), ftth(9, 'CTO-9')])).toBe('CTO-2');
  });

  test('R1.4 ids compare as numbers: "9" before "10", 10 before "11"', () => {
    expect(ctoOf([ftth('10', 'CTO-10'), ftth('9', 'CTO-9')])).toBe('CTO-9');
    expect(ctoOf([ftth('11', 'CTO-11'), ftth(10, 'CTO-10')])).toBe('CTO-10');
  });

  test('R1.4 numeric ids come before textual ids, whatever the list order', () => {
    expect(ctoOf([ftth('1a', 'CTO-1a'), ftth('10', 'CTO-10'), ftth('2', 'CTO-2')])).toBe('CTO-2');
    expect(ctoOf([ftth('2', 'CTO-2'), ftth('1a', 'CTO-1a'), ftth('10', 'CTO-10')])).toBe('CTO-2');
  });

  test('R1.4 textual ids compare by plain string order', () => {
    expect(ctoOf([ftth('b', 'CTO-b'), ftth('a', 'CTO-a')])).toBe('CTO-a');
    expect(ctoOf([ftth('a', 'CTO-a'), ftth('B', 'CTO-B')])).toBe('CTO-B');
  });

  test('R1.4 a null (or blank) id sorts last', () => {
    expect(ctoOf([ftth(null, 'CTO-null'), ftth(99, 'CTO-99')])).toBe('CTO-99');
    expect(ctoOf([ftth(' ', 'CTO-blank'), ftth('z', 'CTO-z')])).toBe('CTO-z');
    expect(ctoOf([ftth(null, 'CTO-null')])).toBe('CTO-null');
  });

  test('R1.4 equal ids keep the order SGP sent', () => {
    expect(ctoOf([ftth(4, 'CTO-first'), ftth('4', 'CTO-second')])).toBe('CTO-first');
  });

  test('R1.4 a splitter with id, nome and porta all empty is not set', () => {
    const empty = aService({ id: 1, onu: anOnu({ splitter: { id: null, nome: ' ', porta: '' } }) });
    expect(ctoOf([empty, ftth(2, 'CTO-2')])).toBe('CTO-2');
    const snapshot = normaliseContract(aRecord({ servicos: [empty] }));
    expect(snapshot.rxDbm).toBeNull();
  });

  test('R1.4 a splitter with an id but no name is set, and gives no CTO', () => {
    const unnamed = aService({ id: 1, onu: anOnu({ splitter: { id: 7, nome: '', porta: 2 }, rx: '-20' }) });
    const snapshot = normaliseContract(aRecord({ servicos: [unnamed, ftth(2, 'CTO-2')] }));
    expect(snapshot.cto).toBeNull();
    expect(snapshot.ctoPort).toBe(2);
    expect(snapshot.rxDbm).toBe(-20);
  });

  test('R1.4 no FTTH service -> no CTO, port, RX or connection', () => {
    const radio = aService({ id: 1, onu: anOnu({ splitter: null, rx: '-20', conexao: { status: 'online' } }) });
    const snapshot = normaliseContract(aRecord({ servicos: [radio] }));
    expect([snapshot.cto, snapshot.ctoPort, snapshot.rxDbm, snapshot.online]).toEqual([null, null, null, null]);
  });

  test('R1.4 no services at all -> no CTO', () => {
    expect(normaliseContract(aRecord({ servicos: [] })).cto).toBeNull();
  });

  test('R1.4 RX and connection come from the chosen service', () => {
    const other = aService({ id: 8, onu: anOnu({ rx: '-30', conexao: { status: 'offline' } }) });
    const chosen = aService({ id: 3, onu: anOnu({ rx: '-18', conexao: { status: 'online' } }) });
    const snapshot = normaliseContract(aRecord({ servicos: [other, chosen] }));
    expect(snapshot.rxDbm).toBe(-18);
    expect(snapshot.online).toBe(true);
  });
});

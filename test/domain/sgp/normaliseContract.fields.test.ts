import { describe, expect, test } from 'vitest';
import { normaliseContract } from '../../../src/domain/sgp/normaliseContract.ts';
import type { SgpScalar } from '../../../src/domain/sgp/sgpContractRecord.ts';
import { aRecord, anOnu, withOnu } from './sgpRecordBuilder.ts';

describe('R1.5 name', () => {
  test.each<[SgpScalar, string]>([
    ['Maria da Silva', 'Maria da Silva'],
    ['  Maria   da\tSilva \n', 'Maria da Silva'],
    ['\u00a0José\u00a0 Souza', 'José Souza'],
    [null, ''],
    ['   ', ''],
    [1234, '1234'],
    [true, ''],
  ])('R1.5 name %j -> %j', (nome, name) => {
    expect(normaliseContract(aRecord({ cliente: { nome, endereco: null } })).name).toBe(name);
  });
});

const splitter = (nome: SgpScalar, porta: SgpScalar) => withOnu({ splitter: { id: 1, nome, porta } });

describe('R1.5 cto', () => {
  test.each<[SgpScalar, string | null]>([
    ['CTO-01', 'CTO-01'],
    ['  CTO-01 ', 'CTO-01'],
    ['CTO  01', 'CTO  01'],
    [12, '12'],
    ['', null],
    ['   ', null],
    [null, null],
    [false, null],
  ])('R1.5 cto %j -> %j', (nome, cto) => {
    expect(normaliseContract(splitter(nome, 1)).cto).toBe(cto);
  });
});

describe('R1.5 ctoPort', () => {
  test.each<[SgpScalar, number | null]>([
    [3, 3],
    [1, 1],
    ['3', 3],
    [' 3 ', 3],
    ['03', 3],
    ['3.0', 3],
    [16, 16],
    [3.5, null],
    ['3.5', null],
    ['3,5', null],
    [0, null],
    ['0', null],
    [-1, null],
    ['', null],
    ['abc', null],
    ['1e1', null],
    ['0x3', null],
    [null, null],
    [true, null],
  ])('R1.5 ctoPort %j -> %j', (porta, port) => {
    expect(normaliseContract(splitter('CTO-01', porta)).ctoPort).toBe(port);
  });
});

describe('R1.5 rxDbm', () => {
  test.each<[SgpScalar, number | null]>([
    ['-21,5', -21.5],
    ['-21.5', -21.5],
    [' -21,5 ', -21.5],
    [-21.5, -21.5],
    ['-19', -19],
    // Issue 11: an ONU reads -40..-1 dBm (sgpFieldBounds.ts RX_DBM); no positive power.
    ['-1,5', -1.5],
    ['-40', -40],
    ['-1', -1],
    [-40, -40],
    [-1, -1],
    ['-40,01', null],
    ['-0.99', null],
    ['+2,25', null],
    ['0', null],
    ['5', null],
    [-50, null],
    [-60, null],
    [25, null],
    ['-999999', null],
    ['-1e308', null],
    ['-99.999', null],
    [-99.999, null],
    ['', null],
    ['  ', null],
    ['abc', null],
    ['-21,5 dBm', null],
    ['1.234,5', null],
    ['-2e1', null],
    ['NaN', null],
    ['Infinity', null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [Number.NEGATIVE_INFINITY, null],
    [null, null],
    [true, null],
  ])('R1.5 rx %j -> %j', (rx, rxDbm) => {
    expect(normaliseContract(withOnu({ rx })).rxDbm).toBe(rxDbm);
  });

  test('R8 a reading outside the bounds is dropped with a warning naming the value; the -99.999 placeholder without one', () => {
    expect(normaliseContract(withOnu({ rx: '5' })).warnings).toEqual([
      expect.objectContaining({ field: 'rxDbm', value: '5' }),
    ]);
    expect(normaliseContract(withOnu({ rx: 'abc' })).warnings).toEqual([
      expect.objectContaining({ field: 'rxDbm', value: 'abc' }),
    ]);
    expect(normaliseContract(withOnu({ rx: '-99.999' })).warnings).toBeUndefined();
    expect(normaliseContract(withOnu({ rx: '' })).warnings).toBeUndefined();
  });

  test('R1.5 rx: no ONU -> no reading', () => {
    expect(normaliseContract(aRecord({ servicos: [] })).rxDbm).toBeNull();
  });
});

describe('R1.5 online', () => {
  test.each<[SgpScalar, boolean | null]>([
    ['online', true],
    ['ONLINE', true],
    [' Online ', true],
    ['offline', false],
    ['OffLine', false],
    ['\toffline\n', false],
    ['', null],
    ['STATUS', null],
    ['on line', null],
    [null, null],
    [true, null],
    [1, null],
  ])('R1.5 online %j -> %j', (status, online) => {
    expect(normaliseContract(withOnu({ conexao: { status } })).online).toBe(online);
  });

  test('R1.5 online: conexao absent -> unknown', () => {
    expect(normaliseContract(withOnu({ conexao: null })).online).toBeNull();
  });

  test('R1.5 online: the FTTH service has no ONU data besides the splitter -> unknown', () => {
    const onu = anOnu({ conexao: null, rx: null });
    const snapshot = normaliseContract(withOnu(onu));
    expect([snapshot.online, snapshot.rxDbm, snapshot.cto]).toEqual([null, null, 'CTO-01']);
  });
});

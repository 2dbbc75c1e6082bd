import { describe, expect, test } from 'vitest';
import { normaliseContract } from '../../../src/domain/sgp/normaliseContract.ts';
import type { SgpAddress, SgpScalar } from '../../../src/domain/sgp/sgpContractRecord.ts';
import { aRecord, aService, anAddress, anOnu, withAddresses } from './sgpRecordBuilder.ts';

const at = (latitude: SgpScalar, longitude: SgpScalar) => anAddress({ latitude, longitude });
const clientAt = at('-3,7300', '-38,5200');
const clientCoords = { lat: -3.73, lng: -38.52 };
const coordsOf = (client: SgpAddress | null, service: SgpAddress | null) =>
  normaliseContract(withAddresses(client, service)).coords;

describe('R1.5 coords', () => {
  test('R1.5 coords: the service address when both parse and are in range', () => {
    expect(coordsOf(clientAt, at('-3.7319', '-38.5267'))).toEqual({ lat: -3.7319, lng: -38.5267 });
  });

  test('R1.5 coords: a comma decimal separator is accepted', () => {
    expect(coordsOf(null, at('-3,7319', '-38,5267'))).toEqual({ lat: -3.7319, lng: -38.5267 });
  });

  test('R1.5 coords: numbers are accepted', () => {
    expect(coordsOf(null, at(-3.7319, -38.5267))).toEqual({ lat: -3.7319, lng: -38.5267 });
  });

  test.each<[string, SgpScalar, SgpScalar]>([
    ['latitude is text', 'LATITUDE', '-38.5'],
    ['longitude is text', '-3.7', 'LONGITUDE'],
    ['latitude is empty', '', '-38.5'],
    ['longitude is missing', '-3.7', null],
    ['latitude above 90', '90.0001', '-38.5'],
    ['latitude below -90', '-99.9999999', '-38.5'],
    ['longitude above 180', '-3.7', '180.5'],
    ['longitude below -180', '-3.7', '-181'],
    ['(0, 0)', '0', '0'],
    ['(0, 0) as numbers', 0, 0],
    ['(0, 0) as "0,0" and "-0"', '0,0', '-0'],
    ['a boolean', true, '-38.5'],
  ])('R1.5 coords: service %s -> the client address', (_clause, latitude, longitude) => {
    expect(coordsOf(clientAt, at(latitude, longitude))).toEqual(clientCoords);
  });

  test('R1.5 coords: no service address -> the client address', () => {
    expect(coordsOf(clientAt, null)).toEqual(clientCoords);
  });

  test('R1.5 coords: the range limits themselves are in range', () => {
    expect(coordsOf(null, at('90', '-180'))).toEqual({ lat: 90, lng: -180 });
    expect(coordsOf(null, at(-90, 180))).toEqual({ lat: -90, lng: 180 });
  });

  test('R1.5 coords: one axis at 0 is a position (only (0, 0) is excluded)', () => {
    expect(coordsOf(null, at('0', '-38.5'))).toEqual({ lat: 0, lng: -38.5 });
    expect(coordsOf(null, at('-3.7', 0))).toEqual({ lat: -3.7, lng: 0 });
  });

  test('R1.5 coords: neither address usable -> none', () => {
    expect(coordsOf(at('-99.9999999', '-99.9999999'), at('LATITUDE', 'LONGITUDE'))).toBeNull();
    expect(coordsOf(null, null)).toBeNull();
    expect(coordsOf(at('0', '0'), null)).toBeNull();
  });

  test('R1.5 coords: a non-FTTH service address is not "the service address"', () => {
    const other = aService({ id: 1, onu: anOnu({ splitter: null }), endereco: at('-4', '-39') });
    const record = aRecord({ cliente: { nome: 'X', endereco: clientAt }, servicos: [other] });
    expect(normaliseContract(record).coords).toEqual(clientCoords);
  });
});

const street = (logradouro: SgpScalar, cidade: SgpScalar) => anAddress({ logradouro, numero: 10, cidade });
const addressOf = (client: SgpAddress | null, service: SgpAddress | null) =>
  normaliseContract(withAddresses(client, service)).address;

describe('R1.5 address: which address', () => {
  test('R1.5 address: the service address when it has a logradouro', () => {
    expect(addressOf(street('Rua Cliente', 'Fortaleza'), street('Rua Serviço', 'Caucaia'))).toBe(
      'Rua Serviço, 10, Caucaia',
    );
  });

  test('R1.5 address: service logradouro empty, blank or null -> the client address, whole', () => {
    const client = street('Rua Cliente', 'Fortaleza');
    for (const logradouro of ['', '   ', null]) {
      expect(addressOf(client, street(logradouro, 'Caucaia'))).toBe('Rua Cliente, 10, Fortaleza');
    }
  });

  test('R1.5 address: no service address -> the client address', () => {
    expect(addressOf(street('Rua Cliente', 'Fortaleza'), null)).toBe('Rua Cliente, 10, Fortaleza');
  });

  test('R1.5 address: the client address is used even without its own logradouro', () => {
    expect(addressOf(anAddress({ bairro: 'Centro', cidade: 'Fortaleza' }), null)).toBe('Centro, Fortaleza');
  });

  test('R1.5 address: service without logradouro and no client address -> empty', () => {
    expect(addressOf(null, anAddress({ bairro: 'Centro', cidade: 'Caucaia' }))).toBe('');
  });

  test('R1.5 address: no address at all -> empty', () => {
    expect(addressOf(null, null)).toBe('');
    expect(addressOf(anAddress(), anAddress())).toBe('');
  });

  test('R1.5 address: a non-FTTH service address is not "the service address"', () => {
    const other = aService({ id: 1, onu: null, endereco: street('Rua Rádio', 'Caucaia') });
    const record = aRecord({ cliente: { nome: 'X', endereco: street('Rua Cliente', 'Fortaleza') }, servicos: [other] });
    expect(normaliseContract(record).address).toBe('Rua Cliente, 10, Fortaleza');
  });
});

import { describe, expect, test } from 'vitest';
import { formatAddress } from '../../../src/domain/sgp/formatAddress.ts';
import type { SgpAddress } from '../../../src/domain/sgp/sgpContractRecord.ts';
import { anAddress } from './sgpRecordBuilder.ts';

const full = {
  logradouro: 'Rua A',
  numero: '10',
  complemento: 'Apto 2',
  bairro: 'Centro',
  cidade: 'Fortaleza',
  uf: 'CE',
  cep: '60000-000',
} as const;
type Part = keyof typeof full;
const PARTS = Object.keys(full) as Part[];

/** Keeps only the named parts of the full address. */
function only(...parts: Part[]): SgpAddress {
  return anAddress(Object.fromEntries(parts.map((name) => [name, full[name]])));
}

describe('R1.5 address line', () => {
  test.each<[string, SgpAddress, string]>([
    ['every part', only(...PARTS), 'Rua A, 10 - Apto 2 - Centro, Fortaleza - CE, 60000-000'],
    [
      'no complemento',
      only('logradouro', 'numero', 'bairro', 'cidade', 'uf', 'cep'),
      'Rua A, 10 - Centro, Fortaleza - CE, 60000-000',
    ],
    [
      'no numero',
      only('logradouro', 'complemento', 'bairro', 'cidade', 'uf', 'cep'),
      'Rua A, Apto 2 - Centro, Fortaleza - CE, 60000-000',
    ],
    [
      'no bairro',
      only('logradouro', 'numero', 'complemento', 'cidade', 'uf', 'cep'),
      'Rua A, 10 - Apto 2, Fortaleza - CE, 60000-000',
    ],
    [
      'numero only in its group',
      only('logradouro', 'numero', 'cidade', 'uf', 'cep'),
      'Rua A, 10, Fortaleza - CE, 60000-000',
    ],
    ['bairro only in its group', only('logradouro', 'bairro', 'cidade'), 'Rua A, Centro, Fortaleza'],
    ['no cidade', only('logradouro', 'numero', 'bairro', 'uf', 'cep'), 'Rua A, 10 - Centro, CE, 60000-000'],
    ['no uf', only('logradouro', 'numero', 'bairro', 'cidade', 'cep'), 'Rua A, 10 - Centro, Fortaleza, 60000-000'],
    ['no cidade nor uf', only('logradouro', 'numero', 'bairro', 'cep'), 'Rua A, 10 - Centro, 60000-000'],
    ['no cep', only('logradouro', 'numero', 'bairro', 'cidade', 'uf'), 'Rua A, 10 - Centro, Fortaleza - CE'],
    ['no logradouro', only('numero', 'bairro', 'cidade', 'uf'), '10 - Centro, Fortaleza - CE'],
    ['only logradouro and cidade', only('logradouro', 'cidade'), 'Rua A, Fortaleza'],
    ['only logradouro', only('logradouro'), 'Rua A'],
    ['only cep', only('cep'), '60000-000'],
    ['only complemento', only('complemento'), 'Apto 2'],
    ['logradouro and cep', only('logradouro', 'cep'), 'Rua A, 60000-000'],
    ['nothing', anAddress(), ''],
  ])('R1.5 address, %s', (_clause, address, line) => {
    expect(formatAddress(address)).toBe(line);
  });

  test('R1.5 address: whitespace inside and around parts is collapsed', () => {
    const address = anAddress({
      logradouro: '  Rua   das\tFlores ',
      numero: ' 10 ',
      bairro: '\u00a0Centro',
      cidade: 'Fortaleza\n',
    });
    expect(formatAddress(address)).toBe('Rua das Flores, 10 - Centro, Fortaleza');
  });

  test('R1.5 address: blank parts are empty parts, separators and all', () => {
    const address = anAddress({
      logradouro: 'Rua A',
      numero: '  ',
      complemento: '\t',
      bairro: 'Centro',
      cidade: ' ',
      uf: 'CE',
    });
    expect(formatAddress(address)).toBe('Rua A, Centro, CE');
  });

  test('R1.5 address: numbers are text (numero: 1, cep: 60000000)', () => {
    expect(formatAddress(anAddress({ logradouro: 'Rua A', numero: 1, cidade: 'Fortaleza', cep: 60000000 }))).toBe(
      'Rua A, 1, Fortaleza, 60000000',
    );
  });

  test('R1.5 address: a boolean part is empty', () => {
    expect(
      formatAddress(anAddress({ logradouro: 'Rua A', numero: true, complemento: false, cidade: 'Fortaleza' })),
    ).toBe('Rua A, Fortaleza');
  });

  test('R1.5 address: latitude and longitude are not part of the line', () => {
    expect(formatAddress(anAddress({ logradouro: 'Rua A', latitude: '-3.7', longitude: '-38.5' }))).toBe('Rua A');
  });
});

/**
 * The grouping rule restated pairwise: between two consecutive parts that are there, " - " when
 * both belong to the same group (numero/complemento/bairro, cidade/uf), else ", ".
 */
const GROUP: Record<Part, number> = { logradouro: 1, numero: 2, complemento: 2, bairro: 2, cidade: 3, uf: 3, cep: 4 };

function expectedLine(present: readonly Part[]): string {
  return present
    .map((name, index) => {
      const previous = present[index - 1];
      if (previous === undefined) return full[name];
      return (GROUP[previous] === GROUP[name] ? ' - ' : ', ') + full[name];
    })
    .join('');
}

test('R1.5 address: all 128 combinations of present and empty parts follow the grouping rule', () => {
  for (let mask = 0; mask < 2 ** PARTS.length; mask += 1) {
    const present = PARTS.filter((_name, bit) => (mask & (1 << bit)) !== 0);
    expect(formatAddress(only(...present)), present.join('+')).toBe(expectedLine(present));
  }
});

import type { Random } from '../shared/random.ts';

/**
 * What real SGP bases hold besides clean records (issue 11): copies of one contract, identical
 * (a record read twice as pages shift while SGP is edited) or conflicting (two clients given one
 * contract number), and absurd values typed or imported by hand. Each kind is listed so that a
 * test can tell the contracts tied to bad data from the rest.
 */
export type SgpMessKind =
  | 'identical-copy'
  | 'conflicting-copy'
  | 'empty-name'
  | 'huge-name'
  | 'control-chars'
  | 'huge-street'
  | 'rx-positive'
  | 'rx-absurd'
  | 'rx-text'
  | 'coords-off-globe'
  | 'coords-swapped';

/** Relative rates among messy records: copies and RX noise are what bases hold most. */
const kindWeights: Readonly<Record<SgpMessKind, number>> = {
  'identical-copy': 20,
  'conflicting-copy': 10,
  'empty-name': 8,
  'huge-name': 2,
  'control-chars': 8,
  'huge-street': 4,
  'rx-positive': 12,
  'rx-absurd': 10,
  'rx-text': 10,
  'coords-off-globe': 8,
  'coords-swapped': 8,
};

/** The default `sgpMess` rate: about 2% of client records messy, as seen on real bases. */
export const REALISTIC_SGP_MESS = 0.02;

export interface SgpMessEntry {
  readonly code: string;
  readonly kind: SgpMessKind;
}

type Json = Record<string, unknown>;

/**
 * Makes about `rate` of the client records messy, deterministically from `random`. Copies are
 * inserted far from their original (about a third of the listing away), so that they land on
 * another page. Returns the new listing and what was done to which contract.
 */
export function addSgpMess(
  random: Random,
  clientes: readonly unknown[],
  rate: number,
): { readonly clientes: unknown[]; readonly mess: SgpMessEntry[] } {
  const out: unknown[] = clientes.map((c) => structuredClone(c));
  const mess: SgpMessEntry[] = [];
  const copies: { at: number; record: unknown }[] = [];
  const touched = new Set<string>();
  out.forEach((cliente, index) => {
    if (rate <= 0 || !random.chance(rate)) return;
    const client = cliente as Json;
    const contract = (client['contratos'] as Json[] | undefined)?.[0];
    const code = contract === undefined ? undefined : String(contract['contrato']);
    // One kind per contract, so that each messy contract has one cause.
    if (code === undefined || touched.has(code) || (client['contratos'] as Json[]).length !== 1) return;
    touched.add(code);
    const kind = random.weighted(kindWeights);
    const at = (index + Math.max(1, Math.floor(out.length / 3))) % Math.max(1, out.length);
    if (kind === 'identical-copy') copies.push({ at, record: structuredClone(client) });
    else if (kind === 'conflicting-copy')
      copies.push({ at, record: { ...structuredClone(client), nome: `${String(client['nome'])} Outro` } });
    // Listed only when it took: an RX on a contract without an ONU is no mess at all.
    else if (!spoil(client, contract as Json, kind)) return;
    mess.push({ code, kind });
  });
  // Insert from the end, so that earlier positions stay right.
  for (const copy of copies.sort((a, b) => b.at - a.at)) out.splice(copy.at, 0, copy.record);
  return { clientes: out, mess };
}

/** Spoils one field of the record; false when the record has nothing the kind could spoil. */
function spoil(client: Json, contract: Json, kind: SgpMessKind): boolean {
  const service = (contract['servicos'] as Json[] | undefined)?.[0];
  const onu = service?.['onu'] as Json | undefined;
  const onCto = onu !== undefined && typeof onu['splitter'] === 'object' && onu['splitter'] !== null;
  const addresses = [client['endereco'], service?.['endereco']].filter(
    (a): a is Json => typeof a === 'object' && a !== null,
  );
  const located = addresses.filter((a) => a['latitude'] !== '' && a['longitude'] !== '');
  const setRx = (rx: string): boolean => {
    if (!onCto) return false;
    onu['rx'] = rx;
    return true;
  };
  switch (kind) {
    case 'empty-name':
      client['nome'] = '  ';
      return true;
    case 'huge-name':
      client['nome'] = 'A'.repeat(1_000_000);
      return true;
    case 'control-chars':
      client['nome'] = `${String(client['nome'])}\u0000\u202E`;
      return true;
    case 'huge-street':
      for (const address of addresses) address['logradouro'] = 'R'.repeat(200_000);
      return addresses.length > 0;
    case 'rx-positive':
      return setRx('5');
    case 'rx-absurd':
      return setRx('-999999');
    case 'rx-text':
      return setRx('abc');
    case 'coords-off-globe':
      for (const address of located) Object.assign(address, { latitude: '999', longitude: '-999' });
      return located.length > 0;
    case 'coords-swapped':
      for (const address of located)
        Object.assign(address, { latitude: address['longitude'], longitude: address['latitude'] });
      return located.length > 0;
    default:
      return false;
  }
}

import { scalarText } from './normaliseText.ts';
import { parseDecimal } from './parseDecimal.ts';
import type { SgpScalar, SgpService } from './sgpContractRecord.ts';

type SgpOnu = NonNullable<SgpService['onu']>;
type SgpSplitter = NonNullable<SgpOnu['splitter']>;

/**
 * R1.4: whether `onu.splitter` is set. **Decided:** set means the object is present AND at least
 * one of its `id`, `nome`, `porta` holds something (not null, not blank, not a boolean). An
 * object with all three empty is how a serialiser writes "no splitter" (a null foreign key
 * rendered field by field); counting it as set would let such a service, when its id is lower,
 * hide a contract's real FTTH service and leave the client without a CTO. A splitter with an id
 * but no name still counts: it is a real CTO record, and R1.5 then reads "no CTO" from its name.
 */
function isSplitterSet(splitter: SgpSplitter | null): boolean {
  if (splitter === null) return false;
  return [splitter.id, splitter.nome, splitter.porta].some((value) => scalarText(value).trim() !== '');
}

/** Sort key of a service id: numeric ids first, then textual ones, then no id at all. */
type IdKey =
  { readonly rank: 0; readonly number: number } | { readonly rank: 1; readonly text: string } | { readonly rank: 2 };

function idKey(id: SgpScalar): IdKey {
  const number = parseDecimal(id);
  if (number !== null) return { rank: 0, number };
  const text = scalarText(id).trim();
  return text === '' ? { rank: 2 } : { rank: 1, text };
}

function compareIdKeys(a: IdKey, b: IdKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank === 0 && b.rank === 0) return a.number - b.number;
  if (a.rank === 1 && b.rank === 1) return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  return 0;
}

/**
 * R1.4: the contract's FTTH service, the one whose `onu.splitter` is set (see `isSplitterSet`);
 * with several, the lowest service `id`; none -> null (no CTO).
 *
 * "Lowest" is a total order, so the choice never depends on the order SGP lists the services in:
 * ids that parse as numbers compare numerically ("9" < "10") and come before textual ids, which
 * compare by plain string order (no locale); a null, blank or boolean id comes last. (Comparing
 * a number with a text as strings, as a looser reading would, is not transitive: "2" < "10"
 * numerically, "10" < "1a" and "1a" < "2" as strings.) Services with equal ids keep SGP's order.
 */
export function chooseFtthService(services: readonly SgpService[]): SgpService | null {
  let chosen: { readonly service: SgpService; readonly key: IdKey } | null = null;
  for (const service of services) {
    if (!isSplitterSet(service.onu?.splitter ?? null)) continue;
    const key = idKey(service.id);
    if (chosen === null || compareIdKeys(key, chosen.key) < 0) chosen = { service, key };
  }
  return chosen?.service ?? null;
}

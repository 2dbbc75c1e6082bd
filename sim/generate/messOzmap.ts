import type { Random } from '../shared/random.ts';
import type { OzmapFixture } from '../ozmap/ozmapFixture.ts';

type HandEdit = NonNullable<OzmapFixture['handEdits']>[number];
type Row = Readonly<Record<string, unknown>> & { readonly id: string };

/**
 * Real tenants hold records edited by hand with values outside OZmap's documented forms. This
 * picks about `perThousand` of every collection's records and gives each one such value, of a
 * kind seen in that collection (docs/decisions/0004 says what each one blocks). The same random
 * stream always picks the same records and values.
 */
export function messOzmap(
  random: Random,
  ozmap: Pick<OzmapFixture, 'boxes' | 'splitters' | 'properties' | 'ftthClients'>,
  perThousand: number,
): HandEdit[] {
  if (perThousand <= 0) return [];
  const p = perThousand / 1000;
  const edits: HandEdit[] = [];
  const each = (
    collection: HandEdit['collection'],
    rows: readonly Row[] | undefined,
    fields: (row: Row) => Record<string, unknown>,
  ): void => {
    for (const row of rows ?? []) if (random.chance(p)) edits.push({ collection, id: row.id, fields: fields(row) });
  };
  each('ftthClients', ozmap.ftthClients as readonly Row[], () => {
    switch (random.int(0, 2)) {
      case 0: // a connection status outside 0/1/"OK"/"ERROR"
        return { status: random.pick(['BROKEN', 'ok', 'Ativo', 2, '1']) };
      case 1: // no readable code
        return { code: random.pick(['', null]) };
      default:
        return { implanted: random.pick(['sim', 'true', 1]) };
    }
  });
  each('properties', ozmap.properties as readonly Row[], (row) => {
    const [connection] = (row.connections as readonly Record<string, unknown>[] | undefined) ?? [];
    if (connection && random.chance(0.5))
      return { connections: [{ ...connection, port: random.pick(['três', 0, null]) }] };
    return random.chance(0.5)
      ? { potencyRead: random.pick(['-21,40', '-19.8 dBm', 'N/A']) }
      : { observation: random.pick([42, ['poste 3']]) };
  });
  each('splitters', ozmap.splitters as readonly Row[], () => ({ isDrop: random.pick(['sim', 'não']) }));
  each('boxes', ozmap.boxes as readonly Row[], (row) => {
    const coords = row.coords as readonly number[] | null | undefined;
    return { coords: coords ? coords.map(String) : 'sem coordenadas' };
  });
  return edits;
}

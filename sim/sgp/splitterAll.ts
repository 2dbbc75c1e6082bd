import { asObject, contractsOf, servicesOf } from './sgpRecords.ts';

/** One row of `GET /api/fttx/splitter/all/` (see `fttx_splitter_all.json`). */
export interface SgpSplitterRow {
  note: string;
  ident: string | null;
  un_ports: string | null;
  busy_ports: string[];
  localization: string;
  ports: number;
  pon: number;
  onu_count: number;
  pon_id: number;
  id: number;
  map_ll: string | null;
}

interface CtoAccumulator {
  readonly id: number;
  readonly ident: string | null;
  readonly busy: Set<number>;
  onuCount: number;
  pon: number;
  latLng: string | null;
}

function toNumber(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value.trim().replace(',', '.'))
        : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function latLngOf(endereco: unknown): string | null {
  const address = asObject(endereco);
  const lat = toNumber(address?.latitude);
  const lng = toNumber(address?.longitude);
  return lat === undefined || lng === undefined ? null : `${lat.toFixed(6)}, ${lng.toFixed(6)}`;
}

/** Real CTOs have 8 or 16 ports; a port number beyond that means a bigger box. */
function portCount(busy: ReadonlySet<number>): number {
  const highest = Math.max(0, ...busy);
  return highest <= 8 ? 8 : highest <= 16 ? 16 : highest;
}

function collect(ctos: Map<number, CtoAccumulator>, service: unknown, clientLatLng: string | null): void {
  const onu = asObject(asObject(service)?.onu);
  const splitter = asObject(onu?.splitter);
  const id = toNumber(splitter?.id);
  if (!onu || !splitter || id === undefined || !Number.isInteger(id)) return;
  const nome = splitter.nome;
  const cto = ctos.get(id) ?? {
    id,
    ident: typeof nome === 'string' ? nome : null,
    busy: new Set<number>(),
    onuCount: 0,
    pon: toNumber(onu.pon) ?? 1,
    latLng: null,
  };
  ctos.set(id, cto);
  cto.onuCount += 1;
  const porta = toNumber(splitter.porta);
  if (porta !== undefined && Number.isInteger(porta) && porta >= 1) cto.busy.add(porta);
  // SGP places a CTO on the map by hand; the first customer's location is a fair stand-in.
  cto.latLng ??= latLngOf(asObject(service)?.endereco) ?? clientLatLng;
}

/** Every CTO referenced by an ONU in the data, as SGP's CTO registry would list it. */
export function splitterAll(clientes: readonly unknown[]): SgpSplitterRow[] {
  const ctos = new Map<number, CtoAccumulator>();
  for (const record of clientes) {
    const clientLatLng = latLngOf(asObject(record)?.endereco);
    for (const contract of contractsOf(record) ?? []) {
      for (const service of servicesOf(contract) ?? []) collect(ctos, service, clientLatLng);
    }
  }
  return [...ctos.values()]
    .sort((a, b) => a.id - b.id)
    .map((cto) => ({
      note: '',
      ident: cto.ident,
      un_ports: null,
      busy_ports: [...cto.busy].sort((a, b) => a - b).map(String),
      localization: '',
      ports: portCount(cto.busy),
      pon: cto.pon,
      onu_count: cto.onuCount,
      pon_id: 80 + cto.pon,
      id: cto.id,
      map_ll: cto.latLng,
    }));
}

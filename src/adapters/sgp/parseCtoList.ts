import type { ResponseProblem } from '../upstream/httpTransport.ts';
import { UpstreamErrorCode } from '../upstream/upstreamError.ts';
import { businessError, nonNegativeInteger, parseSgpJson } from './parseSgpBody.ts';
import { describe, isJsonObject, own, RecordFieldError } from './readSgpFields.ts';
import type { JsonObject } from './readSgpFields.ts';

/** One CTO box of `GET /api/fttx/splitter/all/` (SGP calls it a splitter). */
interface SgpCto {
  readonly id: string;
  /** SGP's `ident`, as sent: the name R2.3 matches against OZmap box names; null when unset. */
  readonly name: string | null;
  /** Number of ports, or null when SGP does not say. */
  readonly ports: number | null;
  readonly busyPorts: number[];
  readonly coords: { readonly lat: number; readonly lng: number } | null;
}

/** A CTO entry that does not fit (R8): reported, and the others go on. */
interface SgpCtoError {
  readonly code: 'SGP_RECORD_INVALID';
  readonly cto: string | null;
  readonly index: number;
  readonly field: string;
  readonly problem: string;
}

export interface SgpCtoList {
  readonly ctos: SgpCto[];
  readonly rejected: SgpCtoError[];
}

/** The body of `GET /api/fttx/splitter/all/`: a JSON list of CTOs, or why it is not one. */
export function parseCtoList(text: string): SgpCtoList | ResponseProblem {
  const parsed = parseSgpJson(text);
  if ('code' in parsed) return parsed;
  if (!Array.isArray(parsed.json)) {
    return (
      businessError(parsed.json) ?? {
        code: UpstreamErrorCode.badResponse,
        problem: 'the body is not a JSON list of CTOs',
      }
    );
  }
  const ctos: SgpCto[] = [];
  const rejected: SgpCtoError[] = [];
  parsed.json.forEach((entry: unknown, index) => {
    try {
      ctos.push(readCto(entry));
    } catch (error) {
      if (!(error instanceof RecordFieldError)) throw error;
      const id = isJsonObject(entry) ? idOf(own(entry, 'id')) : undefined;
      rejected.push({ code: 'SGP_RECORD_INVALID', cto: id ?? null, index, field: error.field, problem: error.problem });
    }
  });
  return { ctos, rejected };
}

function readCto(entry: unknown): SgpCto {
  if (!isJsonObject(entry)) throw new RecordFieldError('cto', `expected an object, got ${describe(entry)}`);
  const id = idOf(own(entry, 'id'));
  if (id === undefined) throw new RecordFieldError('id', `expected an integer id, got ${describe(own(entry, 'id'))}`);
  const ident = own(entry, 'ident');
  if (ident !== null && ident !== undefined && typeof ident !== 'string' && typeof ident !== 'number') {
    throw new RecordFieldError('ident', `expected a name, got ${describe(ident)}`);
  }
  const ports = own(entry, 'ports');
  return {
    id,
    name: ident === null || ident === undefined ? null : String(ident),
    ports: ports === null || ports === undefined ? null : required(nonNegativeInteger(ports), 'ports', ports),
    busyPorts: readBusyPorts(entry),
    coords: readCoords(own(entry, 'map_ll')),
  };
}

function readBusyPorts(entry: JsonObject): number[] {
  const busy = own(entry, 'busy_ports');
  if (busy === null || busy === undefined) return [];
  if (!Array.isArray(busy)) throw new RecordFieldError('busy_ports', `expected a list, got ${describe(busy)}`);
  return busy.map((port: unknown, i) => required(nonNegativeInteger(port), `busy_ports[${i}]`, port));
}

/** `map_ll` is "lat, lng"; anything unreadable, out of range or (0, 0) is no coordinates. */
function readCoords(value: unknown): SgpCto['coords'] {
  if (typeof value !== 'string') return null;
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length !== 2 || parts.some((part) => !/^[-+]?\d+(\.\d+)?$/.test(part))) return null;
  const [lat, lng] = parts.map(Number) as [number, number];
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return null;
  return { lat, lng };
}

function idOf(value: unknown): string | undefined {
  const id = nonNegativeInteger(value);
  return id === null ? undefined : String(id);
}

function required(value: number | null, field: string, raw: unknown): number {
  if (value === null) throw new RecordFieldError(field, `expected a whole number, got ${describe(raw)}`);
  return value;
}

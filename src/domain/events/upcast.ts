/**
 * Upcasters: old payload versions -> the current one, per event type. Every event is at
 * version 1 today, so there is nothing to convert yet; a v2 adds its conversion here, e.g.
 * `SgpContractObserved: (d) => (d.v === 1 ? { ...d, v: 2, newField: null } : d)`.
 */
const upcasters: Readonly<Record<string, (data: Record<string, unknown>) => Record<string, unknown>>> = {};

export function upcast(type: string, data: unknown): unknown {
  const convert = upcasters[type];
  return convert && data && typeof data === 'object' ? convert(data as Record<string, unknown>) : data;
}

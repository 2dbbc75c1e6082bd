import { describe, expect, it } from 'vitest';
import { generateFixtures } from '../../sim/generate/generateFixtures.ts';
import { REALISTIC_SGP_MESS } from '../../sim/generate/addSgpMess.ts';

const codesIn = (clientes: readonly unknown[]): string[] =>
  clientes.flatMap((c) =>
    ((c as { contratos?: { contrato: unknown }[] }).contratos ?? []).map((k) => String(k.contrato)),
  );

describe('sim generate: a messy SGP base (issue 11)', () => {
  it('adds nothing unless asked: the clean base stays as it was', () => {
    const clean = generateFixtures({ contracts: 300, seed: 5 });
    expect(clean.sgpMess).toEqual([]);
    expect(JSON.stringify(generateFixtures({ contracts: 300, seed: 5, sgpMess: 0 }).sgp)).toBe(
      JSON.stringify(clean.sgp),
    );
  });

  it('at the realistic rate, about 2% of client records, reproducibly, copies landing on another page', () => {
    const messy = generateFixtures({ contracts: 2000, seed: 5, sgpMess: REALISTIC_SGP_MESS });
    expect(JSON.stringify(generateFixtures({ contracts: 2000, seed: 5, sgpMess: REALISTIC_SGP_MESS }))).toBe(
      JSON.stringify(messy),
    );
    const clients = messy.sgp.clientes.length;
    expect(messy.sgpMess.length).toBeGreaterThan(clients * 0.01);
    expect(messy.sgpMess.length).toBeLessThan(clients * 0.03);
    const codes = codesIn(messy.sgp.clientes);
    const copied = messy.sgpMess.filter((m) => m.kind.endsWith('-copy'));
    for (const { code } of copied) {
      const positions = codes.flatMap((c, i) => (c === code ? [i] : []));
      expect(positions).toHaveLength(2);
      expect(Math.floor((positions[1] ?? 0) / 100)).not.toBe(Math.floor((positions[0] ?? 0) / 100));
    }
  });
});

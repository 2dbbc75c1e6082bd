import { describe, expect, it } from 'vitest';
import { jitterRx } from '../../sim/sgp/jitterRx.ts';

const cliente = (code: number, rx: string) => ({
  id: code,
  contratos: [{ contrato: code, servicos: [{ id: 1, onu: { rx, splitter: { id: 1, nome: 'CTO-1' } } }] }],
});
const rxOf = (c: ReturnType<typeof cliente>): string => c.contratos[0]!.servicos[0]!.onu.rx;

describe('SGP simulator: RX jitter between sweeps', () => {
  it('moves the share asked for by 0.01 to maxDb at two decimals, keeping comma or dot; placeholders stay', () => {
    const clientes = Array.from({ length: 1_000 }, (_, i) =>
      cliente(i + 1, i % 10 === 0 ? '-99.999' : i % 10 === 1 ? '' : i % 2 ? '-21,37' : '-20.50'),
    );
    const before = clientes.map(rxOf);
    const moved = jitterRx(clientes, { share: 0.5, maxDb: 0.05, seed: 3 });
    const after = clientes.map(rxOf);
    const changed = after.filter((rx, i) => rx !== before[i]);
    expect(changed).toHaveLength(moved);
    expect(moved).toBeGreaterThan(300);
    expect(moved).toBeLessThan(500);
    for (const [i, rx] of after.entries()) {
      if (before[i] === '-99.999' || before[i] === '') {
        expect(rx).toBe(before[i]);
        continue;
      }
      expect(rx.includes(',')).toBe(before[i]!.includes(','));
      const delta = Math.abs(Number(rx.replace(',', '.')) - Number(before[i]!.replace(',', '.')));
      expect(delta <= 0.05 + 1e-9).toBe(true);
      expect(rx).toMatch(/^-\d+[.,]\d{2}$/);
    }
  });

  it('is reproducible: the same seed moves the same readings the same way', () => {
    const a = [cliente(1, '-20.00'), cliente(2, '-21.00')];
    const b = [cliente(1, '-20.00'), cliente(2, '-21.00')];
    jitterRx(a, { share: 1, seed: 9 });
    jitterRx(b, { share: 1, seed: 9 });
    expect(a.map(rxOf)).toEqual(b.map(rxOf));
    expect(a.map(rxOf)).not.toEqual(['-20.00', '-21.00']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { buildWorld, withoutCancellations } from '../../chaos/support/worlds.ts';
import { contractStream } from '../../src/domain/events/streams.ts';
import { startHarness, type Harness } from '../support/engineHarness.ts';

// UPDATE_ONU end to end (issue 16): SGP's ONU serial, MAC and PPPoE login reach the OZmap
// client's `onu` through the simulators, once, and come back after a hand edit.

interface Servico {
  login?: string;
  mac?: string;
  onu?: { serial?: string; splitter?: unknown };
}
interface Contrato {
  contrato: unknown;
  servicos?: Servico[];
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function sgpOnus(sgp: {
  clientes: unknown[];
}): Map<string, { serial_number: string; mac_address: string; user_PPPoE: string }> {
  const onus = new Map<string, { serial_number: string; mac_address: string; user_PPPoE: string }>();
  for (const client of sgp.clientes as { contratos?: Contrato[] }[]) {
    for (const c of client.contratos ?? []) {
      const service = c.servicos?.find((s) => s.onu?.splitter) ?? c.servicos?.find((s) => s.onu);
      if (service?.onu?.serial && service.mac && service.login)
        onus.set(String(c.contrato), {
          serial_number: service.onu.serial,
          mac_address: service.mac,
          user_PPPoE: service.login,
        });
    }
  }
  return onus;
}

async function start(env: Record<string, string>) {
  const world = buildWorld({ contracts: 20, seed: 6 });
  const sgp = withoutCancellations(world.sgp);
  harness = await startHarness({ sgpFixture: sgp, ozmapFixture: world.ozmap, env });
  return { h: harness, onus: sgpOnus(sgp) };
}

const onuOf = async (h: Harness, code: string) =>
  (await h.ozmapState()).ftthClients.find((c) => String(c.code) === code)?.onu;

describe('UPDATE_ONU end to end', () => {
  it('off (the default): no client gets an ONU written', async () => {
    const { h, onus } = await start({});
    const before = new Map((await h.ozmapState()).ftthClients.map((c) => [String(c.id), JSON.stringify(c.onu)]));
    expect((await h.run('sync')).outcome).toBe('completed');
    const after = (await h.ozmapState()).ftthClients;
    expect(after.length).toBeGreaterThan(before.size);
    for (const client of after) {
      // Existing clients keep theirs; created ones have none of SGP's.
      if (before.has(String(client.id))) expect(JSON.stringify(client.onu)).toBe(before.get(String(client.id)));
      else
        expect((client.onu as { serial_number?: string } | undefined)?.serial_number ?? '').not.toBe(
          onus.get(String(client.code))?.serial_number,
        );
    }
  }, 60_000);

  it("on: created and existing clients get SGP's serial, MAC and login; the next sync writes nothing; a hand edit is put back with its cause", async () => {
    const { h, onus } = await start({ UPDATE_ONU: 'true' });
    expect((await h.run('sync')).outcome).toBe('completed');
    const clients = (await h.ozmapState()).ftthClients;
    const matched = clients.filter((c) => onus.has(String(c.code)));
    expect(matched.length).toBeGreaterThan(3);
    for (const client of matched) expect(client.onu).toMatchObject(onus.get(String(client.code))!);
    // Idempotent: a second sync plans no write.
    const second = await h.run('sync');
    expect(second.commands.filter((c) => c.kind === 'update' || c.kind === 'create')).toEqual([]);
    // A hand edit in OZmap is put back, and the trail says it differed in OZmap.
    const target = matched[0]!;
    const code = String(target.code);
    const patched = await h.ozmap.inject({
      method: 'PATCH',
      url: `/__sim/objects/ftthClients/${String(target.id)}`,
      payload: {
        onu: {
          serial_number: 'HANDEDIT',
          mac_address: onus.get(code)!.mac_address,
          user_PPPoE: onus.get(code)!.user_PPPoE,
        },
      },
    });
    expect(patched.statusCode).toBeLessThan(300);
    const third = await h.run('sync');
    expect(third.commands.filter((c) => c.kind === 'update').map((c) => c.code)).toEqual([code]);
    expect(await onuOf(h, code)).toMatchObject(onus.get(code)!);
    const trail = await h.store.readStream(contractStream(code));
    const updated = trail.filter((e) => e.type === 'OzmapClientUpdated').at(-1)?.data as {
      changes: { field: string; from: { serial_number: string }; cause: string }[];
    };
    expect(updated.changes).toEqual([
      expect.objectContaining({
        field: 'onu',
        from: expect.objectContaining({ serial_number: 'HANDEDIT' }),
        cause: 'drift',
      }),
    ]);
  }, 60_000);
});

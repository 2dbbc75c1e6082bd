import type { FastifyInstance } from 'fastify';
import { startSecondWriter, type SecondWriter, type SecondWriterTarget } from '../../../sim/ozmap/secondWriter.ts';

/** How many clients the demo's other writer fights over. */
const DEMO_CONTESTED_CLIENTS = 3;

interface SimState {
  readonly ftthClients: readonly { id: string; code: string; name: string }[];
  readonly properties: readonly { id: string; client?: unknown; address?: unknown }[];
}

/**
 * The demo's other writer of OZmap (issue 15 item 5): once the service wrote clients, it picks a
 * few and keeps its own name on two of them and its own address on one, changing them back
 * after each of the service's writes, as a person correcting by hand would. After
 * CONTEST_THRESHOLD changes back the dashboard lists them contested (docs/RULES.md R9.4).
 */
export function createDemoSecondWriter(ozmap: FastifyInstance): { tick(): Promise<number>; stop(): Promise<void> } {
  let writer: SecondWriter | null = null;
  const choose = async (): Promise<SecondWriterTarget[]> => {
    const state = (await ozmap.inject({ method: 'GET', url: '/__sim/state' })).json() as SimState;
    const clients = [...state.ftthClients]
      .sort((a, b) => a.code.localeCompare(b.code))
      .slice(0, DEMO_CONTESTED_CLIENTS);
    return clients.flatMap((client, i): SecondWriterTarget[] => {
      if (i < DEMO_CONTESTED_CLIENTS - 1)
        return [
          { collection: 'ftth-clients', id: client.id, field: 'name', value: `${client.name} (corrigido à mão)` },
        ];
      const property = state.properties.find((p) => p.client === client.id);
      return property
        ? [{ collection: 'properties', id: property.id, field: 'address', value: 'Endereço corrigido à mão, s/n' }]
        : [];
    });
  };
  return {
    async tick() {
      if (writer === null) {
        const targets = await choose();
        if (targets.length === 0) return 0; // no client written yet: the first sync has not run
        writer = startSecondWriter(ozmap, targets, { everyMs: 0 });
      }
      return writer.pass();
    },
    async stop() {
      await writer?.stop();
    },
  };
}

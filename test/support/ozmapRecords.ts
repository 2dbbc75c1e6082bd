/** Hand-made OZmap fixture objects (API shape, `id` references), for end-to-end tests. */
export interface OzmapFixtureInput {
  readonly boxes?: readonly Record<string, unknown>[];
  readonly splitters?: readonly Record<string, unknown>[];
  readonly properties?: readonly Record<string, unknown>[];
  readonly ftthClients?: readonly Record<string, unknown>[];
}

export const box = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  project: 'p1',
  implanted: true,
  coords: [-38.5, -3.7],
  observation: '',
  ...extra,
});

export const splitter = (id: string, parent: string, ports = 8, extra: Record<string, unknown> = {}) => ({
  id,
  name: `SPL-${id}`,
  parent,
  project: 'p1',
  isDrop: true,
  ratio: { input: 1, output: ports },
  ...extra,
});

export const ftthClient = (id: string, code: string, extra: Record<string, unknown> = {}) => ({
  id,
  code,
  name: `Cliente ${code}`,
  observation: '',
  implanted: true,
  status: 0,
  ...extra,
});

export const property = (id: string, boxId: string, clientId: string | null, extra: Record<string, unknown> = {}) => ({
  id,
  box: boxId,
  client: clientId,
  address: 'Rua das Flores, 10 - Centro, Fortaleza - CE, 60000-000',
  coords: [-38.526669, -3.731862],
  observation: '',
  potencyRead: -21.5,
  connections: [],
  ...extra,
});

export const ozmapFixture = (input: OzmapFixtureInput) => ({
  boxes: [...(input.boxes ?? [])],
  splitters: [...(input.splitters ?? [])],
  properties: [...(input.properties ?? [])],
  ftthClients: [...(input.ftthClients ?? [])],
});

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { PROPERTY_TIMEOUT_MS } from './engineProperty.ts';
import { step } from './engineModel.ts';
import { lifecycleCommandsArb, lifecycleStep, lifecycleWorldArb } from './lifecycleCommands.ts';
import { portsFollowContracts } from './lifecycleInvariants.ts';
import { runScenario } from './scenario.ts';

/**
 * Issue 14's life cycles in the model-based runs: cancel -> reactivate -> cancel again, moves
 * between boxes and ports (MOVE_ON_CTO_CHANGE on in about half the runs), a splitter installed
 * in a box that had none (CONNECT_LATER, default on), among kills, faults and restarts. At every
 * step: one client per code, each cancellation's line written once (a cancellation after a
 * reactivation writes its own), no detachment without its line, no port held by two
 * properties. After the final rounds: no property left on a port its contract has left while the
 * port SGP gives is free (with moves on), no client left unconnected beside its free port.
 * What OZmap becomes is not compared with `desiredState.ts`, which does not model these rules.
 * 15 runs here (about 14 s on this loaded machine); FC_RUNS, FC_SEED and FC_MAX_COMMANDS explore
 * further, FC_PATH replays a failure.
 */
const RUNS = Number(process.env.FC_RUNS ?? 15);
const MAX_COMMANDS = Number(process.env.FC_MAX_COMMANDS ?? 8);

test(
  'life cycles: one client per code, a line per cancellation, no port held twice or left behind',
  async () => {
    const seed = Number(process.env.FC_SEED ?? 20_261_214);
    await fc.assert(
      fc.asyncProperty(
        lifecycleWorldArb,
        fc.boolean(),
        lifecycleCommandsArb(MAX_COMMANDS),
        async (world, moves, commands) => {
          const result = await runScenario(world, commands, {
            compare: false,
            lifecycle: true,
            env: { MOVE_ON_CTO_CHANGE: String(moves) },
          });
          const problems = [
            ...result.violations,
            ...result.finalCycles
              .filter((r) => r.outcome !== 'completed')
              .map((r) => `final ${r.kind} cycle ${r.outcome}`),
            ...portsFollowContracts(result.finalState, result.sgp, moves).map((p) => `after the final rounds: ${p}`),
          ];
          if (problems.length > 0)
            throw new Error(
              `${problems.join('\n')}\n--- trace (seed ${seed}, moves ${moves}) ---\n${result.trace.join('\n')}`,
            );
          expect(problems).toEqual([]);
        },
      ),
      { seed, numRuns: RUNS, ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) },
    );
  },
  // A longer exploration (FC_RUNS, FC_MAX_COMMANDS) gets the time it needs: about a second a step.
  Math.max(PROPERTY_TIMEOUT_MS, RUNS * MAX_COMMANDS * 1000),
);

const PLACE = { lat: '-3.7301', lng: '-38.5201', logradouro: 'Rua das Flores' };

test.each([
  [false, ['code 101: property of 101 still holds box-1-s1:1 though SGP gives box-2-s1:2, which is free']],
  [true, []],
])(
  'the final check of a move: 101 moved from CTO-A port 1 to CTO-B port 2 with MOVE_ON_CTO_CHANGE=%s',
  async (moves, expected) => {
    // The check itself, on one fixed run: with moves off the client stays behind and is reported.
    const result = await runScenario(
      {
        boxes: [
          {
            id: 'box-1',
            name: 'CTO-A',
            coords: [-38.5, -3.7],
            splitters: [{ id: 'box-1-s1', name: 'SPL-1', ports: 4, blocked: [] }],
          },
          {
            id: 'box-2',
            name: 'CTO-B',
            coords: [-38.51, -3.71],
            splitters: [{ id: 'box-2-s1', name: 'SPL-1', ports: 4, blocked: [] }],
          },
        ],
        contracts: [
          {
            code: '101',
            nome: 'Maria da Silva',
            status: 'Ativo',
            splitter: { nome: 'CTO-A', porta: 1 },
            rx: '-21.50',
            online: true,
            service: { ...PLACE },
            client: { ...PLACE },
          },
        ],
        preexisting: [],
        foreign: false,
      },
      [step.cycle('sync'), lifecycleStep.move('101', 'CTO-B', 2, null)],
      { compare: false, lifecycle: true, env: { MOVE_ON_CTO_CHANGE: String(moves) } },
    );
    const property = result.finalState.properties[0]?.id ?? '?';
    expect(result.violations).toEqual([]);
    expect(portsFollowContracts(result.finalState, result.sgp, true).map((p) => p.replace(property, 'of 101'))).toEqual(
      expected,
    );
    expect(result.finalState.splitters.find((s) => s.id === 'box-1-s1')?.connectables?.output?.[0] === null).toBe(
      moves,
    );
  },
  20_000,
);

test('R5.5 two cancellations of 101 whose lines would read the same (same name, same minute): each gets a line of its own (seed 4, run 74)', async () => {
  // The counterexample of FC_RUNS=120 FC_SEED=4 FC_MAX_COMMANDS=16 (run 74: "detached from
  // code 101 3 times and holds 2 of its lines"), rewritten from its shrunk history without the
  // faults and kills, which this failure does not need: the first life ends cancelled under
  // "João Souza"; the second
  // starts by making 101 active again without a rename, so its first cancellation, in the same
  // minute of the ticking clock, decided the very text already on the property. The executor
  // took that earlier cancellation's line for its own and wrote none: 4 detachments, 3 lines.
  const result = await runScenario(
    {
      boxes: [
        {
          id: 'box-1',
          name: 'CTO-A',
          coords: [-38.5, -3.7],
          splitters: [{ id: 'box-1-s1', name: 'SPL-1', ports: 4, blocked: [] }],
        },
      ],
      contracts: [
        {
          code: '101',
          nome: 'Maria da Silva',
          status: 'Ativo',
          splitter: { nome: 'CTO-A', porta: 1 },
          rx: '-21.50',
          online: true,
          service: { ...PLACE },
          client: { ...PLACE },
        },
      ],
      preexisting: [],
      foreign: false,
    },
    [
      step.cycle('sync'),
      lifecycleStep.cancelReactivateCancel('101', [null, null, null]),
      lifecycleStep.cancelReactivateCancel('101', [null, null, null]),
    ],
    { compare: false, lifecycle: true, env: { MOVE_ON_CTO_CHANGE: 'false' } },
  );
  // Every detachment has its line (the watch counts them), no two lines read the same, and
  // the contract, cancelled in SGP, has no client left.
  expect(result.violations).toEqual([]);
  const lines = (result.finalState.properties[0]?.observation ?? '').split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(new Set(lines).size).toBe(lines.length);
  expect(result.finalState.ftthClients.filter((c) => c.code === '101')).toEqual([]);
}, 60_000);

test('R5.8 a cancellation killed after it detached the client but before its outcome was recorded, then the contract reactivated: the new client goes on the previous property, and the next cancellation writes its own line', async () => {
  // Found while tracing seed 4: the log then has the cancellation's intent (with its property
  // and line) but no outcome, so R5.8 did not know the property was kept, and the contract
  // stayed skipped as port-occupied by its own previous property; had it been reused within
  // the minute of the first line, that line (never recorded as ended) would have been taken
  // for the next cancellation's.
  const result = await runScenario(
    {
      boxes: [
        {
          id: 'box-1',
          name: 'CTO-A',
          coords: [-38.5, -3.7],
          splitters: [{ id: 'box-1-s1', name: 'SPL-1', ports: 4, blocked: [] }],
        },
      ],
      contracts: [
        {
          code: '101',
          nome: 'Maria da Silva',
          status: 'Ativo',
          splitter: { nome: 'CTO-A', porta: 1 },
          rx: '-21.50',
          online: true,
          service: { ...PLACE },
          client: { ...PLACE },
        },
      ],
      preexisting: [],
      foreign: false,
    },
    [
      step.cycle('sync'),
      step.status('101', 'Cancelado'),
      step.cycle('cancel', { before: 'append:OzmapClientCancelled' }),
      step.nome('101', 'Ana Lima'),
      step.status('101', 'Ativo'),
      step.cycle('sync'),
      step.status('101', 'Cancelado'),
      step.cycle('cancel'),
    ],
    { compare: false, lifecycle: true },
  );
  expect(result.violations).toEqual([]);
  expect(result.cycles[1]?.counts).toMatchObject({ created: 1 });
  const property = result.finalState.properties[0];
  expect(property?.observation.split('\n')).toEqual([
    expect.stringContaining('Maria da Silva (código 101)'),
    expect.stringContaining('Ana Lima (código 101)'),
  ]);
}, 60_000);

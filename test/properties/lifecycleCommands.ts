import fc from 'fast-check';
import type { StopPoint } from './killSwitch.ts';
import {
  codeArb,
  command,
  engineCommands,
  present,
  stopArb,
  weigh,
  type Cmd,
  type Model,
  type Real,
} from './engineModel.ts';
import {
  ctoArb,
  NAME_TEXTS,
  portArb,
  worldArb,
  type CtoText,
  type NameText,
  type SgpContract,
  type World,
} from './world.ts';

/**
 * Steps of a contract's whole life (issue 14) for the model-based runs: cancelled, reactivated,
 * cancelled again; moved to another box or port; a splitter installed in a box that had none.
 * Each step runs its own cycles (each maybe killed, then restarted) and the invariants are
 * checked after every cycle.
 */

/** Another name than the contract's own: two cancellations' lines then differ even within a minute. */
const otherName = (current: NameText): NameText => {
  const names = Object.keys(NAME_TEXTS) as NameText[];
  return names.find((n) => NAME_TEXTS[n] !== NAME_TEXTS[current]) as NameText;
};

const setStatus = async (
  m: Model,
  r: Real,
  code: string,
  status: SgpContract['status'],
  nome?: NameText,
): Promise<void> => {
  await r.sgpEdit(code, nome === undefined ? { status } : { status, nome });
  const contract = m.sgp.get(code) as SgpContract;
  contract.status = status;
  if (nome !== undefined) contract.nome = nome;
};

const stopLabel = (stop: StopPoint | null): string => (stop === null ? '' : ` (killed ${JSON.stringify(stop)})`);

export const lifecycleStep = {
  /**
   * Ativo (a sync: an implanted client, when its box lets it be created), cancelled (a cancel
   * cycle), back as Ativo under another name (a sync), cancelled again (a cancel cycle).
   */
  cancelReactivateCancel: (code: string, stops: readonly [StopPoint | null, StopPoint | null, StopPoint | null]) =>
    command(
      `life ${code}: active -> cancel${stopLabel(stops[0])} -> reactivate${stopLabel(stops[1])} -> cancel${stopLabel(stops[2])}`,
      present(code),
      async (m, r) => {
        if ((m.sgp.get(code) as SgpContract).status !== 'Ativo') {
          await setStatus(m, r, code, 'Ativo');
          await r.cycle('sync', null);
          await r.observe(`  life ${code}: active`);
        }
        await setStatus(m, r, code, 'Cancelado');
        await r.cycle('cancel', stops[0]);
        await r.observe(`  life ${code}: cancelled`);
        await setStatus(m, r, code, 'Ativo', otherName((m.sgp.get(code) as SgpContract).nome));
        await r.cycle('sync', stops[1]);
        await r.observe(`  life ${code}: reactivated`);
        await setStatus(m, r, code, 'Cancelado');
        await r.cycle('cancel', stops[2]);
      },
    ),
  /** Back from whatever status as Ativo under another name, then a sync. */
  reactivate: (code: string, stop: StopPoint | null) =>
    command(`sgp ${code} reactivated; sync${stopLabel(stop)}`, present(code), async (m, r) => {
      await setStatus(m, r, code, 'Ativo', otherName((m.sgp.get(code) as SgpContract).nome));
      await r.cycle('sync', stop);
    }),
  /** SGP moves the contract to another CTO or port, then a sync. */
  move: (code: string, cto: CtoText, porta: number | null, stop: StopPoint | null) =>
    command(`sgp ${code} moved to ${cto} port ${porta}; sync${stopLabel(stop)}`, present(code), async (m, r) => {
      await r.sgpEdit(code, { cto, porta });
      (m.sgp.get(code) as SgpContract).splitter = { nome: cto, porta };
      await r.cycle('sync', stop);
    }),
  /** A 1x4 drop splitter installed in the box `boxName` when it has none, then a sync (connect later). */
  addSplitter: (boxName: string, blocked: number | null, stop: StopPoint | null) =>
    command(
      `hand: a splitter installed in ${boxName}${blocked === null ? '' : ` (port ${blocked} blocked)`}; sync${stopLabel(stop)}`,
      () => true,
      async (_m, r) => {
        const state = await r.ozmapState();
        const box = state.boxes.find((b) => b.name === boxName);
        if (box && !state.splitters.some((s) => s.parent === box.id)) {
          await r.ozmapAdd('splitters', {
            id: `${box.id}-added`,
            name: 'SPL-1',
            parent: box.id,
            project: 'p1',
            isDrop: true,
            ratio: { input: 1, output: 4 },
            connectables: { input: [], output: [null, null, null, null] },
            ports: [1, 2, 3, 4].map((port) => ({ blocked: port === blocked, observation: '' })),
          });
        }
        await r.cycle('sync', stop);
      },
    ),
};

/** Moves mostly between the boxes that exist, to the ports 1-4. */
const moveCtoArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<CtoText>('CTO-A', 'CTO-B', 'CTO-C') },
  { weight: 1, arbitrary: ctoArb },
);

/**
 * The life-cycle runs' steps: the life cycles above weigh most, among plain and troubled cycles,
 * cancellations and restarts of `engineModel.ts` (no other SGP edits: a status change there does
 * not rename, and two lines of one code in one minute would then read the same).
 */
export const lifecycleCommandsArb = (maxCommands: number): fc.Arbitrary<Iterable<Cmd>> => {
  const e = engineCommands;
  return fc.commands(
    [
      ...weigh(
        3,
        fc
          .tuple(codeArb, stopArb, stopArb, stopArb)
          .map(([code, a, b, c]) => lifecycleStep.cancelReactivateCancel(code, [a, b, c])),
      ),
      ...weigh(
        2,
        fc.tuple(codeArb, stopArb).map(([code, stop]) => lifecycleStep.reactivate(code, stop)),
      ),
      ...weigh(
        3,
        fc
          .tuple(codeArb, moveCtoArb, portArb, stopArb)
          .map(([code, cto, porta, stop]) => lifecycleStep.move(code, cto, porta, stop)),
      ),
      ...weigh(
        2,
        fc
          .tuple(
            fc.constantFrom('CTO-A', 'CTO-B', 'CTO-C', 'CTO-D'),
            fc.option(fc.integer({ min: 1, max: 4 }), { freq: 3 }),
            stopArb,
          )
          .map(([box, blocked, stop]) => lifecycleStep.addSplitter(box, blocked, stop)),
      ),
      ...weigh(2, e.sync),
      e.cancel,
      e.troubledSync,
      e.troubledCancel,
      e.cancelContract,
      e.restart,
    ],
    { maxCommands, size: 'max' },
  );
};

/**
 * The life-cycle runs' world: `worldArb`'s, with the contracts mostly active on the boxes that
 * exist (CTO-A to CTO-C, ports 1-4) and CTO-A and CTO-B always with a splitter, so that clients
 * are created, cancelled, reactivated and moved rather than skipped; the other boxes keep their
 * drawn layouts (often none: connect later).
 */
export const lifecycleWorldArb: fc.Arbitrary<World> = worldArb.chain((world) =>
  fc
    .tuple(
      ...world.contracts.map(() =>
        fc.record({
          active: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
          cto: moveCtoArb,
          porta: fc.integer({ min: 1, max: 4 }),
        }),
      ),
    )
    .map((drawn) => ({
      ...world,
      boxes: world.boxes.map((box, i) =>
        i < 2 && box.splitters.length === 0
          ? { ...box, splitters: [{ id: `${box.id}-s1`, name: 'SPL-1', ports: 4, blocked: [] }] }
          : box,
      ),
      contracts: world.contracts.map((contract, i) => {
        const d = drawn[i] as { active: boolean; cto: CtoText; porta: number };
        return d.active
          ? { ...contract, status: 'Ativo' as const, splitter: { nome: d.cto, porta: d.porta } }
          : contract;
      }),
    })),
);

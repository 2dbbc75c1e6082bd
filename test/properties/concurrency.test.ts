import { test } from 'vitest';
import { assertEngineProperty, PROPERTY_TIMEOUT_MS } from './engineProperty.ts';
import { checkAll } from './propertyChecks.ts';

/**
 * The model-based runs with OZMAP_CONCURRENCY=4: a cycle's commands for different contracts run
 * side by side, so their requests, their faults and the kill points interleave in ways the
 * one-at-a-time runs never reach (a kill may land while other commands are in flight). Every
 * property holds the same: no duplicate at any step, convergence to the model, idempotence and
 * replay. Interleavings depend on timing here, so a failure's seed may need a few replays.
 */
test(
  'with OZmap concurrency 4: no duplicate at any step, convergence, idempotence, replay',
  async () => {
    await assertEngineProperty(20_261_207, checkAll, { ozmapConcurrency: 4, runs: 15 });
  },
  PROPERTY_TIMEOUT_MS,
);

import { test } from 'vitest';
import { assertEngineProperty, PROPERTY_TIMEOUT_MS } from './engineProperty.ts';
import { checkConvergence } from './propertyChecks.ts';

/**
 * Convergence (level-triggered reconciliation): whatever SGP changes, hand edits in OZmap, OZmap
 * faults and killed processes came before, clearing the faults and running ONE fault-free cancel
 * cycle and then ONE fault-free sync cycle leaves OZmap exactly as the independent model of
 * RULES R2/R4/R5 (`desiredState.ts`) computes it from OZmap just before those two cycles and SGP.
 * (Cancel first: a desistência frees a port that a waiting contract then takes in the sync.)
 */
test(
  'after any history, one fault-free cancel + one sync cycle leave OZmap equal to the model of R2/R4/R5',
  async () => {
    await assertEngineProperty(20_261_101, checkConvergence);
  },
  PROPERTY_TIMEOUT_MS,
);

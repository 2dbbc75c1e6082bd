import { test } from 'vitest';
import { assertEngineProperty, PROPERTY_TIMEOUT_MS } from './engineProperty.ts';
import { checkIdempotence } from './propertyChecks.ts';

/**
 * Idempotence (DESIGN "a cycle with nothing to do writes nothing", R4.7): once the final cancel +
 * sync round has converged, one more sync cycle and one more cancel cycle plan no write
 * (`counts.planned === 0`) and send none: the OZmap simulator counts no further POST, PATCH or
 * DELETE between before and after them.
 */
test(
  'after convergence, the next sync and cancel cycles plan nothing and send no write to OZmap',
  async () => {
    await assertEngineProperty(20_261_102, checkIdempotence);
  },
  PROPERTY_TIMEOUT_MS,
);

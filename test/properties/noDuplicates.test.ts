import { test } from 'vitest';
import { assertEngineProperty, PROPERTY_TIMEOUT_MS } from './engineProperty.ts';
import { checkNoDuplicates } from './propertyChecks.ts';

/**
 * No duplicates, at every step (after every command, faults and kills included, and after the
 * final round): never two OZmap clients with one code (R3.2), never one code's observation line
 * twice on a property (R5.5), every such line in R5.2's exact form; and a property the engine
 * detached from its client holds that client's line, which R5.2 writes before detaching.
 */
test(
  'at every step: one OZmap client per code, each observation line once, none lost on a detached property',
  async () => {
    await assertEngineProperty(20_261_103, checkNoDuplicates);
  },
  PROPERTY_TIMEOUT_MS,
);

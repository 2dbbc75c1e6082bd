import { test } from 'vitest';
import { assertEngineProperty, PROPERTY_TIMEOUT_MS } from './engineProperty.ts';
import { checkReplay } from './propertyChecks.ts';

/**
 * Replay: whatever the run wrote to the log (cycles cut short by kills, failed commands, intents
 * without outcomes), rebuilding the read models from the first event reproduces the live ones
 * exactly: `engine.replay()` reports them identical, row by row.
 */
test(
  'replaying the whole log reproduces the live read models exactly',
  async () => {
    await assertEngineProperty(20_261_104, checkReplay);
  },
  PROPERTY_TIMEOUT_MS,
);

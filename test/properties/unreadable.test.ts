import { expect, test } from 'vitest';
import { unreadableCommands } from './engineModel.ts';
import { assertEngineProperty, PROPERTY_TIMEOUT_MS } from './engineProperty.ts';

/**
 * The model-based run with OZmap records left unreadable by hand (a status "BROKEN", a client
 * without code, a potência lida in text, a connection on port "três": decision 0004) among the
 * SGP changes, hand edits, faults and kills: at every step, never two clients with one code,
 * never a detached property without its line, and never a write to a record that cannot be
 * read. What OZmap becomes is not compared with the model, which does not know such records.
 */
test(
  'with unreadable records: one client per code, no cancellation without its line, no write to an unreadable record',
  async () => {
    await assertEngineProperty(
      20_261_207,
      (result) => {
        expect(result.violations).toEqual([]);
      },
      { extra: [...unreadableCommands, ...unreadableCommands], runs: 20, compare: false },
    );
  },
  PROPERTY_TIMEOUT_MS,
);

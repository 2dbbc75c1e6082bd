import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/app/config/configSchema.ts';
import { readText, repoRoot as root, settingsTableVariables } from './docsIndex.ts';

describe('docs/CONFIG.md: one row per variable the configuration reads', () => {
  it('lists every variable of the schema, and no other', () => {
    const documented = settingsTableVariables(readText(root, 'docs/CONFIG.md'));
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});

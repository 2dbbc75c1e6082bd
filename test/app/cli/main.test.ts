import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/app/cli/main.ts';
import { captureIo } from '../../support/captureIo.ts';

describe('cli main', () => {
  it('prints the overview with exit 0 on --help and exit 1 with no command', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toContain('Usage: sgp-ozmap <command>');
    expect(await main([], captureIo())).toBe(1);
  });

  it('names an unknown command and exits 1', async () => {
    const io = captureIo();
    expect(await main(['frobnicate'], io)).toBe(1);
    expect(io.err.join('\n')).toContain('unknown command "frobnicate"');
  });

  it('an option no command knows is a usage mistake for every command: named, with the help, exit 1', async () => {
    for (const command of ['sync', 'cancel', 'plan', 'history', 'replay', 'doctor', 'run', 'backup', 'sim']) {
      const io = captureIo();
      expect(await main([command, '--colour'], io), command).toBe(1);
      expect(io.err[0], command).toContain(`sgp-ozmap ${command}: Unknown option '--colour'`);
      expect(io.err.join('\n'), command).toContain(`Usage: sgp-ozmap ${command}`);
    }
  });
});

describe('bin/sgp-ozmap', () => {
  it('runs from the clone without a build step', async () => {
    const { stdout } = await promisify(execFile)('bin/sgp-ozmap', ['--help']);
    expect(stdout).toContain('Usage: sgp-ozmap <command>');
  });
});

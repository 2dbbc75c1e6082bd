import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../cliCommand.ts';
import { untilSignal } from './run.ts';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'try it: simulators + service + dashboard on a generated network',
  help: `Usage: sgp-ozmap demo [--contracts N] [--seed S] [--port P] [--dir DIR] [--sync-interval 30s] [--cancel-interval 2m] [--change-every 20s]

Generates a realistic network (default 2,000 contracts), starts the SGP and OZmap simulators on
it, runs the service on the embedded SQLite store (in DIR, default ./data/demo, recreated at each
start) and serves the dashboard at http://127.0.0.1:8080/. Every --change-every, SGP changes:
renames, RX drift, ONUs going on and offline, new contracts, cancellations; and another OZmap
writer changes the name of two clients and the address of a third back after each of the
service's writes, so they show as contested after CONTEST_THRESHOLD cycles. Ctrl+C stops it.
The CLI's environment for this demo (its store, simulators and tokens) is written to DIR/env
(mode 0600); load it in a second terminal with: set -a; . data/demo/env; set +a`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        contracts: { type: 'string', default: '2000' },
        seed: { type: 'string', default: '1' },
        port: { type: 'string', default: '8080' },
        dir: { type: 'string', default: 'data/demo' },
        'sync-interval': { type: 'string', default: '30s' },
        'cancel-interval': { type: 'string', default: '2m' },
        'change-every': { type: 'string', default: '20s' },
        'stop-after': { type: 'string' },
      },
      strict: true,
    });
    const int = (name: string, text: string): number => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} takes a whole number, got "${text}"`);
      return n;
    };
    const seconds = (name: string, text: string): number => {
      const match = /^(\d+)(s|m)$/.exec(text);
      if (!match) throw new UsageError(`--${name} takes a duration like 20s or 2m, got "${text}"`);
      return Number(match[1]) * (match[2] === 'm' ? 60_000 : 1_000);
    };
    // Loaded on use: the demo pulls in the simulators and the HTTP server.
    const { runDemo } = await import('../../demo/runDemo.ts');
    return runDemo(
      {
        contracts: int('contracts', values.contracts),
        seed: int('seed', values.seed),
        port: int('port', values.port),
        dir: values.dir,
        syncInterval: values['sync-interval'],
        cancelInterval: values['cancel-interval'],
        changeEveryMs: seconds('change-every', values['change-every']),
        ...(values['stop-after'] ? { durationMs: seconds('stop-after', values['stop-after']) } : {}),
      },
      io,
      untilSignal(),
    );
  },
};

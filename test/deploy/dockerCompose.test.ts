import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// No Docker engine runs here: Debian's docker-compose 1.x validates and resolves the file
// without one. Where docker-compose is absent these tests are reported as skipped.
const hasCompose = (() => {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const run = promisify(execFile);
const env = {
  PATH: process.env.PATH,
  SGP_URL: 'https://isp.sgp.net.br',
  OZMAP_URL: 'https://isp.ozmap.com.br:9994',
  READ_TOKEN: 'r',
};

describe.skipIf(!hasCompose)('docker-compose.yml (static check with docker-compose config)', () => {
  it('resolves: EventStoreDB insecure on a private network with a volume and a health check, the service pointed at it', async () => {
    const { stdout } = await run('docker-compose', ['-f', 'docker-compose.yml', 'config'], { env });
    expect(stdout).toContain('EVENTSTORE_INSECURE: "true"');
    expect(stdout).toContain('eventstore-data:/var/lib/eventstore');
    expect(stdout).toMatch(/healthcheck:[\s\S]*health\/live/);
    expect(stdout).toContain('EVENTSTORE_URL: esdb://eventstore:2113?tls=false');
    expect(stdout).toContain('condition: service_healthy');
    // The store publishes no port: only the service reaches it.
    expect(stdout.split('sgp-ozmap:')[0]).not.toContain('ports:');
  });

  it('refuses to start without the required connection settings, naming them', async () => {
    const failed = await run('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
      env: { PATH: process.env.PATH },
    }).then(
      () => undefined,
      (e: { stderr: string }) => e.stderr,
    );
    expect(failed).toMatch(/SGP_URL/);
  });
});

import { DEFAULT_API_PORT } from '../lib/config';
import { workerNotAlive } from './liveness';

/**
 * The image's HEALTHCHECK: `node dist/workers/healthcheck.js api|worker`, exit 0 when healthy.
 * It checks liveness only (restart me), not readiness: a Temporal or database outage is for
 * the API's /readyz to report, and restarting would not cure it.
 */
async function main(role: string | undefined): Promise<string | undefined> {
  if (role === 'worker') return workerNotAlive();
  if (role === 'api') {
    // The API listens on every interface in a container, so loopback reaches it.
    const url = `http://127.0.0.1:${process.env.GPS_API_PORT ?? DEFAULT_API_PORT}/livez`;
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return res.ok ? undefined : `${url} answered ${res.status}`;
  }
  return 'usage: healthcheck api|worker';
}

main(process.argv[2]).then(
  (problem) => {
    if (problem) process.stderr.write(`${problem}\n`);
    process.exit(problem ? 1 : 0);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

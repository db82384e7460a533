import type { Express } from 'express';
import type { ApiDeps } from './context';

const PROBE_TIMEOUT_MS = 2_000;

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `/livez`: the process serves requests (restart it if not). `/readyz`: it can do its job, i.e.
 * the gold database and Temporal answer (take it out of the load balancer if not). Both public:
 * they say nothing about the data.
 */
export function mountHealth(app: Express, deps: ApiDeps): void {
  app.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    const probe = async (name: string, run: () => Promise<unknown>) => {
      try {
        await within(PROBE_TIMEOUT_MS, name, run());
        checks[name] = 'ok';
      } catch (err) {
        checks[name] = `unavailable: ${(err as Error).message.split('\n')[0]}`;
      }
    };
    await Promise.all([
      probe('database', () => deps.db.raw('select 1')),
      deps.temporal
        ? probe('temporal', () => {
            const temporal = deps.temporal!;
            // A deadline, or the client's own retries would outlive the probe.
            return temporal.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
              temporal.workflowService.getSystemInfo({}),
            );
          })
        : Promise.resolve((checks.temporal = 'not configured')),
    ]);
    const ready = Object.values(checks).every((c) => c === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
}

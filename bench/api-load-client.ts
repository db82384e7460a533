import autocannon from 'autocannon';

/**
 * The load generator of bench/api-load.ts: autocannon at N connections for S seconds over a list
 * of requests taken in turn (shared by all connections, so concurrent requests ask for different
 * regions and weeks). Runs in the API's process or, forked, in its own (the default): on two cores
 * the latter lets the generator use the core the API's event loop is not on.
 */

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadSpec {
  url: string;
  token: string;
  connections: number;
  seconds: number;
  requests: LoadRequest[];
  /** GraphQL answers 200 with `errors`: count those bodies as errors. */
  graphql: boolean;
}

export interface LoadResult {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  requestsPerSecond: number;
  completed: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  graphqlErrors: number;
  statusCodes: Record<string, number>;
  /** Request errors by code (a timeout is one, as a request timeout). */
  errorCodes: Record<string, number>;
  bytesPerSecond: number;
  /** CPU seconds of the generator's process over the run (user + system). */
  cpuSeconds: number;
  seconds: number;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  let graphqlErrors = 0;
  const headers: Record<string, string> = { authorization: `Bearer ${spec.token}` };
  if (spec.graphql) headers['content-type'] = 'application/json';
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const errorCodes: Record<string, number> = {};
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 10,
    headers,
    requests: [
      {
        setupRequest: (request) => {
          const r = spec.requests[next++ % spec.requests.length]!;
          return { ...request, method: r.method, path: r.path, body: r.body };
        },
        onResponse: (status, body) => {
          if (spec.graphql && status === 200 && body.includes('"errors":')) graphqlErrors++;
        },
      },
    ],
  });
  instance.on('reqError', (err) => {
    const code = err.code ?? err.message;
    errorCodes[code] = (errorCodes[code] ?? 0) + 1;
  });
  const result = await instance;
  const cpu = process.cpuUsage(cpu0);
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
  return {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.mean,
    // Completed responses over the run's duration (autocannon's own figure averages per-second
    // samples, which a busy event loop in the same process distorts).
    requestsPerSecond: result.latency.totalCount / result.duration,
    completed: result.latency.totalCount,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors,
    statusCodes,
    errorCodes,
    bytesPerSecond: result.throughput.average,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    seconds: (performance.now() - t0) / 1000,
  };
}

// Forked by bench/api-load.ts: one spec in, one result out.
if (process.env.GPS_BENCH_LOADGEN_CHILD === '1' && process.send) {
  process.once('message', (spec: LoadSpec) => {
    runLoad(spec).then(
      (result) => process.send!({ result }, undefined, {}, () => process.exit(0)),
      (err: Error) =>
        process.send!({ error: err.stack ?? String(err) }, undefined, {}, () => process.exit(1)),
    );
  });
  process.send({ ready: true });
}

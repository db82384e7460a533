import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** What a `/metrics` listener serves: one registry, or several processes' registries added up. */
export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

const REQUEST = 'gps:metrics-request';
const ANSWER = 'gps:metrics-answer';
const ANSWER_TIMEOUT_MS = 5_000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}
interface MetricsAnswer {
  type: typeof ANSWER;
  id: number;
  metrics: object[];
}

/** In a cluster worker: answers the primary's scrapes with this process's registry. */
export function answerClusterScrapes(registry: Registry): void {
  process.on('message', (message: MetricsRequest) => {
    if (message?.type !== REQUEST) return;
    void registry.getMetricsAsJSON().then((metrics) => {
      const answer: MetricsAnswer = { type: ANSWER, id: message.id, metrics };
      process.send?.(answer);
    });
  });
}

/**
 * In the primary: its own registry and every connected worker's, combined by prom-client's
 * cluster rules (counters and histograms summed, so request counts and latency buckets cover
 * every process; event-loop lag averaged; a worker that does not answer within 5 s is left out).
 */
export function clusterMetricsSource(own: Registry): MetricsSource {
  let nextId = 0;
  return {
    contentType: own.contentType,
    metrics: async () => {
      const id = nextId++;
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
      const answers = workers.map(
        (worker) =>
          new Promise<object[] | undefined>((resolve) => {
            const timer = setTimeout(() => done(undefined), ANSWER_TIMEOUT_MS);
            const onMessage = (message: MetricsAnswer) => {
              if (message?.type === ANSWER && message.id === id) done(message.metrics);
            };
            const done = (metrics: object[] | undefined) => {
              clearTimeout(timer);
              worker!.off('message', onMessage);
              worker!.off('exit', onExit);
              resolve(metrics);
            };
            const onExit = () => done(undefined);
            worker!.on('message', onMessage);
            worker!.once('exit', onExit);
            worker!.send({ type: REQUEST, id } satisfies MetricsRequest);
          }),
      );
      const all = [await own.getMetricsAsJSON(), ...(await Promise.all(answers))];
      return AggregatorRegistry.aggregate(all.filter((m): m is object[] => m !== undefined)).metrics();
    },
  };
}

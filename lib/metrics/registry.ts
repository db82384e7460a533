import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { METRIC_DEFINITIONS, type MetricDefinition, type MetricKey } from './definitions';

type Labels<D extends MetricDefinition> = D['labelNames'][number];
type InstrumentOf<D extends MetricDefinition> = D extends { kind: 'counter' }
  ? Counter<Labels<D>>
  : D extends { kind: 'gauge' }
    ? Gauge<Labels<D>>
    : Histogram<Labels<D>>;

export type Instruments = { [K in MetricKey]: InstrumentOf<(typeof METRIC_DEFINITIONS)[K]> };

export interface Metrics extends Instruments {
  registry: Registry;
  /** Records a source's newest published instant; the freshness gauge ages from it at each scrape. */
  sourcePublished(source: string, instant: string): void;
}

function instrument(definition: MetricDefinition, registry: Registry) {
  const common = {
    name: definition.name,
    help: definition.help,
    labelNames: [...definition.labelNames],
    registers: [registry],
  };
  if (definition.kind === 'counter') return new Counter(common);
  if (definition.kind === 'histogram')
    return new Histogram({ ...common, buckets: [...(definition.buckets ?? [])] });
  return new Gauge(common);
}

/** A registry with every declared metric and Node's process metrics (CPU, memory, event loop lag). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const instruments = Object.fromEntries(
    Object.entries(METRIC_DEFINITIONS).map(([key, definition]) => [key, instrument(definition, registry)]),
  ) as Instruments;

  // Set at scrape time, not at the advance: a source that stops advancing must keep ageing.
  const published = new Map<string, number>();
  const freshness = instruments.sourceFreshness;
  Object.assign(freshness, {
    collect: () => {
      const now = Date.now();
      for (const [source, at] of published) freshness.set({ source }, (now - at) / 1000);
    },
  });

  return {
    ...instruments,
    registry,
    sourcePublished: (source, instant) => {
      const at = Date.parse(instant);
      if (!Number.isNaN(at)) published.set(source, Math.max(at, published.get(source) ?? at));
    },
  };
}

let processWide: Metrics | undefined;

/** The process's one registry: the API and the workers of `npm start` share it and its port. */
export function processMetrics(): Metrics {
  processWide ??= createMetrics();
  return processWide;
}

import { context, propagation, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { PlatformConfig } from '../config';

/** What a process is, as `service.name` says unless OTEL_SERVICE_NAME overrides it. */
export type TracingRole = 'gps-worker' | 'gps-api' | 'gps-platform' | 'gps-apply-schedules' | 'gps-backfill';

/** A process's tracing: what the Temporal interceptors and the workflow span sink are given. */
export interface Tracing {
  readonly tracer: Tracer;
  readonly resource: Resource;
  readonly spanProcessor: SpanProcessor;
  /** Exports the spans still buffered, then stops; call before the process exits. */
  shutdown(): Promise<void>;
}

let contextInstalled = false;

/**
 * Spans become parents only through the active context, and the Temporal client interceptor
 * writes that context into the workflow's headers: without an async-hooks context manager and a
 * W3C propagator the active context is always the root one and every span starts its own trace.
 * Process-wide, installed once.
 */
function installContextPropagation(): void {
  if (contextInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  contextInstalled = true;
}

/**
 * OTLP/HTTP (JSON) trace export when the configuration has an OTLP endpoint, else undefined and
 * nothing is installed. The provider is not registered globally: the interceptors are given its
 * tracer, so each role in a process (a test runs a client and a worker side by side) keeps its
 * own `service.name`.
 */
export function startTracing(
  config: Pick<PlatformConfig, 'observability'>,
  role: TracingRole,
): Tracing | undefined {
  const traces = config.observability.traces;
  if (!traces) return undefined;
  installContextPropagation();
  const resource = Resource.default().merge(new Resource({ 'service.name': traces.serviceName ?? role }));
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: traces.url }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  return {
    tracer: provider.getTracer('grid-power-stream'),
    resource,
    spanProcessor,
    shutdown: () => provider.shutdown(),
  };
}

import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import type { Tracing } from './provider';

/**
 * The workflow side of the Temporal OpenTelemetry interceptors (RunWorkflow, StartActivity
 * spans). It runs inside the workflow sandbox, so it is bundled with the workflows: by the
 * worker from `interceptors.workflowModules` under workflowsPath, into the traced prebuilt
 * bundle otherwise (scripts/bundle-workflows.ts).
 */
export const WORKFLOW_TRACING_MODULE =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** A Temporal client's interceptors: StartWorkflow spans whose context the workflow inherits. */
export function tracingClientInterceptors(tracing: Tracing | undefined): ClientInterceptors | undefined {
  return tracing
    ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] }
    : undefined;
}

/**
 * A worker's tracing options: RunActivity spans (and trace ids on activity log lines), and the
 * sink through which the sandbox hands its workflow spans to this process's exporter.
 * `addWorkflowModule` for a worker that bundles its workflows at start; one given a prebuilt
 * bundle must be given the traced one (a bundle cannot gain interceptors later).
 */
export function tracingWorkerOptions(
  tracing: Tracing,
  options: { addWorkflowModule: boolean },
): Required<Pick<WorkerOptions, 'interceptors' | 'sinks'>> {
  const { tracer } = tracing;
  return {
    interceptors: {
      ...(options.addWorkflowModule ? { workflowModules: [WORKFLOW_TRACING_MODULE] } : {}),
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}

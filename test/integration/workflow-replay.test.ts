import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { startTracing } from '../../lib/tracing/provider';
import { tracingWorkerOptions } from '../../lib/tracing/temporal';
import { bundleWorkflows, WORKFLOWS_PATH } from '../../workers/workers';
import { workflowBundle } from '../helpers/temporal';

/**
 * Replays a history recorded from a real run (RECORD_HISTORY=1 npm run test:integration) against
 * today's workflow code: a change that breaks determinism for runs already in flight fails here.
 */
const HISTORIES = path.join(__dirname, '../fixtures/histories');
const recordedWorkflowId = (name: string) =>
  (JSON.parse(readFileSync(path.join(HISTORIES, `${name}.meta.json`), 'utf8')) as { workflowId: string })
    .workflowId;

test.each([
  'ingest-rte-regional',
  'ingest-rte-national',
  'backfill-rte-regional',
  // Recorded before the probe plan (patch freshness-probe-plan): a fixed 30 s probe.
  'watch-rte-regional-freshness',
])('%s replays its recorded history deterministically', async (name) => {
  const raw = JSON.parse(readFileSync(path.join(HISTORIES, `${name}.json`), 'utf8'));
  const history: temporal.api.history.v1.IHistory = historyFromJSON(raw);
  expect(history.events?.length).toBeGreaterThan(10);
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle() },
    history,
    recordedWorkflowId(name),
  );
});

/**
 * The same histories, recorded without tracing, replayed by a traced worker (the workflow bundle
 * with the OpenTelemetry interceptors, their span sink): turning tracing on must not break runs
 * in flight. Nothing is exported during a replay, so the endpoint is never reached.
 */
let tracedCode: Promise<string> | undefined;
test.each(['ingest-rte-regional', 'ingest-rte-national', 'backfill-rte-regional'])(
  '%s replays its recorded history with the tracing interceptors bundled in',
  async (name) => {
    tracedCode ??= bundleWorkflows(WORKFLOWS_PATH, true);
    const tracing = startTracing(
      { observability: { traces: { url: 'http://127.0.0.1:9/v1/traces' } } },
      'gps-worker',
    )!;
    const raw = JSON.parse(readFileSync(path.join(HISTORIES, `${name}.json`), 'utf8'));
    try {
      await Worker.runReplayHistory(
        {
          workflowBundle: { code: await tracedCode },
          ...tracingWorkerOptions(tracing, { addWorkflowModule: false }),
        },
        historyFromJSON(raw),
        recordedWorkflowId(name),
      );
    } finally {
      await tracing.shutdown();
    }
  },
);

test('a workflow that changed its commands fails the replay', async () => {
  const raw = JSON.parse(
    readFileSync(path.join(__dirname, '../fixtures/histories/ingest-rte-regional.json'), 'utf8'),
  );
  // Rename the first scheduled activity: the code now schedules something the history never saw.
  const tampered = JSON.parse(JSON.stringify(raw).replace('"rteRegionalToBronze"', '"somethingElse"'));
  await expect(
    Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      historyFromJSON(tampered),
      'tampered',
    ),
  ).rejects.toThrow(/[Nn]ondeterminism|DeterminismViolation|does not match/);
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { workflowBundle } from '../helpers/temporal';

/**
 * Replays a history recorded from a real run (RECORD_HISTORY=1 npm run test:integration) against
 * today's workflow code: a change that breaks determinism for runs already in flight fails here.
 */
const HISTORIES = path.join(__dirname, '../fixtures/histories');
const recordedWorkflowId = (name: string) =>
  (JSON.parse(readFileSync(path.join(HISTORIES, `${name}.meta.json`), 'utf8')) as { workflowId: string })
    .workflowId;

test.each(['ingest-rte-regional', 'ingest-rte-national', 'backfill-rte-regional'])(
  '%s replays its recorded history deterministically',
  async (name) => {
    const raw = JSON.parse(readFileSync(path.join(HISTORIES, `${name}.json`), 'utf8'));
    const history: temporal.api.history.v1.IHistory = historyFromJSON(raw);
    expect(history.events?.length).toBeGreaterThan(10);
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      history,
      recordedWorkflowId(name),
    );
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

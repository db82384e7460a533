import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.join(__dirname, '../fixtures/histories');

/**
 * With RECORD_HISTORY=1 (`npm run record:history`), keeps the history of a real run for
 * workflow-replay.test.ts. The workflow id is kept too: child ids derive from it.
 */
export async function recordHistoryIfAsked(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORY !== '1') return;
  const history = await handle.fetchHistory();
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
  writeFileSync(
    path.join(HISTORIES_DIR, `${name}.meta.json`),
    JSON.stringify({ workflowId: handle.workflowId }, null, 2) + '\n',
  );
}

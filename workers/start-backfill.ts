import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { progressQuery, type BackfillProgress } from '../workflows/backfill-rte-regional';
import { configOrExit, fail } from './main-helpers';
import { temporalConnectionOptions } from '../lib/temporal-security';
import { startTracing } from '../lib/tracing/provider';
import { tracingClientInterceptors } from '../lib/tracing/temporal';

/**
 * `npm run backfill -- <from> <to> [chunkDays]`: starts (or re-attaches to) the history backfill
 * of the regional feed for UTC days [from, to) on a running platform, then prints its progress
 * until it ends. The workflow id is derived from the range, so asking twice runs it once.
 */
async function main(): Promise<void> {
  const [from, to, chunkDays] = process.argv.slice(2);
  if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    process.stderr.write(
      'usage: npm run backfill -- <from YYYY-MM-DD> <to YYYY-MM-DD, exclusive> [chunkDays]\n',
    );
    process.exit(2);
  }
  const config = configOrExit();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const tracing = startTracing(config, 'gps-backfill');
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    interceptors: tracingClientInterceptors(tracing),
  });
  const { ingest, transform } = config.temporal.declarations.taskQueues;
  const workflowId = `backfill-rte-regional-${from}-${to}`;
  const handle = await client.workflow.start('backfillRteRegional', {
    taskQueue: ingest,
    workflowId,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [
      { from, to, transformTaskQueue: transform, ...(chunkDays ? { chunkDays: Number(chunkDays) } : {}) },
    ],
  });
  process.stdout.write(
    `backfill ${workflowId}: ${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(workflowId)}\n`,
  );
  const result = handle.result() as Promise<BackfillProgress>;
  let done = false;
  void result.finally(() => (done = true)).catch(() => undefined);
  while (!done) {
    await new Promise((r) => setTimeout(r, 5_000));
    if (done) break;
    const p = await client.workflow
      .getHandle(workflowId)
      .query(progressQuery)
      .catch(() => undefined);
    if (p) {
      process.stdout.write(
        `  ${p.chunksDone}/${p.chunksTotal} chunks, next ${p.next}, ${p.records} records, ${p.goldRows} gold rows, ${p.failedDays.length} failed days\n`,
      );
    }
  }
  const final = await result;
  process.stdout.write(`done: ${JSON.stringify(final)}\n`);
  await connection.close();
  await tracing?.shutdown();
}

main().catch(fail);

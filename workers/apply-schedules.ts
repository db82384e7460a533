import { Client, Connection } from '@temporalio/client';
import { configOrExit, fail } from './main-helpers';
import { ensureAlertSchedule } from './alert-schedule';
import { ensureFreshnessWatcher } from './freshness-watcher';
import { ensureRetentionSchedule } from './retention-schedule';
import { applySchedules } from './schedules';
import { ensureSearchAttributes } from './search-attributes-setup';
import { temporalConnectionOptions } from '../lib/temporal-security';
import { startTracing } from '../lib/tracing/provider';
import { tracingClientInterceptors } from '../lib/tracing/temporal';

/**
 * `npm run schedules:apply`: registers the custom search attributes (self-hosted servers),
 * reconciles temporal.yaml's schedules into the Temporal server, and starts what `npm start`
 * starts beside them (the freshness watcher, the alert safety-net and retention schedules), so that a deployment
 * whose setup job runs this gets the same platform as one machine does.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const tracing = startTracing(config, 'gps-apply-schedules');
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    interceptors: tracingClientInterceptors(tracing),
  });
  const attributes = await ensureSearchAttributes(connection, config.temporal.namespace);
  process.stdout.write(
    `search attributes: added [${attributes.added.join(', ')}], present [${attributes.present.join(', ')}]\n`,
  );
  const outcomes = await applySchedules(client, config.temporal.declarations);
  for (const [id, outcome] of Object.entries(outcomes)) process.stdout.write(`${id}: ${outcome}\n`);
  const watcher = await ensureFreshnessWatcher(client, config);
  process.stdout.write(`freshness watcher: ${watcher ? 'running' : 'off (GPS_FRESHNESS_PROBE_SECONDS=0)'}\n`);
  const alerts = await ensureAlertSchedule(client, config);
  process.stdout.write(`alert schedule: ${alerts ? 'created' : 'present'}\n`);
  const retention = await ensureRetentionSchedule(client, config);
  process.stdout.write(`retention schedule: ${retention ? 'created' : 'present'}\n`);
  await connection.close();
  await tracing?.shutdown();
}

main().catch(fail);

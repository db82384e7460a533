import { Client, Connection } from '@temporalio/client';
import { configOrExit, fail } from '../lib/entrypoint';
import { applySchedules } from './schedules';
import { ensureSearchAttributes } from './search-attributes-setup';

/**
 * `npm run schedules:apply`: registers the custom search attributes (self-hosted servers) and
 * reconciles temporal.yaml's schedules into the Temporal server.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const attributes = await ensureSearchAttributes(connection, config.temporal.namespace);
  process.stdout.write(
    `search attributes: added [${attributes.added.join(', ')}], present [${attributes.present.join(', ')}]\n`,
  );
  const outcomes = await applySchedules(client, config.temporal.declarations);
  for (const [id, outcome] of Object.entries(outcomes)) process.stdout.write(`${id}: ${outcome}\n`);
  await connection.close();
}

main().catch(fail);

import { Client, Connection } from '@temporalio/client';
import { configOrExit, fail } from './main-helpers';
import { applySchedules } from './schedules';

/** `npm run schedules:apply`: reconciles temporal.yaml's schedules into the Temporal server. */
async function main(): Promise<void> {
  const config = configOrExit();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const outcomes = await applySchedules(client, config.temporal.declarations);
  for (const [id, outcome] of Object.entries(outcomes)) process.stdout.write(`${id}: ${outcome}\n`);
  await connection.close();
}

main().catch(fail);

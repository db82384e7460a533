import path from 'node:path';
import knex from 'knex';
import { seedDemoReference } from '../../lib/reference-demo';

/**
 * Creates a demo reference database in a new SQLite file:
 * `npx tsx db/reference/seed-demo.ts <file>`, then `GPS_REFERENCE_DB_URL=sqlite:<file>`.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: tsx db/reference/seed-demo.ts <sqlite file>\n');
    process.exit(2);
  }
  const db = knex({
    client: 'better-sqlite3',
    connection: { filename: path.resolve(file) },
    useNullAsDefault: true,
  });
  try {
    await seedDemoReference(db);
    process.stdout.write(`demo reference database written to ${path.resolve(file)}\n`);
  } finally {
    await db.destroy();
  }
}

void main();

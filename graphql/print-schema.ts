import { writeFileSync } from 'node:fs';
import { PERSISTED_SCHEMA_FILE, printPersistedSchema } from './schema';

/** `npm run schema:print`: rewrites graphql/schema.graphql from the SDL files. */
writeFileSync(PERSISTED_SCHEMA_FILE, printPersistedSchema());
process.stdout.write(`wrote ${PERSISTED_SCHEMA_FILE}\n`);

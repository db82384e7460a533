import path from 'node:path';
import { z } from 'zod';
import { defineConfigSlice } from '../../../lib/config';

export const referenceDataConfig = defineConfigSlice({
  key: 'reference',
  env: {
    GPS_REFERENCE_DB_URL: z
      .string()
      .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'sqlite:<file> or postgres://user:password@host/db')
      .optional(),
  },
  build(e, { dataDir }) {
    // Unset: a demo SQLite file in the data directory, seeded on first use.
    return { dbUrl: e.GPS_REFERENCE_DB_URL, demoFile: path.join(dataDir, 'reference.sqlite') };
  },
});

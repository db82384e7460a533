import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { UpsertColumns } from './upsert';
import { pgNumberText } from './pg-text';

/**
 * Rows given column by column, written to a PostgreSQL table by `COPY … FROM STDIN` (text format)
 * through the knex connection: inside a knex transaction the COPY joins it. A plain insert: a row
 * whose key is already stored fails the COPY (unique violation) and nothing of it is kept.
 */

/** Rows serialised per chunk written to the COPY stream. */
const ROWS_PER_CHUNK = 2_000;

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** One value as a field of COPY's text format: `\N` for null, backslash escapes for the rest. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return pgNumberText(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : text;
}

function* copyText(batches: UpsertColumns[], columns: string[]): Generator<string> {
  for (const batch of batches) {
    const arrays = columns.map((c) => batch[c]!);
    const n = arrays[0]!.length;
    for (let from = 0; from < n; from += ROWS_PER_CHUNK) {
      let out = '';
      for (let r = from; r < Math.min(from + ROWS_PER_CHUNK, n); r++) {
        let line = copyField(arrays[0]![r]);
        for (let c = 1; c < arrays.length; c++) line += `\t${copyField(arrays[c]![r])}`;
        out += `${line}\n`;
      }
      yield out;
    }
  }
}

/**
 * COPYs row batches (each one array per column, the columns of the first batch) into `table`;
 * returns the rows written.
 */
export async function copyColumns(db: Knex, table: string, batches: UpsertColumns[]): Promise<number> {
  const columns = batches.length ? Object.keys(batches[0]!) : [];
  if (!columns.length) return 0;
  const client = (await db.client.acquireConnection()) as ClientBase;
  try {
    const stream = client.query(
      copyFrom(`COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`),
    );
    await pipeline(Readable.from(copyText(batches, columns)), stream);
    return stream.rowCount;
  } finally {
    await db.client.releaseConnection(client);
  }
}

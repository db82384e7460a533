import type { Knex } from 'knex';
import { loadConfig } from '../../activities/config';
import { MSSQL_SCHEMA_RIGHTS_QUERY, ReaderRightsError } from '../../lib/db';
import { startApiServer } from '../../graphql/server';

/**
 * No SQL Server here: the reader connection is a stand-in that answers the rights query as SQL
 * Server would for a principal with the given rights. The API must refuse to start on a reader
 * that may write, before it listens.
 */

const mssqlEnv = {
  GPS_DB_CLIENT: 'mssql',
  GPS_DB_URL: 'mssql://gps_writer:pw@gps.database.windows.net/gold',
  GPS_DB_READER_URL: 'mssql://gps_reader:pw@gps.database.windows.net/gold',
};

function readerWithRights(rights: Record<string, number>): { db: Knex; queries: string[] } {
  const queries: string[] = [];
  const db = {
    raw: async (sql: string) => {
      queries.push(sql);
      return [rights];
    },
  } as unknown as Knex;
  return { db, queries };
}

const readOnly = { can_select: 1, can_insert: 0, can_update: 0, can_delete: 0 };

test('the API does not start when the SQL Server reader may write', async () => {
  const { db, queries } = readerWithRights({ ...readOnly, can_insert: 1, can_delete: 1 });
  const started = startApiServer(loadConfig(mssqlEnv), db, { port: 0 });
  await expect(started).rejects.toThrow(ReaderRightsError);
  await expect(started).rejects.toThrow(
    'the GPS_DB_READER_URL principal may insert, delete on schema dbo: apply db/sqlserver/roles.sql',
  );
  expect(queries).toEqual([MSSQL_SCHEMA_RIGHTS_QUERY]);
});

test('the API does not start when the SQL Server reader cannot read', async () => {
  const { db } = readerWithRights({ ...readOnly, can_select: 0 });
  await expect(startApiServer(loadConfig(mssqlEnv), db, { port: 0 })).rejects.toThrow(
    'the GPS_DB_READER_URL principal cannot SELECT on schema dbo',
  );
});

test('a read-only SQL Server reader starts the API', async () => {
  const { db } = readerWithRights(readOnly);
  const api = await startApiServer(loadConfig(mssqlEnv), db, { port: 0 });
  await api.close();
});

import { inspect } from 'node:util';
import { Connection } from 'tedious';
import { ConfigError } from '../../lib/config';
import { loadConfig } from '../../activities/config';
import { createReaderDb, createWriterDb, mssqlConnection } from '../../lib/db';
import { describeMssqlTarget } from '../../lib/mssql-url';

/**
 * GPS_DB_CLIENT=mssql: the URLs become knex/tedious settings. No SQL Server here: the settings
 * are checked by tedious's own validation (its Connection constructor does not connect).
 */

const SECRET = 'S3cr%40t-pw';
const sqlAuth = {
  GPS_DB_CLIENT: 'mssql',
  GPS_DB_URL: `mssql://gps_writer:${SECRET}@gps.database.windows.net:1433/gold`,
  GPS_DB_READER_URL: 'mssql://gps_reader:other%21@gps.database.windows.net/gold',
};

test('SQL authentication: server, database, encryption on by default, password redacted', () => {
  const { db } = loadConfig(sqlAuth);
  if (db.client !== 'mssql') throw new Error('expected mssql');
  expect(db.writer).toMatchObject({
    server: 'gps.database.windows.net',
    port: 1433,
    database: 'gold',
    encrypt: true,
    trustServerCertificate: false,
    auth: { kind: 'sql', user: 'gps_writer' },
  });
  expect(db.writer.auth.kind === 'sql' && db.writer.auth.password.reveal()).toBe('S3cr@t-pw');
  for (const shown of [JSON.stringify(db), inspect(db, { depth: 10 }), describeMssqlTarget(db.writer)]) {
    expect(shown).not.toContain('S3cr');
  }
  expect(describeMssqlTarget(db.reader)).toBe(
    'mssql://gps.database.windows.net:1433/gold as gps_reader (SQL authentication)',
  );
});

test('Entra ID: DefaultAzureCredential handed to tedious as a token credential, optional identity', () => {
  const { db } = loadConfig({
    GPS_DB_CLIENT: 'mssql',
    GPS_DB_URL: 'mssql://gps.database.windows.net/gold?authentication=azure-active-directory-default',
    GPS_DB_READER_URL:
      'mssql://gps.database.windows.net/gold?authentication=azure-active-directory-default&clientId=0b7c0a3e-8f1d-4c2e-9a55-1f2e3d4c5b6a',
  });
  if (db.client !== 'mssql') throw new Error('expected mssql');
  expect(db.writer.auth).toEqual({
    kind: 'azure-active-directory-default',
    managedIdentityClientId: undefined,
  });
  expect(db.reader.auth).toEqual({
    kind: 'azure-active-directory-default',
    managedIdentityClientId: '0b7c0a3e-8f1d-4c2e-9a55-1f2e3d4c5b6a',
  });
  const settings = mssqlConnection(db.reader);
  expect(settings).toMatchObject({
    type: 'token-credential',
    server: 'gps.database.windows.net',
    database: 'gold',
  });
  const credential = (settings as { credential: { getToken: unknown } }).credential;
  expect(typeof credential.getToken).toBe('function');
});

test.each([
  ['SQL authentication', sqlAuth.GPS_DB_URL, 'default'],
  [
    'Entra ID',
    'mssql://gps.database.windows.net/gold?authentication=azure-active-directory-default',
    'token-credential',
  ],
])('%s settings pass knex’s mapping and tedious’s validation', async (_name, url, type) => {
  const { db } = loadConfig({ ...sqlAuth, GPS_DB_URL: url });
  const writer = createWriterDb(db);
  const reader = createReaderDb(db);
  try {
    // knex's own translation into a tedious configuration (what its pool would connect with).
    const generate = (
      writer.client as unknown as { _generateConnection(): ConstructorParameters<typeof Connection>[0] }
    )._generateConnection.bind(writer.client);
    const connection = new Connection(generate());
    expect(connection.config.authentication.type).toBe(type);
    expect(connection.config.server).toBe('gps.database.windows.net');
    expect(connection.config.options).toMatchObject({
      database: 'gold',
      port: 1433,
      encrypt: true,
      trustServerCertificate: false,
      appName: 'grid-power-stream',
      useUTC: true,
    });
    expect(reader.client.config.client).toBe('mssql');
  } finally {
    await writer.destroy();
    await reader.destroy();
  }
});

test('a local container: explicit port, self-signed certificate trusted on request', () => {
  const { db } = loadConfig({
    ...sqlAuth,
    GPS_DB_URL: 'mssql://sa:pw@127.0.0.1:14330/gold?encrypt=true&trustServerCertificate=true',
  });
  expect(db.client === 'mssql' && db.writer).toMatchObject({ port: 14330, trustServerCertificate: true });
});

test.each([
  [{ GPS_DB_CLIENT: 'mssql' }, /GPS_DB_URL is required when GPS_DB_CLIENT=mssql/],
  [{ GPS_DB_CLIENT: 'mssql', GPS_DB_URL: sqlAuth.GPS_DB_URL }, /GPS_DB_READER_URL is required/],
  [{ ...sqlAuth, GPS_DB_URL: 'postgres://u:p@h/gold' }, /GPS_DB_URL: expected an mssql:\/\/ URL/],
  [{ ...sqlAuth, GPS_DB_URL: 'mssql://u:p@h' }, /GPS_DB_URL: give the database as the path/],
  [{ ...sqlAuth, GPS_DB_URL: 'mssql://h/gold' }, /GPS_DB_URL: no user/],
  [{ ...sqlAuth, GPS_DB_URL: 'mssql://u@h/gold' }, /GPS_DB_URL: SQL authentication needs user:password/],
  [
    { ...sqlAuth, GPS_DB_READER_URL: 'mssql://u:p@h/gold?encrpyt=false' },
    /GPS_DB_READER_URL: unknown option encrpyt/,
  ],
  [{ ...sqlAuth, GPS_DB_URL: 'mssql://u:p@h/gold?encrypt=yes' }, /GPS_DB_URL: encrypt must be true or false/],
  [
    { ...sqlAuth, GPS_DB_URL: 'mssql://u:p@h/gold?authentication=ntlm' },
    /GPS_DB_URL: authentication must be one of/,
  ],
  [
    { ...sqlAuth, GPS_DB_URL: 'mssql://u:p@h/gold?authentication=azure-active-directory-default' },
    /GPS_DB_URL: azure-active-directory-default takes no user or password/,
  ],
  [
    { ...sqlAuth, GPS_DB_URL: 'mssql://h/gold?authentication=azure-active-directory-default&clientId=me' },
    /GPS_DB_URL: clientId must be the managed identity client id/,
  ],
  [
    { ...sqlAuth, GPS_DB_READER_URL: 'mssql://GPS_WRITER:x@h/gold' },
    /GPS_DB_READER_URL names the same login as GPS_DB_URL/,
  ],
])('a wrong SQL Server setting stops start-up naming the variable: %o', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});

test('problems never quote the password', () => {
  let message = '';
  try {
    loadConfig({ ...sqlAuth, GPS_DB_URL: `mssql://gps_writer:${SECRET}@h/gold?encrypt=maybe` });
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/GPS_DB_URL: encrypt must be true or false/);
  expect(message).not.toContain('S3cr');
});

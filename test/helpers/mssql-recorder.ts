import knex, { type Knex } from 'knex';
// knex's own SQL Server client: the statements recorded are the ones it would hand to tedious.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MssqlClient = require('knex/lib/dialects/mssql') as new (config: Knex.Config) => Knex.Client;

/**
 * There is no SQL Server on these machines. This knex instance compiles every query with knex's
 * mssql client exactly as for a live server (positioned @pN parameters, tedious types) and
 * records it instead of sending it; every query answers "no rows" (updates: one row changed).
 * Transactions are recorded as BEGIN/COMMIT/ROLLBACK markers.
 */
export interface RecordedStatement {
  sql: string;
  bindings: unknown[];
  /** tedious parameter types, as knex would declare them (NVarChar, Int, Float, Bit…). */
  types: string[];
}

interface QueryObject {
  sql: string;
  bindings?: unknown[];
  returning?: string;
  response?: unknown;
}

interface ClientInternals {
  _typeForBinding(b: unknown): [unknown, { name: string }];
}

export function mssqlRecorder(): { db: Knex; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = [];
  const mark = (sql: string) => statements.push({ sql, bindings: [], types: [] });
  const connection = {
    state: { name: 'LoggedIn' },
    inTransaction: false,
    beginTransaction(done: (err?: Error) => void) {
      this.inTransaction = true;
      mark('BEGIN TRANSACTION');
      done();
    },
    commitTransaction(done: (err?: Error) => void) {
      this.inTransaction = false;
      mark('COMMIT');
      done();
    },
    rollbackTransaction(done: (err?: Error) => void) {
      this.inTransaction = false;
      mark('ROLLBACK');
      done();
    },
  };
  class RecordingMssqlClient extends MssqlClient {
    override acquireConnection() {
      return Promise.resolve(connection);
    }
    override releaseConnection() {
      return Promise.resolve();
    }
    _query(_conn: unknown, query: QueryObject) {
      const bindings = query.bindings ?? [];
      const client = this as unknown as ClientInternals;
      statements.push({
        sql: query.sql,
        bindings,
        types: bindings.map((b) => client._typeForBinding(b)[1].name),
      });
      query.response = query.returning === '@@rowcount' ? [[{ metadata: { colName: '' }, value: 1 }]] : [];
      return Promise.resolve(query);
    }
  }
  const db = knex({ client: RecordingMssqlClient as unknown as typeof knex.Client });
  // Code that picks its SQL by dialect reads this name, as it would from knex({ client: 'mssql' }).
  db.client.config.client = 'mssql';
  return { db, statements };
}

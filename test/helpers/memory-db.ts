import knex, { type Knex } from 'knex';

/**
 * A private in-memory SQLite database for one test. One pooled connection: each new connection
 * to `:memory:` would be a database of its own, without the tables the test created.
 */
export function memoryDb(): Knex {
  return knex({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
}

import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

/**
 * Every file of this folder named `YYYYMMDD_NNN_<name>` is a migration, run in name order: adding
 * one is adding its file. They are found next to this module with this module's own extension,
 * so the same set runs under tsx and Jest (.ts) and from a compiled build (.js).
 */
const MIGRATION_FILE = /^(\d{8}_\d{3}_[a-z0-9_]+)\.(ts|js)$/;

export function migrationNames(
  dir: string = __dirname,
  extension: string = path.extname(__filename),
): string[] {
  return readdirSync(dir)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((m): m is RegExpExecArray => m !== null && `.${m[2]}` === extension)
    .map((m) => m[1] as string)
    .sort();
}

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => migrationNames(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    if (!migrationNames().includes(name)) throw new Error(`unknown migration ${name}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by name, as knex does
    return require(path.join(__dirname, name)) as Knex.Migration;
  },
};

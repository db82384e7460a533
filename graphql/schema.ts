import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildASTSchema,
  concatAST,
  lexicographicSortSchema,
  parse,
  printSchema,
  type GraphQLSchema,
} from 'graphql';
import { fromPackageRoot } from '../lib/package-root';

/**
 * The GraphQL schema is written as SDL, one file per area under graphql/sdl/ (base.graphql holds
 * the root types; the others `extend type Query`/`Mutation`). graphql/schema.graphql is the
 * printed result, checked in as the API's contract: a test fails when it differs from the SDL,
 * and `npm run schema:print` rewrites it.
 */

const SDL_DIR = fromPackageRoot('graphql', 'sdl');
export const PERSISTED_SCHEMA_FILE = fromPackageRoot('graphql', 'schema.graphql');

export function sdlFiles(): string[] {
  // base.graphql first: the extensions need the root types it declares.
  return readdirSync(SDL_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => path.join(SDL_DIR, f));
}

export function typeDefs(): string[] {
  return sdlFiles().map((f) => readFileSync(f, 'utf8'));
}

export function buildSchemaFromSdl(): GraphQLSchema {
  return buildASTSchema(concatAST(typeDefs().map((sdl) => parse(sdl))));
}

export function printPersistedSchema(): string {
  return `# Generated from graphql/sdl/*.graphql by \`npm run schema:print\`; do not edit.\n\n${printSchema(
    lexicographicSortSchema(buildSchemaFromSdl()),
  )}\n`;
}

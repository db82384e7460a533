import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Who may import what (docs/architecture.md, "Layers"). Imports are relative, so a top-level folder
 * is named by as many `../` as the importing file is deep: one config per depth keeps `../db` from
 * lib/lake/ (lib/db.ts) apart from `../db` from lib/ (the migrations).
 */
function layer(folder, forbidden, message, { allowTypeImports = false } = {}) {
  return [1, 2, 3, 4, 5].map((depth) => ({
    files: [`${folder}/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./){${depth}}(${forbidden.join('|')})(/|$)`,
              message,
              allowTypeImports,
            },
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.data/**',
      'dist/**',
      'ui/dist/**',
      'ui/src/gql/**',
      'scratch/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: wall-clock time and randomness break replay.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval'],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Use workflow time (Date inside workflows is replay-safe) or an activity.',
        },
        { object: 'Math', property: 'random', message: 'Randomness breaks workflow determinism.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['../lib/*', '!../lib/domain*', 'node:*', 'fs', 'path'] },
      ],
    },
  },
  ...layer(
    'lib',
    ['activities', 'workflows', 'workers', 'graphql', 'db', 'replay', 'bench', 'test'],
    'lib/ is shared by every layer and imports none of them.',
  ),
  ...layer(
    'activities',
    ['replay', 'workers', 'graphql', 'bench', 'test'],
    'Activities reach the outside world through lib/ and their dependencies; replay/ stands in for a source from outside, never from inside.',
  ),
  ...layer(
    'workflows',
    ['activities', 'workers', 'graphql', 'db', 'replay', 'bench', 'test'],
    'Workflow code is bundled into the deterministic sandbox on its own: activities and source ids are reached through type-only imports, everything else through @temporalio/workflow and lib/domain.',
    { allowTypeImports: true },
  ),
  ...layer(
    'graphql',
    ['activities', 'workers', 'replay', 'bench', 'test'],
    'The API reads Gold and Temporal; what it shares with the pipeline lives in lib/.',
  ),
  ...layer(
    'replay',
    ['activities', 'workflows', 'workers', 'graphql', 'db', 'bench', 'test'],
    'The offline stand-ins play the external sources and know nothing of the pipeline: lib/ only.',
  ),
  {
    // A migration must do on every database what it did on the first: no live code from elsewhere.
    files: ['db/migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\.(/|$)',
              message: 'Migrations import knex and each other only; inline the SQL as of today.',
            },
          ],
        },
      ],
    },
  },
  {
    // The console runs in the browser and talks to the API only; from the rest of the repository
    // it may share pure data (lib/domain, e.g. source labels), nothing that reads files or databases.
    files: ['ui/src/**/*.ts', 'ui/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./){2,}(activities|workflows|workers|graphql|db|replay|bench|test)(/|$)',
              message: 'The console reaches the pipeline and the API over HTTP only.',
            },
            {
              regex: '^(\\.\\./){2,}lib/(?!domain/)',
              message: 'The console may import lib/domain (pure data) only.',
            },
          ],
        },
      ],
    },
  },
);

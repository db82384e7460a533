import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'ui/dist/**', 'scratch/**', '**/*.js', '**/*.mjs'] },
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
);

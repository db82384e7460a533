import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types of every GraphQL operation in src/, generated from the API's committed schema so that a
 * renamed field fails `tsc` here. `npm run build` regenerates src/gql/ first; a stale copy shows
 * up as a diff.
 */
const config: CodegenConfig = {
  schema: '../graphql/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Strings, not parsed documents: graphql-request posts them as they are and the
        // graphql-js parser stays out of the bundle.
        documentMode: 'string',
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;

import { readFileSync } from 'node:fs';
import { PERSISTED_SCHEMA_FILE, buildSchemaFromSdl, printPersistedSchema } from '../../graphql/schema';
import { resolvers } from '../../graphql/resolvers';

/** graphql/schema.graphql is the API's checked-in contract: it must be what the SDL files build. */

test('the persisted schema is the printed SDL (run `npm run schema:print` after an SDL change)', () => {
  expect(readFileSync(PERSISTED_SCHEMA_FILE, 'utf8')).toBe(printPersistedSchema());
});

test('every Query and Mutation field has a resolver, and every resolver a field', () => {
  const schema = buildSchemaFromSdl();
  for (const root of ['Query', 'Mutation'] as const) {
    const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
    const fields = Object.keys(type?.getFields() ?? {}).sort();
    const resolved = Object.keys((resolvers as Record<string, object>)[root] ?? {}).sort();
    expect([root, fields]).toEqual([root, resolved]);
  }
});

test('every list field is a Relay connection with bounded `first`', () => {
  const schema = buildSchemaFromSdl();
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const named = field.type.toString().replace(/!/g, '');
      expect([field.name, named.startsWith('[')]).toEqual([field.name, false]);
      if (named.endsWith('Connection')) {
        expect([field.name, field.args.map((a) => a.name)]).toEqual([
          field.name,
          expect.arrayContaining(['first', 'after']),
        ]);
      }
    }
  }
});

import { loadConfig } from '../../activities/config';
import { goldPrincipalsFor } from '../../workers/restrict-gold';

const WRITER = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const READER = '6fa459ea-ee8a-3ca4-894e-db77e160355e';
const ADLS = {
  GPS_DATA_DIR: '/tmp/gps-restrict-gold',
  GPS_LAKE_BACKEND: 'azure-blob',
  GPS_LAKE_ACCOUNT_URL: 'https://gpslake.blob.core.windows.net',
  GPS_LAKE_CONTAINER: 'lake',
};

test('lake:restrict-gold checks backend, ids and arguments before any request', () => {
  const principals = (env: Record<string, string>, args: string[] = []) =>
    goldPrincipalsFor(loadConfig(env), args);

  expect(principals({ ...ADLS, GPS_LAKE_GOLD_WRITER_ID: WRITER, GPS_LAKE_GOLD_READER_ID: READER })).toEqual({
    writer: { kind: 'user', objectId: WRITER },
    reader: { kind: 'user', objectId: READER },
  });
  expect(
    principals({
      ...ADLS,
      GPS_LAKE_GOLD_WRITER_ID: WRITER,
      GPS_LAKE_GOLD_READER_ID: READER,
      GPS_LAKE_GOLD_READER_KIND: 'group',
    }).reader,
  ).toEqual({ kind: 'group', objectId: READER });

  // The local backend is refused even with valid ids: it has nothing that could enforce them.
  expect(() =>
    principals({
      GPS_DATA_DIR: '/tmp/gps-restrict-gold',
      GPS_LAKE_GOLD_WRITER_ID: WRITER,
      GPS_LAKE_GOLD_READER_ID: READER,
    }),
  ).toThrow(/local lake has no access control lists: .*GPS_LAKE_BACKEND=azure-blob/);
  expect(() => principals(ADLS)).toThrow(/^GPS_LAKE_GOLD_WRITER_ID and GPS_LAKE_GOLD_READER_ID must be set/);
  expect(() => principals({ ...ADLS, GPS_LAKE_GOLD_WRITER_ID: WRITER })).toThrow(
    /^GPS_LAKE_GOLD_READER_ID must be set/,
  );
  expect(() =>
    principals({ ...ADLS, GPS_LAKE_GOLD_WRITER_ID: 'gps-writer', GPS_LAKE_GOLD_READER_ID: READER }),
  ).toThrow(/gold writer must be an Entra ID object id \(a GUID\), got "gps-writer"/);
  expect(() =>
    principals({ ...ADLS, GPS_LAKE_GOLD_WRITER_ID: WRITER, GPS_LAKE_GOLD_READER_ID: WRITER.toUpperCase() }),
  ).toThrow(/writer and reader must be different principals/);
  expect(() =>
    principals({ ...ADLS, GPS_LAKE_GOLD_WRITER_ID: WRITER, GPS_LAKE_GOLD_READER_ID: READER }, [
      '--reader',
      READER,
    ]),
  ).toThrow(/unexpected argument\(s\) --reader/);
  expect(() => loadConfig({ ...ADLS, GPS_LAKE_GOLD_READER_KIND: 'role' })).toThrow(
    /GPS_LAKE_GOLD_READER_KIND/,
  );
});

import {
  arrayAsJsonLines,
  jsonLinesAsTextFrames,
  recordsAsJsonLines,
} from '../../activities/silver/json-lines';

const lines = (json: string) => arrayAsJsonLines(Buffer.from(json, 'utf8'));
const text = (json: string) => lines(json).body.toString('utf8');

test('an array of records becomes one line per record, values and keys untouched', () => {
  const json = '[{"a":1,"b":"x, \\"y\\" }"},{"a":-0.5,"b":null},{"a":{"n":[1,{"m":2}]},"b":"é"}]';
  const cut = lines(json);
  expect(cut.count).toBe(3);
  expect([...cut.keys]).toEqual(['a', 'b']);
  expect(cut.body.toString('utf8').split('\n')).toEqual([
    '{"a":1,"b":"x, \\"y\\" }"}',
    '{"a":-0.5,"b":null}',
    '{"a":{"n":[1,{"m":2}]},"b":"é"}',
    '',
  ]);
});

test('pretty-printed exports, a byte-order mark and surrounding whitespace are read', () => {
  const json = '\uFEFF \n[\n  {\n    "a": 1,\r\n    "b": "two"\n  },\n  { "a" : 3 , "b" : "four" }\n]\n';
  const out = text(json);
  expect(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown),
  ).toEqual([
    { a: 1, b: 'two' },
    { a: 3, b: 'four' },
  ]);
  expect(out.trimEnd().split('\n')).toHaveLength(2);
});

test('every key of every record is found, whatever the layout of later records', () => {
  const cut = lines(
    '[{"a":1,"b":2},{"a":1,"b":2,"c":3},{"b":2,"a":1},{"a":1},{"a":1,"bb":2},{"a":1,"b":2},{}]',
  );
  expect([...cut.keys].sort()).toEqual(['a', 'b', 'bb', 'c']);
  expect(cut.count).toBe(7);
});

test('a key that differs from the first layout only in an escape is still found', () => {
  expect([...lines('[{"ab":1},{"a\\u0062":1},{"a\\"":1}]').keys].sort()).toEqual(['a"', 'ab']);
});

test('an empty array has no lines', () => {
  expect(lines(' [ ] ')).toMatchObject({ count: 0 });
  expect([...lines('[]').keys]).toEqual([]);
});

test.each([
  ['a records page, not an array', '{"results":[]}', 'not a JSON array of records'],
  ['an element that is not an object', '[{"a":1},2]', 'record 1 is not a JSON object'],
  ['cut short inside a string', '[{"a":"abc', 'cut short'],
  ['cut short between records', '[{"a":1},', 'cut short'],
  ['cut short after a number', '[{"a":1', 'cut short'],
  ['two records without a comma', '[{"a":1} {"a":2}]', "',' or ']' was expected after record 0"],
  ['cut short inside a nested value', '[{"a":{"b":[1,2', 'cut short'],
  ['bytes after the array', '[{"a":1}] x', 'followed by more bytes'],
  ['a missing colon', '[{"a" 1}]', "':' was expected"],
])('%s is refused with the reason', (_name, json, message) => {
  expect(() => lines(json)).toThrow(message);
});

test('records in memory keep their keys, and a non-finite number arrives as its text', () => {
  const cut = recordsAsJsonLines([{ a: 1, b: Number.NaN }, { c: Number.POSITIVE_INFINITY }]);
  expect([...cut.keys]).toEqual(['a', 'b', 'c']);
  expect(cut.body.toString('utf8')).toBe('{"a":1,"b":"NaN"}\n{"c":"Infinity"}\n');
});

test('frames hold every value as text, each row with the body it came from, across slices', () => {
  const big = lines(
    JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ n: i, x: i % 2 ? 'ND' : i / 4, z: null }))),
  );
  const pages = [0, 1, 2].map((p) => recordsAsJsonLines([{ n: 100 + p, extra: true }]));
  const bodies = [
    { lines: pages[0]!, origin: 'page-0' },
    { lines: big, origin: 'export' },
    { lines: pages[1]!, origin: 'page-1' },
    { lines: pages[2]!, origin: 'page-2' },
  ];
  // Small slices: the export is cut into several frames, the pages grouped.
  const frames = [...jsonLinesAsTextFrames(bodies, 'origin', 200)];
  expect(frames.length).toBeGreaterThan(3);
  const rows = frames.flatMap((f) => f.toRecords());
  expect(rows).toHaveLength(53);
  for (const frame of frames) {
    for (const [name, type] of Object.entries(frame.schema)) {
      if (name !== 'origin') expect(String(type)).toBe('DataType(String)');
    }
  }
  expect(rows[0]).toEqual({ n: '100', x: null, z: null, extra: 'true', origin: 'page-0' });
  expect(rows[1]).toEqual({ n: '0', x: '0', z: null, extra: null, origin: 'export' });
  expect(rows[2]).toMatchObject({ n: '1', x: 'ND', origin: 'export' });
  expect(rows[3]).toMatchObject({ n: '2', x: '0.5', origin: 'export' });
  expect(rows.slice(1, 51).map((r) => r.n)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  expect(rows.slice(51).map((r) => [r.n, r.origin])).toEqual([
    ['101', 'page-1'],
    ['102', 'page-2'],
  ]);
});

test('no records give no frames', () => {
  expect([...jsonLinesAsTextFrames([{ lines: lines('[]'), origin: 'k' }], 'origin')]).toEqual([]);
});

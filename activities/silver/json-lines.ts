import pl from 'nodejs-polars';

/**
 * JSON records into a Polars frame whose every column is text, read by Polars' own
 * newline-delimited JSON reader rather than by `JSON.parse` and JavaScript arrays.
 *
 * Why text: the eCO2mix feeds mix numbers and markers ("ND", "-") in one column, and the cleaning
 * judges every cell by one rule, on its text. Why this route: nodejs-polars 0.25's `readJSON` has
 * no schema option and infers a type from the values, so it is given a first line that holds
 * every key with a string value and told to infer from that line alone; every later value is then
 * read as text (numbers in their shortest round-trip form, `true`, nested values as JSON), and the
 * first line is dropped. The keys for that line are found while the records are cut into lines.
 */

/** Records cut into newline-delimited JSON, with every key any of them has. */
export interface JsonLines {
  /** One record per line. */
  body: Buffer;
  count: number;
  keys: Set<string>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const SPACE = 0x20;

function isWhitespace(b: number): boolean {
  return b === SPACE || b === NEWLINE || b === RETURN || b === 0x09;
}

/** Where a JSON string that opens at `quote` closes (the index of its closing quote). */
function stringEnd(bytes: Buffer, quote: number): number {
  for (let i = quote + 1; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) return i;
    if (b === BACKSLASH) i++;
  }
  throw new Error('the JSON array is cut short: a string does not close');
}

/** Where a nested object or array that opens at `open` closes. */
function nestedEnd(bytes: Buffer, open: number): number {
  let depth = 0;
  for (let i = open; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) i = stringEnd(bytes, i);
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
    else if ((b === CLOSE_OBJECT || b === CLOSE_ARRAY) && --depth === 0) return i;
  }
  throw new Error('the JSON array is cut short: a value does not close');
}

function skipWhitespace(bytes: Buffer, i: number): number {
  while (i < bytes.length && isWhitespace(bytes[i]!)) i++;
  return i;
}

/** The error for unexpected bytes at `i`, or for the end of the bytes there. */
function malformed(bytes: Buffer, i: number, message: string): Error {
  return new Error(i >= bytes.length ? 'the JSON array is cut short' : message);
}

/** The keys of one record, parsed: only for a record whose key layout differs from the first. */
function recordKeys(bytes: Buffer, from: number, to: number): string[] {
  return Object.keys(JSON.parse(bytes.toString('utf8', from, to)) as object);
}

/**
 * The records of a top-level JSON array of objects (an ODRE export), cut into lines without
 * building them as JavaScript objects, in place: `bytes` becomes the lines and must not be used
 * after. Records share one key layout in practice: the first
 * record's raw key bytes are kept and every record's keys are compared with them as they go by;
 * only a record that differs is parsed to learn its keys. Throws on anything that is not an array
 * of objects, or is cut short.
 */
export function arrayAsJsonLines(bytes: Buffer): JsonLines {
  // Lines are never longer than the records they come from (each line ends where a comma or the
  // array's bracket was), so they are written over the bytes already read.
  const body = bytes;
  let write = 0;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  i = skipWhitespace(bytes, i);
  if (bytes[i] !== OPEN_ARRAY) throw new Error('not a JSON array of records');
  const keys = new Set<string>();
  // The first record's keys, as [start, end) ranges of `reference`, a copy of that record.
  let layout: number[] | undefined;
  let reference: Buffer | undefined;
  let count = 0;
  // Set when whitespace was skipped inside a record, which may have been a line break.
  let spaced: boolean;
  const skip = (from: number) => {
    const to = skipWhitespace(bytes, from);
    if (to !== from) spaced = true;
    return to;
  };
  i = skipWhitespace(bytes, i + 1);
  if (bytes[i] === CLOSE_ARRAY) i++;
  else {
    for (;;) {
      if (bytes[i] !== OPEN_OBJECT) throw malformed(bytes, i, `record ${count} is not a JSON object`);
      const start = i;
      const first = !layout;
      const ranges: number[] = first ? [] : (layout as number[]);
      let matches = true;
      let key = 0;
      spaced = false;
      i = skip(i + 1);
      if (bytes[i] === CLOSE_OBJECT) matches = ranges.length === 0;
      else {
        for (;;) {
          if (bytes[i] !== QUOTE)
            throw malformed(bytes, i, `record ${count}: a key was expected at byte ${i}`);
          const end = stringEnd(bytes, i);
          if (first) ranges.push(i - start, end - start);
          else if (key >= ranges.length) matches = false;
          else if (matches) {
            const from = ranges[key]!;
            const length = ranges[key + 1]! - from;
            if (length !== end - i) matches = false;
            else {
              for (let m = 1; m < length; m++) {
                if (bytes[i + m] !== reference![from + m]) {
                  matches = false;
                  break;
                }
              }
            }
          }
          key += 2;
          i = skip(end + 1);
          if (bytes[i] !== 0x3a) throw malformed(bytes, i, `record ${count}: ':' was expected at byte ${i}`);
          i = skip(i + 1);
          const value = bytes[i];
          if (value === QUOTE) i = stringEnd(bytes, i) + 1;
          else if (value === OPEN_OBJECT || value === OPEN_ARRAY) i = nestedEnd(bytes, i) + 1;
          else {
            while (i < bytes.length) {
              const b = bytes[i];
              if (b === COMMA || b === CLOSE_OBJECT || isWhitespace(b!)) break;
              i++;
            }
          }
          i = skip(i);
          if (bytes[i] === COMMA) {
            i = skip(i + 1);
            continue;
          }
          if (bytes[i] !== CLOSE_OBJECT)
            throw malformed(bytes, i, `record ${count}: ',' or '}' was expected at byte ${i}`);
          break;
        }
      }
      if (first) {
        layout = ranges;
        reference = Buffer.from(bytes.subarray(start, i + 1));
      } else if (key !== ranges.length) matches = false;
      // Read before the record is moved over its own start.
      if (first || !matches) for (const name of recordKeys(bytes, start, i + 1)) keys.add(name);
      write += bytes.copy(body, write, start, i + 1);
      // A raw line break cannot occur inside a JSON string: any in the record is layout.
      if (spaced) {
        for (let j = write - (i + 1 - start); j < write; j++) {
          if (body[j] === NEWLINE || body[j] === RETURN) body[j] = SPACE;
        }
      }
      body[write++] = NEWLINE;
      count++;
      i = skipWhitespace(bytes, i + 1);
      if (bytes[i] === COMMA) {
        i = skipWhitespace(bytes, i + 1);
        continue;
      }
      if (bytes[i] !== CLOSE_ARRAY)
        throw malformed(bytes, i, `',' or ']' was expected after record ${count - 1} at byte ${i}`);
      i++;
      break;
    }
  }
  if (skipWhitespace(bytes, i) !== bytes.length) throw new Error('the JSON array is followed by more bytes');
  return { body: body.subarray(0, write), count, keys };
}

/**
 * Records already in memory (a parsed records page, a test's records) as lines. A number that is
 * not finite has no JSON form: it is written as its text ("NaN"), so the cleaning rejects it as
 * not a number instead of it turning into a null.
 */
export function recordsAsJsonLines(records: readonly Record<string, unknown>[]): JsonLines {
  const keys = new Set<string>();
  const lines: string[] = [];
  const nonFinite = (_key: string, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
  for (const record of records) {
    for (const key in record) keys.add(key);
    lines.push(JSON.stringify(record, nonFinite));
  }
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  return { body: Buffer.from(text, 'utf8'), count: records.length, keys };
}

/** Bytes of lines read into one frame: bounds the text frame's memory, not the reader's speed. */
export const SLICE_BYTES = 32 * 2 ** 20;

/** A run of lines to read as one frame, with the origin of its rows. */
interface Slice {
  parts: Buffer[];
  /** One origin for every row (a piece of one body), or an origin per body of `parts`. */
  origins: string | { origin: string; count: number }[];
}

/** The bodies' lines in slices of about `sliceBytes`, cut only between lines. */
function slicesOf(bodies: readonly { lines: JsonLines; origin: string }[], sliceBytes: number): Slice[] {
  const slices: Slice[] = [];
  let group: { parts: Buffer[]; origins: { origin: string; count: number }[]; bytes: number } | undefined;
  const flush = () => {
    if (group) slices.push({ parts: group.parts, origins: group.origins });
    group = undefined;
  };
  for (const { lines, origin } of bodies) {
    const text = lines.body;
    if (text.length > sliceBytes) {
      flush();
      for (let from = 0; from < text.length;) {
        const cut =
          from + sliceBytes >= text.length ? text.length : text.indexOf(NEWLINE, from + sliceBytes) + 1;
        const to = cut === 0 ? text.length : cut;
        slices.push({ parts: [text.subarray(from, to)], origins: origin });
        from = to;
      }
      continue;
    }
    group ??= { parts: [], origins: [], bytes: 0 };
    group.parts.push(text);
    group.origins.push({ origin, count: lines.count });
    group.bytes += text.length;
    if (group.bytes >= sliceBytes) flush();
  }
  flush();
  return slices;
}

/**
 * The lines of every body as frames of text columns (one per key any record has, in first-seen
 * order) plus `originColumn` naming the body each row came from, about `sliceBytes` of lines per
 * frame, in the bodies' order: a year's export never exists as one frame of text.
 */
export function* jsonLinesAsTextFrames(
  bodies: readonly { lines: JsonLines; origin: string }[],
  originColumn: string,
  sliceBytes: number = SLICE_BYTES,
): Generator<pl.DataFrame> {
  const keys = new Set<string>();
  for (const { lines } of bodies) for (const key of lines.keys) keys.add(key);
  const total = bodies.reduce((n, { lines }) => n + lines.count, 0);
  if (keys.size === 0 || total === 0) return;
  const head = Buffer.from(`${JSON.stringify(Object.fromEntries([...keys].map((k) => [k, ''])))}\n`, 'utf8');
  let rows = 0;
  for (const { parts, origins } of slicesOf(bodies, sliceBytes)) {
    const read = pl.readJSON(Buffer.concat([head, ...parts]), { format: 'lines', inferSchemaLength: 1 });
    const records = read.slice(1, read.height - 1);
    rows += records.height;
    if (typeof origins === 'string') {
      yield records.withColumns(pl.lit(origins).alias(originColumn));
      continue;
    }
    const expected = origins.reduce((n, o) => n + o.count, 0);
    if (records.height !== expected)
      throw new Error(`the JSON reader gave ${records.height} records for ${expected} lines`);
    const names = new Array<string>(records.height);
    let row = 0;
    for (const { origin: name, count } of origins) names.fill(name, row, (row += count));
    yield records.withColumns(pl.Series(originColumn, names, pl.Utf8).alias(originColumn));
  }
  if (rows !== total) throw new Error(`the JSON reader gave ${rows} records for ${total} lines`);
}

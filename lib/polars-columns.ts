import pl from 'nodejs-polars';

/**
 * Column values of a DataFrame as JavaScript arrays, for the per-day gold loads that read a
 * dozen columns of every Silver partition.
 *
 * nodejs-polars 0.25 wraps every Series it hands out in an object of about two hundred methods,
 * and building that wrapper costs several times more than copying a day's values out of Polars
 * (figures: bench/README.md, bench:year). The frame's native handle gives the same values without
 * the wrapper. The public API stays the fallback, and
 * `test/unit/polars-columns.test.ts` fails if a Polars upgrade takes the fast path away, so a
 * slowdown cannot arrive unnoticed.
 */
interface NativeSeries {
  toArray(): unknown[];
  toTypedArray(): ArrayLike<number>;
  nullCount(): number;
}
interface NativeFrame {
  column(name: string): NativeSeries;
}

function nativeFrame(frame: pl.DataFrame): NativeFrame | undefined {
  const native = (frame as unknown as { _df?: Partial<NativeFrame> })._df;
  return typeof native?.column === 'function' ? (native as NativeFrame) : undefined;
}

/** True when columns are read through the native handle (see above). */
export function readsNativeColumns(frame: pl.DataFrame): boolean {
  const native = nativeFrame(frame);
  if (!native || !frame.columns.length) return false;
  const series = native.column(frame.columns[0]!);
  return typeof series.toArray === 'function' && typeof series.toTypedArray === 'function';
}

/** One column's values, nulls as null. */
export function columnValues(frame: pl.DataFrame, name: string): unknown[] {
  const native = nativeFrame(frame);
  return native ? native.column(name).toArray() : (frame.getColumn(name).toArray() as unknown[]);
}

const EPOCH_MS = '__epoch_ms';
const epochMsExpressions = new Map<string, pl.Expr>();

/**
 * An instant column as epoch milliseconds in one typed array: no Date object per row. The cast to
 * milliseconds first keeps this right whatever unit a partition was written with. The expression
 * is built once per column name: building one is as costly as a Series wrapper.
 */
export function epochMilliseconds(frame: pl.DataFrame, name: string): Float64Array {
  let expression = epochMsExpressions.get(name);
  if (!expression) {
    expression = pl.col(name).cast(pl.Datetime('ms', 'UTC')).cast(pl.Int64).cast(pl.Float64).alias(EPOCH_MS);
    epochMsExpressions.set(name, expression);
  }
  const selected = frame.select(expression);
  const native = nativeFrame(selected);
  if (!native) return selected.getColumn(EPOCH_MS).toTypedArray() as Float64Array;
  const series = native.column(EPOCH_MS);
  if (series.nullCount() > 0) throw new Error(`column ${name} has null instants`);
  return series.toTypedArray() as Float64Array;
}

import pl from 'nodejs-polars';
import { columnValues, epochMilliseconds, readsNativeColumns } from '../../lib/polars-columns';

describe('polars columns without Series wrappers', () => {
  const frame = pl
    .DataFrame({
      region_code: ['11', '24', null, '93'],
      mw: [1.5, null, -0.25, 1e21],
      ts_utc: [
        new Date('2025-10-26T00:45:00Z'),
        new Date('2025-10-26T01:00:00Z'),
        new Date('2025-10-26T01:15:00Z'),
        new Date('2025-10-26T01:30:00Z'),
      ],
    })
    .withColumns(pl.col('ts_utc').cast(pl.Datetime('us', 'UTC')));

  test('the fast path is taken: a Polars upgrade that removes it fails here, not silently in the benchmarks', () => {
    expect(readsNativeColumns(frame)).toBe(true);
  });

  test('values match the public API, nulls included', () => {
    for (const name of ['region_code', 'mw'])
      expect(columnValues(frame, name)).toEqual(frame.getColumn(name).toArray());
    expect(columnValues(frame, 'mw')).toEqual([1.5, null, -0.25, 1e21]);
  });

  test('instants come out as epoch milliseconds whatever the stored unit', () => {
    expect([...epochMilliseconds(frame, 'ts_utc')]).toEqual([
      Date.parse('2025-10-26T00:45:00Z'),
      Date.parse('2025-10-26T01:00:00Z'),
      Date.parse('2025-10-26T01:15:00Z'),
      Date.parse('2025-10-26T01:30:00Z'),
    ]);
  });

  test('a null instant is an error, not a zero', () => {
    const withNull = pl.DataFrame({ ts_utc: [new Date('2025-01-01T00:00:00Z'), null] });
    expect(() => epochMilliseconds(withNull, 'ts_utc')).toThrow(/null instants/);
  });
});

import { checkBackfillRange, checkCron, checkEvery } from '../../ui/src/data/schedule-input';
import { changeDetails, changeDiff, operationLabel } from '../../ui/src/format/schedule-change';

/** The console's own checks of an Admin's schedule edits, and how it words the change history. */

describe('schedule input: obvious mistakes caught before the API is asked', () => {
  test.each(['90s', '15m', '1h', '1d', '366d', ' 30m '])('every %p is accepted', (v) => {
    expect(checkEvery(v)).toBeUndefined();
  });
  test.each(['15', '15 minutes', '1.5h', '-5m', '1w', ''])('every %p is not a duration', (v) => {
    expect(checkEvery(v)).toMatch(/^An interval is a whole number and a unit/);
  });
  test.each(['30s', '0m', '367d'])('every %p is out of bounds', (v) => {
    expect(checkEvery(v)).toBe('An interval is between 1m and 366d.');
  });
  test('cron: 5 to 7 fields of cron characters', () => {
    expect(checkCron('*/15 * * * *')).toBeUndefined();
    expect(checkCron('0 0 6 * * MON-FRI 2027')).toBeUndefined();
    expect(checkCron('*/15 * * *')).toMatch(/^A cron expression has 5 to 7 fields/);
    expect(checkCron('*/15 * * * * ; rm')).toMatch(/^A cron expression/);
  });
  test('backfill: a past range, in order, at most 366 days', () => {
    const now = Date.parse('2025-03-01T00:00:00Z');
    const d = (iso: string) => new Date(iso);
    expect(checkBackfillRange(d('2025-02-01T00:00Z'), d('2025-02-02T00:00Z'), now)).toBeUndefined();
    expect(checkBackfillRange(d('2025-02-02T00:00Z'), d('2025-02-01T00:00Z'), now)).toMatch(/before/);
    expect(checkBackfillRange(d('2025-02-01T00:00Z'), d('2025-03-02T00:00Z'), now)).toMatch(/future/);
    expect(checkBackfillRange(d('2023-01-01T00:00Z'), d('2025-01-01T00:00Z'), now)).toMatch(/366 days/);
    expect(checkBackfillRange(d(''), d('2025-01-01T00:00Z'), now)).toBe('Give both date-times.');
  });
});

describe('schedule change history in words', () => {
  test('the fields that changed, before → after', () => {
    const before = JSON.stringify({ spec: 'every 1d', paused: false, note: 'declared', overlap: 'SKIP' });
    const after = JSON.stringify({ spec: 'every 12h', paused: true, note: 'declared', overlap: 'SKIP' });
    expect(changeDiff(before, after)).toBe('spec: every 1d → every 12h; paused: no → yes');
    expect(changeDiff(before, before)).toBe('no change to the schedule');
    // Text that is not JSON is not compared rather than thrown at.
    expect(changeDiff('not json', after)).toBe(
      'spec: — → every 12h; paused: — → yes; note: — → declared; overlap: — → SKIP',
    );
  });
  test('the operation and its arguments', () => {
    expect(operationLabel('unpause')).toBe('Resumed');
    expect(operationLabel('somethingNew')).toBe('somethingNew');
    const details = JSON.stringify({ from: 'A', to: 'B', overlap: 'BUFFER_ALL', expectedActions: 2 });
    expect(changeDetails(details, (iso) => `<${iso}>`)).toBe('<A> to <B>, overlap BUFFER_ALL, 2 actions');
    expect(changeDetails(JSON.stringify({ cron: '*/5 * * * *' }), String)).toBe('cron */5 * * * *');
    expect(changeDetails(null, String)).toBe('');
  });
});

import { parisCalendar, parisMidnightUtc } from '../../lib/domain/paris-time';

test.each([
  ['2025-02-20T09:30:00Z', 20250220, 10 * 60 + 30, 4], // winter, UTC+1, Thursday
  ['2025-07-14T22:15:00Z', 20250715, 15, 2], // summer, UTC+2, crosses midnight
  ['2024-10-27T00:30:00Z', 20241027, 2 * 60 + 30, 7], // autumn night, first 02:30
  ['2024-10-27T01:30:00Z', 20241027, 2 * 60 + 30, 7], // ... and the second
])('%s is Paris %d at minute %d', (iso, dateKey, timeKey, weekday) => {
  expect(parisCalendar(new Date(iso))).toMatchObject({ dateKey, timeKey, isoWeekday: weekday });
});

test.each([
  [20250115, '2025-01-14T23:00:00.000Z'], // winter, UTC+1
  [20250715, '2025-07-14T22:00:00.000Z'], // summer, UTC+2
  [20250330, '2025-03-29T23:00:00.000Z'], // spring-forward day begins in winter time
  [20250331, '2025-03-30T22:00:00.000Z'],
  [20251026, '2025-10-25T22:00:00.000Z'], // fall-back day begins in summer time (a 25-hour day)
  [20251027, '2025-10-26T23:00:00.000Z'],
])('Paris date %i begins at %s', (dateKey, iso) => {
  expect(parisMidnightUtc(dateKey).toISOString()).toBe(iso);
});

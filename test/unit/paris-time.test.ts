import { parisCalendar } from '../../lib/domain/paris-time';

test.each([
  ['2025-02-20T09:30:00Z', 20250220, 10 * 60 + 30, 4], // winter, UTC+1, Thursday
  ['2025-07-14T22:15:00Z', 20250715, 15, 2], // summer, UTC+2, crosses midnight
  ['2024-10-27T00:30:00Z', 20241027, 2 * 60 + 30, 7], // autumn night, first 02:30
  ['2024-10-27T01:30:00Z', 20241027, 2 * 60 + 30, 7], // ... and the second
])('%s is Paris %d at minute %d', (iso, dateKey, timeKey, weekday) => {
  expect(parisCalendar(new Date(iso))).toMatchObject({ dateKey, timeKey, isoWeekday: weekday });
});

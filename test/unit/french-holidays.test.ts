import { easterSunday, frenchHolidays, nationalHoliday } from '../../lib/domain/french-holidays';

test.each([
  [2024, '2024-03-31'],
  [2025, '2025-04-20'],
  [2026, '2026-04-05'],
  [2038, '2038-04-25'], // latest possible date
  [2285, '2285-03-22'], // earliest possible date
])('Easter %d is %s', (year, date) => {
  expect(easterSunday(year).toISOString().slice(0, 10)).toBe(date);
});

test('2025 has 11 national holidays and 2 in Alsace-Moselle only', () => {
  const all = frenchHolidays(2025);
  expect(all.filter((h) => !h.regional).map((h) => h.date)).toEqual([
    '2025-01-01',
    '2025-04-21',
    '2025-05-01',
    '2025-05-08',
    '2025-05-29',
    '2025-06-09',
    '2025-07-14',
    '2025-08-15',
    '2025-11-01',
    '2025-11-11',
    '2025-12-25',
  ]);
  expect(all.filter((h) => h.regional).map((h) => h.date)).toEqual(['2025-04-18', '2025-12-26']);
});

test('lookup by calendar date', () => {
  expect(nationalHoliday('2025-07-14')?.name).toBe('Fête nationale');
  expect(nationalHoliday('2025-04-18')).toBeUndefined(); // Good Friday: Alsace-Moselle only
  expect(nationalHoliday('2025-02-20')).toBeUndefined();
});

import { parisLocalIso, parisOffsetMinutes } from '../../graphql/rest/paris-local';

const intl = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

function byIntl(instant: Date): string {
  const p = Object.fromEntries(intl.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${(p.timeZoneName ?? '').replace('GMT', '')}`;
}

test('the EU rule gives the same Paris time as Intl, every quarter-hour from 2015 to 2030', () => {
  const mismatches: string[] = [];
  for (let t = Date.UTC(2015, 0, 1); t < Date.UTC(2031, 0, 1); t += 15 * 60_000) {
    const instant = new Date(t);
    if (parisLocalIso(instant) !== byIntl(instant)) mismatches.push(instant.toISOString());
  }
  expect(mismatches).toEqual([]);
});

test('around the changes: 00:59 and 01:00 UTC on the last Sundays of March and October', () => {
  expect(parisOffsetMinutes(new Date('2025-03-30T00:59:59Z'))).toBe(60);
  expect(parisOffsetMinutes(new Date('2025-03-30T01:00:00Z'))).toBe(120);
  expect(parisLocalIso(new Date('2025-10-26T00:30:00Z'))).toBe('2025-10-26T02:30:00+02:00');
  expect(parisLocalIso(new Date('2025-10-26T01:30:00Z'))).toBe('2025-10-26T02:30:00+01:00');
});

/**
 * French public holidays (jours fériés, Code du travail L3133-1) by calendar date. Alsace-Moselle
 * also observes Good Friday and 26 December; they are marked `regional` because the date
 * dimension is national.
 */
export interface Holiday {
  date: string; // YYYY-MM-DD
  name: string;
  regional?: 'Alsace-Moselle';
}

/** Gregorian Easter Sunday (anonymous algorithm, Meeus/Jones/Butcher), as a UTC date. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

export function frenchHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number) => iso(new Date(Date.UTC(year, month - 1, day)));
  const holidays: Holiday[] = [
    { date: fixed(1, 1), name: "Jour de l'an" },
    { date: iso(plusDays(easter, -2)), name: 'Vendredi saint', regional: 'Alsace-Moselle' },
    { date: iso(plusDays(easter, 1)), name: 'Lundi de Pâques' },
    { date: fixed(5, 1), name: 'Fête du Travail' },
    { date: fixed(5, 8), name: 'Victoire 1945' },
    { date: iso(plusDays(easter, 39)), name: 'Ascension' },
    { date: iso(plusDays(easter, 50)), name: 'Lundi de Pentecôte' },
    { date: fixed(7, 14), name: 'Fête nationale' },
    { date: fixed(8, 15), name: 'Assomption' },
    { date: fixed(11, 1), name: 'Toussaint' },
    { date: fixed(11, 11), name: 'Armistice 1918' },
    { date: fixed(12, 25), name: 'Noël' },
    { date: fixed(12, 26), name: 'Saint-Étienne', regional: 'Alsace-Moselle' },
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

const cache = new Map<number, Map<string, Holiday>>();

/** The national holiday on a calendar date (YYYY-MM-DD), if any; regional ones are not returned. */
export function nationalHoliday(calendarDate: string): Holiday | undefined {
  const year = Number(calendarDate.slice(0, 4));
  let byDate = cache.get(year);
  if (!byDate) {
    byDate = new Map(
      frenchHolidays(year)
        .filter((h) => !h.regional)
        .map((h) => [h.date, h]),
    );
    cache.set(year, byDate);
  }
  return byDate.get(calendarDate);
}

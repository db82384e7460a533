import { countRows, type DatasetDeclaration, type QualityGate } from '../../quality';
import { freshnessGate, rangeGate } from '../../gate-kinds';
import { parisCalendar, parisMidnightUtc } from '../../../lib/domain/paris-time';
import { DATASET } from './silver';

/**
 * Gates of fact_day_ahead_price over a run's window. They flag; no gate changes a row.
 *
 * Price limits: the Single Day-Ahead Coupling clears between harmonised minimum and maximum
 * clearing prices (HMMCP methodology under Art. 41 of Regulation (EU) 2015/1222, CACM; amended by
 * ACER in January 2023), -500 and +4 000 EUR/MWh at the time of writing:
 * - +4 000: the automatic rise to +5 000 announced in August 2022 was suspended and the maximum
 *   stayed at 4 000 (EXAA, "No changes in harmonised maximum clearing price for SDAC from
 *   20 September: it remains at 4,000 EUR/MWh",
 *   https://exaa.at/en/about-exaa/exaa-news/no-changes-in-harmonised-maximum-clearing-price-for-sdac-from-20-september-it-remains-at-4-000-eur-mwh);
 * - -500: SEMOpx market message of 24 November 2023 ("the minimum clearing price (-500 euros/MWh)",
 *   https://www.sem-o.com/market-messages/message/index.xml?message=5852).
 * Both limits move automatically when prices come near them: check the NEMO Committee's current
 * HMMCP (https://www.nemo-committee.eu/) before relying on these figures. A price outside them
 * cannot have come from the coupling: a unit or parsing error.
 */
export const SDAC_MIN_PRICE_EUR_MWH = -500;
export const SDAC_MAX_PRICE_EUR_MWH = 4_000;

const TABLE = 'fact_day_ahead_price';
const HOUR = 3_600_000;

/** Slots a Paris delivery day holds at a resolution: 24 h (23 h / 25 h on DST days) of `minutes`. */
export function expectedSlots(calendarDate: string, minutes: number): number {
  const key = Number(calendarDate.replace(/-/g, ''));
  const start = parisMidnightUtc(key).getTime();
  const next = parisCalendar(new Date(start + 26 * HOUR)).dateKey;
  const end = parisMidnightUtc(next).getTime();
  return Math.round((end - start) / (minutes * 60_000));
}

const asIso = (v: unknown) => new Date(v as string | Date).toISOString();

export const DAY_AHEAD_PRICE_GATES: readonly QualityGate[] = [
  rangeGate({
    name: 'price_within_sdac_limits',
    severity: 'blocking',
    table: TABLE,
    column: 'price_eur_mwh',
    min: SDAC_MIN_PRICE_EUR_MWH,
    max: SDAC_MAX_PRICE_EUR_MWH,
    unit: 'EUR/MWh',
    description: `every price within the SDAC harmonised limits ${SDAC_MIN_PRICE_EUR_MWH}..${SDAC_MAX_PRICE_EUR_MWH} EUR/MWh`,
  }),
  {
    name: 'delivery_day_complete',
    severity: 'warning',
    description:
      'every Paris delivery day with prices has all its positions: 24 hourly or 96 quarter-hourly (23/25 or 92/100 on DST days)',
    async check({ db }, w) {
      // The days the window touches, each counted whole (a day starts at 22:00 or 23:00 UTC).
      const rows = (await db(TABLE)
        .select('ts_utc', 'resolution_minutes', 'bidding_zone')
        .where('ts_utc', '>=', new Date(Date.parse(w.from) - 2 * HOUR).toISOString())
        .andWhere('ts_utc', '<', new Date(Date.parse(w.to) + 2 * HOUR).toISOString())) as {
        ts_utc: string | Date;
        resolution_minutes: number;
        bidding_zone: string;
      }[];
      const days = new Set<string>();
      for (const r of rows) {
        const t = Date.parse(asIso(r.ts_utc));
        if (t >= Date.parse(w.from) && t < Date.parse(w.to))
          days.add(
            `${r.bidding_zone}|${Number(r.resolution_minutes)}|${parisCalendar(new Date(t)).calendarDate}`,
          );
      }
      const incomplete: string[] = [];
      for (const day of [...days].sort()) {
        const [zone, minutes, date] = day.split('|') as [string, string, string];
        const start = parisMidnightUtc(Number(date.replace(/-/g, '')));
        const slots = expectedSlots(date, Number(minutes));
        const found = await countRows(
          db(TABLE)
            .where({ bidding_zone: zone, resolution_minutes: Number(minutes) })
            .andWhere('ts_utc', '>=', start.toISOString())
            .andWhere(
              'ts_utc',
              '<',
              new Date(start.getTime() + slots * Number(minutes) * 60_000).toISOString(),
            ),
        );
        if (found !== slots) incomplete.push(`${date} PT${minutes}M ${found}/${slots}`);
      }
      return {
        observed: incomplete.length,
        threshold: `= 0 incomplete delivery days of ${days.size}${incomplete.length ? ` (${incomplete.join(', ')})` : ''}`,
        passed: incomplete.length === 0,
      };
    },
  },
  // The last position of a delivery day starts at 23:00 (hourly) or 23:45 local: an hour after
  // it, the newest delivery day is older than today. Tomorrow's prices come at about 12:45 CET.
  freshnessGate({
    table: TABLE,
    column: 'ts_utc',
    maxAge: 1,
    unit: 'hours',
    description:
      "the newest delivery day is today or later (tomorrow's prices are published at about 12:45 CET)",
  }),
];

export const DAY_AHEAD_PRICE_DATASET: DatasetDeclaration = {
  name: DATASET,
  goldTables: [TABLE],
  gates: DAY_AHEAD_PRICE_GATES,
};

import pl from 'nodejs-polars';
import type { Knex } from 'knex';
import {
  countRows,
  inWindow,
  type DatasetDeclaration,
  type GateContext,
  type GateWindow,
  type QualityGate,
} from '../../quality';
import { freshnessGate, rangeGate } from '../../gate-kinds';
import { DATASET, MAX_UNAVAILABLE_MW, silverKeyForDay } from './silver';

/**
 * Gates of fact_maintenance_event, checked over the scrape instants of a run: the events that run
 * saw (Gold's last_seen_at is the latest scrape of each event). They flag; no gate changes a row.
 */

// Flamanville 3 (EPR, about 1 650 MW net) is the largest French unit: a regional event beyond it
// is a whole plant listed under one name or a misread figure, worth a look but not certainly wrong.
export const LARGEST_UNIT_MW = 1_650;

// RTE's transparency listings gain new unavailabilities every day; a week without one means the
// page we read stopped updating, which the scrape alone cannot tell (it still lists old events).
export const MAINTENANCE_STALE_AFTER_DAYS = 7;

/** Events last seen by the scrapes of the window. */
const seenIn = (db: Knex, w: GateWindow) => inWindow(db('fact_maintenance_event'), w, 'last_seen_at');

/** UTC days `YYYY-MM-DD` the window touches: the Silver partitions of its scrapes. */
function utcDays(w: GateWindow): string[] {
  const days: string[] = [];
  const last = new Date(Date.parse(w.to) - 1).toISOString().slice(0, 10);
  for (let t = Date.parse(`${w.from.slice(0, 10)}T00:00:00Z`); ; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push(day);
    if (day >= last) return days;
  }
}

/** Event ids Silver holds for the scrapes of the window. */
async function silverEventIds({ lake }: GateContext, w: GateWindow): Promise<string[]> {
  const from = Date.parse(w.from);
  const to = Date.parse(w.to);
  const ids = new Set<string>();
  for (const day of utcDays(w)) {
    const key = silverKeyForDay(day);
    if (!(await lake.exists(key))) continue;
    const frame = pl.readParquet(await lake.get(key)).select('event_id', 'scraped_at');
    const eventIds = frame.getColumn('event_id').toArray() as string[];
    const scrapedAt = frame.getColumn('scraped_at').toArray() as unknown as Date[];
    eventIds.forEach((id, i) => {
      // Dates from Polars come from another realm under Jest: read them through getTime only.
      const at = scrapedAt[i]!.getTime();
      if (at >= from && at < to) ids.add(id);
    });
  }
  return [...ids];
}

export const MAINTENANCE_GATES: readonly QualityGate[] = [
  {
    name: 'silver_gold_events',
    severity: 'blocking',
    description: 'every event Silver kept from the scrapes of the window is a Gold row',
    async check(ctx, w) {
      const ids = await silverEventIds(ctx, w);
      let inGold = 0;
      // Chunks keep the IN list under SQLite's bound-parameter limit.
      for (let i = 0; i < ids.length; i += 500)
        inGold += await countRows(
          ctx.db('fact_maintenance_event').whereIn('event_id', ids.slice(i, i + 500)),
        );
      const missing = ids.length - inGold;
      return {
        observed: missing,
        threshold: `= 0 of ${ids.length} silver events missing from gold`,
        passed: missing === 0,
      };
    },
  },
  {
    name: 'end_after_start',
    severity: 'blocking',
    // Silver rejects these; one in Gold came round the cleaning and its duration is meaningless.
    description: 'every event ends after it starts',
    async check({ db }, w) {
      const inverted = await countRows(seenIn(db, w).where('end_utc', '<=', db.ref('start_utc')));
      return { observed: inverted, threshold: '= 0 events with end <= start', passed: inverted === 0 };
    },
  },
  rangeGate({
    name: 'unavailable_mw_range',
    severity: 'blocking',
    table: 'fact_maintenance_event',
    timeColumn: 'last_seen_at',
    column: 'unavailable_mw',
    min: 0,
    max: MAX_UNAVAILABLE_MW,
    unit: 'MW',
    description: `unavailable power within 0..${MAX_UNAVAILABLE_MW} MW`,
  }),
  rangeGate({
    name: 'unavailable_within_largest_unit',
    severity: 'warning',
    table: 'fact_maintenance_event',
    timeColumn: 'last_seen_at',
    column: 'unavailable_mw',
    max: LARGEST_UNIT_MW,
    unit: 'MW',
    only: (rows) => rows.whereNotNull('region_code'),
    description: `a regional event takes at most ${LARGEST_UNIT_MW} MW, the largest French unit (national zones, interconnectors, are exempt)`,
  }),
  freshnessGate({
    table: 'fact_maintenance_event',
    column: 'first_seen_at',
    maxAge: MAINTENANCE_STALE_AFTER_DAYS,
    unit: 'days',
    description: `the page published a new event in the last ${MAINTENANCE_STALE_AFTER_DAYS} days (newest first_seen_at)`,
  }),
];

export const MAINTENANCE_DATASET: DatasetDeclaration = {
  name: DATASET,
  goldTables: ['fact_maintenance_event'],
  gates: MAINTENANCE_GATES,
};

/** The window of a run's scrapes: from the first page's scrape to just after the last one. */
export function scrapeWindow(scrapedAt: readonly string[]): GateWindow {
  const instants = scrapedAt.map((t) => Date.parse(t));
  if (!instants.length) throw new Error('a maintenance gate window needs at least one scrape instant');
  return {
    from: new Date(Math.min(...instants)).toISOString(),
    to: new Date(Math.max(...instants) + 1).toISOString(),
  };
}

import { checkDatasetGates } from '../../dataset-gates';
import { AUDIT_STEP } from '../../audit-vocabulary';
import pl from 'nodejs-polars';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { silverKeyForDay } from './silver';
import { bulkUpsert, type UpsertSpec } from '../../../lib/upsert';
import { type GateReport } from '../../quality';
import { MAINTENANCE_DATASET, scrapeWindow } from './gates';

/**
 * Gold loader for the maintenance dataset: silver scrape-day partitions -> fact_maintenance_event,
 * upserted on event_id. first_seen_at is written on insert only; every other column follows the
 * latest scrape. A repeated load changes nothing (lib/upsert.ts compares before rewriting).
 */
export const MAINTENANCE_UPSERT: UpsertSpec = {
  table: 'fact_maintenance_event',
  key: ['event_id'],
  values: [
    'unit',
    'zone',
    'region_code',
    'event_type',
    'start_utc',
    'end_utc',
    'unavailable_mw',
    'description',
    'last_seen_at',
  ],
  touch: ['loaded_at'],
  pgTypes: {
    event_id: 'text',
    unit: 'text',
    zone: 'text',
    region_code: 'text',
    event_type: 'text',
    start_utc: 'timestamptz',
    end_utc: 'timestamptz',
    unavailable_mw: 'float8',
    description: 'text',
    first_seen_at: 'timestamptz',
    last_seen_at: 'timestamptz',
    loaded_at: 'timestamptz',
  },
};

/** Polars hands back Dates from another realm under Jest's sandbox: check the shape, not instanceof. */
function iso(value: unknown): string | null {
  return value !== null && typeof (value as Date | undefined)?.toISOString === 'function'
    ? (value as Date).toISOString()
    : null;
}

/** Rows of silver frames as gold rows, one per event (the latest scrape when days overlap). */
export function maintenanceGoldRows(frames: pl.DataFrame[], loadedAt: string): Record<string, unknown>[] {
  const byEvent = new Map<string, Record<string, unknown>>();
  for (const frame of frames) {
    for (const r of frame.toRecords() as Record<string, unknown>[]) {
      const id = r.event_id as string;
      const previous = byEvent.get(id);
      const row = {
        event_id: id,
        unit: r.unit,
        zone: r.zone,
        region_code: r.region_code ?? null,
        event_type: r.event_type,
        start_utc: iso(r.start_utc),
        end_utc: iso(r.end_utc),
        unavailable_mw: r.unavailable_mw,
        description: r.description ?? null,
        first_seen_at: iso(r.first_seen_at),
        last_seen_at: iso(r.scraped_at),
        loaded_at: loadedAt,
      };
      if (!previous) byEvent.set(id, row);
      else if (String(row.last_seen_at) >= String(previous.last_seen_at)) {
        byEvent.set(id, { ...row, first_seen_at: previous.first_seen_at });
      }
    }
  }
  return [...byEvent.values()].sort((a, b) => String(a.event_id).localeCompare(String(b.event_id)));
}

export async function loadMaintenanceDays(db: Knex, frames: pl.DataFrame[]): Promise<number> {
  const rows = maintenanceGoldRows(frames, new Date().toISOString());
  await bulkUpsert(db, MAINTENANCE_UPSERT, rows);
  return rows.length;
}

export function createMaintenanceGold(deps: ActivityDeps) {
  return async function maintenanceToGold(input: { days: string[] }): Promise<{ rows: number }> {
    const outcome = await audited(deps.db, { step: AUDIT_STEP.toGold, source: 'maintenance' }, async () => {
      const frames: pl.DataFrame[] = [];
      for (const day of input.days) frames.push(pl.readParquet(await deps.lake.get(silverKeyForDay(day))));
      const rows = await loadMaintenanceDays(deps.db, frames);
      return { rows, details: { days: input.days }, result: { rows } };
    });
    return outcome.result;
  };
}

export function createMaintenanceGates(deps: ActivityDeps) {
  return async function checkMaintenanceGates(input: { scrapedAt: string[] }): Promise<GateReport> {
    return checkDatasetGates(deps, 'maintenance', MAINTENANCE_DATASET, scrapeWindow(input.scrapedAt));
  };
}

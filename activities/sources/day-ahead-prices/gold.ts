import pl from 'nodejs-polars';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { AUDIT_STEP } from '../../audit-vocabulary';
import { checkDatasetGates } from '../../dataset-gates';
import type { GateReport, GateWindow } from '../../quality';
import { reportProgress } from '../../heartbeat';
import { bulkUpsert, type UpsertSpec } from '../../../lib/upsert';
import { DAY_AHEAD_PRICE_DATASET } from './gates';
import { SOURCE } from './fetch';
import { DATASET, silverKeyForDay } from './silver';

/** Silver day partitions -> fact_day_ahead_price, upserted on bidding zone × instant × resolution. */
export const DAY_AHEAD_PRICE_UPSERT: UpsertSpec = {
  table: 'fact_day_ahead_price',
  key: ['bidding_zone', 'ts_utc', 'resolution_minutes'],
  values: ['price_eur_mwh', 'document_mrid', 'revision_number'],
  touch: ['loaded_at'],
  pgTypes: {
    bidding_zone: 'text',
    ts_utc: 'timestamptz',
    resolution_minutes: 'int4',
    price_eur_mwh: 'float8',
    document_mrid: 'text',
    revision_number: 'int4',
    loaded_at: 'timestamptz',
  },
};

/** Polars hands back Dates from another realm under Jest's sandbox: read them through getTime. */
const iso = (value: unknown) => new Date((value as Date).getTime()).toISOString();

export function dayAheadGoldRows(frame: pl.DataFrame, loadedAt: string): Record<string, unknown>[] {
  return (frame.toRecords() as Record<string, unknown>[]).map((r) => ({
    bidding_zone: r.bidding_zone,
    ts_utc: iso(r.ts_utc),
    resolution_minutes: Number(r.resolution_minutes),
    price_eur_mwh: Number(r.price_eur_mwh),
    document_mrid: r.document_mrid,
    revision_number: Number(r.revision_number),
    loaded_at: loadedAt,
  }));
}

export interface DayAheadGoldResult {
  rows: number;
  /** The instants loaded: the gates' window and the watermark's candidate. */
  window?: GateWindow;
}

export function createDayAheadGold(deps: ActivityDeps) {
  return async function dayAheadPriceToGold(input: { days: string[] }): Promise<DayAheadGoldResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toGold, source: SOURCE, dataset: DATASET },
      async () => {
        const loadedAt = new Date().toISOString();
        let rows = 0;
        let first = Number.POSITIVE_INFINITY;
        let last = Number.NEGATIVE_INFINITY;
        for (const day of input.days) {
          const goldRows = dayAheadGoldRows(
            pl.readParquet(await deps.lake.get(silverKeyForDay(day))),
            loadedAt,
          );
          await bulkUpsert(deps.db, DAY_AHEAD_PRICE_UPSERT, goldRows);
          for (const r of goldRows) {
            const start = Date.parse(r.ts_utc as string);
            first = Math.min(first, start);
            last = Math.max(last, start + (r.resolution_minutes as number) * 60_000);
          }
          rows += goldRows.length;
          reportProgress();
        }
        const window =
          rows > 0 ? { from: new Date(first).toISOString(), to: new Date(last).toISOString() } : undefined;
        return { rows, details: { days: input.days, window }, result: { rows, window } };
      },
    );
    return outcome.result;
  };
}

export function createDayAheadGates(deps: ActivityDeps) {
  return async function checkDayAheadPriceGates(input: { window: GateWindow }): Promise<GateReport> {
    return checkDatasetGates(deps, SOURCE, DAY_AHEAD_PRICE_DATASET, input.window);
  };
}

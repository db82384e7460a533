import { checkDatasetGates } from '../../dataset-gates';
import { AUDIT_STEP } from '../../audit-vocabulary';
import pl from 'nodejs-polars';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { activityOrigin, markAssetsSeen } from '../../asset-registry';
import { logGoldChange } from '../../gold/change-log';
import { calendarCache, ensureDateRows, type CalendarCache } from '../../gold/dim-date';
import { dayWindow, type GateReport } from '../../quality';
import { installedCapacityLookup } from '../reference-data/capacity-gold';
import { ECO2MIX_REGIONAL_DATASET } from './gates';
import {
  BALANCE_INPUT_COLUMNS,
  BALANCE_UPSERT,
  balanceColumns,
  FLOW_UPSERT,
  flowColumns,
  instantCache,
  stacked,
} from './gold-mapping';
import { loadIntoWindow } from './window-load';
import { refreshBalanceRollups, refreshDailyEnergy, refreshHourlyForLoad } from './rollups';
import { DATASET, readSilverDay, unpivotProduction } from './silver';
import type { UpsertColumns } from '../../../lib/upsert';
import { columnValues as column, epochMilliseconds } from '../../../lib/polars-columns';

/**
 * Gold loader for eco2mix_regional: silver day partitions -> fact_energy_flow (one row per
 * region x source x quarter-hour) and fact_regional_balance (region x quarter-hour), with the
 * rollups they feed, in one transaction. The row mapping is in ./gold-mapping.ts, the rollups in
 * ./rollups.ts, the gates in ./gates.ts.
 */

export interface GoldResult {
  days: string[];
  energyFlowRows: number;
  balanceRows: number;
  regions: string[];
  /** Fact rows (energy flow + balance) per UTC day `YYYY-MM-DD` of their instant. */
  rowsPerDay: Record<string, number>;
  /** Latest instant loaded, UTC ISO; undefined for an empty load. */
  lastInstant?: string;
}

/** The Gold rows of some days of Silver, as the loader writes them. */
export interface GoldRows {
  balances: UpsertColumns;
  flows: UpsertColumns;
  calendars: CalendarCache;
}

/**
 * Maps Silver rows to the `fact_regional_balance` and `fact_energy_flow` columns (and the Paris
 * calendar of their instants); undefined when there is nothing to load. bench:year loads the same
 * rows with a bare bulk insert as the floor the loader is measured against.
 */
export async function goldRowsOf(
  db: Knex,
  frames: pl.DataFrame[],
  production: pl.DataFrame[],
  loadedAt: string,
): Promise<GoldRows | undefined> {
  const wide = stacked(frames);
  const long = stacked(production);
  if (!wide || !long) return undefined;

  const calendars = calendarCache();
  const instantOf = instantCache(calendars);

  // Installed capacity per region, source and year: the load factor when the feed gives no TCH.
  const wideTs = epochMilliseconds(wide, 'ts_utc');
  const regionsInLoad = [...new Set(column(wide, 'region_code') as string[])];
  const latestYear = new Date(wideTs.reduce((m, t) => (t > m ? t : m), 0)).getUTCFullYear() + 1;
  const installedMw = await installedCapacityLookup(db, regionsInLoad, latestYear);

  return {
    balances: balanceColumns(wide, wideTs, instantOf, loadedAt),
    flows: flowColumns(long, instantOf, installedMw, loadedAt),
    calendars,
  };
}

/**
 * Loads Silver rows of some days into Gold: `fact_regional_balance` from the wide rows, and
 * `fact_energy_flow` from the production rows (unpivoted from the wide ones when not given).
 * Rows are handed to the upsert column by column. Everything runs in one transaction: the facts,
 * the rollups they feed and the region dimension change together or not at all, so a load that
 * changed no fact knows the rollups already match the facts and leaves them alone.
 */
export async function loadEco2mixRegionalDays(
  db: Knex,
  frames: pl.DataFrame[],
  days: string[],
  production: pl.DataFrame[] = frames.map(unpivotProduction),
): Promise<GoldResult> {
  const loadedAt = new Date().toISOString();
  const rows = await goldRowsOf(db, frames, production, loadedAt);
  if (!rows) return { days, rowsPerDay: {}, energyFlowRows: 0, balanceRows: 0, regions: [] };
  const { balances, flows, calendars } = rows;

  const seen = new Map<string, { first: string; last: string }>();
  const regionColumn = balances.region_code as string[];
  const tsColumn = balances.ts_utc as string[];
  for (let i = 0; i < regionColumn.length; i++) {
    const code = regionColumn[i]!;
    const ts = tsColumn[i]!;
    const span = seen.get(code);
    if (!span) seen.set(code, { first: ts, last: ts });
    else {
      if (ts < span.first) span.first = ts;
      if (ts > span.last) span.last = ts;
    }
  }

  await db.transaction(async (trx) => {
    await ensureDateRows(trx, calendars.all());
    const flowChanges = (await loadIntoWindow(trx, FLOW_UPSERT, flows)).changes;
    const balanceChanges = (await loadIntoWindow(trx, BALANCE_UPSERT, balances)).changes;
    if (balanceChanges > 0) {
      await refreshBalanceRollups(trx, [...seen.keys()], tsColumn, [
        ...new Set(calendars.all().map((c) => c.dateKey)),
      ]);
    }
    if (balanceChanges > 0 || flowChanges > 0) await logGoldChange(trx, DATASET, tsColumn, loadedAt);

    if (flowChanges > 0) {
      // Hourly first: the daily rollup is summed from it.
      const spans = [...seen.values()];
      const first = spans.reduce((m, x) => (x.first < m ? x.first : m), spans[0]!.first);
      const last = spans.reduce((m, x) => (x.last > m ? x.last : m), spans[0]!.last);
      await refreshHourlyForLoad(trx, flows, [...seen.keys()], first, last, loadedAt);
      await refreshDailyEnergy(trx, [...new Set(calendars.all().map((c) => c.dateKey))]);
    }

    for (const [code, span] of seen) {
      // Only a wider span rewrites the row: a repeated load leaves the dimension untouched.
      await trx('dim_region')
        .where({ region_code: code })
        .andWhere((q) =>
          q
            .whereNull('first_seen_at')
            .orWhere('first_seen_at', '>', span.first)
            .orWhereNull('last_seen_at')
            .orWhere('last_seen_at', '<', span.last),
        )
        .update({
          first_seen_at: trx.raw(
            'CASE WHEN first_seen_at IS NULL OR first_seen_at > ? THEN ? ELSE first_seen_at END',
            [span.first, span.first],
          ),
          last_seen_at: trx.raw(
            'CASE WHEN last_seen_at IS NULL OR last_seen_at < ? THEN ? ELSE last_seen_at END',
            [span.last, span.last],
          ),
        });
    }
  });

  const rowsPerDay: Record<string, number> = {};
  for (const ts of [flows.ts_utc as string[], tsColumn]) {
    for (const iso of ts) {
      const day = iso.slice(0, 10);
      rowsPerDay[day] = (rowsPerDay[day] ?? 0) + 1;
    }
  }

  return {
    days,
    rowsPerDay,
    energyFlowRows: flows.region_code!.length,
    balanceRows: balances.region_code!.length,
    regions: [...seen.keys()].sort(),
    lastInstant: [...seen.values()].reduce<string | undefined>(
      (m, s) => (!m || s.last > m ? s.last : m),
      undefined,
    ),
  };
}

function checkDayGates(deps: ActivityDeps, day: string): Promise<GateReport> {
  return checkDatasetGates(deps, 'rte-regional', ECO2MIX_REGIONAL_DATASET, dayWindow(day), { day });
}

export function createEco2mixRegionalGold(deps: ActivityDeps) {
  return {
    async eco2mixRegionalToGold(input: { days: string[] }): Promise<GoldResult> {
      const outcome = await audited(
        deps.db,
        { step: AUDIT_STEP.toGold, source: 'rte-regional' },
        async () => {
          const wide: pl.DataFrame[] = [];
          const production: pl.DataFrame[] = [];
          for (const day of input.days) {
            const silver = await readSilverDay(deps.lake, day, { wide: BALANCE_INPUT_COLUMNS });
            wide.push(silver.wide);
            production.push(silver.production);
          }
          const result = await loadEco2mixRegionalDays(deps.db, wide, input.days, production);
          // Regions publishing recent data are live assets: discovered, or reactivated after a silence.
          const assetEvents = await markAssetsSeen(deps.db, deps.config.assets, activityOrigin(), {
            source: 'rte-regional',
            seenAt: result.lastInstant ?? new Date().toISOString(),
            now: new Date().toISOString(),
            assets: result.regions.map((code) => ({ type: 'region' as const, code })),
          });
          return {
            rows: result.energyFlowRows + result.balanceRows,
            details: { ...result, assetEvents: assetEvents.length },
            result,
          };
        },
      );
      return outcome.result;
    },

    async checkEco2mixRegionalGates(input: { day: string }): Promise<GateReport> {
      return checkDayGates(deps, input.day);
    },

    /**
     * Each day's gates of a backfill chunk, one day after the other, in one activity: a day's
     * gates are a few milliseconds of queries, less than the round trip of an activity of their
     * own queued behind the Gold loads. Each day keeps its own window, quality_results rows,
     * `quality-gates` audit step and report (in the order of `days`), so a failed gate fails only
     * its day. A retried attempt checks every day again, as a retried per-day activity does its day.
     */
    async checkEco2mixRegionalDaysGates(input: { days: string[] }): Promise<GateReport[]> {
      const reports: GateReport[] = [];
      for (const day of input.days) reports.push(await checkDayGates(deps, day));
      return reports;
    },
  };
}

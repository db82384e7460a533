import pl from 'nodejs-polars';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { reportProgress } from '../../heartbeat';
import { NATIONAL_DATASET, nationalSilverKeyForDay } from './silver';
import { countRows, dayWindow, inWindow, runGates, type GateReport, type QualityGate } from '../../quality';
import { calendarCache, ensureDateRows, mixIndicators } from '../rte-regional/gold';
import { NATIONAL_SOURCES } from '../../../lib/domain/sources';
import { bulkUpsert, type UpsertSpec } from '../../../lib/upsert';
import { NATIONAL_COMPONENT_SOURCES, NATIONAL_EXCHANGE_BORDERS } from '../../../lib/domain/national-feed';

/**
 * Gold loader for eco2mix_national: silver day partitions -> fact_national_flow (source x
 * quarter-hour) and fact_national_balance (quarter-hour), with RTE's `taux_co2` kept beside the
 * life-cycle intensity computed from dim_source's factors.
 */

const PRODUCING = NATIONAL_SOURCES.filter((s) => s.code !== 'pompage' && s.code !== 'stockage_batterie');

export const NATIONAL_FLOW_UPSERT: UpsertSpec = {
  table: 'fact_national_flow',
  key: ['ts_utc', 'source_code'],
  values: ['date_key', 'time_key', 'mw'],
  touch: ['loaded_at'],
  pgTypes: {
    ts_utc: 'timestamptz',
    source_code: 'text',
    date_key: 'int',
    time_key: 'int',
    mw: 'float8',
    loaded_at: 'timestamptz',
  },
};

const BALANCE_MEASURES = [
  'consumption_mw',
  'forecast_d_mw',
  'forecast_d1_mw',
  'production_mw',
  'net_exchange_mw',
  'carbon_intensity_g_per_kwh',
  'rte_taux_co2_g_per_kwh',
  'renewable_share_pct',
  'low_carbon_share_pct',
];
export const NATIONAL_BALANCE_UPSERT: UpsertSpec = {
  table: 'fact_national_balance',
  key: ['ts_utc'],
  values: ['date_key', 'time_key', ...BALANCE_MEASURES, 'nature'],
  touch: ['loaded_at'],
  pgTypes: {
    ts_utc: 'timestamptz',
    date_key: 'int',
    time_key: 'int',
    ...Object.fromEntries(BALANCE_MEASURES.map((c) => [c, 'float8'])),
    nature: 'text',
    loaded_at: 'timestamptz',
  },
};

export const NATIONAL_BREAKDOWN_UPSERT: UpsertSpec = {
  table: 'fact_national_breakdown',
  key: ['ts_utc', 'component_code'],
  values: ['source_code', 'mw'],
  touch: ['loaded_at'],
  pgTypes: {
    ts_utc: 'timestamptz',
    component_code: 'text',
    source_code: 'text',
    mw: 'float8',
    loaded_at: 'timestamptz',
  },
};

export const NATIONAL_EXCHANGE_UPSERT: UpsertSpec = {
  table: 'fact_national_exchange',
  key: ['ts_utc', 'border_code'],
  values: ['commercial_mw'],
  touch: ['loaded_at'],
  pgTypes: { ts_utc: 'timestamptz', border_code: 'text', commercial_mw: 'float8', loaded_at: 'timestamptz' },
};

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export interface NationalGoldResult {
  days: string[];
  flowRows: number;
  balanceRows: number;
  breakdownRows: number;
  exchangeRows: number;
}

export async function loadEco2mixNationalDays(
  db: Knex,
  frames: pl.DataFrame[],
  days: string[],
): Promise<NationalGoldResult> {
  const loadedAt = new Date().toISOString();
  const calendars = calendarCache();
  const flows: Record<string, unknown>[] = [];
  const balances: Record<string, unknown>[] = [];
  const breakdown: Record<string, unknown>[] = [];
  const exchanges: Record<string, unknown>[] = [];
  for (const frame of frames) {
    for (const row of frame.toRecords() as Record<string, unknown>[]) {
      const instant = row.ts_utc as Date;
      const ts = instant.toISOString();
      const cal = calendars.of(instant);
      for (const source of NATIONAL_SOURCES) {
        flows.push({
          ts_utc: ts,
          source_code: source.code,
          date_key: cal.dateKey,
          time_key: cal.timeKey,
          mw: num(row[source.code]),
          loaded_at: loadedAt,
        });
      }
      for (const [component, sourceCode] of Object.entries(NATIONAL_COMPONENT_SOURCES)) {
        breakdown.push({
          ts_utc: ts,
          component_code: component,
          source_code: sourceCode,
          mw: num(row[component]),
          loaded_at: loadedAt,
        });
      }
      for (const border of NATIONAL_EXCHANGE_BORDERS) {
        exchanges.push({
          ts_utc: ts,
          border_code: border,
          commercial_mw: num(row[`ech_comm_${border}`]),
          loaded_at: loadedAt,
        });
      }
      const mix = mixIndicators((code) => num(row[code]), PRODUCING);
      balances.push({
        ts_utc: ts,
        date_key: cal.dateKey,
        time_key: cal.timeKey,
        consumption_mw: num(row.consommation),
        forecast_d_mw: num(row.prevision_j),
        forecast_d1_mw: num(row.prevision_j1),
        production_mw: mix.productionMw,
        net_exchange_mw: num(row.ech_physiques),
        carbon_intensity_g_per_kwh: mix.carbonIntensity,
        rte_taux_co2_g_per_kwh: num(row.taux_co2),
        renewable_share_pct: mix.renewableSharePct,
        low_carbon_share_pct: mix.lowCarbonSharePct,
        nature: row.nature ?? null,
        loaded_at: loadedAt,
      });
    }
  }
  await ensureDateRows(db, calendars.all());
  await bulkUpsert(db, NATIONAL_FLOW_UPSERT, flows);
  await bulkUpsert(db, NATIONAL_BALANCE_UPSERT, balances);
  await bulkUpsert(db, NATIONAL_BREAKDOWN_UPSERT, breakdown);
  await bulkUpsert(db, NATIONAL_EXCHANGE_UPSERT, exchanges);
  return {
    days,
    flowRows: flows.length,
    balanceRows: balances.length,
    breakdownRows: breakdown.length,
    exchangeRows: exchanges.length,
  };
}

/**
 * How far our life-cycle intensity may sit from RTE's `taux_co2` before someone should look.
 * RTE counts direct combustion only, so ours is higher by the life-cycle share of nuclear, wind,
 * hydro and solar (about 10 g/kWh on a typical French mix); a gap beyond 40 g/kWh points at a
 * missing source, a unit error or a changed factor rather than at the method.
 */
export const TAUX_CO2_TOLERANCE_G = 40;

/** Gates guarding eco2mix_national, per UTC day. */
export const ECO2MIX_NATIONAL_GATES: readonly QualityGate[] = [
  {
    name: 'silver_gold_row_count',
    severity: 'blocking',
    description: 'every silver row of the day is a gold national balance row',
    async check({ db, lake }, w) {
      const key = nationalSilverKeyForDay(w.from.slice(0, 10));
      const silver = (await lake.exists(key)) ? pl.readParquet(await lake.get(key)).height : 0;
      const gold = await countRows(inWindow(db('fact_national_balance'), w));
      return { observed: gold, threshold: `= ${silver} silver rows`, passed: gold === silver };
    },
  },
  {
    name: 'national_flow_completeness',
    severity: 'blocking',
    description: `each national balance row has one flow row per source (${NATIONAL_SOURCES.length})`,
    async check({ db }, w) {
      const balance = await countRows(inWindow(db('fact_national_balance'), w));
      const flows = await countRows(inWindow(db('fact_national_flow'), w));
      const expected = balance * NATIONAL_SOURCES.length;
      return { observed: flows, threshold: `= ${expected}`, passed: flows === expected };
    },
  },
  {
    name: 'national_detail_completeness',
    severity: 'blocking',
    description: `each national balance row has its ${Object.keys(NATIONAL_COMPONENT_SOURCES).length} breakdown and ${NATIONAL_EXCHANGE_BORDERS.length} exchange rows`,
    async check({ db }, w) {
      const balance = await countRows(inWindow(db('fact_national_balance'), w));
      const detail =
        (await countRows(inWindow(db('fact_national_breakdown'), w))) +
        (await countRows(inWindow(db('fact_national_exchange'), w)));
      const expected =
        balance * (Object.keys(NATIONAL_COMPONENT_SOURCES).length + NATIONAL_EXCHANGE_BORDERS.length);
      return { observed: detail, threshold: `= ${expected}`, passed: detail === expected };
    },
  },
  {
    name: 'consumption_plausible',
    severity: 'blocking',
    description: 'national consumption stays within 15 000..110 000 MW (record: 102 GW, 2012)',
    async check({ db }, w) {
      const outliers = await countRows(
        inWindow(db('fact_national_balance'), w).where((q) =>
          q.where('consumption_mw', '<', 15_000).orWhere('consumption_mw', '>', 110_000),
        ),
      );
      return { observed: outliers, threshold: '= 0 rows outside 15000..110000 MW', passed: outliers === 0 };
    },
  },
  {
    name: 'taux_co2_cross_check',
    severity: 'warning',
    description: `life-cycle carbon intensity within ${TAUX_CO2_TOLERANCE_G} g/kWh of RTE's taux_co2 (direct emissions)`,
    async check({ db }, w) {
      const rows = (await inWindow(db('fact_national_balance'), w)
        .whereNotNull('carbon_intensity_g_per_kwh')
        .whereNotNull('rte_taux_co2_g_per_kwh')
        .select('carbon_intensity_g_per_kwh as ours', 'rte_taux_co2_g_per_kwh as rte')) as {
        ours: number;
        rte: number;
      }[];
      const worst = rows.reduce((max, r) => Math.max(max, Math.abs(Number(r.ours) - Number(r.rte))), 0);
      return {
        observed: Math.round(worst * 10) / 10,
        threshold: `<= ${TAUX_CO2_TOLERANCE_G} g/kWh (largest gap of the day)`,
        passed: worst <= TAUX_CO2_TOLERANCE_G,
      };
    },
  },
];

export function createEco2mixNationalGold(deps: ActivityDeps) {
  return {
    async eco2mixNationalToGold(input: { days: string[] }): Promise<NationalGoldResult> {
      const outcome = await audited(deps.db, 'silver-to-gold', 'rte-national', async () => {
        const frames: pl.DataFrame[] = [];
        for (const day of input.days) {
          frames.push(pl.readParquet(await deps.lake.get(nationalSilverKeyForDay(day))));
          reportProgress();
        }
        const result = await loadEco2mixNationalDays(deps.db, frames, input.days);
        return { rows: result.flowRows + result.balanceRows, details: { ...result }, result };
      });
      return outcome.result;
    },

    async checkEco2mixNationalGates(input: { day: string }): Promise<GateReport> {
      const outcome = await audited(deps.db, 'quality-gates', 'rte-national', async () => {
        const report = await runGates(
          { db: deps.db, lake: deps.lake },
          NATIONAL_DATASET,
          ECO2MIX_NATIONAL_GATES,
          dayWindow(input.day),
        );
        return {
          details: { day: input.day, blockingFailures: report.blockingFailures, warnings: report.warnings },
          report,
        };
      });
      return outcome.report;
    },
  };
}

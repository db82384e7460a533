import { checkDatasetGates } from '../../dataset-gates';
import { AUDIT_STEP } from '../../audit-vocabulary';
import pl from 'nodejs-polars';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { calendarCache, ensureDateRows } from '../../gold/dim-date';
import { dayWindow, type GateReport } from '../../quality';
import { ECO2MIX_NATIONAL_DATASET } from './gates';
import { nationalSilverKeyForDay } from './silver';
import { mixIndicators, producingSources } from '../../../lib/domain/carbon';
import { reportProgress } from '../../heartbeat';
import { NATIONAL_SOURCES } from '../../../lib/domain/sources';
import { bulkUpsert, type UpsertSpec } from '../../../lib/upsert';
import { NATIONAL_COMPONENT_SOURCES, NATIONAL_EXCHANGE_BORDERS } from '../../../lib/domain/national-feed';

/**
 * Gold loader for eco2mix_national: silver day partitions -> fact_national_flow (source x
 * quarter-hour) and fact_national_balance (quarter-hour), with RTE's `taux_co2` kept beside the
 * life-cycle intensity computed from dim_source's factors.
 */

const PRODUCING = producingSources(NATIONAL_SOURCES);

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

export function createEco2mixNationalGold(deps: ActivityDeps) {
  return {
    async eco2mixNationalToGold(input: { days: string[] }): Promise<NationalGoldResult> {
      const outcome = await audited(
        deps.db,
        { step: AUDIT_STEP.toGold, source: 'rte-national' },
        async () => {
          const frames: pl.DataFrame[] = [];
          for (const day of input.days) {
            frames.push(pl.readParquet(await deps.lake.get(nationalSilverKeyForDay(day))));
            reportProgress();
          }
          const result = await loadEco2mixNationalDays(deps.db, frames, input.days);
          return { rows: result.flowRows + result.balanceRows, details: { ...result }, result };
        },
      );
      return outcome.result;
    },

    async checkEco2mixNationalGates(input: { day: string }): Promise<GateReport> {
      return checkDatasetGates(deps, 'rte-national', ECO2MIX_NATIONAL_DATASET, dayWindow(input.day), {
        day: input.day,
      });
    },
  };
}

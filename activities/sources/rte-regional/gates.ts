import type { Knex } from 'knex';
import { DATASET, readSilverDay, silverKeyForDay } from './silver';
import {
  countRows,
  inWindow,
  type DatasetDeclaration,
  type GateWindow,
  type QualityGate,
} from '../../quality';
import { freshnessGate, rangeGate } from '../../gate-kinds';
import { PRODUCTION_SOURCES } from '../../../lib/domain/sources';
import {
  GENERATION_TOLERANCE_MW,
  MAX_LOAD_FACTOR_PCT,
  MAX_SOURCE_OUTPUT_MW,
  REGIONAL_GENERATING_SOURCES,
} from '../../../lib/domain/plausibility';

/** The dimension table each fact key points at (the key has the same name there). */
const DIMENSION_OF: Record<string, string> = {
  region_code: 'dim_region',
  source_code: 'dim_source',
  date_key: 'dim_date',
  time_key: 'dim_time',
};

/** Fact rows of the window with at least one key that has no row in its dimension. */
async function orphanRows(db: Knex, fact: string, w: GateWindow, keys: string[]): Promise<number> {
  let query = inWindow(db(`${fact} as f`), w, 'f.ts_utc');
  for (const key of keys)
    query = query.leftJoin(`${DIMENSION_OF[key]} as ${key}`, `${key}.${key}`, `f.${key}`);
  return countRows(query.where((q) => keys.reduce((any, key) => any.orWhereNull(`${key}.${key}`), q)));
}

/** Gates guarding the gold tables of eco2mix_regional, checked per UTC day after each load. */
export const ECO2MIX_REGIONAL_GATES: readonly QualityGate[] = [
  {
    name: 'silver_gold_row_count',
    severity: 'blocking',
    description:
      'every silver row of the day is in gold: wide rows = balance rows and production rows = energy-flow rows (rejects are kept apart in silver/_rejected)',
    async check({ db, lake }, w) {
      const day = w.from.slice(0, 10);
      // One column of each is enough to count rows.
      const silver = (await lake.exists(silverKeyForDay(day)))
        ? await readSilverDay(lake, day, { wide: ['region_code'], production: ['region_code'] })
        : undefined;
      const silverWide = silver?.wide.height ?? 0;
      const silverLong = silver?.production.height ?? 0;
      const balance = await countRows(inWindow(db('fact_regional_balance'), w));
      const flows = await countRows(inWindow(db('fact_energy_flow'), w));
      return {
        observed: balance + flows,
        threshold: `= ${silverWide} silver rows + ${silverLong} silver production rows`,
        passed: balance === silverWide && flows === silverLong,
      };
    },
  },
  {
    name: 'energy_flow_completeness',
    severity: 'blocking',
    description: `each balance row has one energy-flow row per source (${PRODUCTION_SOURCES.length})`,
    async check({ db }, w) {
      const balance = await countRows(inWindow(db('fact_regional_balance'), w));
      const flows = await countRows(inWindow(db('fact_energy_flow'), w));
      const expected = balance * PRODUCTION_SOURCES.length;
      return { observed: flows, threshold: `= ${expected}`, passed: flows === expected };
    },
  },
  {
    name: 'unique_natural_key',
    severity: 'blocking',
    description: 'one balance row per region and quarter-hour',
    async check({ db }, w) {
      const dupes = await countRows(
        db.from(
          inWindow(db('fact_regional_balance'), w)
            .select('region_code', 'ts_utc')
            .groupBy('region_code', 'ts_utc')
            .havingRaw('count(*) > 1')
            .as('d'),
        ),
      );
      return { observed: dupes, threshold: '= 0', passed: dupes === 0 };
    },
  },
  {
    name: 'foreign_keys',
    severity: 'blocking',
    description:
      'every fact row points at a known region, source, date and time (the database does not enforce these keys on the regional facts: migration 012)',
    async check({ db }, w) {
      const flows = await orphanRows(db, 'fact_energy_flow', w, [
        'region_code',
        'source_code',
        'date_key',
        'time_key',
      ]);
      const balances = await orphanRows(db, 'fact_regional_balance', w, [
        'region_code',
        'date_key',
        'time_key',
      ]);
      const orphans = flows + balances;
      return { observed: orphans, threshold: '= 0 rows without their dimension row', passed: orphans === 0 };
    },
  },
  rangeGate({
    name: 'consumption_plausible',
    severity: 'blocking',
    table: 'fact_regional_balance',
    column: 'consumption_mw',
    min: 0,
    max: 25_000,
    unit: 'MW',
    description:
      'regional consumption stays within 0..25 000 MW (Ile-de-France peaks near 15 000); anything above needs a human',
  }),
  rangeGate({
    name: 'generation_non_negative',
    severity: 'blocking',
    table: 'fact_energy_flow',
    column: 'mw',
    min: GENERATION_TOLERANCE_MW,
    unit: 'MW',
    only: (rows) => rows.whereIn('source_code', REGIONAL_GENERATING_SOURCES),
    description: `generating sources output at least ${GENERATION_TOLERANCE_MW} MW (the auxiliary draw of idle plants)`,
  }),
  rangeGate({
    name: 'generation_plausible',
    severity: 'blocking',
    table: 'fact_energy_flow',
    column: 'mw',
    max: MAX_SOURCE_OUTPUT_MW,
    unit: 'MW',
    description: `no source outputs more than ${MAX_SOURCE_OUTPUT_MW} MW in a region (the whole French nuclear fleet is 61.4 GW)`,
  }),
  rangeGate({
    name: 'load_factor_plausible',
    severity: 'warning',
    table: 'fact_energy_flow',
    column: 'load_factor_pct',
    max: MAX_LOAD_FACTOR_PCT,
    unit: '%',
    description: `output within ${MAX_LOAD_FACTOR_PCT} % of the installed capacity (published TCH or computed)`,
  }),
  {
    name: 'consumption_present',
    severity: 'warning',
    description: 'consumption is published for every region and quarter-hour',
    async check({ db }, w) {
      const missing = await countRows(inWindow(db('fact_regional_balance'), w).whereNull('consumption_mw'));
      return { observed: missing, threshold: '= 0 null rows', passed: missing === 0 };
    },
  },
  freshnessGate({
    table: 'fact_regional_balance',
    column: 'ts_utc',
    maxAge: 3,
    unit: 'hours',
    description:
      'the newest quarter-hour in gold is less than 3 hours old (RTE refreshes the real-time set about hourly)',
  }),
];

/** eco2mix_regional in Gold: the tables its loader writes and the gates that guard them. */
export const ECO2MIX_REGIONAL_DATASET: DatasetDeclaration = {
  name: DATASET,
  goldTables: [
    'fact_energy_flow',
    'fact_regional_balance',
    'agg_energy_flow_hourly',
    'agg_energy_flow_daily',
    'agg_regional_balance_hourly',
    'agg_regional_balance_daily',
  ],
  gates: ECO2MIX_REGIONAL_GATES,
};

import pl from 'nodejs-polars';
import { NATIONAL_DATASET, nationalSilverKeyForDay } from './silver';
import { countRows, inWindow, type DatasetDeclaration, type QualityGate } from '../../quality';
import { freshnessGate, rangeGate } from '../../gate-kinds';
import {
  GENERATION_TOLERANCE_MW,
  MAX_BORDER_EXCHANGE_MW,
  MAX_SOURCE_OUTPUT_MW,
  NATIONAL_GENERATING_SOURCES,
} from '../../../lib/domain/plausibility';
import { NATIONAL_SOURCES } from '../../../lib/domain/sources';
import { NATIONAL_COMPONENT_SOURCES, NATIONAL_EXCHANGE_BORDERS } from '../../../lib/domain/national-feed';

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
  rangeGate({
    name: 'consumption_plausible',
    severity: 'blocking',
    table: 'fact_national_balance',
    column: 'consumption_mw',
    min: 15_000,
    max: 110_000,
    unit: 'MW',
    description: 'national consumption stays within 15 000..110 000 MW (record: 102 GW, 2012)',
  }),
  rangeGate({
    name: 'generation_non_negative',
    severity: 'blocking',
    table: 'fact_national_flow',
    column: 'mw',
    min: GENERATION_TOLERANCE_MW,
    unit: 'MW',
    only: (rows) => rows.whereIn('source_code', NATIONAL_GENERATING_SOURCES),
    description: `generating sources output at least ${GENERATION_TOLERANCE_MW} MW (the auxiliary draw of idle plants)`,
  }),
  rangeGate({
    name: 'generation_plausible',
    severity: 'blocking',
    table: 'fact_national_flow',
    column: 'mw',
    max: MAX_SOURCE_OUTPUT_MW,
    unit: 'MW',
    description: `no source outputs more than ${MAX_SOURCE_OUTPUT_MW} MW (the whole French nuclear fleet is 61.4 GW)`,
  }),
  rangeGate({
    name: 'exchange_plausible',
    severity: 'blocking',
    table: 'fact_national_exchange',
    column: 'commercial_mw',
    min: -MAX_BORDER_EXCHANGE_MW,
    max: MAX_BORDER_EXCHANGE_MW,
    unit: 'MW',
    description: `each border's commercial exchange within ±${MAX_BORDER_EXCHANGE_MW} MW`,
  }),
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
  freshnessGate({
    table: 'fact_national_balance',
    column: 'ts_utc',
    maxAge: 3,
    unit: 'hours',
    description:
      'the newest quarter-hour in gold is less than 3 hours old (RTE refreshes the real-time set about hourly)',
  }),
];

/** eco2mix_national in Gold: the tables its loader writes and the gates that guard them. */
export const ECO2MIX_NATIONAL_DATASET: DatasetDeclaration = {
  name: NATIONAL_DATASET,
  goldTables: [
    'fact_national_balance',
    'fact_national_flow',
    'fact_national_breakdown',
    'fact_national_exchange',
  ],
  gates: ECO2MIX_NATIONAL_GATES,
};

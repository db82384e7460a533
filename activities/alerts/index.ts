import type { Knex } from 'knex';
import { activityOrigin } from '../asset-registry';
import { audited } from '../audit';
import { ALERTS, AUDIT_STEP } from '../audit-vocabulary';
import type { ActivityDeps } from '../deps';
import type { AlertRules } from './rules-config';
import { evaluateNegativePriceRisk } from './rules/negative-price-risk';
import { evaluateOverProduction, RUN_LOOKBACK_MS } from './rules/over-production';
import {
  type AlertKind,
  type EvaluationWindow,
  type PriceRow,
  type RegionalRow,
  type RuleResult,
  QUARTER_HOUR_MS,
  isoOf,
  ms,
} from './rules/types';
import { applyAlertLifecycle, type AlertTransition } from './store';

export type { AlertTransition } from './store';
export type { AlertKind } from './rules/types';

/** The French bidding zone as the day-ahead price table may name it (short code or EIC). */
const FRENCH_ZONES = ['FR', '10YFR-RTE------C'];
const PRICE_TABLE = 'fact_day_ahead_price';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string => new Date(v as string | Date).toISOString();

/** fact_regional_balance joined with the wind, solar and nuclear rows of fact_energy_flow. */
export async function readRegionalRows(
  db: Knex,
  from: string,
  to: string,
  flowFrom: string,
): Promise<RegionalRow[]> {
  const balance = await db('fact_regional_balance')
    .select('region_code', 'ts_utc', 'consumption_mw', 'production_mw', 'net_exchange_mw')
    .where('ts_utc', '>=', from)
    .andWhere('ts_utc', '<', to);
  const flows = await db('fact_energy_flow')
    .select('region_code', 'ts_utc', 'source_code', 'mw')
    .whereIn('source_code', ['eolien', 'solaire', 'nucleaire'])
    .andWhere('ts_utc', '>=', flowFrom)
    .andWhere('ts_utc', '<', to);
  const flowOf = new Map<string, number | null>();
  for (const f of flows) flowOf.set(`${f.region_code}|${iso(f.ts_utc)}|${f.source_code}`, num(f.mw));
  return balance.map((b) => {
    const ts = iso(b.ts_utc);
    const key = (s: string) => `${b.region_code}|${ts}|${s}`;
    // A region without a nuclear plant publishes no nuclear row, or ND read as null: 0 MW there.
    const flow = (s: string, absentIsZero: boolean) =>
      flowOf.has(key(s)) ? (flowOf.get(key(s)) ?? (absentIsZero ? 0 : null)) : absentIsZero ? 0 : null;
    return {
      regionCode: String(b.region_code),
      tsUtc: ts,
      consumptionMw: num(b.consumption_mw),
      productionMw: num(b.production_mw),
      netExchangeMw: num(b.net_exchange_mw),
      windMw: flow('eolien', true),
      solarMw: flow('solaire', true),
      nuclearMw: flow('nucleaire', true),
    };
  });
}

/** Day-ahead prices of the French zone; empty when the table is absent (not migrated) or empty. */
export async function readPrices(db: Knex, from: string, to: string): Promise<PriceRow[]> {
  if (!(await db.schema.hasTable(PRICE_TABLE))) return [];
  const rows = await db(PRICE_TABLE)
    .select('ts_utc', 'resolution_minutes', 'price_eur_mwh')
    .whereIn('bidding_zone', FRENCH_ZONES)
    .andWhere('ts_utc', '>=', new Date(ms(from) - 86_400_000).toISOString())
    .andWhere('ts_utc', '<', to);
  return rows
    .filter((r) => r.price_eur_mwh !== null)
    .map((r) => ({
      tsUtc: iso(r.ts_utc),
      resolutionMinutes: Number(r.resolution_minutes),
      priceEurMwh: Number(r.price_eur_mwh),
    }));
}

/** Rounds a window outwards to whole quarter-hours. */
export function quarterHourWindow(window: EvaluationWindow): EvaluationWindow {
  const from = Math.floor(ms(window.from) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const to = Math.ceil(ms(window.to) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  return { from: isoOf(from), to: isoOf(Math.max(to, from + QUARTER_HOUR_MS)) };
}

export interface EvaluationSummary {
  window: EvaluationWindow;
  rows: number;
  priceRows: number;
  transitions: AlertTransition[];
  /** Kinds with an alert opened, updated or resolved by this evaluation. */
  kinds: AlertKind[];
}

/**
 * What a window's evaluation reads besides the window itself: runs are followed from `spanStart`
 * (the look-back), and over-production's baseline goes back `baselineDays` before that.
 */
export function alertContext(
  window: EvaluationWindow,
  rules: AlertRules,
): { spanStart: number; contextStart: number } {
  const spanStart = ms(window.from) - RUN_LOOKBACK_MS;
  return { spanStart, contextStart: spanStart - rules.overProduction.baselineDays * 86_400_000 };
}

/**
 * Every rule over one window, without reading or writing anything. `rows` hold the window and
 * its context (from alertContext's contextStart; wind, solar and nuclear from spanStart on).
 */
export function runAlertRules(
  rows: RegionalRow[],
  prices: PriceRow[],
  window: EvaluationWindow,
  rules: AlertRules,
): RuleResult[] {
  const { spanStart } = alertContext(window, rules);
  const recent = rows.filter((r) => ms(r.tsUtc) >= spanStart);
  return [
    ...evaluateOverProduction(rows, window, rules.overProduction),
    ...evaluateNegativePriceRisk(recent, prices, window, rules.negativePriceRisk),
  ];
}

/** Reads Gold for the window and its context, runs the rules, applies the lifecycle. */
export async function evaluateAlertWindow(
  db: Knex,
  rules: AlertRules,
  window: EvaluationWindow,
  origin: Parameters<typeof applyAlertLifecycle>[1],
  now: string,
): Promise<EvaluationSummary> {
  const w = quarterHourWindow(window);
  const { spanStart, contextStart } = alertContext(w, rules);
  const rows = await readRegionalRows(db, isoOf(contextStart), w.to, isoOf(spanStart));
  const prices = await readPrices(db, isoOf(spanStart), w.to);
  const results = runAlertRules(rows, prices, w, rules);
  const transitions = await applyAlertLifecycle(db, origin, results, {
    resolveAfterClearQuarterHours: rules.lifecycle.resolveAfterClearQuarterHours,
    now,
    by: ALERTS,
  });
  const kinds = [...new Set(transitions.map((t) => t.kind))].sort();
  return { window: w, rows: rows.length, priceRows: prices.length, transitions, kinds };
}

export interface EvaluateAlertRulesInput {
  /** [from, to): UTC instants, rounded outwards to quarter-hours. */
  from: string;
  to: string;
}

export function createAlertActivities(deps: ActivityDeps) {
  return {
    /** Transform queue: SQL reads of Gold plus the rules and the alert store. */
    async evaluateAlertRules(input: EvaluateAlertRulesInput): Promise<EvaluationSummary> {
      return audited(deps.db, { step: AUDIT_STEP.alertsEvaluate, source: ALERTS }, async () => {
        const summary = await evaluateAlertWindow(
          deps.db,
          deps.config.alerts.rules,
          input,
          activityOrigin(),
          new Date().toISOString(),
        );
        return {
          ...summary,
          details: {
            window: summary.window,
            rows: summary.rows,
            priceRows: summary.priceRows,
            transitions: summary.transitions.length,
          },
        };
      });
    },
  };
}

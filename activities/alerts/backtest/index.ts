import type { Knex } from 'knex';
import type { AlertRules } from '../rules-config';
import type { EvaluationWindow } from '../rules/types';
import { type ReplayOptions, type ReplayOutcome, replayAlertRules } from './replay';
import { type BacktestRow, backtestRows } from './report';

export { BACKTEST_USAGE, BacktestArgumentError, parseBacktestArguments } from './arguments';
export { BACKTEST_COLUMNS, backtestCsv, formatBacktestTable, type BacktestRow } from './report';

export interface AlertBacktest {
  outcome: ReplayOutcome;
  rows: BacktestRow[];
}

/**
 * Issue 11, item 6: the alert rules replayed over Gold history [from, to) as a dry run (no alert
 * written), with the episodes each kind and subject would have raised and, where day-ahead prices
 * are loaded, the national negative-price signal scored against the hours priced ≤ 0.
 */
export async function runAlertBacktest(
  db: Knex,
  rules: AlertRules,
  window: EvaluationWindow,
  options: ReplayOptions = {},
): Promise<AlertBacktest> {
  const outcome = await replayAlertRules(db, rules, window, options);
  return { outcome, rows: backtestRows(outcome, rules.negativePriceRisk.consecutiveQuarterHours) };
}

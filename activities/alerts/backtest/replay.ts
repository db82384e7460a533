import type { Knex } from 'knex';
import { alertContext, readPrices, readRegionalRows, runAlertRules } from '../index';
import type { AlertRules } from '../rules-config';
import { evaluateNegativePriceRisk } from '../rules/negative-price-risk';
import { type AlertKind, type EvaluationWindow, type RegionalRow, isoOf, ms } from '../rules/types';
import { EpisodeLedger } from './episode-ledger';
import { addPriceHours } from './price-score';

const DAY_MS = 86_400_000;
/**
 * Days read per query, ahead of the day being evaluated. Reading by time range scans the fact
 * tables (their keys lead with the region), about 0.5 s on a year of SYNTHETIC SQLite Gold, so
 * one query a week rather than a day; the evaluation stays one day at a time.
 */
const READ_DAYS = 7;

/**
 * `deployed`: the rules as evaluateAlerts runs them. `physical-only`: the national negative-price
 * rule with the prices hidden from it, as it runs without fact_day_ahead_price; the deployed rule
 * fires on any price ≤ 0 by itself, so only this variant says what the physical signs foresee.
 */
export type BacktestSignal = 'deployed' | 'physical-only';

export interface SubjectOutcome {
  kind: AlertKind;
  /** Region code, or null for the nation (the regions summed). */
  regionCode: string | null;
  signal: BacktestSignal;
  ledger: EpisodeLedger;
}

export interface ReplayOutcome {
  window: EvaluationWindow;
  days: number;
  regionalRows: number;
  subjects: SubjectOutcome[];
  /** Each priced UTC hour of the window (epoch ms) and whether its price was ≤ 0; empty without prices. */
  priceHours: Map<number, boolean>;
}

export interface ReplayProgress {
  daysDone: number;
  days: number;
  /** The end of the last chunk replayed. */
  through: string;
}

export interface ReplayOptions {
  /** Days per chunk: one evaluation window, as evaluateAlerts would evaluate it (default 1). */
  chunkDays?: number;
  onProgress?: (p: ReplayProgress) => void;
}

/**
 * Replays the alert rules over Gold history [from, to) in chunks, without writing alerts. Rows
 * are read once, a week ahead, and of what was read before only the context the rules need is
 * kept (the over-production baseline and the 24 h look-back), so a year costs the memory of
 * about a month of rows.
 */
export async function replayAlertRules(
  db: Knex,
  rules: AlertRules,
  window: EvaluationWindow,
  options: ReplayOptions = {},
): Promise<ReplayOutcome> {
  const from = ms(window.from);
  const to = ms(window.to);
  const chunkMs = (options.chunkDays ?? 1) * DAY_MS;
  const days = Math.ceil((to - from) / DAY_MS);
  const resolveAfter = rules.lifecycle.resolveAfterClearQuarterHours;
  const first = alertContext(window, rules);
  const contextMs = from - first.contextStart;

  let rows: RegionalRow[] = await readRegionalRows(
    db,
    isoOf(first.contextStart),
    window.from,
    isoOf(first.spanStart),
  );
  let regionalRows = 0;
  let readUntil = from;
  const ledgers = new Map<string, SubjectOutcome>();
  const ledgerOf = (kind: AlertKind, regionCode: string | null, signal: BacktestSignal): EpisodeLedger => {
    const key = `${kind}|${regionCode ?? ''}|${signal}`;
    let s = ledgers.get(key);
    if (!s)
      ledgers.set(key, (s = { kind, regionCode, signal, ledger: new EpisodeLedger(from, resolveAfter) }));
    return s.ledger;
  };
  const priceHours = new Map<number, boolean>();

  for (let start = from; start < to; start += chunkMs) {
    const end = Math.min(start + chunkMs, to);
    const chunk = { from: isoOf(start), to: isoOf(end) };
    const { spanStart } = alertContext(chunk, rules);
    while (end > readUntil) {
      const next = Math.min(readUntil + READ_DAYS * DAY_MS, to);
      const fresh = await readRegionalRows(db, isoOf(readUntil), isoOf(next), isoOf(readUntil));
      regionalRows += fresh.length;
      rows = rows.concat(fresh);
      readUntil = next;
    }
    rows = rows.filter((r) => ms(r.tsUtc) >= start - contextMs);
    const chunkRows = rows.filter((r) => ms(r.tsUtc) < end);
    const prices = await readPrices(db, isoOf(spanStart), chunk.to);
    addPriceHours(priceHours, prices, start, end);

    for (const result of runAlertRules(chunkRows, prices, chunk, rules))
      ledgerOf(result.kind, result.regionCode, 'deployed').add(result, start, end);
    // Always replayed, so its episodes cover the whole range; reported only where prices exist.
    const recent = chunkRows.filter((r) => ms(r.tsUtc) >= spanStart);
    const [national] = evaluateNegativePriceRisk(recent, [], chunk, rules.negativePriceRisk);
    if (national) ledgerOf(national.kind, null, 'physical-only').add(national, start, end);
    options.onProgress?.({ daysDone: Math.ceil((end - from) / DAY_MS), days, through: chunk.to });
  }
  return { window, days, regionalRows, subjects: [...ledgers.values()], priceHours };
}

import { stringify } from 'csv-stringify/sync';
import { ALERT_KINDS, type AlertKind } from '../rules/types';
import { type NegativePriceScore, scoreNegativePriceSignal } from './price-score';
import type { BacktestSignal, ReplayOutcome } from './replay';

/** One line of the backtest: a kind, a subject and a signal. */
export interface BacktestRow {
  kind: AlertKind;
  /** Region code, or FR for the nation. */
  subject: string;
  signal: BacktestSignal;
  episodes: number;
  quarterHoursFlagged: number;
  /** Against the day-ahead prices: national negative-price risk only, when prices were loaded. */
  score: NegativePriceScore | null;
}

export const NATIONAL = 'FR';
const SIGNAL_ORDER: readonly BacktestSignal[] = ['deployed', 'physical-only'];

/** The report's lines: per kind, the nation first then regions, each signal's line. */
export function backtestRows(outcome: ReplayOutcome, requiredQuarterHours: number): BacktestRow[] {
  const priced = outcome.priceHours.size > 0;
  const rank = (s: (typeof outcome.subjects)[number]) =>
    [
      ALERT_KINDS.indexOf(s.kind),
      s.regionCode === null ? '' : s.regionCode,
      SIGNAL_ORDER.indexOf(s.signal),
    ] as const;
  return outcome.subjects
    .filter((s) => s.signal === 'deployed' || priced)
    .sort((a, b) => {
      const [ka, ra, sa] = rank(a);
      const [kb, rb, sb] = rank(b);
      return ka - kb || ra.localeCompare(rb) || sa - sb;
    })
    .map((s) => {
      const flagged = s.ledger.flaggedQuarterHours();
      const scored = priced && s.kind === 'NEGATIVE_PRICE_RISK' && s.regionCode === null;
      return {
        kind: s.kind,
        subject: s.regionCode ?? NATIONAL,
        signal: s.signal,
        episodes: s.ledger.raised.length,
        quarterHoursFlagged: flagged.length,
        score: scored
          ? scoreNegativePriceSignal(flagged, s.ledger.raised, outcome.priceHours, requiredQuarterHours)
          : null,
      };
    });
}

const ratio = (x: number | null | undefined): string => (x === null || x === undefined ? '' : x.toFixed(3));
const count = (x: number | null | undefined): string => (x === null || x === undefined ? '' : String(x));
const minutes = (x: number | null | undefined): string =>
  x === null || x === undefined ? '' : String(Math.round(x * 10) / 10);

interface Column {
  header: string;
  numeric: boolean;
  cell: (r: BacktestRow) => string;
}

/** The columns, in order, with the header both the table and the CSV use (docs/operations.md). */
export const BACKTEST_COLUMNS: readonly Column[] = [
  { header: 'kind', numeric: false, cell: (r) => r.kind },
  { header: 'subject', numeric: false, cell: (r) => r.subject },
  { header: 'signal', numeric: false, cell: (r) => r.signal },
  { header: 'episodes', numeric: true, cell: (r) => count(r.episodes) },
  { header: 'qh_flagged', numeric: true, cell: (r) => count(r.quarterHoursFlagged) },
  { header: 'hours_priced', numeric: true, cell: (r) => count(r.score?.hoursPriced) },
  { header: 'negative_hours', numeric: true, cell: (r) => count(r.score?.negativeHours) },
  { header: 'predicted_hours', numeric: true, cell: (r) => count(r.score?.predictedHours) },
  { header: 'hits', numeric: true, cell: (r) => count(r.score?.hits) },
  { header: 'precision', numeric: true, cell: (r) => ratio(r.score?.precision) },
  { header: 'recall', numeric: true, cell: (r) => ratio(r.score?.recall) },
  { header: 'negative_episodes', numeric: true, cell: (r) => count(r.score?.negativeEpisodes) },
  { header: 'detected', numeric: true, cell: (r) => count(r.score?.detectedEpisodes) },
  { header: 'warned_by_start', numeric: true, cell: (r) => count(r.score?.warnedEpisodes) },
  { header: 'lead_median_min', numeric: true, cell: (r) => minutes(r.score?.leadMedianMinutes) },
  { header: 'lead_min_min', numeric: true, cell: (r) => minutes(r.score?.leadMinMinutes) },
];

/** Header then one line of cells per row: what both the table and the CSV are made of. */
export function backtestCells(rows: BacktestRow[]): string[][] {
  return [BACKTEST_COLUMNS.map((c) => c.header), ...rows.map((r) => BACKTEST_COLUMNS.map((c) => c.cell(r)))];
}

/** A fixed-width table: text left-aligned, figures right-aligned, two spaces between columns. */
export function formatBacktestTable(rows: BacktestRow[]): string {
  const cells = backtestCells(rows);
  const widths = BACKTEST_COLUMNS.map((_, i) => Math.max(...cells.map((line) => (line[i] as string).length)));
  const pad = (text: string, i: number) =>
    BACKTEST_COLUMNS[i]?.numeric ? text.padStart(widths[i] as number) : text.padEnd(widths[i] as number);
  return cells.map((line) => line.map(pad).join('  ').trimEnd()).join('\n') + '\n';
}

export function backtestCsv(rows: BacktestRow[]): string {
  return stringify(backtestCells(rows));
}

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BacktestArgumentError,
  backtestCsv,
  formatBacktestTable,
  parseBacktestArguments,
  runAlertBacktest,
} from '../activities/alerts/backtest';
import { machineLine } from '../bench/machine';
import { createReaderDb } from '../lib/db';
import { configOrExit, fail } from './main-helpers';

/** Progress at most this often on stderr, so a year's replay says where it is without flooding. */
const PROGRESS_EVERY_MS = 5_000;

/**
 * `npm run alerts:backtest -- <from> <to> [--csv <file>]`: replays the alert rules over Gold
 * history [from, to) (UTC days) as a dry run, prints the table and writes it as CSV (default
 * `<GPS_DATA_DIR>/backtest/alerts-<from>-<to>.csv`). Reads Gold through the read-only connection.
 */
async function main(): Promise<void> {
  let args;
  try {
    args = parseBacktestArguments(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof BacktestArgumentError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  const config = configOrExit();
  const day = (iso: string) => iso.slice(0, 10);
  const csvFile = path.resolve(
    args.csv ?? path.join(config.dataDir, 'backtest', `alerts-${day(args.from)}-${day(args.to)}.csv`),
  );
  const db = createReaderDb(config.db);
  const started = performance.now();
  let lastProgress = started;
  try {
    const { outcome, rows } = await runAlertBacktest(db, config.alerts.rules, args, {
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_EVERY_MS && p.daysDone < p.days) return;
        lastProgress = now;
        process.stderr.write(`alerts:backtest ${p.daysDone}/${p.days} days, through ${p.through}\n`);
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    mkdirSync(path.dirname(csvFile), { recursive: true });
    writeFileSync(csvFile, backtestCsv(rows));
    process.stdout.write(
      [
        `alerts backtest ${args.from} → ${args.to} (dry run: no alert written), rules ${config.alerts.file}`,
        `${outcome.days} days, ${outcome.regionalRows} regional rows, ${outcome.priceHours.size} priced hours` +
          (outcome.priceHours.size ? '' : ' (no day-ahead prices: nothing to score against)'),
        '',
        formatBacktestTable(rows),
        `csv: ${csvFile}`,
        `replayed in ${seconds} s; ${machineLine()}`,
        '',
      ].join('\n'),
    );
  } finally {
    await db.destroy();
  }
}

main().catch(fail);

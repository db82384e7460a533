export const BACKTEST_USAGE =
  'usage: npm run alerts:backtest -- <from YYYY-MM-DD> <to YYYY-MM-DD, exclusive> [--csv <file>]';

/** Two years, a leap day included: enough for a seasonal comparison, bounded in time and memory. */
export const MAX_BACKTEST_DAYS = 731;

export class BacktestArgumentError extends Error {
  override readonly name = 'BacktestArgumentError';
}

export interface BacktestArguments {
  /** UTC midnight of the first day. */
  from: string;
  /** UTC midnight after the last day (exclusive). */
  to: string;
  /** Where the CSV goes; undefined leaves the choice to the caller. */
  csv?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date that exists (2025-02-30 does not), as UTC midnight. */
function utcDay(text: string, name: string): number {
  const t = Date.parse(`${text}T00:00:00.000Z`);
  if (!DAY.test(text) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== text)
    throw new BacktestArgumentError(`${name} "${text}" is not a date YYYY-MM-DD\n${BACKTEST_USAGE}`);
  return t;
}

/** The command's arguments (process.argv after the script); throws BacktestArgumentError. */
export function parseBacktestArguments(argv: string[]): BacktestArguments {
  const positional: string[] = [];
  let csv: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--csv') {
      csv = argv[++i];
      if (!csv) throw new BacktestArgumentError(`--csv needs a file\n${BACKTEST_USAGE}`);
    } else if (arg.startsWith('--csv=')) {
      csv = arg.slice('--csv='.length);
      if (!csv) throw new BacktestArgumentError(`--csv needs a file\n${BACKTEST_USAGE}`);
    } else if (arg.startsWith('-')) {
      throw new BacktestArgumentError(`unknown option ${arg}\n${BACKTEST_USAGE}`);
    } else positional.push(arg);
  }
  if (positional.length !== 2) throw new BacktestArgumentError(BACKTEST_USAGE);
  const [fromText, toText] = positional as [string, string];
  const from = utcDay(fromText, 'from');
  const to = utcDay(toText, 'to');
  if (from >= to) throw new BacktestArgumentError(`from ${fromText} must be before to ${toText} (exclusive)`);
  const days = (to - from) / 86_400_000;
  if (days > MAX_BACKTEST_DAYS)
    throw new BacktestArgumentError(
      `${days} days from ${fromText} to ${toText}: at most ${MAX_BACKTEST_DAYS} (two years) per run; split the range`,
    );
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(csv ? { csv } : {}),
  };
}

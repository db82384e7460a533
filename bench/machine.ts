import os from 'node:os';

/** One line naming the machine a figure was measured on. */
export function machineLine(): string {
  return `node ${process.version}; ${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineLine } from './machine';

/**
 * `npm test` wall time of this checkout against an earlier revision, alternating on the same
 * machine so drift hits both sides alike. The earlier revision is checked out in a temporary git
 * worktree that borrows this checkout's node_modules and built console (the comparison is of the
 * code and its tests, not of an install).
 * Usage: npm run bench:tests -- <revision> [rounds=2]
 */

interface Run {
  side: 'before' | 'after';
  seconds: number;
  jestSeconds?: number;
  tests?: string;
  ok: boolean;
}

const ROOT = path.resolve(__dirname, '..');

function runNpmTest(dir: string, side: Run['side']): Run {
  const started = performance.now();
  const out = spawnSync('npm', ['test'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const seconds = (performance.now() - started) / 1000;
  const text = `${out.stdout}\n${out.stderr}`;
  return {
    side,
    seconds,
    jestSeconds: Number(/^Time:\s+([\d.]+) s/m.exec(text)?.[1] ?? Number.NaN),
    tests: /^Tests:\s+(.*)$/m.exec(text)?.[1]?.trim(),
    ok: out.status === 0,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function main(): void {
  const [revision, roundsArg] = process.argv.slice(2);
  if (!revision) throw new Error('usage: npm run bench:tests -- <revision> [rounds=2]');
  const rounds = Number(roundsArg ?? 2);
  if (!existsSync(path.join(ROOT, 'ui', 'dist')))
    throw new Error('build the console first: npm run build:ui');

  const before = mkdtempSync(path.join(os.tmpdir(), 'gps-bench-tests-'));
  execFileSync('git', ['worktree', 'add', '--detach', before, revision], { cwd: ROOT, stdio: 'ignore' });
  try {
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(before, 'node_modules'));
    cpSync(path.join(ROOT, 'ui', 'dist'), path.join(before, 'ui', 'dist'), { recursive: true });
    const runs: Run[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const [side, dir] of [
        ['before', before],
        ['after', ROOT],
      ] as const) {
        const run = runNpmTest(dir, side);
        runs.push(run);
        process.stdout.write(
          `round ${round} ${side.padEnd(6)} ${run.ok ? 'green' : 'RED  '} ${run.seconds.toFixed(1)} s (jest ${run.jestSeconds?.toFixed(1)} s) tests: ${run.tests}\n`,
        );
      }
    }
    const of = (side: Run['side']) => median(runs.filter((r) => r.side === side).map((r) => r.seconds));
    process.stdout.write(
      [
        '',
        `machine: ${machineLine()}`,
        `before ${revision}: median ${of('before').toFixed(1)} s; after (this checkout): median ${of('after').toFixed(1)} s`,
        `after / before: ${(of('after') / of('before')).toFixed(2)}`,
        '',
      ].join('\n'),
    );
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', before], { cwd: ROOT, stdio: 'ignore' });
    rmSync(before, { recursive: true, force: true });
  }
}

main();

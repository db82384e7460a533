import { DefaultLogger, Runtime } from '@temporalio/worker';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { createReaderDb } from '../lib/db';
import { DEFAULT_PROBE_PLAN, type ProbePlan } from '../lib/domain/freshness-schedule';
import { nextPublication, type PublicationPattern } from '../replay/publication-cadence';
import { mulberry32 } from '../replay/seeded-random';
import { syntheticEco2mixRegional } from '../replay/synthetic-eco2mix';
import { watcherStateQuery } from '../workflows/watch-rte-regional-freshness';
import { FRESHNESS_WATCHER_ID } from '../workers/freshness-watcher';
import { startDevServer } from '../test/helpers/temporal';
import { startTestPlatform } from '../test/helpers/platform';
import { machineLine, percentile } from './machine';

/**
 * Freshness: the replay server publishes a new quarter-hour (12 regions, SYNTHETIC values) once
 * per cycle, at a fixed phase plus jitter and an occasional late one (replay/publication-cadence.ts:
 * a cadence, not ODRE's measured timing); we time until the API's read-only principal sees all 12
 * rows in Gold. Two watchers alternate in blocks on the same platform (real dev server, workers,
 * SQLite gold): `fixed`, a probe every 30 s (the watcher before the probe plan), and `planned`, the
 * default plan (3 s probes for 30 s either side of the learned phase). The cycle is compressed
 * (90 s, not 900 s) so the run takes minutes; the dense window is the production one, so the
 * probes per publication are too, and a production day is projected from them (printed formula).
 * Usage: npm run bench:freshness -- [publicationsPerMode=6] [blocks=2] [cycleSeconds=90] [--late-share=0.1]
 * (`--late-share`: the share of publications late by up to 20 s more, to exercise the plan on them)
 */

type Mode = 'fixed' | 'planned';

interface Sample {
  mode: Mode;
  seconds: number;
  /** Publication -> the ingestion child started (probe interval, probe, workflow task). */
  detect: number;
  /** Child started -> Bronze written (fetch). */
  bronze: number;
  /** Bronze -> Silver written. */
  silver: number;
  /** Silver -> the reader sees the 12 rows (the day child: Gold load, gates). */
  gold: number;
}

/** Requests to the source while a block was measured, and how many cycles that was. */
interface Spent {
  probes: number;
  fetches: number;
  cycles: number;
}

const BENCH_SPARSE_SECONDS = 30;

function planFor(mode: Mode, cycleSeconds: number): ProbePlan {
  return mode === 'fixed'
    ? // A probe every 30 s: the even pace of 2 880 a day, and a one-day cycle so that no window
      // around a learned phase ever lines the probes up with the publications.
      { cycleSeconds: 86_400, denseSeconds: 30, windowSeconds: 1, sparseSeconds: 30, dailyRequests: 2880 }
    : { ...DEFAULT_PROBE_PLAN, cycleSeconds, sparseSeconds: BENCH_SPARSE_SECONDS, dailyRequests: 1e6 };
}

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const { EventType } = temporal.api.enums.v1;

function eventMs(
  events: temporal.api.history.v1.IHistoryEvent[],
  type: temporal.api.enums.v1.EventType,
  activity?: string,
): number | undefined {
  const scheduled = new Map<string, string>();
  for (const e of events) {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name) scheduled.set(String(e.eventId), name);
    if (e.eventType !== type) continue;
    if (activity) {
      const id = String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '');
      if (scheduled.get(id) !== activity) continue;
    }
    return tsToMs(e.eventTime);
  }
  return undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return percentile(sorted, 50);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const [perModeArg, blocksArg, cycleArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const perMode = Number(perModeArg ?? 6);
  const blocks = Number(blocksArg ?? 2);
  const cycleSeconds = Number(cycleArg ?? 90);
  const lateShareFlag = flags.find((f) => f.startsWith('--late-share='));
  const lateShare = lateShareFlag ? Number(lateShareFlag.slice('--late-share='.length)) : 0.1;
  if (!(lateShare >= 0 && lateShare <= 1))
    throw new Error(`--late-share must be within 0..1, got ${lateShareFlag}`);
  const pattern: PublicationPattern = {
    cycleSeconds,
    phaseSeconds: cycleSeconds / 3,
    jitterSeconds: 2,
    lateShare,
    lateSeconds: 20,
  };
  const random = mulberry32(14);
  const env = await startDevServer();
  // The platform's own watcher stays off: the bench starts its two in turn.
  const platform = await startTestPlatform(env, { GPS_FRESHNESS_PROBE_SECONDS: '0' });
  const reader = createReaderDb(platform.config.db);
  const { ingest, transform } = platform.config.temporal.declarations.taskQueues;
  const samples: Sample[] = [];
  const spent: Record<Mode, Spent> = {
    fixed: { probes: 0, fetches: 0, cycles: 0 },
    planned: { probes: 0, fetches: 0, cycles: 0 },
  };
  let lastSeen: string | undefined;
  let learned: number[] = [];
  const runStart = Date.now();
  try {
    const modes: Mode[] = [];
    for (let b = 0; b < blocks; b++) modes.push('fixed', 'planned');
    let started = 0;
    const startWatcher = (mode: Mode) =>
      env.client.workflow.start('watchRteRegionalFreshness', {
        taskQueue: ingest,
        workflowId: `${FRESHNESS_WATCHER_ID}-${mode}-${++started}`,
        args: [
          {
            transformTaskQueue: transform,
            probeIntervalSeconds: planFor(mode, cycleSeconds).sparseSeconds,
            plan: planFor(mode, cycleSeconds),
            lastSeen,
            // What a planned watcher learned carries to the next planned block, as across continue-as-new.
            arrivals: mode === 'planned' ? learned : [],
          },
        ],
      });
    for (const mode of modes) {
      let handle = await startWatcher(mode);
      // Its first probe catches up with what is published (the first block ingests the capture).
      while (!(await handle.query(watcherStateQuery)).lastSeen) await sleepMs(250);
      lastSeen = (await handle.query(watcherStateQuery)).lastSeen as string;
      // A planned watcher that has not learned yet watches a few publications first, unmeasured.
      const warmUp = mode === 'planned' && learned.length === 0 ? 3 : 0;
      let measuredFrom = { request: platform.replay.requests.length, at: Date.now() };
      for (let k = 0; k < perMode + warmUp; k++) {
        const next = new Date(Date.parse(lastSeen) + 900_000).toISOString();
        const due = nextPublication(pattern, Date.now() + 1000, random);
        if (mode === 'fixed') {
          // A fixed 30 s probe is phase-locked to a cycle that is a multiple of 30 s (900 s is):
          // its wait is set once, by when the watcher started. Restarting it at a random moment
          // of the 30 s before each publication samples that wait uniformly, as across restarts.
          await handle.terminate('next publication');
          await sleepMs(due - 30_000 * random() - Date.now());
          handle = await startWatcher(mode);
        }
        await sleepMs(due - Date.now());
        if (k === warmUp) measuredFrom = { request: platform.replay.requests.length, at: Date.now() };
        platform.replay.publish('eco2mix-regional-tr', [
          ...syntheticEco2mixRegional(new Date(next), 1, 100 + samples.length + k),
        ]);
        const published = Date.now();
        for (;;) {
          const [row] = await reader('fact_regional_balance').where({ ts_utc: next }).count({ n: '*' });
          if (Number(row?.n) === 12) break;
          await sleepMs(100);
        }
        const visible = Date.now();
        while ((await handle.query(watcherStateQuery)).lastSeen !== next) await sleepMs(100);
        lastSeen = next;
        const child = await env.client.workflow.getHandle(`rte-regional-fresh-${next}`).fetchHistory();
        const events = child.events ?? [];
        const started = eventMs(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) ?? Number.NaN;
        const bronze =
          eventMs(events, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 'rteRegionalToBronze') ?? Number.NaN;
        const silver =
          eventMs(events, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 'eco2mixRegionalToSilver') ??
          Number.NaN;
        if (k < warmUp) continue;
        const sample: Sample = {
          mode,
          seconds: (visible - published) / 1000,
          detect: (started - published) / 1000,
          bronze: (bronze - started) / 1000,
          silver: (silver - bronze) / 1000,
          gold: (visible - silver) / 1000,
        };
        samples.push(sample);
        process.stdout.write(
          `  ${mode.padEnd(7)} ${next} due +${((due % (cycleSeconds * 1000)) / 1000).toFixed(1)} s into the cycle: gold after ${sample.seconds.toFixed(1)} s (detect ${sample.detect.toFixed(1)}, bronze ${sample.bronze.toFixed(1)}, silver ${sample.silver.toFixed(1)}, gold ${sample.gold.toFixed(1)})\n`,
        );
      }
      // Until the next publication would be due: whole cycles, sparse probes included.
      await sleepMs(
        nextPublication({ ...pattern, jitterSeconds: 0, lateShare: 0 }, Date.now(), random) - Date.now(),
      );
      const during = platform.replay.requests
        .slice(measuredFrom.request)
        .filter((r) => r.dataset === 'eco2mix-regional-tr');
      spent[mode].probes += during.filter((r) => r.query.select === 'date_heure').length;
      spent[mode].fetches += during.filter((r) => r.query.select !== 'date_heure').length;
      spent[mode].cycles += (Date.now() - measuredFrom.at) / (cycleSeconds * 1000);
      const state = await handle.query(watcherStateQuery);
      if (mode === 'planned' && state.expectedPhaseSeconds !== undefined)
        learned = [state.expectedPhaseSeconds];
      await handle.terminate('block over');
    }

    const lines = [
      `freshness, ${modes.length} alternating blocks of ${perMode} publications, cycle ${cycleSeconds} s (phase ${pattern.phaseSeconds} s ± ${pattern.jitterSeconds} s, ${pattern.lateShare * 100} % late by up to ${pattern.lateSeconds} s), run ${((Date.now() - runStart) / 60_000).toFixed(1)} min:`,
    ];
    for (const mode of ['fixed', 'planned'] as const) {
      const mine = samples.filter((s) => s.mode === mode);
      const sorted = mine.map((s) => s.seconds).sort((a, b) => a - b);
      // Requests between one publication and the next, in this run's compressed cycle.
      const probesPerCycle = spent[mode].probes / spent[mode].cycles;
      const fetchesPerPublication = spent[mode].fetches / mine.length;
      // A production day: 96 quarter-hours. Fixed: a probe every 30 s. Planned: the measured
      // dense probes per publication (the window is the production one) minus this run's sparse
      // ones, plus a 2-minute sparse probe outside the 60 s windows.
      const benchSparsePerCycle =
        (cycleSeconds - 2 * DEFAULT_PROBE_PLAN.windowSeconds) / BENCH_SPARSE_SECONDS;
      const perDay =
        mode === 'fixed'
          ? 86_400 / 30 + 96 * fetchesPerPublication
          : 96 * (probesPerCycle - benchSparsePerCycle + fetchesPerPublication) +
            (86_400 - 96 * 2 * DEFAULT_PROBE_PLAN.windowSeconds) / DEFAULT_PROBE_PLAN.sparseSeconds;
      lines.push(
        `  ${mode.padEnd(7)} p50 ${percentile(sorted, 50).toFixed(1)} s   p95 ${percentile(sorted, 95).toFixed(1)} s   max ${sorted[sorted.length - 1]?.toFixed(1)} s   (n=${mine.length}; target p95 <= 15 s)`,
        `          median stages: detect ${median(mine.map((s) => s.detect)).toFixed(1)} s, bronze ${median(mine.map((s) => s.bronze)).toFixed(1)} s, silver ${median(mine.map((s) => s.silver)).toFixed(1)} s, gold+gates ${median(mine.map((s) => s.gold)).toFixed(1)} s`,
        `          requests: ${spent[mode].probes} probes over ${spent[mode].cycles.toFixed(1)} cycles (${probesPerCycle.toFixed(1)} a cycle) + ${fetchesPerPublication.toFixed(1)} fetches a publication; projected production day ${Math.round(perDay)} (cap 3000, the 15-min schedule's ~96 not included)`,
      );
    }
    lines.push(`  ${machineLine()}`, '');
    process.stdout.write(lines.join('\n'));
  } finally {
    await reader.destroy();
    await platform.stop();
    await env.teardown();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

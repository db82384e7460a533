import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@temporalio/activity';

/**
 * Heartbeats of a running activity attempt. A worker killed with SIGKILL says nothing; the
 * server only declares the attempt lost when the heartbeat timeout passes without one, so
 * every step heartbeats (workflows/retry-policies.ts sizes the timeout).
 *
 * A timer alone is not enough: Polars and better-sqlite3 run synchronously and hold the event
 * loop, and a timer cannot fire until they return. So long loops also call `reportProgress()` between
 * their steps (a day, a page, a chunk); the timer covers the async waits (HTTP, lake, database).
 * Temporal keeps only the latest heartbeat's details, and a heartbeat without details erases
 * them, so the timer repeats the last checkpoint a step gave rather than sending an empty one:
 * the next attempt still resumes from it (ERA5 chunks, ODRE pages, maintenance pages).
 */
class Pulse {
  private checkpoint: unknown;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(readonly context: Context) {
    // Until this attempt reaches its own first checkpoint, the previous attempt's stays current
    // (a copy: fetches resume by mutating that very object).
    this.checkpoint = structuredClone(context.info.heartbeatDetails);
    const timeoutMs = context.info.heartbeatTimeoutMs;
    if (timeoutMs) {
      this.timer = setInterval(() => this.beat(), Math.max(250, timeoutMs / 4));
      this.timer.unref();
    }
  }

  beat(): void {
    this.context.heartbeat(this.checkpoint);
  }

  record(checkpoint: unknown): void {
    // A copy: callers keep mutating their progress object, and the timer may resend it later.
    this.checkpoint = structuredClone(checkpoint);
    this.beat();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const current = new AsyncLocalStorage<Pulse>();

/** Runs one activity attempt with its heartbeat; `audited()` wraps every activity in it. */
export async function withHeartbeat<T>(context: Context, run: () => Promise<T>): Promise<T> {
  if (current.getStore()?.context === context) return run();
  const pulse = new Pulse(context);
  try {
    return await current.run(pulse, run);
  } finally {
    pulse.stop();
  }
}

/**
 * Tells the server the attempt is alive, between two steps of a long loop. With a checkpoint,
 * that becomes what a retried attempt finds in `Context.current().info.heartbeatDetails`.
 * Outside `withHeartbeat` (a loader called from a script or a unit test) it does nothing.
 */
export function reportProgress(checkpoint?: unknown): void {
  const pulse = current.getStore();
  if (!pulse) return;
  if (checkpoint === undefined) pulse.beat();
  else pulse.record(checkpoint);
}

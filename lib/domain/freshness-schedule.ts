/**
 * When the freshness watcher probes next: densely in a window around the moment the source is
 * expected to publish, sparsely otherwise, never above a daily request budget. The moment is
 * learned from arrivals the watcher observed, as a phase within the publication cycle; nothing
 * here reads a clock, so the workflow stays deterministic (it passes its own workflow time).
 */

export interface ProbePlan {
  /** The source's publication cycle (900: a quarter-hour). */
  cycleSeconds: number;
  /** Interval inside the window around the expected publication. */
  denseSeconds: number;
  /** Half-width of that window, either side of the learned phase. */
  windowSeconds: number;
  /** Interval outside the window. */
  sparseSeconds: number;
  /** Requests a UTC day the watcher may make: its probes and the ingestions it starts. */
  dailyRequests: number;
}

/**
 * The defaults: a quarter-hour cycle, every 3 s for 30 s either side of the expected moment,
 * every 2 min otherwise, within 2 900 requests a day (of ODRE's 3 000: the 15-minute schedule's
 * safety-net runs, one page each, take the other 96).
 */
export const DEFAULT_PROBE_PLAN: ProbePlan = {
  cycleSeconds: 900,
  denseSeconds: 3,
  windowSeconds: 30,
  sparseSeconds: 120,
  dailyRequests: 2900,
};

/** One observed publication: its phase in the cycle (seconds since the cycle began). */
export type ArrivalPhases = number[];

/** How many observed arrivals the phase is learned from: enough to outvote one late publication. */
export const ARRIVALS_KEPT = 7;

export interface Spending {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  requests: number;
}

const DAY_MS = 86_400_000;

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Counts `requests` against the day of `nowMs`, starting a new count when the UTC day changed. */
export function spend(spending: Spending | undefined, nowMs: number, requests: number): Spending {
  const day = utcDay(nowMs);
  return { day, requests: (spending?.day === day ? spending.requests : 0) + requests };
}

export const budgetSpent = (plan: ProbePlan, nowMs: number, spending: Spending | undefined): boolean =>
  spending?.day === utcDay(nowMs) && spending.requests >= plan.dailyRequests;

/** Milliseconds until the next UTC midnight, when the budget is available again. */
export const untilNextUtcDay = (nowMs: number): number => DAY_MS - (nowMs % DAY_MS);

/**
 * The publication happened between the last probe that did not see it and the probe that did:
 * its phase is the middle of that bracket (within half a probe interval of the truth).
 */
export function arrivalPhase(lastMissMs: number, seenMs: number, cycleSeconds: number): number {
  const cycleMs = cycleSeconds * 1000;
  const mid = lastMissMs + (seenMs - lastMissMs) / 2;
  return (((mid % cycleMs) + cycleMs) % cycleMs) / 1000;
}

export function rememberArrival(arrivals: ArrivalPhases, phase: number): ArrivalPhases {
  return [...arrivals, phase].slice(-ARRIVALS_KEPT);
}

/**
 * The median phase of the observed arrivals, on the circle of one cycle: phases are unwrapped
 * around the newest one first, so 899 s and 2 s of a quarter-hour average to about 0.5 s, not 450.
 */
export function learnedPhase(arrivals: ArrivalPhases, cycleSeconds: number): number | undefined {
  const reference = arrivals[arrivals.length - 1];
  if (reference === undefined) return undefined;
  const half = cycleSeconds / 2;
  const deltas = arrivals
    .map((p) => ((((p - reference + half) % cycleSeconds) + cycleSeconds) % cycleSeconds) - half)
    .sort((a, b) => a - b);
  const mid = Math.floor(deltas.length / 2);
  const median =
    deltas.length % 2 ? (deltas[mid] as number) : ((deltas[mid - 1] as number) + (deltas[mid] as number)) / 2;
  return (((reference + median) % cycleSeconds) + cycleSeconds) % cycleSeconds;
}

/** The pace that spends the whole budget evenly over a day: how the watcher probes before it has learned. */
export const evenPaceSeconds = (plan: ProbePlan): number => Math.ceil(86_400 / plan.dailyRequests);

/**
 * The most a day of this plan can cost when every window runs to its end (nothing published) and
 * each cycle's publication costs one ingestion request: what the configuration must keep under
 * the budget.
 */
export function worstCaseDailyRequests(plan: Omit<ProbePlan, 'dailyRequests'>): number {
  const cycles = 86_400 / plan.cycleSeconds;
  const perWindow = Math.ceil((2 * plan.windowSeconds) / plan.denseSeconds) + 1;
  return Math.ceil(cycles * (perWindow + 1) + 86_400 / plan.sparseSeconds);
}

export interface NextProbe {
  /** Milliseconds to sleep before the next probe. */
  delayMs: number;
  mode: 'learning' | 'dense' | 'sparse' | 'budget-spent';
}

/**
 * The delay before the next probe, at workflow time `nowMs`. `lastArrivalMs` is when the watcher
 * last saw a new instant: a window in which that already happened has nothing left to wait for.
 */
export function nextProbe(
  plan: ProbePlan,
  nowMs: number,
  arrivals: ArrivalPhases,
  lastArrivalMs: number | undefined,
  spending: Spending | undefined,
): NextProbe {
  if (budgetSpent(plan, nowMs, spending)) return { delayMs: untilNextUtcDay(nowMs), mode: 'budget-spent' };
  const phase = learnedPhase(arrivals, plan.cycleSeconds);
  if (phase === undefined) return { delayMs: evenPaceSeconds(plan) * 1000, mode: 'learning' };

  const cycleMs = plan.cycleSeconds * 1000;
  const startOffsetMs = (phase - plan.windowSeconds) * 1000;
  const lengthMs = 2 * plan.windowSeconds * 1000;
  // The window that began last (it may still be open), then the one after it.
  const started = Math.floor((nowMs - startOffsetMs) / cycleMs) * cycleMs + startOffsetMs;
  const open = nowMs < started + lengthMs;
  // An arrival belongs to the window whose phase it is nearest: one seen a little early, by a
  // sparse probe before the window opened, satisfies it too.
  const satisfied = lastArrivalMs !== undefined && lastArrivalMs >= started + lengthMs / 2 - cycleMs / 2;
  if (open && !satisfied) {
    return { delayMs: Math.min(plan.denseSeconds * 1000, started + lengthMs - nowMs), mode: 'dense' };
  }
  const nextWindow = started + cycleMs;
  return { delayMs: Math.min(plan.sparseSeconds * 1000, nextWindow - nowMs), mode: 'sparse' };
}

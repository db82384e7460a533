import { RUN_LOOKBACK_MS } from '../rules/over-production';
import { continuesAlert } from '../store';
import { type RuleResult, ms } from '../rules/types';

/** An alert the lifecycle would have raised: its first run's start and its last sighting. */
export interface RaisedEpisode {
  start: string;
  lastSeen: string;
}

type Evaluated = RuleResult['evaluated'];

/**
 * One kind and subject over a replay, fed chunk by chunk: the alerts the lifecycle would have
 * raised (an episode continuing the previous one, by continuesAlert, is the same alert) and the
 * quarter-hours flagged (in a qualifying run). Nothing is written anywhere.
 *
 * A chunk sees the rules' 24 h look-back before its window, so a run crossing a chunk boundary is
 * reported again by the next chunk with its real start: it continues the same alert, and its
 * look-back quarter-hours count as flagged, though the chunk that held them saw a run still too
 * short. For the same reason an alert resolves only on clear quarter-hours older than the next
 * look-back. The result is the same wherever the boundaries fall: as if all the data had arrived
 * at once (docs/operations.md says how the live, quarter-hour by quarter-hour evaluation differs).
 */
export class EpisodeLedger {
  readonly raised: RaisedEpisode[] = [];
  private readonly flagged = new Set<number>();
  /** Quarter-hours with data after the last alert's sighting, while it could still continue. */
  private pending: Evaluated = [];
  private resolved = true;

  constructor(
    private readonly rangeFrom: number,
    private readonly resolveAfterClearQuarterHours: number,
  ) {}

  /** One chunk's result for this kind and subject, the chunk's window being [windowFrom, windowTo). */
  add(result: RuleResult, windowFrom: number, windowTo: number): void {
    const runs = result.episodes.map((ep) => [ms(ep.start), ms(ep.lastSeen)] as const);
    const inRun = (t: number) => runs.some(([a, b]) => t >= a && t <= b);
    for (const e of result.evaluated) {
      const t = ms(e.tsUtc);
      if (e.firing && t >= this.rangeFrom && (t >= windowFrom || inRun(t))) this.flagged.add(t);
    }
    this.pending = this.pending.concat(result.evaluated.filter((e) => ms(e.tsUtc) >= windowFrom));
    for (const ep of result.episodes) {
      const last = this.raised[this.raised.length - 1];
      const continues =
        last !== undefined &&
        !this.resolved &&
        continuesAlert(
          { evaluated: this.pending },
          last.lastSeen,
          ep.start,
          this.resolveAfterClearQuarterHours,
        );
      if (continues) {
        if (ms(ep.lastSeen) > ms(last.lastSeen)) last.lastSeen = ep.lastSeen;
      } else {
        this.raised.push({ start: ep.start, lastSeen: ep.lastSeen });
      }
      this.resolved = false;
    }
    this.settle(windowTo);
  }

  /** Flagged quarter-hours (epoch ms, ascending) from the start of the range on. */
  flaggedQuarterHours(): number[] {
    return [...this.flagged].sort((a, b) => a - b);
  }

  /**
   * Quarter-hours older than the next chunk's look-back are judged for good: once enough of them
   * are clear after the last sighting, the alert would have resolved, and they can be forgotten.
   */
  private settle(windowTo: number): void {
    const last = this.raised[this.raised.length - 1];
    if (!last || this.resolved) {
      this.pending = [];
      return;
    }
    const lastSeen = ms(last.lastSeen);
    const settledBefore = windowTo - RUN_LOOKBACK_MS;
    this.pending = this.pending.filter((e) => ms(e.tsUtc) > lastSeen);
    const settledClear = this.pending.filter((e) => !e.holds && ms(e.tsUtc) < settledBefore).length;
    if (settledClear >= this.resolveAfterClearQuarterHours) {
      this.resolved = true;
      this.pending = [];
    }
  }
}

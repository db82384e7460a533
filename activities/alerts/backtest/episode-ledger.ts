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
 * A chunk sees the rules' 24 h look-back before its window, so a run crossing midnight is reported
 * again by the next chunk with its real start: it continues the same alert, and its look-back
 * quarter-hours count as flagged. Quarter-hours outside a reported run are taken only from the
 * chunk whose window holds them, judged with that chunk's baseline, as the live evaluation would.
 */
export class EpisodeLedger {
  readonly raised: RaisedEpisode[] = [];
  private readonly flagged = new Set<number>();
  /** Quarter-hours with data after the last alert's sighting, while it could still continue. */
  private sinceLastSeen: Evaluated = [];
  private resolved = true;

  constructor(
    private readonly rangeFrom: number,
    private readonly resolveAfterClearQuarterHours: number,
  ) {}

  /** One chunk's result for this kind and subject; `windowFrom` is where the chunk's window begins. */
  add(result: RuleResult, windowFrom: number): void {
    const inRun = (t: number) => result.episodes.some((ep) => t >= ms(ep.start) && t <= ms(ep.lastSeen));
    for (const e of result.evaluated) {
      const t = ms(e.tsUtc);
      if (e.firing && t >= this.rangeFrom && (t >= windowFrom || inRun(t))) this.flagged.add(t);
    }
    const own = result.evaluated.filter((e) => ms(e.tsUtc) >= windowFrom);
    this.sinceLastSeen = this.sinceLastSeen.concat(own);
    for (const ep of result.episodes) {
      const last = this.raised[this.raised.length - 1];
      const evaluated = { evaluated: this.sinceLastSeen };
      if (
        last &&
        !this.resolved &&
        continuesAlert(evaluated, last.lastSeen, ep.start, this.resolveAfterClearQuarterHours)
      ) {
        if (ms(ep.lastSeen) > ms(last.lastSeen)) last.lastSeen = ep.lastSeen;
      } else {
        this.raised.push({ start: ep.start, lastSeen: ep.lastSeen });
      }
      this.resolved = false;
    }
    this.forgetResolved();
  }

  /** Flagged quarter-hours (epoch ms, ascending) from the start of the range on. */
  flaggedQuarterHours(): number[] {
    return [...this.flagged].sort((a, b) => a - b);
  }

  /** Once the last alert would have resolved, what came after its sighting no longer matters. */
  private forgetResolved(): void {
    const last = this.raised[this.raised.length - 1];
    if (!last) {
      this.sinceLastSeen = [];
      return;
    }
    const lastSeen = ms(last.lastSeen);
    this.sinceLastSeen = this.sinceLastSeen.filter((e) => ms(e.tsUtc) > lastSeen);
    const clear = this.sinceLastSeen.filter((e) => !e.firing).length;
    if (clear >= this.resolveAfterClearQuarterHours) {
      this.resolved = true;
      this.sinceLastSeen = [];
    }
  }
}

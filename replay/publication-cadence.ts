/**
 * When a stand-in source publishes: once per cycle, at a fixed phase of the cycle plus a small
 * jitter, and now and then late. This is the shape of a source that publishes on a cadence (the
 * freshness watcher learns the phase); it is NOT a measurement of ODRE, whose real timing these
 * fixtures do not record. The phase and spreads are whatever the caller says.
 */
export interface PublicationPattern {
  cycleSeconds: number;
  /** Seconds into the cycle (of wall-clock time, from the epoch) at which a publication is due. */
  phaseSeconds: number;
  /** Each publication lands uniformly within ± this of the phase. */
  jitterSeconds: number;
  /** Share of publications that are late, by up to `lateSeconds` more. */
  lateShare: number;
  lateSeconds: number;
}

/**
 * The moment (epoch ms) of the publication of the first cycle that begins after `afterMs`: one
 * publication per cycle, so a late one never lands in the cycle that has already published.
 */
export function nextPublication(
  pattern: PublicationPattern,
  afterMs: number,
  random: () => number /* uniform in [0, 1): replay/seeded-random.ts */,
): number {
  const cycleMs = pattern.cycleSeconds * 1000;
  const jitterMs = (random() * 2 - 1) * pattern.jitterSeconds * 1000;
  const lateMs = random() < pattern.lateShare ? random() * pattern.lateSeconds * 1000 : 0;
  const offsetMs = pattern.phaseSeconds * 1000 + jitterMs + lateMs;
  return (Math.floor(afterMs / cycleMs) + 1) * cycleMs + offsetMs;
}

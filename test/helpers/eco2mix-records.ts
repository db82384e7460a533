/**
 * A regional record for 2025-02-21 09:30 UTC whose consumption (40 GW) fails the blocking
 * `consumption_plausible` gate (0..25 000 MW), so its window is not published.
 */
export function implausibleRegionalRecord(
  base: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...base,
    date: '2025-02-21',
    heure: '10:30',
    date_heure: '2025-02-21T09:30:00+00:00',
    consommation: 40_000,
    ...extra,
  };
}

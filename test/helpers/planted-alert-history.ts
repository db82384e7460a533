import type { Knex } from 'knex';

/**
 * Forty days of regional Gold (2026-05-04 to 2026-06-13, UTC, no DST change, two regions) that
 * are quiet except for PLANTED episodes, plus hourly day-ahead prices with planted ≤ 0 hours.
 * The backtest test derives its expected figures from these constants by hand.
 *
 * Quiet quarter-hour, per region: consumption 1000, production 1000, net exchange 0, wind 100,
 * solar 0, nuclear 0 (ratio 1.0; residual load 0.9; no exports): no rule can fire, since the
 * negative-price score is at most 2 (weekend + midday) below the threshold of 3.
 */
export const HISTORY_FROM = '2026-05-04T00:00:00.000Z';
export const HISTORY_TO = '2026-06-13T00:00:00.000Z';
export const REGIONS = ['11', '52'] as const;
export const PRICE_ZONE = '10YFR-RTE------C';
export const QUIET_PRICE = 50;

const QH = 15 * 60_000;
const HOUR = 3_600_000;

/** [from, to) in UTC. */
interface Span {
  from: string;
  to: string;
}

/** Over-production in region 11 on Wednesday 2026-06-03: 12 quarter-hours at ratio 1.5. */
export const OVER_PRODUCTION: Span = { from: '2026-06-03T02:00:00.000Z', to: '2026-06-03T05:00:00.000Z' };
/** The same surplus for 3 quarter-hours only, one fewer than the rule needs: never an episode. */
export const SHORT_SPIKE: Span = { from: '2026-06-04T02:00:00.000Z', to: '2026-06-04T02:45:00.000Z' };

/**
 * Physical negative-price signs in both regions (wind 400 + solar 400: residual load 0.2), on a
 * weekend at midday Paris (UTC+2): score 2 + 1 + 1 = 4 ≥ 3.
 * Saturday 2026-06-06 10:00–14:00 (16 quarter-hours), before and over the planted negative hours;
 * Sunday 2026-06-07 10:00–11:00 and 11:30–12:30 (4 + 4), a false alarm with 2 clear
 * quarter-hours in between, fewer than the lifecycle's 4, so one alert.
 */
export const RISK_SPANS: readonly Span[] = [
  { from: '2026-06-06T10:00:00.000Z', to: '2026-06-06T14:00:00.000Z' },
  { from: '2026-06-07T10:00:00.000Z', to: '2026-06-07T11:00:00.000Z' },
  { from: '2026-06-07T11:30:00.000Z', to: '2026-06-07T12:30:00.000Z' },
];

/**
 * Hours priced ≤ 0: Saturday 12:00 and 13:00 (one negative-price episode of 2 hours, 0 counting
 * as negative), and Tuesday 2026-06-09 12:00, a working day without physical signs.
 */
export const NEGATIVE_PRICES: Readonly<Record<string, number>> = {
  '2026-06-06T12:00:00.000Z': -10,
  '2026-06-06T13:00:00.000Z': 0,
  '2026-06-09T12:00:00.000Z': -5,
};

const within = (t: number, spans: readonly Span[]) =>
  spans.some((s) => t >= Date.parse(s.from) && t < Date.parse(s.to));
const dateKey = (t: number) => Number(new Date(t).toISOString().slice(0, 10).replace(/-/g, ''));

/** Inserts the history into a migrated Gold database. */
export async function loadPlantedHistory(db: Knex): Promise<void> {
  const loadedAt = '2026-06-13T00:00:00.000Z';
  const balance: Record<string, unknown>[] = [];
  const flows: Record<string, unknown>[] = [];
  for (let t = Date.parse(HISTORY_FROM); t < Date.parse(HISTORY_TO); t += QH) {
    const ts = new Date(t).toISOString();
    const keys = { ts_utc: ts, date_key: dateKey(t), time_key: 0, loaded_at: loadedAt };
    for (const region of REGIONS) {
      const surplus = region === '11' && within(t, [OVER_PRODUCTION, SHORT_SPIKE]);
      const risk = within(t, RISK_SPANS);
      const production = surplus ? 1500 : 1000;
      balance.push({
        region_code: region,
        ...keys,
        consumption_mw: 1000,
        production_mw: production,
        net_exchange_mw: 1000 - production,
      });
      const mw = { eolien: risk ? 400 : 100, solaire: risk ? 400 : 0, nucleaire: 0 };
      for (const [source, value] of Object.entries(mw))
        flows.push({ region_code: region, source_code: source, ...keys, mw: value });
    }
  }
  const prices: Record<string, unknown>[] = [];
  for (let t = Date.parse(HISTORY_FROM); t < Date.parse(HISTORY_TO); t += HOUR) {
    const ts = new Date(t).toISOString();
    prices.push({
      bidding_zone: PRICE_ZONE,
      ts_utc: ts,
      resolution_minutes: 60,
      price_eur_mwh: NEGATIVE_PRICES[ts] ?? QUIET_PRICE,
      document_mrid: 'planted',
      revision_number: 1,
      loaded_at: loadedAt,
    });
  }
  await db.batchInsert('fact_regional_balance', balance, 500);
  await db.batchInsert('fact_energy_flow', flows, 500);
  await db.batchInsert('fact_day_ahead_price', prices, 500);
}

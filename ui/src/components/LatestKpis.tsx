import type { BalancePoint } from '../data/series';
import { formatIntensity, formatPercent } from '../format/numbers';
import { formatParisDateTime } from '../format/time';

export interface Kpi<T> {
  id: string;
  label: string;
  show: (point: T) => string;
}

/** A balance's figures, power in the unit that reads best at its scale (GW for France, MW for a region). */
export const balanceKpis = (power: (mw: number | null | undefined) => string): Kpi<BalancePoint>[] => [
  { id: 'production', label: 'Production', show: (b) => power(b.productionMw) },
  { id: 'consumption', label: 'Consumption', show: (b) => power(b.consumptionMw) },
  { id: 'exchange', label: 'Net exchange (negative: exports)', show: (b) => power(b.netExchangeMw) },
  { id: 'intensity', label: 'Carbon intensity', show: (b) => formatIntensity(b.carbonIntensity) },
  { id: 'renewable', label: 'Renewable share', show: (b) => formatPercent(b.renewableSharePct) },
  { id: 'low-carbon', label: 'Low-carbon share', show: (b) => formatPercent(b.lowCarbonSharePct) },
];

/** The newest quarter-hour of a series as figure tiles; `kpi-<id>` lets a test read each one. */
export function LatestKpis<T extends { timestamp: string }>({ kpis, latest }: { kpis: Kpi<T>[]; latest: T }) {
  return (
    <section aria-labelledby="now-title">
      <h2 id="now-title">Latest quarter-hour: {formatParisDateTime(latest.timestamp)}</h2>
      <dl className="kpis">
        {kpis.map((k) => (
          <div key={k.id} className="kpi">
            <dt>{k.label}</dt>
            <dd data-testid={`kpi-${k.id}`}>{k.show(latest)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

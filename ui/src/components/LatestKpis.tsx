import { formatParisDateTime } from '../format/time';

export interface Kpi<T> {
  id: string;
  label: string;
  show: (point: T) => string;
}

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

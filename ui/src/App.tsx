import { useEffect, useState } from 'react';
import { graphql, type BalancePoint, type ProductionPoint, type Region } from './api';

const mw = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const pct = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const parisTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'medium',
  timeStyle: 'short',
});

const show = (v: number | null, f: Intl.NumberFormat, unit: string) =>
  v === null ? '—' : `${f.format(v)} ${unit}`.trim();

interface RegionData {
  production: ProductionPoint[];
  balance: BalancePoint[];
}

/** The last 24 hours of data for one region, ending at its latest quarter-hour. */
async function loadRegion(region: Region): Promise<RegionData> {
  if (!region.lastSeenAt) return { production: [], balance: [] };
  const to = new Date(new Date(region.lastSeenAt).getTime() + 1);
  const from = new Date(to.getTime() - 24 * 3_600_000);
  const variables = { r: region.code, from: from.toISOString(), to: to.toISOString() };
  const page = await graphql<{
    production: { nodes: ProductionPoint[] };
    balance: { nodes: BalancePoint[] };
  }>(
    `
      query ($r: String!, $from: DateTime!, $to: DateTime!) {
        production: regionalProduction(regionCode: $r, from: $from, to: $to) {
          nodes {
            timestamp
            sourceCode
            sourceLabel
            mw
            coverageRatePct
            loadFactorPct
          }
        }
        balance: regionalBalance(regionCode: $r, from: $from, to: $to) {
          nodes {
            timestamp
            consumptionMw
            productionMw
            netExchangeMw
          }
        }
      }
    `,
    variables,
  );
  // 24 hours fit one page of each list (at most 96 x 9 and 96 rows).
  return { production: page.production.nodes, balance: page.balance.nodes };
}

export function App() {
  const [regions, setRegions] = useState<Region[]>([]);
  const [selected, setSelected] = useState<string>('');
  const [data, setData] = useState<RegionData | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    graphql<{ regions: { nodes: Region[] } }>('{ regions { nodes { code name inRegionalFeed lastSeenAt } } }')
      .then(({ regions: { nodes: regions } }) => {
        setRegions(regions);
        const withData = regions.find((r) => r.lastSeenAt) ?? regions[0];
        if (withData) setSelected(withData.code);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    const region = regions.find((r) => r.code === selected);
    if (!region) return;
    setData(undefined);
    loadRegion(region).then(setData, (e: Error) => setError(e.message));
  }, [selected, regions]);

  const latest = data?.balance.at(-1);
  const latestMix = data?.production.filter((p) => p.timestamp === latest?.timestamp) ?? [];

  return (
    <main>
      <header>
        <h1>Grid Power Stream</h1>
        <p className="subtitle">RTE eCO2mix, region by region</p>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <label>
        Region{' '}
        <select value={selected} onChange={(e) => setSelected(e.target.value)} aria-label="Region">
          {regions.map((r) => (
            <option key={r.code} value={r.code} disabled={!r.inRegionalFeed}>
              {r.name} ({r.code}){r.lastSeenAt ? '' : ' — no data yet'}
            </option>
          ))}
        </select>
      </label>
      {data && !latest && <p>No data for this region yet: the ingestion schedule runs every 15 minutes.</p>}
      {latest && (
        <section aria-label="Latest quarter-hour">
          <h2>{parisTime.format(new Date(latest.timestamp))}</h2>
          <dl className="balance">
            <dt>Consumption</dt>
            <dd data-testid="consumption">{show(latest.consumptionMw, mw, 'MW')}</dd>
            <dt>Production</dt>
            <dd data-testid="production">{show(latest.productionMw, mw, 'MW')}</dd>
            <dt>Net exchange</dt>
            <dd data-testid="exchange">{show(latest.netExchangeMw, mw, 'MW')}</dd>
          </dl>
          <table>
            <caption>Production by source</caption>
            <thead>
              <tr>
                <th>Source</th>
                <th>MW</th>
                <th>Coverage (TCO)</th>
                <th>Load factor (TCH)</th>
              </tr>
            </thead>
            <tbody>
              {latestMix.map((p) => (
                <tr key={p.sourceCode} data-source={p.sourceCode}>
                  <td>{p.sourceLabel}</td>
                  <td className="num">{show(p.mw, mw, '')}</td>
                  <td className="num">{show(p.coverageRatePct, pct, '%')}</td>
                  <td className="num">{show(p.loadFactorPct, pct, '%')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="note">{data?.balance.length} quarter-hours loaded over the last 24 hours of data.</p>
        </section>
      )}
    </main>
  );
}

import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EChart } from '../charts/EChart';
import { mapOption, METRICS, registerRegionShapes, type MapMetric } from '../charts/map-option';
import { DataAge } from '../components/DataAge';
import { Empty, ErrorState, Loading } from '../components/states';
import { useRegionShapes } from '../data/region-shapes';
import { useRegionalBalances, useRegions } from '../data/regions';
import { formatParisDateTime } from '../format/time';

const WINDOW_MS = 24 * 3_600_000;

/**
 * Regions coloured by one metric at one quarter-hour of the last 24 hours of regional data
 * (ending at the newest quarter-hour any region has, so a replayed or delayed feed still shows).
 */
export function MapPage() {
  const navigate = useNavigate();
  const [metric, setMetric] = useState<MapMetric>('balance');
  const [instantIndex, setInstantIndex] = useState<number | null>(null);
  const regions = useRegions();
  const shapes = useRegionShapes();

  const feed = useMemo(() => regions.data?.filter((r) => r.inRegionalFeed) ?? [], [regions.data]);
  const newest = useMemo(
    () => Math.max(0, ...feed.map((r) => (r.lastSeenAt ? new Date(r.lastSeenAt).getTime() : 0))),
    [feed],
  );
  const to = useMemo(() => new Date(newest + 1), [newest]);
  const from = useMemo(() => new Date(newest + 1 - WINDOW_MS), [newest]);
  const codes = useMemo(() => (newest ? feed.map((r) => r.code) : []), [feed, newest]);
  const balances = useRegionalBalances(codes, from, to);

  const instants = useMemo(() => {
    const all = new Set<string>();
    for (const points of balances.byRegion.values()) for (const p of points) all.add(p.timestamp);
    return [...all].sort();
  }, [balances.byRegion]);
  // Follow the newest quarter-hour until the user moves the slider.
  const index = instantIndex === null ? instants.length - 1 : Math.min(instantIndex, instants.length - 1);
  const instant = instants[index];

  const values = useMemo(() => {
    if (!shapes.data) return [];
    const names = new Map(regions.data?.map((r) => [r.code, r.name]));
    return shapes.data.features.map(({ properties: { code, nom } }) => {
      const point = balances.byRegion.get(code)?.find((p) => p.timestamp === instant);
      return { code, name: names.get(code) ?? nom, value: point ? METRICS[metric].value(point) : null };
    });
  }, [shapes.data, regions.data, balances.byRegion, instant, metric]);

  const option = useMemo(() => {
    if (!shapes.data) return undefined;
    registerRegionShapes(shapes.data);
    return mapOption(metric, values);
  }, [shapes.data, metric, values]);

  const openRegion = useCallback(({ name }: { name: string }) => navigate(`/regions/${name}`), [navigate]);

  const error = regions.error ?? shapes.error ?? balances.error;
  const pending = regions.isPending || shapes.isPending || (codes.length > 0 && balances.isPending);

  return (
    <>
      <div className="page-head">
        <h1>Regions</h1>
        <DataAge updatedAt={balances.dataUpdatedAt} publishedAt={instants.at(-1)} />
      </div>
      <div className="map-controls">
        <label>
          Colour by{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as MapMetric)}>
            {Object.entries(METRICS).map(([id, m]) => (
              <option key={id} value={id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        {instants.length > 0 && (
          <label className="time-slider">
            Quarter-hour <output>{instant ? formatParisDateTime(instant) : ''}</output>
            <input
              type="range"
              min={0}
              max={instants.length - 1}
              value={index}
              onChange={(e) => setInstantIndex(Number(e.target.value))}
              aria-valuetext={instant ? formatParisDateTime(instant) : undefined}
            />
          </label>
        )}
      </div>
      {error && <ErrorState error={error} />}
      {pending && !error && <Loading what="the regions" />}
      {!pending && !error && !newest && (
        <Empty>No region has data yet: the regional feed loads every 15 minutes.</Empty>
      )}
      {option && (
        <EChart
          option={option}
          label={`Map of the regions coloured by ${METRICS[metric].label.toLowerCase()}; the table below lists the values`}
          // France is about as tall as it is wide: the map's height follows the width on a phone.
          height="min(520px, 100vw)"
          onClick={openRegion}
          testId="region-map"
        />
      )}
      {values.length > 0 && (
        <table className="region-values">
          <caption>
            {METRICS[metric].label}
            {instant ? `, ${formatParisDateTime(instant)}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Region</th>
              <th scope="col" className="num">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {values.map((v) => (
              <tr key={v.code} data-region={v.code}>
                <td>
                  <Link to={`/regions/${v.code}`}>{v.name}</Link>
                </td>
                <td className="num">{v.value === null ? 'no data' : METRICS[metric].format(v.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

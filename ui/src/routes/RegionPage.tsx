import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { EChart } from '../charts/EChart';
import { mixOption } from '../charts/mix-option';
import { exchangeOption, weatherOption } from '../charts/region-options';
import { ChartSection, IntensitySection } from '../components/ChartSection';
import { CsvDownload } from '../components/CsvDownload';
import { DataAge } from '../components/DataAge';
import { balanceKpis, LatestKpis } from '../components/LatestKpis';
import { LoadFactorTable } from '../components/LoadFactorTable';
import { MaintenanceList } from '../components/MaintenanceList';
import { RangePicker } from '../components/RangePicker';
import { RegionAlerts } from '../components/RegionAlerts';
import { Empty, ErrorState, Loading } from '../components/states';
import { rangeFromSearch, type TimeRange } from '../data/range';
import {
  useLoadFactors,
  useMaintenanceEvents,
  useRegionSeries,
  useRegionWeather,
  withinHourlyLimit,
} from '../data/region';
import { useRegions } from '../data/regions';
import { formatMw } from '../format/numbers';
import { formatParisDateTime } from '../format/time';

// A region's figures are thousands of MW, not tens of thousands: MW reads better than the overview's GW.
const KPIS = balanceKpis(formatMw);

/** `/regions/:code`: one region's balance, mix, load factors, weather, maintenance and open alerts. */
export function RegionPage() {
  const { code = '' } = useParams();
  const [search] = useSearchParams();
  const regions = useRegions();

  if (regions.error) return <ErrorState error={regions.error} retry={() => void regions.refetch()} />;
  if (!regions.data) return <Loading what="the regions" />;
  const region = regions.data.find((r) => r.code === code);
  if (!region) return <RegionNotFound code={code} />;
  return (
    <>
      <h1>{region.name}</h1>
      {/* Reset the custom inputs when the address changes, not each minute a preset moves on. */}
      <RangePicker key={search.toString()} range={rangeFromSearch(search)} />
      {region.inRegionalFeed ? (
        <RegionData code={region.code} range={rangeFromSearch(search)} />
      ) : (
        <Empty>
          {region.name} is not in RTE&apos;s regional feed: the platform has no production or consumption for
          it.
        </Empty>
      )}
    </>
  );
}

function RegionNotFound({ code }: { code: string }) {
  return (
    <>
      <h1>Region not found</h1>
      <p className="state state-empty" role="status" data-testid="region-not-found">
        No region has the code “{code}”. Regions are named by their INSEE code (Nouvelle-Aquitaine is 75).{' '}
        <Link to="/map">Choose one on the map</Link>
      </p>
    </>
  );
}

function RegionData({ code, range }: { code: string; range: TimeRange }) {
  const series = useRegionSeries(code, range);
  const maintenance = useMaintenanceEvents(code, range);
  const data = series.data;
  const latest = data?.balance.at(-1);

  const mix = useMemo(() => {
    if (!data) return undefined;
    const spans = (maintenance.data ?? []).map((e) => ({ from: e.start, to: e.end, label: e.unit }));
    return mixOption(data.mix, data.balance, { name: 'Unavailabilities', spans });
  }, [data, maintenance.data]);
  const exchange = useMemo(() => (data?.balance.length ? exchangeOption(data.balance) : undefined), [data]);

  return (
    <>
      <div className="page-head">
        <DataAge
          updatedAt={series.dataUpdatedAt}
          publishedAt={latest?.timestamp ?? data?.mix.at(-1)?.timestamp}
        />
        <CsvDownload region={code} range={range} />
      </div>
      {series.isPending && <Loading what="the region's series" />}
      {series.error && <ErrorState error={series.error} retry={() => void series.refetch()} />}
      {data && !data.mix.length && !data.balance.length && (
        <Empty>
          No data for this region between {formatParisDateTime(range.from)} and{' '}
          {formatParisDateTime(range.to)}. Choose another range if this one predates the history.
        </Empty>
      )}
      {latest && <LatestKpis kpis={KPIS} latest={latest} />}
      {data?.basis === 'regional-daily-rollup' && data.mix.length > 0 && (
        <p className="note">
          Beyond 31 days the mix is the region&apos;s daily rollup (mean MW per Paris day); consumption,
          exchange and carbon intensity need a range of 31 days or less.
        </p>
      )}
      {mix && data && data.mix.length > 0 && (
        <ChartSection
          id="mix"
          title="Production by source and consumption (MW)"
          option={mix}
          label="Production by source, stacked, consumption, and maintenance unavailabilities shaded"
          height={360}
          testId="mix-chart"
        />
      )}
      {exchange && (
        <ChartSection
          id="exchange"
          title="Net exchange (MW)"
          option={exchange}
          label="Net exchange in MW, negative when the region exports"
          height={240}
        />
      )}
      {data && data.balance.length > 0 && <IntensitySection balance={data.balance} />}
      <LoadFactors code={code} range={range} />
      <Weather code={code} range={range} />
      <section aria-labelledby="maintenance-title">
        <h2 id="maintenance-title">Maintenance</h2>
        {maintenance.error && (
          <ErrorState error={maintenance.error} retry={() => void maintenance.refetch()} />
        )}
        {maintenance.isPending && <Loading what="the maintenance events" />}
        {maintenance.data &&
          (maintenance.data.length ? (
            <MaintenanceList events={maintenance.data} />
          ) : (
            <Empty>No unavailability published for this region in the range.</Empty>
          ))}
      </section>
      <section aria-labelledby="alerts-title">
        <h2 id="alerts-title">Open alerts</h2>
        <RegionAlerts region={code} />
      </section>
    </>
  );
}

const HOURLY_LIMIT_NOTE = 'The API serves these for ranges of 93 days or less: choose a shorter range.';

function LoadFactors({ code, range }: { code: string; range: TimeRange }) {
  const factors = useLoadFactors(code, range);
  return (
    <section aria-labelledby="load-title">
      <h2 id="load-title">Load factors against installed capacity</h2>
      {!withinHourlyLimit(range) ? (
        <p className="note">{HOURLY_LIMIT_NOTE}</p>
      ) : factors.error ? (
        <ErrorState error={factors.error} retry={() => void factors.refetch()} />
      ) : !factors.data ? (
        <Loading what="the load factors" />
      ) : factors.data.length ? (
        <LoadFactorTable rows={factors.data} />
      ) : (
        <Empty>No load factor for this range.</Empty>
      )}
    </section>
  );
}

function Weather({ code, range }: { code: string; range: TimeRange }) {
  const weather = useRegionWeather(code, range);
  const option = useMemo(
    () => (weather.data?.length ? weatherOption(weather.data) : undefined),
    [weather.data],
  );
  return (
    <section aria-labelledby="weather-title">
      <h2 id="weather-title">Weather (ERA5, hourly)</h2>
      {!withinHourlyLimit(range) ? (
        <p className="note">{HOURLY_LIMIT_NOTE}</p>
      ) : weather.error ? (
        <ErrorState error={weather.error} retry={() => void weather.refetch()} />
      ) : !weather.data ? (
        <Loading what="the weather" />
      ) : option ? (
        <EChart
          option={option}
          label="Wind speed in m/s, solar irradiance in W per m², temperature in °C, per hour"
          height={280}
          testId="weather-chart"
        />
      ) : (
        <Empty>No weather for this region in the range (ERA5 arrives days after the fact).</Empty>
      )}
    </section>
  );
}

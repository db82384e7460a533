import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { mixOption } from '../charts/mix-option';
import { ChartSection, IntensitySection } from '../components/ChartSection';
import { DataAge } from '../components/DataAge';
import { balanceKpis, LatestKpis } from '../components/LatestKpis';
import { RangePicker } from '../components/RangePicker';
import { Empty, ErrorState, Loading } from '../components/states';
import { useNationalSeries } from '../data/national';
import { rangeFromSearch } from '../data/range';
import { useRegions } from '../data/regions';
import { formatGw } from '../format/numbers';
import { formatParisDateTime } from '../format/time';

const KPIS = balanceKpis(formatGw);

export function Overview() {
  const [search] = useSearchParams();
  // Presets end "now": recomputed on each render, stable within the minute (see rangeFromSearch).
  const range = rangeFromSearch(search);
  const regions = useRegions();
  const feedCodes = useMemo(
    () => regions.data?.filter((r) => r.inRegionalFeed).map((r) => r.code),
    [regions.data],
  );
  const series = useNationalSeries(range, feedCodes);
  const data = series.data;
  const latest = data?.balance.at(-1);
  const lastInstant = latest?.timestamp ?? data?.mix.at(-1)?.timestamp;

  const mix = useMemo(() => (data ? mixOption(data.mix, data.balance) : undefined), [data]);

  return (
    <>
      <div className="page-head">
        <h1>France: balance and mix</h1>
        <DataAge updatedAt={series.dataUpdatedAt} publishedAt={lastInstant} />
      </div>
      {/* Reset the custom inputs when the address changes, not each minute a preset moves on. */}
      <RangePicker key={search.toString()} range={range} />
      {series.isPending && <Loading what="the national series" />}
      {series.error && <ErrorState error={series.error} retry={() => void series.refetch()} />}
      {data && !data.mix.length && !data.balance.length && (
        <Empty>
          No national data between {formatParisDateTime(range.from)} and {formatParisDateTime(range.to)}. The
          national feed loads every 15 minutes; choose another range if this one predates the history.
        </Empty>
      )}
      {latest && <LatestKpis kpis={KPIS} latest={latest} />}
      {data?.basis === 'regional-daily-rollup' && data.mix.length > 0 && (
        <p className="note">
          Beyond 31 days the mix is the sum of the 12 regions&apos; daily rollups (mean MW per Paris day,
          Corsica not in the regional feed); consumption and carbon intensity need a range of 31 days or less.
        </p>
      )}
      {mix && data && data.mix.length > 0 && (
        <ChartSection
          id="mix"
          title="Production by source and consumption (MW)"
          option={mix}
          label="Production by source, stacked, and consumption"
          height={360}
          testId="mix-chart"
        />
      )}
      {data && data.balance.length > 0 && <IntensitySection balance={data.balance} />}
    </>
  );
}

import { sourceLabel } from '../charts/sources';
import { graphql } from '../gql';
import { graphqlClient } from './client';
import type { MixPoint } from './series';
import { allPages } from './pages';
import type { TimeRange } from './range';

const RegionalDailyEnergyQuery = graphql(`
  query RegionalDailyEnergy($region: String!, $from: String!, $to: String!, $after: String) {
    dailyEnergy(regionCode: $region, from: $from, to: $to, after: $after, first: 5000) {
      nodes {
        date
        sourceCode
        avgMw
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

// en-CA writes dates as YYYY-MM-DD, the form dailyEnergy takes; the days are Paris calendar days.
const parisDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/**
 * One region's mix beyond the quarter-hour limit: the daily rollup (mean MW per Paris day), each
 * day drawn at noon UTC so that it sits in the middle of its day on a time axis.
 */
export async function regionDailyMix(region: string, range: TimeRange): Promise<MixPoint[]> {
  const from = parisDate.format(range.from);
  const to = parisDate.format(new Date(range.to.getTime() - 1));
  const rows = await allPages(async (after) => {
    const d = await graphqlClient.request(RegionalDailyEnergyQuery, { region, from, to, after });
    return d.dailyEnergy;
  });
  return rows.map((row) => ({
    timestamp: `${row.date}T12:00:00Z`,
    sourceCode: row.sourceCode,
    sourceLabel: sourceLabel(row.sourceCode),
    mw: row.avgMw ?? null,
  }));
}

import type { IngestActivities, TransformActivities } from '../../activities';
import type { Era5FetchResult } from '../../activities/sources/era5/fetch';
import type { MaintenanceScrapeResult } from '../../activities/sources/maintenance/scrape';
import type { IngestEra5Result } from '../../workflows/ingest-era5';
import type { IngestMaintenanceResult } from '../../workflows/ingest-maintenance';
import type { GateReport } from '../../activities/quality';
import { FailureType } from '../../lib/domain/failure-types';
import {
  failureTypes,
  INGEST_QUEUE,
  timeSkippingSuite,
  TRANSFORM_QUEUE,
  withWorkers,
} from '../helpers/time-skipping';

/**
 * The sources a deployment may leave unconfigured (the maintenance page, the ERA5 object): the
 * fetch says `skipped` and the run ends as a success that says so, with nothing downstream; once
 * configured, each goes on to Silver and Gold.
 */

const suite = timeSkippingSuite();

let runs = 0;
function execute<T>(workflow: string, input: Record<string, unknown> = {}): Promise<T> {
  return suite.env.client.workflow.execute(workflow, {
    taskQueue: INGEST_QUEUE,
    workflowId: `${workflow}-${++runs}`,
    args: [{ transformTaskQueue: TRANSFORM_QUEUE, ...input }],
  });
}

async function memoSummary(workflow: string): Promise<unknown> {
  return (await suite.env.client.workflow.getHandle(`${workflow}-${runs}`).describe()).memo?.summary;
}

function page(n: number, isNew: boolean) {
  const object = (kind: string) => ({
    key: `bronze/maintenance/${kind}/${n}`,
    sha256: `${n}`,
    bytes: 1,
    records: 1,
    isNew,
  });
  return { page: n, html: object('html'), events: object('events'), scrapedAt: '2025-02-20T08:00:00Z' };
}

/** A gate report as the gate activities return it, for the workflow to act on. */
function report(dataset: string, blockingFailures: string[] = [], warnings: string[] = []): GateReport {
  const window = { from: '2025-02-20T00:00:00Z', to: '2025-02-21T00:00:00Z' };
  return { dataset, window, outcomes: [], blockingFailures, warnings };
}

function maintenanceStubs(
  scraped: MaintenanceScrapeResult,
  silverDays: string[] = [],
  gates: GateReport = report('maintenance'),
) {
  const transformCalls: string[] = [];
  const ingest: Partial<IngestActivities> = {
    async maintenanceToBronze() {
      return scraped;
    },
  };
  const transform: Partial<TransformActivities> = {
    async maintenanceToSilver({ pages }) {
      transformCalls.push(`silver ${pages.map((p) => p.eventsKey).join()}`);
      return { days: silverDays, rows: 7, rejected: 1 };
    },
    async maintenanceToGold({ days }) {
      transformCalls.push(`gold ${days.join()}`);
      return { rows: 6 };
    },
    async checkMaintenanceGates({ scrapedAt }) {
      transformCalls.push(`gates ${scrapedAt.join()}`);
      return gates;
    },
  };
  return { transformCalls, ingest, transform };
}

describe('ingestMaintenance', () => {
  test('no page configured: skipped, a success with the reason, nothing downstream', async () => {
    const reason = 'no maintenance page configured (GPS_MAINTENANCE_URL)';
    const s = maintenanceStubs({ source: 'maintenance', pages: [], events: 0, skipped: reason });
    const result = await withWorkers(suite.env, s, () =>
      execute<IngestMaintenanceResult>('ingestMaintenance'),
    );
    expect(result).toEqual({
      pages: 0,
      newPages: 0,
      events: 0,
      silverRows: 0,
      rejectedRows: 0,
      goldRows: 0,
      days: [],
      qualityWarnings: [],
      skipped: reason,
    });
    expect(s.transformCalls).toEqual([]);
    expect(await memoSummary('ingestMaintenance')).toBe(`skipped: ${reason}`);
  });

  test('a page that says it lists nothing: no Silver, no Gold', async () => {
    const s = maintenanceStubs({ source: 'maintenance', pages: [page(1, true)], events: 0 });
    const result = await withWorkers(suite.env, s, () =>
      execute<IngestMaintenanceResult>('ingestMaintenance'),
    );
    expect(result).toMatchObject({ pages: 1, newPages: 1, events: 0, goldRows: 0 });
    expect(result.skipped).toBeUndefined();
    expect(s.transformCalls).toEqual([]);
  });

  test('events: Silver from every page, Gold for the days Silver touched', async () => {
    const s = maintenanceStubs(
      { source: 'maintenance', pages: [page(1, true), page(2, false)], events: 7 },
      ['2025-02-20', '2025-02-21'],
      report('maintenance', [], ['freshness']),
    );
    const result = await withWorkers(suite.env, s, () =>
      execute<IngestMaintenanceResult>('ingestMaintenance'),
    );
    expect(result).toEqual({
      pages: 2,
      newPages: 1,
      events: 7,
      silverRows: 7,
      rejectedRows: 1,
      goldRows: 6,
      days: ['2025-02-20', '2025-02-21'],
      qualityWarnings: ['freshness'],
    });
    expect(s.transformCalls).toEqual([
      'silver bronze/maintenance/events/1,bronze/maintenance/events/2',
      'gold 2025-02-20,2025-02-21',
      'gates 2025-02-20T08:00:00Z,2025-02-20T08:00:00Z',
    ]);
  });

  test('a blocking gate after the load fails the run, naming the gate; Gold was written', async () => {
    const s = maintenanceStubs(
      { source: 'maintenance', pages: [page(1, true)], events: 1 },
      ['2025-02-20'],
      report('maintenance', ['unavailable_mw_range']),
    );
    const failure = await withWorkers(suite.env, s, () =>
      execute<IngestMaintenanceResult>('ingestMaintenance').catch((e: unknown) => e),
    );
    expect(failureTypes(failure)).toContain(FailureType.QualityGateFailed);
    expect(String((failure as { cause?: Error }).cause?.message)).toMatch(/unavailable_mw_range/);
    expect(s.transformCalls).toContain('gold 2025-02-20');
  });

  test('events that touch no day in Silver: Gold is not asked', async () => {
    const s = maintenanceStubs({ source: 'maintenance', pages: [page(1, false)], events: 3 }, []);
    const result = await withWorkers(suite.env, s, () =>
      execute<IngestMaintenanceResult>('ingestMaintenance'),
    );
    expect(result).toMatchObject({ events: 3, silverRows: 7, goldRows: 0, days: [] });
    expect(s.transformCalls).toEqual(['silver bronze/maintenance/events/1']);
  });
});

const NOTHING_READ: Era5FetchResult = {
  source: 'era5',
  bytes: 0,
  rows: 0,
  partitions: [],
  rejectedRows: 0,
  resumedFromByte: 0,
  bytesFetched: 0,
};

function era5Stubs(fetched: Era5FetchResult, gates: GateReport = report('weather_regional')) {
  const urls: (string | undefined)[] = [];
  const weatherCalls: string[][] = [];
  const ingest: Partial<IngestActivities> = {
    async era5ToBronze(input) {
      urls.push(input?.url);
      return fetched;
    },
  };
  const transform: Partial<TransformActivities> = {
    async weatherRegionalToGold({ partitionKeys }) {
      weatherCalls.push(partitionKeys);
      return {
        partitions: partitionKeys.length,
        silverRows: 100,
        goldRows: 24,
        rejectedRows: 2,
        pointsOutsideRegions: 5,
      };
    },
    async checkWeatherRegionalGates({ firstHour, lastHour }) {
      weatherCalls.push([`gates ${firstHour}..${lastHour}`]);
      return gates;
    },
  };
  return { urls, weatherCalls, ingest, transform };
}

describe('ingestEra5', () => {
  test('no object configured: skipped, a success with the reason, no weather transform', async () => {
    const fetched = { ...NOTHING_READ, skipped: 'no ERA5 object configured (GPS_ERA5_URL)' };
    const s = era5Stubs(fetched);
    const result = await withWorkers(suite.env, s, () => execute<IngestEra5Result>('ingestEra5'));
    expect(result).toEqual({ ...fetched, qualityWarnings: [] });
    expect(s.weatherCalls).toEqual([]);
    expect(await memoSummary('ingestEra5')).toBe('skipped: no ERA5 object configured (GPS_ERA5_URL)');
  });

  test('an object: every month partition of it goes to the weather transform', async () => {
    const partition = (month: number, isNew: boolean) => ({
      key: `bronze/climate/era5/2024-${month}.parquet`,
      year: 2024,
      month,
      rows: 50,
      bytes: 10,
      isNew,
    });
    const fetched: Era5FetchResult = {
      ...NOTHING_READ,
      object: 'era5/2024.parquet',
      sha256: 'abc',
      bytes: 20,
      bytesFetched: 20,
      rows: 100,
      partitions: [partition(1, true), partition(2, false)],
      firstInstant: '2024-01-01T00:00:00Z',
      lastInstant: '2024-02-29T23:00:00Z',
    };
    const s = era5Stubs(fetched);
    const result = await withWorkers(suite.env, s, () =>
      execute<IngestEra5Result>('ingestEra5', { url: 'https://objects.example/era5/2024.parquet' }),
    );
    expect(s.urls).toEqual(['https://objects.example/era5/2024.parquet']);
    // Both partitions, the one already in Bronze too: a run that failed after Bronze reaches Gold now.
    expect(s.weatherCalls).toEqual([
      fetched.partitions.map((p) => p.key),
      ['gates 2024-01-01T00:00:00Z..2024-02-29T23:00:00Z'],
    ]);
    expect(result).toEqual({
      ...fetched,
      weather: { partitions: 2, silverRows: 100, goldRows: 24, rejectedRows: 2, pointsOutsideRegions: 5 },
      qualityWarnings: [],
    });
  });
});

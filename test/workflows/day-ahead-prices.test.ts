import type { IngestActivities, TransformActivities } from '../../activities';
import type { DayAheadFetchResult } from '../../activities/sources/day-ahead-prices/fetch';
import type { GateReport } from '../../activities/quality';
import type { IngestDayAheadPricesResult } from '../../workflows/ingest-day-ahead-prices';
import { FailureType } from '../../lib/domain/failure-types';
import {
  failureTypes,
  INGEST_QUEUE,
  timeSkippingSuite,
  TRANSFORM_QUEUE,
  withWorkers,
} from '../helpers/time-skipping';

/**
 * ingestDayAheadPrices with stubbed activities: skipped without a token, nothing downstream of
 * an empty answer, the watermark moved only once the blocking gates passed.
 */

const suite = timeSkippingSuite();

let runs = 0;
function execute(): Promise<IngestDayAheadPricesResult> {
  return suite.env.client.workflow.execute('ingestDayAheadPrices', {
    taskQueue: INGEST_QUEUE,
    workflowId: `ingestDayAheadPrices-${++runs}`,
    args: [{ transformTaskQueue: TRANSFORM_QUEUE }],
  });
}

const memo = async () =>
  (await suite.env.client.workflow.getHandle(`ingestDayAheadPrices-${runs}`).describe()).memo;

const WINDOW = { from: '2026-11-24T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z' };
const LOADED = { from: '2026-11-23T23:00:00.000Z', to: '2026-12-02T23:00:00.000Z' };

function stubs(fetched: DayAheadFetchResult, gates: Partial<GateReport> = {}) {
  const calls: string[] = [];
  const ingest: Partial<IngestActivities> = {
    async dayAheadPricesToBronze() {
      calls.push('bronze');
      return fetched;
    },
    async advanceSourceWatermark({ source, to }) {
      calls.push(`watermark ${source} ${to}`);
      return to;
    },
  };
  const transform: Partial<TransformActivities> = {
    async dayAheadPriceToSilver({ keys }) {
      calls.push(`silver ${keys.join()}`);
      return { days: ['2026-11-24', '2026-11-25'], rows: 48, rejected: 0 };
    },
    async dayAheadPriceToGold({ days }) {
      calls.push(`gold ${days.join()}`);
      return { rows: 48, window: LOADED };
    },
    async checkDayAheadPriceGates({ window }) {
      calls.push(`gates ${window.from}..${window.to}`);
      return {
        dataset: 'day_ahead_price',
        window,
        outcomes: [],
        blockingFailures: [],
        warnings: [],
        ...gates,
      };
    },
  };
  return { calls, ingest, transform };
}

const documents = { window: WINDOW, objects: [{ key: 'bronze/a.xml', isNew: true }], emptySlices: 1 };

test('no token: skipped, a success with the reason in the memo, nothing downstream', async () => {
  const reason = 'no ENTSO-E token (GPS_ENTSOE_TOKEN or its Key Vault secret): day-ahead prices not fetched';
  const s = stubs({ skipped: reason, objects: [], emptySlices: 0 });
  const result = await withWorkers(suite.env, s, execute);
  expect(result).toMatchObject({ skipped: reason, goldRows: 0, days: [] });
  expect(s.calls).toEqual(['bronze']);
  expect((await memo())?.summary).toBe(`skipped: ${reason}`);
});

test('only "no matching data" answers: no Silver, no Gold, the watermark stays', async () => {
  const s = stubs({ window: WINDOW, objects: [], emptySlices: 3 });
  const result = await withWorkers(suite.env, s, execute);
  expect(result).toMatchObject({ documents: 0, emptySlices: 3, goldRows: 0 });
  expect(s.calls).toEqual(['bronze']);
});

test('documents: Silver, Gold, gates over the instants loaded, then the watermark', async () => {
  const s = stubs(documents, { warnings: ['delivery_day_complete'] });
  const result = await withWorkers(suite.env, s, execute);
  expect(s.calls).toEqual([
    'bronze',
    'silver bronze/a.xml',
    'gold 2026-11-24,2026-11-25',
    `gates ${LOADED.from}..${LOADED.to}`,
    `watermark day-ahead-prices ${LOADED.to}`,
  ]);
  expect(result).toMatchObject({
    goldRows: 48,
    watermark: LOADED.to,
    qualityWarnings: ['delivery_day_complete'],
  });
});

test('a blocking gate fails the run as QualityGateFailed and holds the watermark', async () => {
  const s = stubs(documents, { blockingFailures: ['price_within_sdac_limits'] });
  const failure = await withWorkers(suite.env, s, () => execute().catch((e: unknown) => e));
  expect(failureTypes(failure)).toContain(FailureType.QualityGateFailed);
  expect(s.calls.some((c) => c.startsWith('watermark'))).toBe(false);
  expect((await memo())?.blockingFailures).toEqual(['price_within_sdac_limits']);
});

import { FailureType } from '../../lib/domain/failure-types';
import { WorkflowFailedError } from '@temporalio/client';
import type { IngestActivities, TransformActivities } from '../../activities';
import type { GateReport } from '../../activities/quality';
import type { IngestRteNationalResult } from '../../workflows/ingest-rte-national';
import type { IngestRteRegionalResult } from '../../workflows/ingest-rte-regional';
import {
  failureTypes,
  INGEST_QUEUE,
  timeSkippingSuite,
  TRANSFORM_QUEUE,
  withWorkers,
} from '../helpers/time-skipping';

/**
 * The RTE ingestions around their quality gates: the watermark moves only when every day of the
 * window passed its blocking gates, so a failed day is read again by the next run.
 */

const suite = timeSkippingSuite();

const DAYS = ['2025-02-20', '2025-02-21'];
const MAX_INSTANT = '2025-02-21T10:45:00Z';

function fetched(source: string) {
  return {
    source,
    since: '2025-02-19T23:00:00Z',
    objects: [
      { key: `bronze/${source}/p1.json`, sha256: 'a', bytes: 100, records: 60, isNew: true },
      { key: `bronze/${source}/p2.json`, sha256: 'b', bytes: 100, records: 40, isNew: false },
    ],
    records: 100,
    maxInstant: MAX_INSTANT,
  };
}

function report(
  dataset: string,
  day: string,
  blockingFailures: string[],
  warnings: string[] = [],
): GateReport {
  return {
    dataset,
    window: { from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z` },
    outcomes: [
      {
        gate: 'row-count',
        severity: 'blocking',
        observed: 1,
        threshold: '> 0',
        passed: !blockingFailures.length,
      },
    ],
    blockingFailures,
    warnings,
  };
}

/** Stubs for one run, and what the workflow asked of them. */
function regionalStubs(gates: (day: string) => GateReport) {
  const calls: string[] = [];
  const ingest: Partial<IngestActivities> = {
    async rteRegionalToBronze() {
      calls.push('fetch');
      return fetched('rte-regional');
    },
    async advanceSourceWatermark({ source, to }) {
      calls.push(`watermark ${source} ${to}`);
      return to;
    },
  };
  const transform: Partial<TransformActivities> = {
    async eco2mixRegionalToSilver({ bronzeKeys }) {
      calls.push(`silver ${bronzeKeys.length}`);
      return { days: DAYS, rows: 96, rejected: 1, unknownColumns: [] };
    },
    async eco2mixRegionalToGold({ days }) {
      calls.push(`gold ${days.join()}`);
      return { days, rowsPerDay: {}, energyFlowRows: 10, balanceRows: 2, regions: ['11'] };
    },
    async checkEco2mixRegionalGates({ day }) {
      calls.push(`gates ${day}`);
      return gates(day);
    },
  };
  return { calls, ingest, transform };
}

let runs = 0;
function start<T>(workflow: string): Promise<T> {
  return suite.env.client.workflow.execute(workflow, {
    taskQueue: INGEST_QUEUE,
    workflowId: `${workflow}-${++runs}`,
    args: [{ transformTaskQueue: TRANSFORM_QUEUE }],
  });
}

describe('ingestRteRegional', () => {
  test('every day passes: Gold per day in child workflows, then the watermark moves to the newest instant', async () => {
    const stubs = regionalStubs((day) =>
      report('eco2mix_regional', day, [], day === DAYS[0] ? ['z-late', 'a-gap'] : ['a-gap']),
    );
    const result = await withWorkers(suite.env, stubs, () =>
      start<IngestRteRegionalResult>('ingestRteRegional'),
    );
    expect(result).toEqual({
      bronzeObjects: 2,
      newBronzeObjects: 1,
      records: 100,
      silverRows: 96,
      rejectedRows: 1,
      goldEnergyFlowRows: 20,
      goldBalanceRows: 4,
      days: DAYS,
      // One list for the window: each warning once, sorted.
      qualityWarnings: ['a-gap', 'z-late'],
      watermark: MAX_INSTANT,
    });
    expect(stubs.calls.at(-1)).toBe(`watermark rte-regional ${MAX_INSTANT}`);
  });

  test('a day failing a blocking gate fails the run with GoldPublicationFailed and holds the watermark', async () => {
    const stubs = regionalStubs((day) =>
      report('eco2mix_regional', day, day === DAYS[1] ? ['row-count'] : []),
    );
    const failure = await withWorkers(suite.env, stubs, () =>
      start<IngestRteRegionalResult>('ingestRteRegional').catch((err: unknown) => err),
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(failureTypes(failure)).toEqual([FailureType.GoldPublicationFailed]);
    const message = (failure as WorkflowFailedError).cause?.message;
    expect(message).toBe(
      `${DAYS[1]}: blocking quality gates failed for eco2mix_regional ${DAYS[1]}: row-count`,
    );
    // The other day was published; only the watermark waits.
    expect(stubs.calls).toEqual(expect.arrayContaining([`gates ${DAYS[0]}`, `gates ${DAYS[1]}`]));
    expect(stubs.calls.filter((c) => c.startsWith('watermark'))).toEqual([]);
  });

  test('nothing new since the watermark: no Silver, no Gold, the watermark untouched', async () => {
    const stubs = regionalStubs(() => {
      throw new Error('no gates expected');
    });
    stubs.ingest.rteRegionalToBronze = async () => ({
      source: 'rte-regional',
      since: '2025-02-21T10:45:00Z',
      objects: [],
      records: 0,
    });
    const result = await withWorkers(suite.env, stubs, () =>
      start<IngestRteRegionalResult>('ingestRteRegional'),
    );
    expect(result).toMatchObject({ records: 0, days: [] });
    expect(result.watermark).toBeUndefined();
    expect(stubs.calls).toEqual([]);
  });
});

function nationalStubs(gates: (day: string) => GateReport) {
  const calls: string[] = [];
  const ingest: Partial<IngestActivities> = {
    async rteNationalToBronze() {
      calls.push('fetch');
      return fetched('rte-national');
    },
    async advanceSourceWatermark({ source, to }) {
      calls.push(`watermark ${source} ${to}`);
      return to;
    },
  };
  const transform: Partial<TransformActivities> = {
    async eco2mixNationalToSilver() {
      calls.push('silver');
      return { days: DAYS, rows: 192, rejected: 0, unknownColumns: [] };
    },
    async eco2mixNationalToGold({ days }) {
      calls.push(`gold ${days.join()}`);
      return { days, flowRows: 96, balanceRows: 96, breakdownRows: 0, exchangeRows: 0 };
    },
    async checkEco2mixNationalGates({ day }) {
      calls.push(`gates ${day}`);
      return gates(day);
    },
  };
  return { calls, ingest, transform };
}

describe('ingestRteNational', () => {
  test('every day passes: the watermark moves, warnings gathered once and sorted', async () => {
    const stubs = nationalStubs((day) =>
      report(
        'eco2mix_national',
        day,
        [],
        day === DAYS[0] ? ['taux-co2-drift'] : ['missing-hour', 'taux-co2-drift'],
      ),
    );
    const result = await withWorkers(suite.env, stubs, () =>
      start<IngestRteNationalResult>('ingestRteNational'),
    );
    expect(result).toMatchObject({
      records: 100,
      silverRows: 192,
      goldFlowRows: 192,
      goldBalanceRows: 192,
      days: DAYS,
      qualityWarnings: ['missing-hour', 'taux-co2-drift'],
      watermark: MAX_INSTANT,
    });
    expect(stubs.calls.at(-1)).toBe(`watermark rte-national ${MAX_INSTANT}`);
  });

  test('a day failing a blocking gate fails the run with GoldPublicationFailed and holds the watermark', async () => {
    const stubs = nationalStubs((day) => report('eco2mix_national', day, day === DAYS[0] ? ['balance'] : []));
    const failure = await withWorkers(suite.env, stubs, () =>
      start<IngestRteNationalResult>('ingestRteNational').catch((err: unknown) => err),
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    // Published as regional is: one child per day, the failed days named in one failure.
    expect(failureTypes(failure)).toEqual([FailureType.GoldPublicationFailed]);
    expect((failure as WorkflowFailedError).cause?.message).toBe(
      `${DAYS[0]}: blocking quality gates failed for eco2mix_national ${DAYS[0]}: balance`,
    );
    expect(stubs.calls).toEqual(expect.arrayContaining([`gates ${DAYS[0]}`, `gates ${DAYS[1]}`]));
    expect(stubs.calls.filter((c) => c.startsWith('watermark'))).toEqual([]);
  });
});

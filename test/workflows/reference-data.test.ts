import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { IngestActivities, TransformActivities } from '../../activities';
import type { GateReport } from '../../activities/quality';
import type { AssetEvent } from '../../activities/asset-registry';
import type { LandedFile } from '../../activities/sources/reference-data/landing-zone';
import type { IngestReferenceDataResult } from '../../workflows/ingest-reference-data';
import { FailureType } from '../../lib/domain/failure-types';
import {
  failureTypes,
  INGEST_QUEUE,
  timeSkippingSuite,
  TRANSFORM_QUEUE,
  withWorkers,
} from '../helpers/time-skipping';

/**
 * ingestReferenceData: landed files, the sites extract and the registry sweep. A malformed landed
 * file does not stop the others; the run fails at the end, naming it.
 */

const suite = timeSkippingSuite();

function landed(fileName: string, kind: LandedFile['kind'], reason?: string): LandedFile {
  return {
    kind,
    landingKey: `landing/${kind}/${fileName}`,
    fileName,
    bronzeKey: `bronze/reference/${kind}/${fileName}`,
    sha256: fileName,
    bytes: 100,
    valid: !reason,
    reason,
    records: reason ? 0 : 13,
    receivedAt: '2025-03-01T06:00:00Z',
    newReceipt: true,
  };
}

const DISCOVERED: AssetEvent = {
  type: 'node',
  code: 'N1',
  event: 'discovered',
  from: null,
  to: 'active',
  at: 'x',
};
const STALE: AssetEvent = {
  type: 'region',
  code: '94',
  event: 'stale',
  from: 'active',
  to: 'stale',
  at: 'y',
};

function stubs(files: LandedFile[], blocking: Record<string, string[]> = {}) {
  const calls: string[] = [];
  const window = { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' };
  const report = (dataset: string): GateReport => ({
    dataset,
    window,
    outcomes: [],
    blockingFailures: blocking[dataset] ?? [],
    warnings: ['freshness'],
  });
  const ingest: Partial<IngestActivities> = {
    async landingZoneToBronze() {
      return { files };
    },
    async referenceSitesToBronze() {
      return {
        object: { key: 'bronze/reference/sites/s.json', sha256: 's', bytes: 10, records: 40, isNew: false },
        sites: 40,
        regions: ['11'],
        nodes: ['N1'],
        events: [DISCOVERED],
      };
    },
    async sweepAssetRegistry(input) {
      calls.push(`sweep ${input?.now}`);
      return [STALE];
    },
  };
  const transform: Partial<TransformActivities> = {
    async referenceSitesToSilver({ bronzeKey }) {
      calls.push(`sites ${bronzeKey}`);
      return { rows: 40, rejected: 2, duplicates: 0, total: 40 };
    },
    async installedCapacityToSilver({ files: capacity }) {
      calls.push(`capacity silver ${capacity.map((f) => f.fileName).join()}`);
      return { rows: 13, rejected: 0, years: [2024] };
    },
    async installedCapacityToGold({ years }) {
      calls.push(`capacity gold ${years.join()}`);
      return { rows: 12 };
    },
    async regionDemographicsToGold({ files: demographics }) {
      calls.push(`demographics ${demographics.map((f) => f.bronzeKey).join()}`);
      return { rows: 13, rejected: 0 };
    },
    async checkInstalledCapacityGates({ years }) {
      calls.push(`capacity gates ${years.join()}`);
      return report('installed_capacity');
    },
    async checkRegionDemographicsGates() {
      calls.push('demographics gates');
      return report('region_demographics');
    },
  };
  return { calls, ingest, transform };
}

let runs = 0;
function execute(): Promise<IngestReferenceDataResult> {
  return suite.env.client.workflow.execute('ingestReferenceData', {
    taskQueue: INGEST_QUEUE,
    workflowId: `reference-data-${++runs}`,
    args: [{ transformTaskQueue: TRANSFORM_QUEUE, now: '2025-03-02T00:00:00Z' }],
  });
}

test('a malformed landed file: the valid files are still loaded, then the run fails with MalformedLandingFile', async () => {
  const s = stubs([
    landed('capacity-2024.csv', 'capacity'),
    landed('broken.csv', 'capacity', 'no header row'),
    landed('population.csv', 'demographics'),
  ]);
  const failure = await withWorkers(suite.env, s, () => execute().catch((err: unknown) => err));

  expect(s.calls).toEqual([
    'sites bronze/reference/sites/s.json',
    'capacity silver capacity-2024.csv',
    'capacity gold 2024',
    'capacity gates 2024',
    'demographics bronze/reference/demographics/population.csv',
    'demographics gates',
    'sweep 2025-03-02T00:00:00Z',
  ]);
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect(failureTypes(failure)).toEqual([FailureType.MalformedLandingFile]);
  const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.nonRetryable).toBe(true);
  expect(cause.message).toBe(
    'malformed landing files kept in Bronze: broken.csv (no header row) -> bronze/reference/capacity/broken.csv',
  );
  // What was done is in the failure's details, as a success would have returned it.
  const [result] = cause.details as [IngestReferenceDataResult];
  expect(result).toMatchObject({
    invalid: [
      { file: 'broken.csv', reason: 'no header row', bronzeKey: 'bronze/reference/capacity/broken.csv' },
    ],
    sites: 40,
    sitesSilverRows: 40,
    sitesRejected: 2,
    capacityRows: 13,
    capacityGoldRows: 12,
    demographicsRows: 13,
    assetEvents: [
      { type: 'node', code: 'N1', event: 'discovered' },
      { type: 'region', code: '94', event: 'stale' },
    ],
    // Both datasets' warnings, named by dataset since both have a `freshness` gate.
    qualityWarnings: ['installed_capacity:freshness', 'region_demographics:freshness'],
  });
  expect(result.received.map((r) => `${r.file}:${r.valid}`)).toEqual([
    'capacity-2024.csv:true',
    'broken.csv:false',
    'population.csv:true',
  ]);
});

test('a blocking gate on one dataset: the other still loads and the sweep runs, then QualityGateFailed names it', async () => {
  const s = stubs([landed('capacity-2024.csv', 'capacity'), landed('population.csv', 'demographics')], {
    installed_capacity: ['capacity_mw_range'],
  });
  const failure = await withWorkers(suite.env, s, () => execute().catch((err: unknown) => err));
  expect(s.calls).toEqual(expect.arrayContaining(['demographics gates', 'sweep 2025-03-02T00:00:00Z']));
  expect(failureTypes(failure)).toEqual([FailureType.QualityGateFailed]);
  expect((failure as WorkflowFailedError).cause?.message).toBe(
    'blocking quality gates failed: installed_capacity:capacity_mw_range',
  );
});

test('nothing landed: sites and the sweep only, a success', async () => {
  const s = stubs([]);
  const result = await withWorkers(suite.env, s, execute);
  expect(s.calls).toEqual(['sites bronze/reference/sites/s.json', 'sweep 2025-03-02T00:00:00Z']);
  expect(result).toMatchObject({
    received: [],
    invalid: [],
    sitesNewInBronze: false,
    capacityRows: 0,
    capacityGoldRows: 0,
    demographicsRows: 0,
  });
});

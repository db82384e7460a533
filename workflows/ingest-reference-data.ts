import {
  ApplicationFailure,
  proxyActivities,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE } from './search-attributes';
import { TRANSFORM } from './retry-policies';
import { FailureType } from '../lib/domain/failure-types';

export interface IngestReferenceDataInput {
  /** Task queue of the transform worker (CPU-bound steps), from temporal.yaml. */
  transformTaskQueue: string;
  /** Clock of the asset registry sweep; unset, the activity's wall clock. Lets tests move time on. */
  now?: string;
}

export interface IngestReferenceDataResult {
  received: { file: string; kind: string; bronzeKey: string; valid: boolean; newReceipt: boolean }[];
  invalid: { file: string; reason: string; bronzeKey: string }[];
  sitesBronzeKey: string;
  sitesNewInBronze: boolean;
  sites: number;
  /** Sites of this snapshot in Silver, and those rejected with a reason. */
  sitesSilverRows: number;
  sitesRejected: number;
  capacityRows: number;
  capacityRejected: number;
  capacityGoldRows: number;
  demographicsRows: number;
  assetEvents: { type: string; code: string; event: string }[];
}

/**
 * Reference data: landing zone (capacity and demographics files) -> Bronze; reference SQL
 * database (sites -> grid nodes -> regions) -> Bronze + asset registry -> Silver sites registry;
 * capacity Silver -> Gold;
 * demographics -> dim_region; registry sweep (stale / inactive). A malformed landed file does not
 * stop the others: it is kept in Bronze and the run fails at the end, naming it, so it shows red
 * in the Web UI instead of passing as a success.
 */
export async function ingestReferenceData(
  input: IngestReferenceDataInput,
): Promise<IngestReferenceDataResult> {
  // Lake and database work without heartbeats: the transform policy's backoff, on the ingest queue.
  const ingest = proxyActivities<IngestActivities>(TRANSFORM);
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });
  upsertSearchAttributes([
    { key: GPS_SOURCE, value: 'reference-data' },
    { key: GPS_LAYER, value: 'bronze' },
  ]);

  const landed = await ingest.landingZoneToBronze();
  const sites = await ingest.referenceSitesToBronze();
  // Run on an unchanged snapshot too: the merge is idempotent, and a run that failed after the
  // extract would otherwise never bring that snapshot to Silver.
  const sitesSilver = await transform.referenceSitesToSilver({ bronzeKey: sites.object.key });

  const valid = landed.files.filter((f) => f.valid);
  const capacityFiles = valid.filter((f) => f.kind === 'capacity');
  const demographicsFiles = valid.filter((f) => f.kind === 'demographics');
  let capacity = { rows: 0, rejected: 0, years: [] as number[] };
  let capacityGold = { rows: 0 };
  let demographics = { rows: 0, rejected: 0 };
  if (capacityFiles.length) {
    capacity = await transform.installedCapacityToSilver({
      files: capacityFiles.map((f) => ({
        bronzeKey: f.bronzeKey,
        fileName: f.fileName,
        receivedAt: f.receivedAt,
      })),
    });
    upsertSearchAttributes([{ key: GPS_LAYER, value: 'silver' }]);
    capacityGold = await transform.installedCapacityToGold({ years: capacity.years });
  }
  if (demographicsFiles.length) {
    demographics = await transform.regionDemographicsToGold({
      files: demographicsFiles.map((f) => ({ bronzeKey: f.bronzeKey })),
    });
  }
  const events = await ingest.sweepAssetRegistry({ now: input.now });

  const invalid = landed.files
    .filter((f) => !f.valid)
    .map((f) => ({ file: f.fileName, reason: f.reason ?? 'invalid', bronzeKey: f.bronzeKey }));
  const result: IngestReferenceDataResult = {
    received: landed.files.map((f) => ({
      file: f.fileName,
      kind: f.kind,
      bronzeKey: f.bronzeKey,
      valid: f.valid,
      newReceipt: f.newReceipt,
    })),
    invalid,
    sitesBronzeKey: sites.object.key,
    sitesNewInBronze: sites.object.isNew,
    sites: sites.sites,
    sitesSilverRows: sitesSilver.rows,
    sitesRejected: sitesSilver.rejected,
    capacityRows: capacity.rows,
    capacityRejected: capacity.rejected,
    capacityGoldRows: capacityGold.rows,
    demographicsRows: demographics.rows,
    assetEvents: [...sites.events, ...events].map((e) => ({ type: e.type, code: e.code, event: e.event })),
  };
  upsertSearchAttributes([
    { key: GPS_LAYER, value: 'gold' },
    { key: GPS_ROWS, value: capacityGold.rows + demographics.rows },
  ]);
  upsertMemo({
    summary:
      `${landed.files.length} landed files (${invalid.length} malformed), ${sites.sites} sites ` +
      `(${sites.object.isNew ? 'new extract' : 'unchanged'}; ${sitesSilver.rows} in Silver, ${sitesSilver.rejected} rejected), ` +
      `${capacityGold.rows} capacity rows, ` +
      `${demographics.rows} regions updated, ${result.assetEvents.length} asset events`,
  });
  if (invalid.length) {
    throw ApplicationFailure.create({
      type: FailureType.MalformedLandingFile,
      nonRetryable: true,
      message: `malformed landing files kept in Bronze: ${invalid.map((f) => `${f.file} (${f.reason}) -> ${f.bronzeKey}`).join('; ')}`,
      details: [result],
    });
  }
  return result;
}

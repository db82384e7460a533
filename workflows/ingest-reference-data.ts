import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import type { GateReport } from '../activities/quality';
import { recordRun } from './run-bookkeeping';
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
  /** Warning gates that failed, as `dataset:gate` (two datasets share gate names such as freshness). */
  qualityWarnings: string[];
}

/** Failed gates of some reports as `dataset:gate`, blocking and warning apart. */
function gateFailures(reports: GateReport[]): { blocking: string[]; warnings: string[] } {
  const named = (r: GateReport, gates: string[]) => gates.map((g) => `${r.dataset}:${g}`);
  return {
    blocking: reports.flatMap((r) => named(r, r.blockingFailures)),
    warnings: reports.flatMap((r) => named(r, r.warnings)),
  };
}

/**
 * Reference data: landing zone (capacity and demographics files) -> Bronze; reference SQL
 * database (sites -> grid nodes -> regions) -> Bronze + asset registry -> Silver sites registry;
 * capacity Silver -> Gold -> its gates; demographics -> dim_region -> its gates; registry sweep
 * (stale / inactive). A malformed landed file or a failed blocking gate does not stop the other
 * datasets: the run fails at the end, naming them, so it shows red in the Web UI instead of
 * passing as a success (a failed gate first: the data it flags is already in Gold).
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
  recordRun({ source: 'reference-data', layer: 'bronze' });

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
  const reports: GateReport[] = [];
  if (capacityFiles.length) {
    capacity = await transform.installedCapacityToSilver({
      files: capacityFiles.map((f) => ({
        bronzeKey: f.bronzeKey,
        fileName: f.fileName,
        receivedAt: f.receivedAt,
      })),
    });
    recordRun({ layer: 'silver' });
    capacityGold = await transform.installedCapacityToGold({ years: capacity.years });
    // A file whose every row was rejected brings no year: nothing reached Gold to judge.
    if (capacity.years.length)
      reports.push(await transform.checkInstalledCapacityGates({ years: capacity.years }));
  }
  if (demographicsFiles.length) {
    demographics = await transform.regionDemographicsToGold({
      files: demographicsFiles.map((f) => ({ bronzeKey: f.bronzeKey })),
    });
    reports.push(await transform.checkRegionDemographicsGates());
  }
  const gates = gateFailures(reports);
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
    qualityWarnings: gates.warnings,
  };
  recordRun({
    layer: 'gold',
    rows: capacityGold.rows + demographics.rows,
    summary:
      `${landed.files.length} landed files (${invalid.length} malformed), ${sites.sites} sites ` +
      `(${sites.object.isNew ? 'new extract' : 'unchanged'}; ${sitesSilver.rows} in Silver, ${sitesSilver.rejected} rejected), ` +
      `${capacityGold.rows} capacity rows, ` +
      `${demographics.rows} regions updated, ${result.assetEvents.length} asset events; ` +
      `warnings: ${gates.warnings.join(', ') || 'none'}`,
    memo: { blockingFailures: gates.blocking, warnings: gates.warnings },
  });
  if (gates.blocking.length) {
    throw ApplicationFailure.create({
      type: FailureType.QualityGateFailed,
      nonRetryable: true,
      message:
        `blocking quality gates failed: ${gates.blocking.join(', ')}` +
        (invalid.length ? `; also malformed landing files: ${invalid.map((f) => f.file).join(', ')}` : ''),
      details: [result],
    });
  }
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

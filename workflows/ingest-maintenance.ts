import type { SourceId } from '../activities/sources/registry';
import { FailureType } from '../lib/domain/failure-types';
import { ApplicationFailure, proxyActivities, log } from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import { recordRun } from './run-bookkeeping';
import { SOURCE_FETCH, TRANSFORM } from './retry-policies';

export interface IngestMaintenanceInput {
  /** Task queue of the transform worker (CPU-bound steps), from temporal.yaml. */
  transformTaskQueue: string;
}

export interface IngestMaintenanceResult {
  pages: number;
  newPages: number;
  events: number;
  silverRows: number;
  rejectedRows: number;
  goldRows: number;
  days: string[];
  /** Warning gates that failed on the events of this run (activities/sources/maintenance/gates.ts). */
  qualityWarnings: string[];
  /** Set when the source is not configured: nothing was scraped, on purpose. */
  skipped?: string;
}

const SOURCE: SourceId = 'maintenance';

/**
 * Grid maintenance page: Chromium scrape -> Bronze (HTML + extracted JSON per page) -> Silver
 * (clean Parquet, one row per event and scrape day) -> Gold (fact_maintenance_event upserts) ->
 * quality gates on the events this run saw. A page whose layout changed, or that lists nothing
 * without saying so, fails the run for a human to look at; the HTML it served is in Bronze. So
 * does a blocking gate, after the load: the rows stay as published, flagged.
 */
export async function ingestMaintenance(input: IngestMaintenanceInput): Promise<IngestMaintenanceResult> {
  const ingest = proxyActivities<IngestActivities>(SOURCE_FETCH);
  const transform = proxyActivities<TransformActivities>({
    ...TRANSFORM,
    taskQueue: input.transformTaskQueue,
  });

  const scraped = await ingest.maintenanceToBronze();
  if (scraped.skipped) {
    log.warn('maintenance skipped', { reason: scraped.skipped });
    recordRun({ summary: `skipped: ${scraped.skipped}` });
    const nothing = { pages: 0, newPages: 0, events: 0, silverRows: 0, rejectedRows: 0, goldRows: 0 };
    return { ...nothing, days: [], qualityWarnings: [], skipped: scraped.skipped };
  }
  recordRun({ source: SOURCE, layer: 'bronze' });
  const result: IngestMaintenanceResult = {
    pages: scraped.pages.length,
    newPages: scraped.pages.filter((p) => p.html.isNew).length,
    events: scraped.events,
    silverRows: 0,
    rejectedRows: 0,
    goldRows: 0,
    days: [],
    qualityWarnings: [],
  };
  if (scraped.events === 0) {
    log.info('the maintenance page states that no events are listed');
    recordRun({ summary: `no maintenance events listed (${result.pages} page, the page says so)` });
    return result;
  }

  const silver = await transform.maintenanceToSilver({
    pages: scraped.pages.map((p) => ({ eventsKey: p.events.key, scrapedAt: p.scrapedAt })),
  });
  recordRun({ layer: 'silver' });
  Object.assign(result, { silverRows: silver.rows, rejectedRows: silver.rejected, days: silver.days });

  let blockingFailures: string[] = [];
  if (silver.days.length) {
    const gold = await transform.maintenanceToGold({ days: silver.days });
    result.goldRows = gold.rows;
    const gates = await transform.checkMaintenanceGates({
      scrapedAt: scraped.pages.map((p) => p.scrapedAt),
    });
    result.qualityWarnings = gates.warnings;
    blockingFailures = gates.blockingFailures;
    recordRun({ layer: 'gold', rows: gold.rows });
  }
  recordRun({
    summary: `${scraped.events} events in ${result.pages} pages (${result.newPages} new) -> ${silver.rows} silver rows (${silver.rejected} rejected) -> ${result.goldRows} gold events; warnings: ${result.qualityWarnings.join(', ') || 'none'}`,
    memo: { blockingFailures, warnings: result.qualityWarnings },
  });
  if (blockingFailures.length) {
    throw ApplicationFailure.create({
      type: FailureType.QualityGateFailed,
      nonRetryable: true,
      message: `blocking quality gates failed for maintenance: ${blockingFailures.join(', ')}`,
      details: [result],
    });
  }
  return result;
}

import { proxyActivities, upsertMemo, upsertSearchAttributes, log } from '@temporalio/workflow';
import type { IngestActivities, TransformActivities } from '../activities';
import { GPS_LAYER, GPS_ROWS, GPS_SOURCE } from './search-attributes';
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
  /** Set when the source is not configured: nothing was scraped, on purpose. */
  skipped?: string;
}

const SOURCE = 'maintenance';

/**
 * Grid maintenance page: Chromium scrape -> Bronze (HTML + extracted JSON per page) -> Silver
 * (clean Parquet, one row per event and scrape day) -> Gold (fact_maintenance_event upserts).
 * A page whose layout changed, or that lists nothing without saying so, fails the run for a
 * human to look at; the HTML it served is in Bronze.
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
    upsertMemo({ summary: `skipped: ${scraped.skipped}` });
    const nothing = { pages: 0, newPages: 0, events: 0, silverRows: 0, rejectedRows: 0, goldRows: 0 };
    return { ...nothing, days: [], skipped: scraped.skipped };
  }
  upsertSearchAttributes([
    { key: GPS_SOURCE, value: SOURCE },
    { key: GPS_LAYER, value: 'bronze' },
  ]);
  const result: IngestMaintenanceResult = {
    pages: scraped.pages.length,
    newPages: scraped.pages.filter((p) => p.html.isNew).length,
    events: scraped.events,
    silverRows: 0,
    rejectedRows: 0,
    goldRows: 0,
    days: [],
  };
  if (scraped.events === 0) {
    log.info('the maintenance page states that no events are listed');
    upsertMemo({ summary: `no maintenance events listed (${result.pages} page, the page says so)` });
    return result;
  }

  const silver = await transform.maintenanceToSilver({
    pages: scraped.pages.map((p) => ({ eventsKey: p.events.key, scrapedAt: p.scrapedAt })),
  });
  upsertSearchAttributes([{ key: GPS_LAYER, value: 'silver' }]);
  Object.assign(result, { silverRows: silver.rows, rejectedRows: silver.rejected, days: silver.days });

  if (silver.days.length) {
    const gold = await transform.maintenanceToGold({ days: silver.days });
    result.goldRows = gold.rows;
    upsertSearchAttributes([
      { key: GPS_LAYER, value: 'gold' },
      { key: GPS_ROWS, value: gold.rows },
    ]);
  }
  upsertMemo({
    summary: `${scraped.events} events in ${result.pages} pages (${result.newPages} new) -> ${silver.rows} silver rows (${silver.rejected} rejected) -> ${result.goldRows} gold events`,
  });
  return result;
}

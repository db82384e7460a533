import { AUDIT_STEP } from '../../audit-vocabulary';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Page } from 'puppeteer-core';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { reportProgress } from '../../heartbeat';
import { writeBronze, type BronzeObject } from '../../bronze/lake-objects';
import { launchChromium } from '../../../lib/browser';
import { FailureType } from '../../../lib/domain/failure-types';
import {
  EmptyListingError,
  PageLoadError,
  PageStructureError,
  scrapeMaintenancePage,
  type RawMaintenanceEvent,
} from '../../../lib/scrape/maintenance-scraper';

/**
 * Grid maintenance (unit unavailabilities) scraped from a JavaScript-rendered transparency page
 * with Debian's Chromium. Per listing page, Bronze keeps the rendered HTML (the evidence) and the
 * events extracted from it (JSON); both are content-addressed, so a page that did not change
 * lands once however often it is scraped. A retried attempt resumes at the page it failed on.
 */
export const MAINTENANCE = {
  name: 'maintenance',
  htmlPrefix: 'bronze/maintenance/pages',
  eventsPrefix: 'bronze/maintenance/events',
} as const;

/** The extracted JSON document of one page, as stored in Bronze. */
export interface MaintenanceEventsDocument {
  source: 'maintenance';
  url: string;
  page: number;
  pageCount: number;
  /** sha256 of the HTML snapshot this was read from. */
  htmlSha256: string;
  columns: string[];
  noEvents: boolean;
  events: RawMaintenanceEvent[];
}

export interface ScrapedPageObjects {
  page: number;
  html: BronzeObject;
  events: BronzeObject;
  /** When this scrape read the page: the "seen at" of its events, even when the bytes were known. */
  scrapedAt: string;
}

export interface MaintenanceScrapeResult {
  source: string;
  pages: ScrapedPageObjects[];
  events: number;
  /** Why nothing was scraped (no page configured): the run ends as a success that says so. */
  skipped?: string;
}

/** The same words as ERA5's unset object: the variable to set, and the local alternative. */
export const MAINTENANCE_NOT_CONFIGURED =
  'no maintenance page configured (GPS_MAINTENANCE_URL; GPS_RTE_MODE=replay serves the local stand-in)';

interface ScrapeProgress {
  nextUrl: string;
  nextPage: number;
  pages: ScrapedPageObjects[];
}

/** Failures a retry would meet again, named so the workflow's failure says what to look at. */
function permanentFailure(type: FailureType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

export function createMaintenanceScrape(deps: ActivityDeps) {
  const { maintenance } = deps.config;

  async function keepFailedPage(
    url: string,
    page: number,
    html: string,
    outcome: string,
  ): Promise<BronzeObject> {
    return writeBronze(deps.lake, MAINTENANCE.htmlPrefix, 'html', html, {
      source: MAINTENANCE.name,
      url,
      params: { page: String(page), outcome },
      httpStatus: 200,
      recordCount: 0,
      fetchedAt: new Date().toISOString(),
    });
  }

  async function scrapeInto(browserPage: Page, progress: ScrapeProgress): Promise<void> {
    for (;;) {
      if (progress.nextPage > maintenance.selectors.maxPages) {
        throw permanentFailure(
          FailureType.MaintenancePageLimit,
          `maintenance listing has more than ${maintenance.selectors.maxPages} pages (maxPages): raise GPS_MAINTENANCE_MAX_PAGES or check the pagination`,
        );
      }
      let scraped;
      try {
        scraped = await scrapeMaintenancePage(
          browserPage,
          progress.nextUrl,
          progress.nextPage,
          maintenance.selectors,
          maintenance.timeoutMs,
        );
      } catch (err) {
        if (err instanceof PageStructureError) {
          const kept = await keepFailedPage(err.url, progress.nextPage, err.html, 'structure-changed');
          throw permanentFailure(
            FailureType.MaintenancePageStructureChanged,
            `${err.message} (HTML kept in ${kept.key})`,
          );
        }
        if (err instanceof EmptyListingError) {
          const kept = await keepFailedPage(err.url, progress.nextPage, err.html, 'empty-listing');
          throw permanentFailure(
            FailureType.MaintenancePageEmpty,
            `${err.message} (HTML kept in ${kept.key})`,
          );
        }
        if (err instanceof PageLoadError) {
          throw ApplicationFailure.create({
            type: FailureType.MaintenancePageLoadError,
            message: err.message,
          });
        }
        throw err;
      }

      const html = await writeBronze(deps.lake, MAINTENANCE.htmlPrefix, 'html', scraped.html, {
        source: MAINTENANCE.name,
        url: scraped.url,
        params: { page: String(scraped.pageNumber) },
        httpStatus: scraped.status,
        recordCount: scraped.events.length,
        fetchedAt: scraped.fetchedAt,
      });
      const document: MaintenanceEventsDocument = {
        source: MAINTENANCE.name,
        url: scraped.url,
        page: scraped.pageNumber,
        pageCount: scraped.pageCount,
        htmlSha256: html.sha256,
        columns: scraped.headers,
        noEvents: scraped.noEvents,
        events: scraped.events,
      };
      const events = await writeBronze(
        deps.lake,
        MAINTENANCE.eventsPrefix,
        'json',
        JSON.stringify(document, null, 2),
        {
          source: MAINTENANCE.name,
          url: scraped.url,
          params: { page: String(scraped.pageNumber), html: html.key },
          httpStatus: scraped.status,
          recordCount: scraped.events.length,
          fetchedAt: scraped.fetchedAt,
        },
      );
      progress.pages.push({ page: scraped.pageNumber, html, events, scrapedAt: scraped.fetchedAt });
      if (!scraped.nextUrl) return;
      progress.nextUrl = scraped.nextUrl;
      progress.nextPage = scraped.pageNumber + 1;
      reportProgress(progress);
    }
  }

  return async function maintenanceToBronze(): Promise<MaintenanceScrapeResult> {
    const outcome = await audited(deps.db, { step: AUDIT_STEP.toBronze, source: 'maintenance' }, async () => {
      if (!maintenance.url) {
        // An optional source left unconfigured is a deployment choice, not a failure: failing here
        // turned the hourly schedule red forever (and retried nothing useful).
        const result: MaintenanceScrapeResult = {
          source: MAINTENANCE.name,
          pages: [],
          events: 0,
          skipped: MAINTENANCE_NOT_CONFIGURED,
        };
        return { rows: 0, bytes: 0, skipped: MAINTENANCE_NOT_CONFIGURED, result };
      }
      const resumed = Context.current().info.heartbeatDetails as ScrapeProgress | undefined;
      const resumedAtPage = resumed?.nextPage;
      const progress: ScrapeProgress = resumed ?? { nextUrl: maintenance.url, nextPage: 1, pages: [] };

      const browser = await launchChromium(maintenance.chromiumPath);
      try {
        const page = await browser.newPage();
        await scrapeInto(page, progress);
      } finally {
        await browser.close();
      }

      const events = progress.pages.reduce((n, p) => n + p.events.records, 0);
      const bytes = progress.pages.reduce((n, p) => n + p.html.bytes + p.events.bytes, 0);
      const result: MaintenanceScrapeResult = { source: MAINTENANCE.name, pages: progress.pages, events };
      return {
        rows: events,
        bytes,
        details: {
          pages: progress.pages.length,
          newPages: progress.pages.filter((p) => p.html.isNew).length,
          resumedAtPage,
        },
        result,
      };
    });
    return outcome.result;
  };
}

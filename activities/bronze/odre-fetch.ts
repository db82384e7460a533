import type { SourceId } from '../sources/registry';
import { AUDIT_STEP } from '../audit-vocabulary';
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from '../deps';
import { audited } from '../audit';
import { reportProgress } from '../heartbeat';
import { toActivityFailure } from '../errors';
import { quarantinePayload, writeBronze, type BronzeObject } from './lake-objects';
import { readWatermark } from '../watermark';
import { ODRE_MAX_PAGE_SIZE, ODRE_MAX_WINDOW, PayloadError } from '../../lib/http/odre-client';

/**
 * RTE eCO2mix through the ODRE Explore API v2.1: every records page lands in Bronze unchanged.
 * Incremental from the stored watermark minus an overlap window (late corrections upstream);
 * ordered on (date_heure, code) so offset paging is stable; when a slice reaches the API's
 * 10 000-record window, the next slice restarts at the last instant seen.
 */
export interface Eco2mixSource {
  /** Name of its watermark and quarantine folder (the history has its own). */
  name: string;
  /** The registered source its audit rows belong to. */
  sourceId: SourceId;
  dataset: string;
  bronzePrefix: string;
  /** Second sort column that makes the order total within one instant (none: one row per instant). */
  tieBreaker?: string;
  /**
   * Fields every record must carry. A page without one is schema drift (a renamed or dropped
   * field): the page stays in Bronze for diagnosis and the run fails without retrying.
   */
  requiredFields: readonly string[];
}

export const RTE_REGIONAL: Eco2mixSource = {
  name: 'rte-regional',
  sourceId: 'rte-regional',
  dataset: 'eco2mix-regional-tr',
  bronzePrefix: 'bronze/rte/production/eco2mix-regional-tr',
  tieBreaker: 'code_insee_region',
  requiredFields: ['date_heure', 'code_insee_region', 'consommation'],
};

export const RTE_NATIONAL: Eco2mixSource = {
  name: 'rte-national',
  sourceId: 'rte-national',
  dataset: 'eco2mix-national-tr',
  bronzePrefix: 'bronze/rte/production/eco2mix-national-tr',
  requiredFields: ['date_heure', 'consommation', 'nucleaire', 'taux_co2'],
};

/** The consolidated history of the regional feed: read by the backfill through JSON exports. */
export const RTE_REGIONAL_HISTORY: Eco2mixSource = {
  name: 'rte-regional-history',
  sourceId: 'rte-regional',
  dataset: 'eco2mix-regional-cons-def',
  bronzePrefix: 'bronze/rte/production/eco2mix-regional-cons-def',
  tieBreaker: 'code_insee_region',
  requiredFields: RTE_REGIONAL.requiredFields,
};

/** The first required field missing from a record of the page, with the record's index. */
export function findSchemaDrift(
  results: Record<string, unknown>[],
  required: readonly string[],
): { field: string; index: number } | undefined {
  for (let index = 0; index < results.length; index++) {
    const record = results[index] as Record<string, unknown>;
    const field = required.find((f) => !(f in record));
    if (field) return { field, index };
  }
  return undefined;
}

export interface FetchResult {
  source: string;
  since: string;
  objects: BronzeObject[];
  records: number;
  /** Latest `date_heure` seen, as a UTC ISO instant; undefined when nothing came back. */
  maxInstant?: string;
}

interface FetchProgress {
  cursor: string;
  offset: number;
  objects: BronzeObject[];
  maxInstant?: string;
}

/** A body the client refused is quarantined with its reason before the failure goes to Temporal. */
async function quarantineOnPayloadError<T>(
  deps: ActivityDeps,
  source: Eco2mixSource,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof PayloadError)) throw err;
    const key = await quarantinePayload(deps.lake, source.name, err.body, err.message);
    throw new PayloadError(`${err.message}; body quarantined at ${key}`, err.kind, err.body);
  }
}

function toUtcIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function createEco2mixFetch(deps: ActivityDeps, source: Eco2mixSource) {
  return async function fetchToBronze(): Promise<FetchResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toBronze, source: source.sourceId },
      async () => {
        const { rte } = deps.config;
        const watermark =
          (await readWatermark(deps.db, source.name)) ??
          rte.initialWatermark ??
          new Date(Date.now() - rte.lookbackHours * 3_600_000).toISOString();
        const since = new Date(Date.parse(watermark) - rte.overlapMinutes * 60_000).toISOString();

        // A retried attempt resumes after the last page it stored (Bronze writes are idempotent anyway).
        const resumed = Context.current().info.heartbeatDetails as FetchProgress | undefined;
        const progress: FetchProgress = resumed ?? { cursor: since, offset: 0, objects: [] };
        const orderBy = source.tieBreaker ? `date_heure, ${source.tieBreaker}` : 'date_heure';

        for (;;) {
          const page = await quarantineOnPayloadError(deps, source, () =>
            deps.odre.records(source.dataset, {
              where: `date_heure >= "${progress.cursor}"`,
              orderBy,
              limit: ODRE_MAX_PAGE_SIZE,
              offset: progress.offset,
            }),
          );
          if (page.results.length === 0) break;

          progress.objects.push(
            await writeBronze(deps.lake, source.bronzePrefix, 'json', page.body, {
              source: source.name,
              url: page.url,
              params: page.params,
              httpStatus: page.status,
              recordCount: page.results.length,
              fetchedAt: page.fetchedAt,
            }),
          );
          const drift = findSchemaDrift(page.results, source.requiredFields);
          if (drift) {
            const stored = progress.objects[progress.objects.length - 1] as BronzeObject;
            throw new PayloadError(
              `schema drift in ${source.dataset}: record ${drift.index} of ${page.url} has no "${drift.field}" (required: ${source.requiredFields.join(', ')}); page kept in Bronze at ${stored.key}`,
              'schema',
              page.body,
            );
          }
          let pageMax: string | undefined;
          for (const record of page.results) {
            const instant = toUtcIso(record.date_heure);
            if (instant && (!pageMax || instant > pageMax)) pageMax = instant;
          }
          if (pageMax && (!progress.maxInstant || pageMax > progress.maxInstant))
            progress.maxInstant = pageMax;

          const seen = progress.offset + page.results.length;
          if (page.results.length < ODRE_MAX_PAGE_SIZE || seen >= page.totalCount) break;
          if (seen + ODRE_MAX_PAGE_SIZE > ODRE_MAX_WINDOW) {
            if (!pageMax || pageMax === progress.cursor) {
              throw new Error(
                `more than ${ODRE_MAX_WINDOW} records at ${progress.cursor}: cannot slice further`,
              );
            }
            progress.cursor = pageMax;
            progress.offset = 0;
          } else {
            progress.offset = seen;
          }
          reportProgress(progress);
        }

        const records = progress.objects.reduce((n, o) => n + o.records, 0);
        const bytes = progress.objects.reduce((n, o) => n + o.bytes, 0);
        const result: FetchResult = {
          source: source.name,
          since,
          objects: progress.objects,
          records,
          maxInstant: progress.maxInstant,
        };
        return {
          rows: records,
          bytes,
          details: {
            since,
            pages: progress.objects.length,
            newPages: progress.objects.filter((o) => o.isNew).length,
          },
          result,
        };
      },
    );
    return outcome.result;
  };
}

export interface ChunkInput {
  /** UTC instants, start inclusive, end exclusive. */
  from: string;
  to: string;
}

/**
 * One chunk of history through the JSON exports endpoint: the whole selection in one answer
 * (no 10 000-record window), stored in Bronze as received. The same chunk fetched twice gives
 * the same bytes, which Bronze stores once.
 */
export function createEco2mixExportChunk(deps: ActivityDeps, source: Eco2mixSource) {
  return async function fetchChunkToBronze(input: ChunkInput): Promise<FetchResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.historyToBronze, source: source.sourceId },
      async () => {
        const answer = await quarantineOnPayloadError(deps, source, () =>
          deps.odre.exportJson(source.dataset, {
            where: `date_heure >= "${input.from}" and date_heure < "${input.to}"`,
            orderBy: source.tieBreaker ? `date_heure, ${source.tieBreaker}` : 'date_heure',
          }),
        );
        const result: FetchResult = { source: source.name, since: input.from, objects: [], records: 0 };
        if (answer.records.length > 0) {
          const stored = await writeBronze(deps.lake, source.bronzePrefix, 'json', answer.body, {
            source: source.name,
            url: answer.url,
            params: answer.params,
            httpStatus: answer.status,
            recordCount: answer.records.length,
            fetchedAt: answer.fetchedAt,
          });
          const drift = findSchemaDrift(answer.records, source.requiredFields);
          if (drift) {
            throw new PayloadError(
              `schema drift in ${source.dataset}: record ${drift.index} of ${answer.url} has no "${drift.field}" (required: ${source.requiredFields.join(', ')}); export kept in Bronze at ${stored.key}`,
              'schema',
              answer.body,
            );
          }
          result.objects.push(stored);
          result.records = answer.records.length;
          for (const record of answer.records) {
            const instant = toUtcIso(record.date_heure);
            if (instant && (!result.maxInstant || instant > result.maxInstant)) result.maxInstant = instant;
          }
        }
        return {
          rows: result.records,
          bytes: result.objects.reduce((n, o) => n + o.bytes, 0),
          details: { ...input, newObjects: result.objects.filter((o) => o.isNew).length },
          result,
        };
      },
    );
    return outcome.result;
  };
}

/**
 * The cheap freshness probe: the newest `date_heure` the source has published (one record, one
 * field). Not audited: it runs every few seconds and changes nothing; the ingestion it triggers is.
 */
export function createEco2mixProbe(deps: ActivityDeps, source: Eco2mixSource) {
  return async function probeLatestInstant(): Promise<string | null> {
    try {
      const page = await deps.odre.records(source.dataset, {
        orderBy: 'date_heure desc',
        select: 'date_heure',
        limit: 1,
        offset: 0,
      });
      return toUtcIso(page.results[0]?.date_heure) ?? null;
    } catch (err) {
      throw toActivityFailure(err);
    }
  };
}

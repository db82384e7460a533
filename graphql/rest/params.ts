import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ALERT_KINDS } from '../../lib/domain/alert-notification';
import { ALERT_STATUSES } from '../../lib/domain/alert-status-change';
import { parisMidnightUtc } from '../../lib/domain/paris-time';
import { REGIONS } from '../../lib/domain/regions';
import { PRODUCTION_SOURCES } from '../../lib/domain/sources';
import { QueryInputError } from '../errors';

extendZodWithOpenApi(z);

/**
 * Query parameters of the REST routes, declared once with zod: the same schemas validate each
 * request and generate /openapi.json, so the documentation cannot drift from the checks.
 */

export const GRANULARITIES = ['15min', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Longest range per granularity: about 3 000 points per region either way. */
export const MAX_RANGE_DAYS: Record<Granularity, number> = { '15min': 31, hour: 93, day: 400 };
export const MAX_PAGE = 10_000;
export const DEFAULT_PAGE = 5_000;

const FEED_REGIONS = REGIONS.filter((r) => r.inRegionalFeed).map((r) => r.code);
const SOURCE_CODES = PRODUCTION_SOURCES.map((s) => s.code);

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An instant with an offset, or a date meaning that day's Paris midnight. */
const instant = (name: string) =>
  z
    .string()
    .max(40)
    .transform((value, ctx) => {
      let date: Date | undefined;
      if (INSTANT.test(value)) date = new Date(value);
      else if (DATE.test(value)) {
        const key = Number(value.replaceAll('-', ''));
        const [y, m, d] = value.split('-').map(Number) as [number, number, number];
        const probe = new Date(Date.UTC(y, m - 1, d));
        if (probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d)
          date = parisMidnightUtc(key);
      }
      if (!date || Number.isNaN(date.getTime())) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an ISO 8601 instant with an offset (2025-02-20T09:30:00Z) or a date (2025-02-20, Paris midnight)`,
        });
        return z.NEVER;
      }
      return date;
    })
    .openapi({
      type: 'string',
      description: `${name === 'from' ? 'Start (included)' : 'End (excluded)'}: an ISO 8601 instant with an offset, or a date YYYY-MM-DD meaning Paris midnight.`,
      example: name === 'from' ? '2025-02-20T00:00:00Z' : '2025-02-21T00:00:00Z',
    });

/** `limit`: items per page, between 1 and `max`. */
const pageLimit = (max: number, fallback: number) =>
  z.coerce
    .number({ message: 'limit must be a whole number' })
    .int({ message: 'limit must be a whole number' })
    .min(1, { message: `limit must be between 1 and ${max}` })
    .max(max, { message: `limit must be between 1 and ${max}` })
    .default(fallback)
    .openapi({ description: `Items per page, at most ${max}.` });

const pageCursor = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a next_cursor returned by this route' })
  .optional()
  .openapi({ description: 'The `next_cursor` of the previous page.' });

const seriesShape = {
  region_code: z
    .string()
    .max(3, {
      message: `region_code must be one of the regional feed's INSEE codes: ${FEED_REGIONS.join(', ')}`,
    })
    .refine((v) => FEED_REGIONS.includes(v), {
      message: `region_code must be one of the regional feed's INSEE codes: ${FEED_REGIONS.join(', ')}`,
    })
    .optional()
    .openapi({
      description: 'INSEE region code; omitted: every region of the regional feed.',
      example: '75',
    }),
  from: instant('from'),
  to: instant('to'),
  granularity: z
    .enum(GRANULARITIES, { message: `granularity must be one of ${GRANULARITIES.join(', ')}` })
    .default('15min')
    .openapi({
      description:
        '15min: the quarter-hour facts; hour: UTC hours; day: Paris calendar days (23, 24 or 25 hours). Longest range: 31, 93 and 400 days.',
    }),
  limit: pageLimit(MAX_PAGE, DEFAULT_PAGE),
  cursor: pageCursor,
};

function rangeCheck(q: { from: Date; to: Date; granularity: Granularity }, ctx: z.RefinementCtx): void {
  if (!(q.from < q.to)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: '`from` must be before `to`' });
    return;
  }
  const max = MAX_RANGE_DAYS[q.granularity];
  if (q.to.getTime() - q.from.getTime() > max * 86_400_000) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `at ${q.granularity} granularity the range may span at most ${max} days`,
    });
  }
}

const sourceList = z
  .string()
  .max(400)
  .transform((value, ctx) => {
    const codes = [...new Set(value.split(',').map((s) => s.trim()))];
    const unknown = codes.filter((c) => !SOURCE_CODES.includes(c));
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown source ${JSON.stringify(unknown[0])}: one or more of ${SOURCE_CODES.join(', ')}, comma-separated`,
      });
      return z.NEVER;
    }
    return codes;
  })
  .optional()
  .openapi({
    type: 'string',
    description: `Production sources to include, comma-separated (${SOURCE_CODES.join(', ')}); omitted: all.`,
    example: 'nucleaire,eolien,solaire',
  });

const decimal = z
  .enum(['comma', 'point'], { message: 'decimal must be comma or point' })
  .default('comma')
  .openapi({ description: 'Decimal separator: comma (French Excel, the default) or point.' });

export const carbonQuery = z.object(seriesShape).strict().superRefine(rangeCheck);
export const productionQuery = z
  .object({ ...seriesShape, source: sourceList })
  .strict()
  .superRefine(rangeCheck);
// The export streams the whole selection: no paging parameters.
const exportShape = (({ limit: _limit, cursor: _cursor, ...rest }) => rest)(seriesShape);

export const csvQuery = z
  .object({ ...exportShape, source: sourceList, decimal })
  .strict()
  .superRefine(rangeCheck);

export const MAX_ALERTS_PAGE = 500;

/** GET /alerts: the GraphQL `alerts` filters in the REST spelling. */
export const alertsQuery = z
  .object({
    status: z
      .enum(ALERT_STATUSES, { message: `status must be one of ${ALERT_STATUSES.join(', ')}` })
      .optional()
      .openapi({ description: 'open, acknowledged or resolved; omitted: all.' }),
    kind: z
      .enum(ALERT_KINDS, { message: `kind must be one of ${ALERT_KINDS.join(', ')}` })
      .optional()
      .openapi({ description: 'The rule; omitted: all.' }),
    region_code: seriesShape.region_code.openapi({
      description: 'INSEE region code; omitted: every region and the national alerts.',
      example: '75',
    }),
    from: instant('from').optional(),
    to: instant('to').optional(),
    limit: pageLimit(MAX_ALERTS_PAGE, 100),
    cursor: pageCursor,
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from && q.to && !(q.from < q.to))
      ctx.addIssue({ code: 'custom', path: ['to'], message: '`from` must be before `to`' });
  });

export type AlertsQuery = z.output<typeof alertsQuery>;
export type SeriesQuery = z.output<typeof carbonQuery>;
export type ProductionQuery = z.output<typeof productionQuery>;
export type CsvQuery = z.output<typeof csvQuery>;

/** Parses with the schema; the first problem becomes a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new QueryInputError(`unknown parameter ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`);
  }
  const where = issue.path.join('.');
  const given = (raw as Record<string, unknown> | undefined)?.[String(issue.path[0])];
  const message =
    issue.code === 'invalid_type' && given === undefined
      ? `${where} is required`
      : Array.isArray(given)
        ? `${where} must be given once`
        : issue.message;
  throw new QueryInputError(where && !message.includes(where) ? `${where}: ${message}` : message);
}

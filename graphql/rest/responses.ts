import { z } from 'zod';
import './params';

/** Response bodies of the REST routes, for /openapi.json (the handlers build them). */

const period = {
  region_code: z.string().openapi({ example: '75' }),
  period_start_utc: z.string().openapi({ format: 'date-time', example: '2025-02-20T12:30:00.000Z' }),
  period_start_paris: z
    .string()
    .openapi({ description: 'Paris wall-clock time with its offset', example: '2025-02-20T13:30:00+01:00' }),
  quarter_hours: z.number().int().openapi({ description: 'Quarter-hours of facts behind the item' }),
};

const envelope = <T extends z.ZodType>(item: T) => ({
  region_code: z.string().nullable().openapi({ description: 'null: every region' }),
  from: z.string(),
  to: z.string(),
  granularity: z.enum(['15min', 'hour', 'day']),
  total: z.number().int().openapi({ description: 'Items in the whole selection, every page' }),
  items: z.array(item),
  next_cursor: z
    .string()
    .nullable()
    .openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
});

const nullableNumber = (description: string) => z.number().nullable().openapi({ description });

export const productionItem = z
  .object({
    ...period,
    production_mw: z.record(z.string(), z.number().nullable()).openapi({
      description: 'Mean MW per production source over the period',
      example: { nucleaire: 5782, eolien: 1021 },
    }),
    production_total_mw: nullableNumber(
      'Production of the producing sources (pumping and battery charging excluded), mean MW',
    ),
    consumption_mw: nullableNumber('Mean MW'),
    net_exchange_mw: nullableNumber(
      'Physical exchanges with neighbours, mean MW; negative: the region exports',
    ),
    carbon_intensity_g_per_kwh: nullableNumber('Life-cycle gCO2eq/kWh of the regional production'),
    renewable_share_pct: nullableNumber('% of production'),
    low_carbon_share_pct: nullableNumber('% of production'),
  })
  .openapi('RegionalProductionItem');

export const productionResponse = z.object(envelope(productionItem)).openapi('RegionalProductionPage');

export const carbonItem = z
  .object({ ...period, carbon_intensity_g_per_kwh: nullableNumber('Life-cycle gCO2eq/kWh') })
  .openapi('RegionalCarbonItem');

export const carbonResponse = z.object(envelope(carbonItem)).openapi('RegionalCarbonPage');

export const errorBody = z
  .object({
    code: z.string().openapi({ example: 'BAD_REQUEST' }),
    message: z.string().openapi({ example: '`from` must be before `to`' }),
    request_id: z.string().openapi({ example: '6f1c2f3e-4f5a-4b3c-9d2e-1a2b3c4d5e6f' }),
  })
  .openapi('Error');

const instantOrNull = (description: string) =>
  z.string().nullable().openapi({ format: 'date-time', description });

export const alertItem = z
  .object({
    id: z.number().int(),
    kind: z.enum(['OVER_PRODUCTION', 'NEGATIVE_PRICE_RISK']),
    region_code: z.string().nullable().openapi({ description: 'null: national (the regions summed)' }),
    status: z.enum(['open', 'acknowledged', 'resolved']),
    severity: z.enum(['low', 'medium', 'high']),
    episode_start: z
      .string()
      .openapi({ format: 'date-time', description: 'First quarter-hour the condition held' }),
    last_seen_at: z.string().openapi({ format: 'date-time', description: 'Last quarter-hour it held' }),
    episode_end: instantOrNull('Set on resolution'),
    evidence: z
      .record(z.string(), z.unknown())
      .openapi({ description: "The rule's values at the last sighting (docs/operations.md#alerts)" }),
    opened_at: z.string().openapi({ format: 'date-time' }),
    opened_by: z.string(),
    acknowledged_at: instantOrNull('When an admin acknowledged it'),
    acknowledged_by: z.string().nullable(),
    resolved_at: instantOrNull('When the evaluator or an admin resolved it'),
    resolved_by: z.string().nullable(),
    notes: z.string().nullable().openapi({ description: "Operators' notes, one line each" }),
  })
  .openapi('Alert');

export const alertsResponse = z
  .object({
    items: z.array(alertItem),
    next_cursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; null on the last' }),
  })
  .openapi('AlertPage');

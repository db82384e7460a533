import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * The maintenance page as the scraper expects it, read from maintenance.yaml: selectors and the
 * column labels that feed each field. A layout change upstream is then an edit of that file.
 */

/** The fields every scraped event carries; the page must show one column for each. */
export const MAINTENANCE_FIELDS = [
  'event_id',
  'unit',
  'zone',
  'type',
  'start',
  'end',
  'unavailable_mw',
  'description',
] as const;
export type MaintenanceField = (typeof MAINTENANCE_FIELDS)[number];

const selector = z.string().trim().min(1);

export const maintenanceSelectorsSchema = z.object({
  table: selector,
  headerCell: selector,
  row: selector,
  cell: selector,
  columns: z.object(
    Object.fromEntries(MAINTENANCE_FIELDS.map((f) => [f, z.string().trim().min(1)])) as Record<
      MaintenanceField,
      z.ZodString
    >,
  ),
  pagination: z.object({
    next: selector,
    counter: selector,
    counterPattern: z.string().refine(
      (p) => {
        try {
          return new RegExp(p).source.length > 0;
        } catch {
          return false;
        }
      },
      { message: 'not a valid regular expression' },
    ),
  }),
  noEventsMarker: selector,
  loadError: selector,
  maxPages: z.number().int().min(1).max(1000),
});

export type MaintenanceSelectors = z.infer<typeof maintenanceSelectorsSchema>;

/** Returns the parsed file, or a list of problems (each naming its path) for the caller's ConfigError. */
export function readMaintenanceSelectors(
  file: string,
): { ok: true; value: MaintenanceSelectors } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    return { ok: false, problem: `cannot read ${file}: ${(err as Error).message}` };
  }
  const parsed = maintenanceSelectorsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('\n');
    return { ok: false, problem: `invalid ${file}:\n${issues}` };
  }
  return { ok: true, value: parsed.data };
}

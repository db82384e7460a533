import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, defineConfigSlice } from '../../lib/config';

/**
 * The alert rules as declared data (alerts.yaml): every threshold is `{ value, why }`, the why a
 * one-line rationale rendered into the README (rules-table.ts). Validated when the configuration is built,
 * so a typo stops the process at start with the field's path, not at the first evaluation.
 */
const why = z.string().trim().min(10, 'give a one-line rationale (at least 10 characters)');
const threshold = <T extends z.ZodType<number>>(value: T) => z.object({ value, why }).strict();
const positive = threshold(z.number().positive());
const share = threshold(z.number().min(0).max(10));
const count = threshold(
  z
    .number()
    .int()
    .min(1)
    .max(96 * 7),
);
const hour = threshold(z.number().int().min(0).max(24));
const weight = threshold(z.number().min(0).max(100));

export const alertRulesSchema = z
  .object({
    overProduction: z
      .object({
        ratio: positive,
        consecutiveQuarterHours: count,
        baselinePercentile: threshold(z.number().min(50).max(100)),
        baselineDays: threshold(z.number().int().min(1).max(90)),
        minBaselineSamples: threshold(
          z
            .number()
            .int()
            .min(0)
            .max(96 * 90),
        ),
        severityMargins: z.object({ medium: share, high: share }).strict(),
      })
      .strict(),
    negativePriceRisk: z
      .object({
        residualShare: share,
        mustRunNuclearShare: threshold(z.number().min(0).max(1)),
        exportShare: share,
        middaySolarHours: z.object({ from: hour, to: hour }).strict(),
        lowPriceEurMwh: threshold(z.number()),
        weights: z
          .object({
            residualLoad: weight,
            netExports: weight,
            nonWorkingDay: weight,
            middaySolar: weight,
            lowPrice: weight,
          })
          .strict(),
        scoreThreshold: threshold(z.number().positive()),
        consecutiveQuarterHours: count,
      })
      .strict(),
    lifecycle: z.object({ resolveAfterClearQuarterHours: count }).strict(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.overProduction.severityMargins.high.value < r.overProduction.severityMargins.medium.value)
      ctx.addIssue({
        code: 'custom',
        path: ['overProduction', 'severityMargins', 'high', 'value'],
        message: 'must be at least severityMargins.medium',
      });
    const hours = r.negativePriceRisk.middaySolarHours;
    if (hours.to.value <= hours.from.value)
      ctx.addIssue({
        code: 'custom',
        path: ['negativePriceRisk', 'middaySolarHours', 'to', 'value'],
        message: 'must be after middaySolarHours.from',
      });
  });

export type AlertRulesFile = z.infer<typeof alertRulesSchema>;

type Values<T> = T extends { value: infer V; why: string }
  ? V
  : T extends object
    ? { [K in keyof T]: Values<T[K]> }
    : T;

/** The rules' parameters without their rationales, as the pure rule functions take them. */
export type AlertRules = Values<AlertRulesFile>;

function stripWhy(node: unknown): unknown {
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('value' in o && 'why' in o) return o.value;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, stripWhy(v)]));
  }
  return node;
}

export function parseAlertRules(raw: unknown, origin = 'alerts.yaml'): AlertRules {
  const parsed = alertRulesSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('\n');
    throw new ConfigError(`invalid ${origin}:\n${issues}`);
  }
  return stripWhy(parsed.data) as AlertRules;
}

/** Reads and validates the rules file; throws ConfigError naming the file and each bad field. */
export function readAlertRules(file: string): AlertRules {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return parseAlertRules(raw, file);
}

/** Configuration slice `alerts`: GPS_ALERTS_YAML (default alerts.yaml), read once at start. */
export const alertsConfig = defineConfigSlice({
  key: 'alerts',
  env: { GPS_ALERTS_YAML: z.string().min(1).default('alerts.yaml') },
  build(e) {
    const file = path.resolve(e.GPS_ALERTS_YAML);
    return { file, rules: readAlertRules(file) };
  },
});

export type AlertsConfig = ReturnType<typeof alertsConfig.build>;

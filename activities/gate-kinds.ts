import type { Knex } from 'knex';
import { countRows, inWindow, type QualityGate } from './quality';

/**
 * The two kinds of gate most datasets declare, written once: a physical range a column must stay
 * in, and the age of the newest row. Both count or measure, and flag; neither changes a value.
 */

export interface RangeRule {
  name: string;
  severity: QualityGate['severity'];
  table: string;
  column: string;
  /** Inclusive bounds; leave one out for a one-sided rule. */
  min?: number;
  max?: number;
  unit: string;
  /** Why a value outside the bounds is wrong (blocking) or suspicious (warning). */
  description: string;
  /** The time column the gate window applies to. */
  timeColumn?: string;
  /** Narrows the rows the rule applies to (generating sources only, regional events only). */
  only?: (query: Knex.QueryBuilder) => Knex.QueryBuilder;
}

function boundsText({ min, max, unit }: RangeRule): string {
  if (min !== undefined && max !== undefined) return `outside ${min}..${max} ${unit}`;
  return min !== undefined ? `below ${min} ${unit}` : `above ${max} ${unit}`;
}

export function rangeGate(rule: RangeRule): QualityGate {
  return {
    name: rule.name,
    severity: rule.severity,
    description: rule.description,
    async check({ db }, w) {
      const rows = inWindow(db(rule.table), w, rule.timeColumn);
      const outliers = await countRows(
        (rule.only ? rule.only(rows) : rows).where((q) => {
          if (rule.min !== undefined) q.orWhere(rule.column, '<', rule.min);
          if (rule.max !== undefined) q.orWhere(rule.column, '>', rule.max);
        }),
      );
      return { observed: outliers, threshold: `= 0 rows ${boundsText(rule)}`, passed: outliers === 0 };
    },
  };
}

export interface FreshnessRule {
  table: string;
  /** The instant column whose newest value says how fresh the feed is. */
  column: string;
  maxAge: number;
  unit: 'hours' | 'days';
  description: string;
}

const UNIT_MS = { hours: 3_600_000, days: 86_400_000 } as const;

/** A warning when the newest row is older than the feed's usual lag: the upstream stopped. */
export function freshnessGate(rule: FreshnessRule): QualityGate {
  return {
    name: 'freshness',
    severity: 'warning',
    description: rule.description,
    async check({ db }) {
      const row = (await db(rule.table).max({ latest: rule.column }).first()) as
        { latest: string | Date | null } | undefined;
      const latest = row?.latest ? new Date(row.latest).getTime() : 0;
      const age = latest ? (Date.now() - latest) / UNIT_MS[rule.unit] : Number.POSITIVE_INFINITY;
      return {
        observed: Number.isFinite(age) ? Math.round(age * 100) / 100 : -1,
        threshold: `< ${rule.maxAge} ${rule.unit}`,
        passed: age < rule.maxAge,
      };
    },
  };
}

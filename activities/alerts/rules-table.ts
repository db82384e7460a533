import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { alertRulesSchema } from './rules-config';

/**
 * The README's table of alert thresholds, rendered from alerts.yaml itself so that the values
 * and rationales a reader sees are the ones the rules run with (`npm run docs:alert-rules`
 * rewrites it; a unit test fails when it is stale).
 */

export const TABLE_BEGIN =
  '<!-- alert-rules:begin (generated from alerts.yaml by npm run docs:alert-rules) -->';
export const TABLE_END = '<!-- alert-rules:end -->';

interface Threshold {
  path: string;
  value: number;
  why: string;
}

function thresholds(node: unknown, path: string[] = []): Threshold[] {
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  if (typeof o.value === 'number' && typeof o.why === 'string') {
    return [{ path: path.join('.'), value: o.value, why: o.why }];
  }
  return Object.entries(o).flatMap(([k, v]) => thresholds(v, [...path, k]));
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The table for one alerts.yaml, validated first: an invalid file is not documented. */
export function renderAlertRulesTable(yamlText: string): string {
  const rules = alertRulesSchema.parse(parseYaml(yamlText));
  const rows = thresholds(rules).map((t) => `| \`${t.path}\` | ${t.value} | ${cell(t.why)} |`);
  return [TABLE_BEGIN, '| threshold | value | why |', '|---|---|---|', ...rows, TABLE_END].join('\n');
}

/** `document` with its generated table replaced by the one for `yamlFile`. */
export function withAlertRulesTable(document: string, yamlFile: string): string {
  const begin = document.indexOf(TABLE_BEGIN);
  const end = document.indexOf(TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`the document has no ${TABLE_BEGIN} … ${TABLE_END} block`);
  const table = renderAlertRulesTable(readFileSync(yamlFile, 'utf8'));
  return document.slice(0, begin) + table + document.slice(end + TABLE_END.length);
}

import type { Knex } from 'knex';
import { parisCalendar, parisMidnightUtc } from '../../lib/domain/paris-time';

/**
 * One row in gold_changes for a load that changed rows: the UTC window it touched, whole Paris
 * days (the widest period an API answer aggregates), so the API drops exactly the cached answers
 * that may have changed.
 */
export async function logGoldChange(
  db: Knex,
  dataset: string,
  instants: string[],
  at: string,
): Promise<void> {
  if (!instants.length) return;
  const first = instants.reduce((m, t) => (t < m ? t : m));
  const last = instants.reduce((m, t) => (t > m ? t : m));
  const from = parisMidnightUtc(parisCalendar(new Date(first)).dateKey);
  const lastDay = parisMidnightUtc(parisCalendar(new Date(last)).dateKey);
  const to = parisMidnightUtc(parisCalendar(new Date(lastDay.getTime() + 26 * 3_600_000)).dateKey);
  await db('gold_changes').insert({
    dataset,
    from_utc: from.toISOString(),
    to_utc: to.toISOString(),
    changed_at: at,
  });
}

import type { Knex } from 'knex';
import { storeContentAddressed } from '../../activities/bronze/lake-objects';
import type { LakeStore } from '../../lib/lake';

const DAY_MS = 86_400_000;
const daysBefore = (asOf: Date, days: number) => new Date(asOf.getTime() - days * DAY_MS);
const dayOf = (t: Date) => t.toISOString().slice(0, 10);
const silverDay = (dataset: string, t: Date) => {
  const [y, m, d] = dayOf(t).split('-');
  return `silver/${dataset}/year=${y}/month=${m}/day=${d}/data.parquet`;
};

/** What a retention run with the default days (Bronze 90, Silver 730, quarantine 180) must do. */
export interface PlantedLake {
  /** Dated objects past their zone's cutoff, with the Bronze markers that point at them. */
  expired: string[];
  /** Dated objects inside their retention, undated partitions, and Gold: never deleted. */
  kept: string[];
  /** Quarantined objects (named by hash, no date): their age is their last write. */
  quarantine: string[];
  /** Bytes of the expired objects. */
  expiredBytes: number;
}

/**
 * Plants a lake around `asOf` the way the pipeline lays it out: content-addressed Bronze pages
 * with sidecars and markers, Silver day partitions, undated monthly and yearly partitions,
 * quarantine and rejected objects, and Gold exports.
 */
export async function plantRetentionLake(lake: LakeStore, asOf: Date): Promise<PlantedLake> {
  const expired: string[] = [];
  const kept: string[] = [];
  const bronze = async (prefix: string, fetchedAt: Date, body: string, into: string[]) => {
    const stored = await storeContentAddressed(
      lake,
      prefix,
      'json',
      Buffer.from(body),
      fetchedAt.toISOString(),
      {
        source: 'test',
      },
    );
    into.push(stored.key, `${stored.key}.meta.json`, `${prefix}/_by_sha256/${stored.sha256}`);
  };
  const put = async (key: string, body: string, into: string[]) => {
    await lake.put(key, body);
    into.push(key);
  };
  const regional = 'bronze/rte/production/eco2mix-regional-tr';
  await bronze(regional, daysBefore(asOf, 100), '{"results":["old"]}', expired);
  await bronze('bronze/entsoe/day-ahead-prices', daysBefore(asOf, 91.5), '{"old":"prices"}', expired);
  // The day the cutoff falls in is partly younger than 90 days: kept whole.
  await bronze(regional, daysBefore(asOf, 90), '{"results":["cutoff day"]}', kept);
  await bronze(regional, daysBefore(asOf, 1), '{"results":["new"]}', kept);
  await put('bronze/climate/era5/year=2001/month=01/t2m_0123456789abcdef.parquet', 'era5 month', kept);

  await put(silverDay('eco2mix_regional', daysBefore(asOf, 800)), 'old silver day', expired);
  await put(silverDay('eco2mix_regional', daysBefore(asOf, 731)), 'silver day past 730', expired);
  await put(silverDay('eco2mix_regional', daysBefore(asOf, 700)), 'silver day inside 730', kept);
  await put('silver/capacity/year=2001/data.parquet', 'yearly partition', kept);
  await put('silver/reference_sites/data.parquet', 'single-file dataset', kept);

  await put('gold/exports/2001/regional-production.csv', 'gold;never;deleted', kept);
  await put('gold/_rejected/date=2001-01-01/x.csv', 'gold, whatever its name says', kept);

  const quarantine = [
    'bronze/_quarantine/day-ahead-prices/0123456789abcdef.txt',
    'bronze/_quarantine/day-ahead-prices/0123456789abcdef.txt.meta.json',
    'silver/_rejected/eco2mix_regional/fedcba9876543210.parquet',
  ];
  for (const key of quarantine) await lake.put(key, `quarantined ${key}`);

  let expiredBytes = 0;
  for (const key of expired) expiredBytes += (await lake.get(key)).length;
  return { expired: expired.sort(), kept: kept.sort(), quarantine, expiredBytes };
}

/** Audit and quality rows either side of the audit cutoff (400 days), and one old Gold fact row. */
export async function plantRetentionRows(db: Knex, asOf: Date): Promise<{ expiredIds: number[] }> {
  const audit = (at: Date, step: string) => ({
    workflow_id: 'planted',
    run_id: 'r',
    workflow_type: 'test',
    step,
    source: 'rte-regional',
    status: 'succeeded',
    attempt: 1,
    at: at.toISOString(),
  });
  await db('ingestion_audit').insert([
    audit(daysBefore(asOf, 500), 'planted-expired'),
    audit(daysBefore(asOf, 400.01), 'planted-expired'),
    audit(daysBefore(asOf, 399.99), 'planted-kept'),
    audit(daysBefore(asOf, 2), 'planted-kept'),
  ]);
  const quality = (checkedAt: Date, gate: string) => ({
    gate,
    dataset: 'eco2mix_regional',
    window_start: checkedAt.toISOString(),
    window_end: checkedAt.toISOString(),
    severity: 'warning',
    observed: 1,
    threshold: '>= 1',
    outcome: 'pass',
    description: 'planted',
    workflow_id: 'planted',
    run_id: 'r',
    checked_at: checkedAt.toISOString(),
  });
  await db('quality_results').insert([
    quality(daysBefore(asOf, 450), 'planted-expired'),
    quality(daysBefore(asOf, 10), 'planted-kept'),
  ]);
  await db('fact_day_ahead_price').insert({
    bidding_zone: '10YFR-RTE------C',
    ts_utc: daysBefore(asOf, 5000).toISOString(),
    resolution_minutes: 60,
    price_eur_mwh: 42,
    document_mrid: 'planted',
    revision_number: 1,
    loaded_at: daysBefore(asOf, 5000).toISOString(),
  });
  const rows = await db('ingestion_audit').where({ step: 'planted-expired' }).select('id');
  return { expiredIds: rows.map((r: { id: number }) => r.id) };
}

/** Row counts of every table in a SQLite database, to show retention touched only its own. */
export async function sqliteTableCounts(db: Knex): Promise<Record<string, number>> {
  const tables: { name: string }[] = await db('sqlite_master')
    .where({ type: 'table' })
    .whereNot('name', 'like', 'sqlite_%')
    .select('name');
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db(name).count({ n: '*' });
    counts[name] = Number(row?.n);
  }
  return counts;
}

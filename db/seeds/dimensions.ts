import type { Knex } from 'knex';
import { REGIONS } from '../../lib/domain/regions';
import { ALL_SOURCES } from '../../lib/domain/sources';

/** Static dimensions, upserted so the seed can run at every start. */
export async function seedDimensions(db: Knex): Promise<void> {
  await db('dim_region')
    .insert(REGIONS.map((r) => ({ region_code: r.code, name: r.name, in_regional_feed: r.inRegionalFeed })))
    .onConflict('region_code')
    .merge(['name', 'in_regional_feed']);
  await db('dim_source')
    .insert(
      ALL_SOURCES.map((s) => ({
        source_code: s.code,
        label: s.label,
        category: s.category,
        renewable: s.renewable,
        low_carbon: s.lowCarbon,
        emission_factor_g: s.emissionFactorG,
        emission_factor_ref: s.emissionFactorRef,
      })),
    )
    .onConflict('source_code')
    .merge();
  const times = [];
  for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
    const hour = Math.floor(minutes / 60);
    const minute = minutes % 60;
    times.push({
      time_key: minutes,
      hour,
      minute,
      label: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    });
  }
  await db('dim_time').insert(times).onConflict('time_key').ignore();
}

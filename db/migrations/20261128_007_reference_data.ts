import type { Knex } from 'knex';

/**
 * Reference data: region demographics and lifecycle status on dim_region, installed capacity per
 * region x source x year, the asset registry (regions and grid nodes with their lifecycle) and its
 * event history, and the receipts of files taken from the landing zone. Nothing here is ever
 * hard-deleted: an asset that disappears becomes stale, then inactive.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dim_region', (t) => {
    t.bigInteger('population');
    t.integer('population_year');
    t.double('area_km2');
    // 'demographics' when the landed file gave it, 'geojson' when computed from the region outline.
    t.string('area_source', 20);
    t.string('status', 10).notNullable().defaultTo('active'); // active | stale | inactive
  });

  await knex.schema.createTable('fact_installed_capacity', (t) => {
    t.string('region_code', 3).notNullable().references('dim_region.region_code');
    t.string('source_code', 40).notNullable().references('dim_source.source_code');
    t.integer('year').notNullable();
    t.double('capacity_mw').notNullable();
    t.integer('installations');
    t.string('bronze_key', 500).notNullable(); // the landed file the figure comes from
    t.timestamp('loaded_at', { useTz: true }).notNullable();
    t.primary(['region_code', 'source_code', 'year']);
  });

  await knex.schema.createTable('asset_registry', (t) => {
    t.string('asset_type', 10).notNullable(); // region | node
    t.string('asset_code', 60).notNullable();
    t.string('name', 200);
    t.string('region_code', 3); // the node's region; the region itself for a region
    t.string('status', 10).notNullable(); // active | stale | inactive
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('status_changed_at', { useTz: true }).notNullable();
    t.string('last_seen_by', 60).notNullable();
    t.primary(['asset_type', 'asset_code']);
    t.index(['status', 'last_seen_at'], 'ix_asset_status_seen');
  });

  await knex.schema.createTable('asset_events', (t) => {
    t.increments('id');
    t.string('asset_type', 10).notNullable();
    t.string('asset_code', 60).notNullable();
    t.string('event', 12).notNullable(); // discovered | stale | inactive | reactivated
    t.string('from_status', 10);
    t.string('to_status', 10).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('source', 60).notNullable();
    t.text('details'); // JSON
    t.index(['asset_type', 'asset_code', 'at'], 'ix_asset_events_asset');
  });

  await knex.schema.createTable('landing_receipts', (t) => {
    t.string('kind', 20).notNullable(); // capacity | demographics
    t.string('sha256', 64).notNullable();
    t.string('file_name', 255).notNullable();
    t.string('landing_key', 500).notNullable();
    t.string('bronze_key', 500).notNullable();
    t.bigInteger('bytes').notNullable();
    t.string('format', 40);
    t.string('status', 10).notNullable(); // valid | invalid
    t.text('reason');
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.primary(['kind', 'sha256']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['landing_receipts', 'asset_events', 'asset_registry', 'fact_installed_capacity']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('dim_region', (t) => {
    t.dropColumns('population', 'population_year', 'area_km2', 'area_source', 'status');
  });
}

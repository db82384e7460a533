import type { Knex } from 'knex';

/**
 * The reference database is not ours: it belongs to the grid operator and is only read. This is
 * the shape the extract expects (the registry's vocabulary: sites attached to a "poste source",
 * the grid node, itself in an INSEE region), and a small demo content so the embedded default and
 * the tests have a real database to read. Site names and capacities are illustrative, in the
 * registry's format (capacities in kW, filière labels as ODRE spells them); they are not copied
 * from the registry.
 */
export async function createReferenceSchema(db: Knex): Promise<void> {
  await db.schema.createTable('regions', (t) => {
    t.string('code_insee_region', 3).primary();
    t.string('nom_region', 80).notNullable();
  });
  await db.schema.createTable('grid_nodes', (t) => {
    t.string('code_poste', 20).primary();
    t.string('nom_poste', 120).notNullable();
    t.integer('tension_kv').notNullable();
    t.string('code_insee_region', 3).notNullable().references('regions.code_insee_region');
  });
  await db.schema.createTable('sites', (t) => {
    t.string('id_site', 30).primary();
    t.string('nom_installation', 200).notNullable();
    t.string('filiere', 60).notNullable();
    t.double('puismaxinstallee_kw').notNullable();
    t.date('date_mise_en_service');
    t.string('code_poste', 20).notNullable().references('grid_nodes.code_poste');
  });
}

export const DEMO_REGIONS = [
  { code_insee_region: '75', nom_region: 'Nouvelle-Aquitaine' },
  { code_insee_region: '53', nom_region: 'Bretagne' },
  { code_insee_region: '84', nom_region: 'Auvergne-Rhône-Alpes' },
];

export const DEMO_NODES = [
  { code_poste: 'BLAYAP', nom_poste: 'Blaye', tension_kv: 400, code_insee_region: '75' },
  { code_poste: 'SAUCAP', nom_poste: 'Saucats', tension_kv: 225, code_insee_region: '75' },
  { code_poste: 'BRENNP', nom_poste: 'Brennilis', tension_kv: 225, code_insee_region: '53' },
  { code_poste: 'GENISP', nom_poste: 'Génissiat', tension_kv: 225, code_insee_region: '84' },
];

export const DEMO_SITES = [
  {
    id_site: 'DEMO-0001',
    nom_installation: 'Centrale nucléaire (démo)',
    filiere: 'Nucléaire',
    puismaxinstallee_kw: 3_640_000,
    date_mise_en_service: '1981-06-12',
    code_poste: 'BLAYAP',
  },
  {
    id_site: 'DEMO-0002',
    nom_installation: 'Parc solaire (démo)',
    filiere: 'Solaire',
    puismaxinstallee_kw: 300_000,
    date_mise_en_service: '2015-12-01',
    code_poste: 'SAUCAP',
  },
  {
    id_site: 'DEMO-0003',
    nom_installation: 'Parc éolien des monts (démo)',
    filiere: 'Eolien',
    puismaxinstallee_kw: 36_000,
    date_mise_en_service: '2009-04-20',
    code_poste: 'BRENNP',
  },
  {
    id_site: 'DEMO-0004',
    nom_installation: 'Aménagement hydroélectrique (démo)',
    filiere: 'Hydraulique',
    puismaxinstallee_kw: 420_000,
    date_mise_en_service: '1948-01-19',
    code_poste: 'GENISP',
  },
];

export async function seedDemoReference(db: Knex): Promise<void> {
  await createReferenceSchema(db);
  await db('regions').insert(DEMO_REGIONS);
  await db('grid_nodes').insert(DEMO_NODES);
  await db('sites').insert(DEMO_SITES);
}

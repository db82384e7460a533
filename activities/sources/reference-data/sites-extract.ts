import { AUDIT_STEP } from '../../audit-vocabulary';
import type { Knex } from 'knex';
import type { ActivityDeps } from '../../deps';
import { audited } from '../../audit';
import { writeBronze, type BronzeObject } from '../../bronze/lake-objects';
import { activityOrigin, markAssetsSeen, type AssetEvent, type AssetSighting } from '../../asset-registry';
import { describeReferenceDb, openReferenceDb, referenceDbConfig } from '../../../lib/reference-db';

/**
 * Reference SQL database (FR4): sites -> grid nodes ("postes sources") -> regions, read through
 * its own connection string and snapshotted to `bronze/reference/sites/` as JSON. The snapshot
 * holds only what the database holds (no extraction time inside), so an unchanged database lands
 * once: Bronze's content-hash marker recognises the bytes. The regions and nodes it lists are
 * reported to the asset registry as seen.
 */
export const REFERENCE_SITES = {
  name: 'reference-sites',
  bronzePrefix: 'bronze/reference/sites',
};

export interface SiteRow {
  site_id: string;
  site_name: string;
  filiere: string;
  capacity_kw: number;
  commissioned_on: string | null;
  node_code: string;
  node_name: string;
  voltage_kv: number;
  region_code: string;
  region_name: string;
}

/** Ordered on the site id so the same content always serialises to the same bytes. */
export async function extractSites(ref: Knex): Promise<SiteRow[]> {
  const rows = await ref('sites as s')
    .join('grid_nodes as n', 'n.code_poste', 's.code_poste')
    .join('regions as r', 'r.code_insee_region', 'n.code_insee_region')
    .select(
      's.id_site as site_id',
      's.nom_installation as site_name',
      's.filiere',
      's.puismaxinstallee_kw as capacity_kw',
      's.date_mise_en_service as commissioned_on',
      'n.code_poste as node_code',
      'n.nom_poste as node_name',
      'n.tension_kv as voltage_kv',
      'r.code_insee_region as region_code',
      'r.nom_region as region_name',
    )
    .orderBy('s.id_site');
  return rows.map((r: SiteRow) => ({
    ...r,
    capacity_kw: Number(r.capacity_kw),
    voltage_kv: Number(r.voltage_kv),
    // PostgreSQL hands a DATE back as a Date at local midnight; SQLite as the stored text.
    commissioned_on:
      r.commissioned_on === null
        ? null
        : typeof r.commissioned_on === 'string'
          ? r.commissioned_on.slice(0, 10)
          : localDate(r.commissioned_on as unknown as Date),
  }));
}

function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function sightingsOf(rows: SiteRow[]): AssetSighting[] {
  const regions = new Map<string, AssetSighting>();
  const nodes = new Map<string, AssetSighting>();
  for (const r of rows) {
    regions.set(r.region_code, {
      type: 'region',
      code: r.region_code,
      name: r.region_name,
      regionCode: r.region_code,
    });
    nodes.set(r.node_code, { type: 'node', code: r.node_code, name: r.node_name, regionCode: r.region_code });
  }
  return [...regions.values(), ...nodes.values()];
}

export interface SitesExtractResult {
  object: BronzeObject;
  sites: number;
  regions: string[];
  nodes: string[];
  events: AssetEvent[];
}

export function createReferenceSitesExtract(deps: ActivityDeps) {
  return async function referenceSitesToBronze(): Promise<SitesExtractResult> {
    const outcome = await audited(
      deps.db,
      { step: AUDIT_STEP.toBronze, source: 'reference-data', dataset: 'reference_sites' },
      async () => {
        const dbConfig = referenceDbConfig(deps.config.reference);
        const ref = await openReferenceDb(dbConfig);
        let rows: SiteRow[];
        try {
          rows = await extractSites(ref);
        } finally {
          await ref.destroy();
        }
        const extractedAt = new Date().toISOString();
        const body = JSON.stringify({ source: REFERENCE_SITES.name, sites: rows }, null, 1);
        const object = await writeBronze(deps.lake, REFERENCE_SITES.bronzePrefix, 'json', body, {
          source: REFERENCE_SITES.name,
          url: describeReferenceDb(dbConfig),
          params: { query: 'sites -> grid_nodes -> regions' },
          httpStatus: 0, // not an HTTP source: 0 says "no response status", the field is kept for one meta shape
          recordCount: rows.length,
          fetchedAt: extractedAt,
        });
        const sightings = sightingsOf(rows);
        const events = await markAssetsSeen(deps.db, deps.config.assets, activityOrigin(), {
          source: 'reference-data',
          seenAt: extractedAt,
          now: extractedAt,
          assets: sightings,
        });
        const result: SitesExtractResult = {
          object,
          sites: rows.length,
          regions: sightings.filter((s) => s.type === 'region').map((s) => s.code),
          nodes: sightings.filter((s) => s.type === 'node').map((s) => s.code),
          events,
        };
        return {
          rows: rows.length,
          bytes: object.bytes,
          details: { key: object.key, isNew: object.isNew, events: events.length },
          result,
        };
      },
    );
    return outcome.result;
  };
}

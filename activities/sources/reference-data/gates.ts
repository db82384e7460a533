import type { Knex } from 'knex';
import { countRows, type DatasetDeclaration, type GateWindow, type QualityGate } from '../../quality';
import { regionAreasKm2 } from '../../../lib/geo/region-area';
import { DATASET as CAPACITY_DATASET_NAME } from './capacity-silver';

/**
 * Gates of the reference data in Gold: installed capacity (fact_installed_capacity, per year
 * loaded) and region demographics (the population and area columns of dim_region, a snapshot).
 * They flag; no gate changes a value.
 */

// France's whole nuclear fleet, the largest fleet of any source, is 61.4 GW: one region and source
// above 70 GW is a unit error that slipped under Silver's 100 GW bound, certainly wrong.
export const MAX_REGION_SOURCE_CAPACITY_MW = 70_000;

// France has about 150 GW installed in all; a year summing above 200 GW counts something twice or
// in the wrong unit, though every row alone looked possible.
export const MAX_NATIONAL_CAPACITY_MW = 200_000;

// The registry is a year-end snapshot published months later: in year N the newest is N-1, and N-2
// until it lands; older than that, nobody has dropped the latest file.
export const CAPACITY_STALE_AFTER_YEARS = 2;

/** Calendar years of a window built by `yearWindow`: first inclusive, last exclusive. */
function yearsOf(w: GateWindow): { from: number; to: number } {
  return { from: Number(w.from.slice(0, 4)), to: Number(w.to.slice(0, 4)) };
}

const capacityIn = (db: Knex, w: GateWindow) => {
  const { from, to } = yearsOf(w);
  return db('fact_installed_capacity').where('year', '>=', from).andWhere('year', '<', to);
};

const currentYear = () => new Date().getUTCFullYear();

export const INSTALLED_CAPACITY_GATES: readonly QualityGate[] = [
  {
    name: 'capacity_mw_range',
    severity: 'blocking',
    description: `each region and source has 0..${MAX_REGION_SOURCE_CAPACITY_MW} MW installed (the whole French nuclear fleet is 61.4 GW)`,
    async check({ db }, w) {
      const outliers = await countRows(
        capacityIn(db, w).where((q) =>
          q.where('capacity_mw', '<', 0).orWhere('capacity_mw', '>', MAX_REGION_SOURCE_CAPACITY_MW),
        ),
      );
      return {
        observed: outliers,
        threshold: `= 0 rows outside 0..${MAX_REGION_SOURCE_CAPACITY_MW} MW`,
        passed: outliers === 0,
      };
    },
  },
  {
    name: 'national_capacity_plausible',
    severity: 'warning',
    description: `each year sums to at most ${MAX_NATIONAL_CAPACITY_MW} MW over France (about 150 GW installed)`,
    async check({ db }, w) {
      const years = (await capacityIn(db, w)
        .groupBy('year')
        .select('year')
        .sum({ total: 'capacity_mw' })) as { year: number; total: number | string | null }[];
      const worst = years.reduce((max, y) => Math.max(max, Number(y.total ?? 0)), 0);
      return {
        observed: Math.round(worst),
        threshold: `<= ${MAX_NATIONAL_CAPACITY_MW} MW (largest yearly total)`,
        passed: worst <= MAX_NATIONAL_CAPACITY_MW,
      };
    },
  },
  {
    name: 'freshness',
    severity: 'warning',
    description: `the newest capacity year is at most ${CAPACITY_STALE_AFTER_YEARS} years before the current one`,
    async check({ db }) {
      const row = (await db('fact_installed_capacity').max({ latest: 'year' }).first()) as
        { latest: number | string | null } | undefined;
      const latest = row?.latest === null || row?.latest === undefined ? undefined : Number(row.latest);
      const lag = latest === undefined ? -1 : currentYear() - latest;
      return {
        observed: lag,
        threshold: `<= ${CAPACITY_STALE_AFTER_YEARS} years behind`,
        passed: lag >= 0 && lag <= CAPACITY_STALE_AFTER_YEARS,
      };
    },
  },
];

/**
 * No completeness gate for capacity: files arrive per region or per registry extract, so a run
 * that brings one region's figures is complete for what it brings.
 */
export const INSTALLED_CAPACITY_DATASET: DatasetDeclaration = {
  name: CAPACITY_DATASET_NAME,
  goldTables: ['fact_installed_capacity'],
  gates: INSTALLED_CAPACITY_GATES,
};

/** The calendar years loaded, as a window from 1 January of the first to 1 January after the last. */
export function yearWindow(years: readonly number[]): GateWindow {
  if (!years.length) throw new Error('a capacity gate window needs at least one year');
  return {
    from: `${String(Math.min(...years)).padStart(4, '0')}-01-01T00:00:00.000Z`,
    to: `${String(Math.max(...years) + 1).padStart(4, '0')}-01-01T00:00:00.000Z`,
  };
}

// Legal populations run from Corse (about 350 000) to Île-de-France (about 12.4 M): a region
// outside 100 000..20 M is a digit too many or too few, certainly wrong.
export const POPULATION_RANGE = [100_000, 20_000_000] as const;

// Region outlines match the official areas within about 1 %; a landed area off by more than 10 %
// is in another unit (hectares, square miles) or for another region. A warning: the file is a
// source, the outline our own drawing.
export const AREA_TOLERANCE = 0.1;

// INSEE legal populations describe year N-3 and are published each December; a newest year more
// than five years old means two yearly files were missed.
export const POPULATION_STALE_AFTER_YEARS = 5;

export const REGION_DEMOGRAPHICS_GATES: readonly QualityGate[] = [
  {
    name: 'population_range',
    severity: 'blocking',
    description: `every regional population is within ${POPULATION_RANGE[0]}..${POPULATION_RANGE[1]}`,
    async check({ db }) {
      const [min, max] = POPULATION_RANGE;
      const outliers = await countRows(
        db('dim_region')
          .whereNotNull('population')
          .andWhere((q) => q.where('population', '<', min).orWhere('population', '>', max)),
      );
      return { observed: outliers, threshold: `= 0 regions outside ${min}..${max}`, passed: outliers === 0 };
    },
  },
  {
    name: 'area_matches_outline',
    severity: 'warning',
    description: `an area taken from a landed file is within ${AREA_TOLERANCE * 100} % of the region's outline`,
    async check({ db }) {
      const outlines = regionAreasKm2();
      // Areas computed from the outline are the outline: only those a file gave are compared.
      const given = (await db('dim_region')
        .where({ area_source: 'demographics' })
        .whereNotNull('area_km2')
        .select('region_code', 'area_km2')) as { region_code: string; area_km2: number | string }[];
      const off = given.filter((r) => {
        const outline = outlines.get(r.region_code);
        return outline !== undefined && Math.abs(Number(r.area_km2) - outline) / outline > AREA_TOLERANCE;
      });
      return {
        observed: off.length,
        threshold: `= 0 regions more than ${AREA_TOLERANCE * 100} % off their outline`,
        passed: off.length === 0,
      };
    },
  },
  {
    name: 'demographics_complete',
    severity: 'warning',
    // Density and per-capita figures of the API are missing for such a region; nothing is wrong.
    description: 'every region has a population and an area',
    async check({ db }) {
      const missing = await countRows(
        db('dim_region').where((q) => q.whereNull('population').orWhereNull('area_km2')),
      );
      return {
        observed: missing,
        threshold: '= 0 regions without population or area',
        passed: missing === 0,
      };
    },
  },
  {
    name: 'freshness',
    severity: 'warning',
    description: `the newest population year is at most ${POPULATION_STALE_AFTER_YEARS} years before the current one`,
    async check({ db }) {
      const row = (await db('dim_region').max({ latest: 'population_year' }).first()) as
        { latest: number | string | null } | undefined;
      const latest = row?.latest === null || row?.latest === undefined ? undefined : Number(row.latest);
      const lag = latest === undefined ? -1 : currentYear() - latest;
      return {
        observed: lag,
        threshold: `<= ${POPULATION_STALE_AFTER_YEARS} years behind`,
        passed: lag >= 0 && lag <= POPULATION_STALE_AFTER_YEARS,
      };
    },
  },
];

export const REGION_DEMOGRAPHICS_DATASET: DatasetDeclaration = {
  name: 'region_demographics',
  goldTables: ['dim_region'],
  gates: REGION_DEMOGRAPHICS_GATES,
};

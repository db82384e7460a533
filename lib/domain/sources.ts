/**
 * Production sources of the regional eCO2mix feed, declared once: the silver cleaning, the gold
 * source dimension and the API all read this table.
 *
 * Emission factors are life-cycle medians in gCO2eq/kWh from IPCC AR5 WG3 Annex III (2014),
 * table A.III.2. `thermique` mixes gas, oil and coal plants in the regional feed; gas combined
 * cycle (490) is used because gas dominates French fossil output. Pumping and battery charging
 * are consumption, not production, so they carry no factor of their own.
 */
export type SourceCategory = 'fossil' | 'nuclear' | 'renewable' | 'storage';

export interface ProductionSource {
  /** Column name in the eCO2mix regional feed, used as the natural key everywhere. */
  code: string;
  label: string;
  category: SourceCategory;
  renewable: boolean;
  lowCarbon: boolean;
  emissionFactorG: number;
  emissionFactorRef: string;
  /** Feed columns carrying the coverage rate (TCO, %) and load factor (TCH, %), when published. */
  coverageColumn?: string;
  loadFactorColumn?: string;
}

const IPCC = 'IPCC AR5 WG3 Annex III (2014), table A.III.2, life-cycle median';

export const PRODUCTION_SOURCES: readonly ProductionSource[] = [
  {
    code: 'thermique',
    label: 'Fossil thermal',
    category: 'fossil',
    renewable: false,
    lowCarbon: false,
    emissionFactorG: 490,
    emissionFactorRef: `${IPCC} (gas combined cycle)`,
    coverageColumn: 'tco_thermique',
    loadFactorColumn: 'tch_thermique',
  },
  {
    code: 'nucleaire',
    label: 'Nuclear',
    category: 'nuclear',
    renewable: false,
    lowCarbon: true,
    emissionFactorG: 12,
    emissionFactorRef: IPCC,
    coverageColumn: 'tco_nucleaire',
    loadFactorColumn: 'tch_nucleaire',
  },
  {
    code: 'eolien',
    label: 'Wind',
    category: 'renewable',
    renewable: true,
    lowCarbon: true,
    emissionFactorG: 11,
    emissionFactorRef: `${IPCC} (onshore)`,
    coverageColumn: 'tco_eolien',
    loadFactorColumn: 'tch_eolien',
  },
  {
    code: 'solaire',
    label: 'Solar',
    category: 'renewable',
    renewable: true,
    lowCarbon: true,
    emissionFactorG: 48,
    emissionFactorRef: `${IPCC} (utility PV)`,
    coverageColumn: 'tco_solaire',
    loadFactorColumn: 'tch_solaire',
  },
  {
    code: 'hydraulique',
    label: 'Hydro',
    category: 'renewable',
    renewable: true,
    lowCarbon: true,
    emissionFactorG: 24,
    emissionFactorRef: IPCC,
    coverageColumn: 'tco_hydraulique',
    loadFactorColumn: 'tch_hydraulique',
  },
  {
    code: 'bioenergies',
    label: 'Bioenergy',
    category: 'renewable',
    renewable: true,
    lowCarbon: false,
    emissionFactorG: 230,
    emissionFactorRef: `${IPCC} (dedicated biomass)`,
    coverageColumn: 'tco_bioenergies',
    loadFactorColumn: 'tch_bioenergies',
  },
  {
    code: 'pompage',
    label: 'Pumped storage (pumping)',
    category: 'storage',
    renewable: false,
    lowCarbon: true,
    emissionFactorG: 0,
    emissionFactorRef: 'consumption, not production',
  },
  {
    code: 'stockage_batterie',
    label: 'Battery charging',
    category: 'storage',
    renewable: false,
    lowCarbon: true,
    emissionFactorG: 0,
    emissionFactorRef: 'consumption, not production',
  },
  {
    code: 'destockage_batterie',
    label: 'Battery discharging',
    category: 'storage',
    renewable: false,
    lowCarbon: true,
    emissionFactorG: 0,
    emissionFactorRef: 'storage output; the stored energy was counted when produced',
  },
];

/**
 * The national feed splits `thermique` into its fuels. Gas and coal take the IPCC AR5 medians;
 * AR5 gives no median for oil-fired plants, so 650 gCO2eq/kWh (the life-cycle value Electricity
 * Maps uses for oil) is an assumption, stated as such.
 */
export const NATIONAL_ONLY_SOURCES: readonly ProductionSource[] = [
  {
    code: 'gaz',
    label: 'Gas',
    category: 'fossil',
    renewable: false,
    lowCarbon: false,
    emissionFactorG: 490,
    emissionFactorRef: `${IPCC} (gas combined cycle)`,
  },
  {
    code: 'charbon',
    label: 'Coal',
    category: 'fossil',
    renewable: false,
    lowCarbon: false,
    emissionFactorG: 820,
    emissionFactorRef: `${IPCC} (coal, pulverised)`,
  },
  {
    code: 'fioul',
    label: 'Oil',
    category: 'fossil',
    renewable: false,
    lowCarbon: false,
    emissionFactorG: 650,
    emissionFactorRef: 'assumption: no IPCC AR5 median for oil; Electricity Maps life-cycle default',
  },
];

/** Sources of the national feed, in the order the gold tables list them. */
export const NATIONAL_SOURCES: readonly ProductionSource[] = [
  ...NATIONAL_ONLY_SOURCES,
  ...PRODUCTION_SOURCES.filter((s) => s.code !== 'thermique'),
];

/** Every source either feed publishes: what dim_source holds. */
export const ALL_SOURCES: readonly ProductionSource[] = [...PRODUCTION_SOURCES, ...NATIONAL_ONLY_SOURCES];

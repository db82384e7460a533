import { REGIONS } from '../lib/domain/regions';
import { mulberry32 } from './seeded-random';

/**
 * SYNTHETIC eCO2mix regional records, shaped like the real feed (same fields, strings for some
 * numbers, a stray `column_68`) with daily and seasonal curves per region and source. For
 * benchmarks only: the numbers are plausible, not real.
 */

/** Rough regional scale (MW) of consumption, nuclear, wind, solar, hydro capacity. */
const SCALE: Record<string, [number, number, number, number, number]> = {
  '11': [8500, 0, 150, 150, 0],
  '24': [2300, 7200, 1400, 400, 100],
  '27': [2600, 0, 1000, 400, 500],
  '28': [3300, 9800, 1200, 300, 50],
  '32': [5800, 5200, 5000, 400, 20],
  '44': [5300, 5800, 3800, 700, 2200],
  '52': [3500, 0, 1600, 900, 10],
  '53': [2800, 0, 1300, 400, 100],
  '75': [5000, 6000, 1600, 3500, 1000],
  '76': [4400, 2400, 1800, 2800, 3000],
  '84': [7600, 11000, 700, 2000, 9000],
  '93': [4800, 0, 100, 2000, 3100],
};

const round1 = (x: number) => Math.round(x * 10) / 10;

export function* syntheticEco2mixRegional(
  from: Date,
  quarterHours: number,
  seed = 42,
): Generator<Record<string, unknown>> {
  const random = mulberry32(seed);
  const wind = new Map<string, number>();
  for (let q = 0; q < quarterHours; q++) {
    const instant = new Date(from.getTime() + q * 900_000);
    const hour = instant.getUTCHours() + instant.getUTCMinutes() / 60 + 1; // ~Paris
    const day = Math.floor((instant.getTime() - Date.UTC(instant.getUTCFullYear(), 0, 1)) / 86_400_000);
    const winter = Math.cos((2 * Math.PI * (day - 15)) / 365); // 1 in January, -1 in July
    const daylight = Math.max(0, Math.sin((Math.PI * (hour - 6 - winter)) / (12 + 3 * -winter)));
    for (const region of REGIONS) {
      if (!region.inRegionalFeed) continue;
      const [cons, nuc, windCap, solarCap, hydroCap] = SCALE[region.code] ?? [3000, 0, 500, 500, 100];
      const w = Math.min(1, Math.max(0.02, (wind.get(region.code) ?? 0.3) + (random() - 0.5) * 0.04));
      wind.set(region.code, w);
      const consommation = Math.round(
        cons *
          (1 + 0.25 * winter) *
          (0.85 + 0.15 * Math.sin((Math.PI * (hour - 5)) / 12)) *
          (0.97 + 0.06 * random()),
      );
      const values = {
        thermique: Math.round(cons * 0.04 * (1 + winter)),
        nucleaire: Math.round(nuc * (0.78 + 0.1 * winter)),
        eolien: Math.round(windCap * w),
        solaire: Math.round(solarCap * daylight * (0.7 - 0.2 * winter) * (0.8 + 0.2 * random())),
        hydraulique: Math.round(
          hydroCap * (0.35 + 0.15 * Math.sin((2 * Math.PI * (day - 60)) / 365)) * (0.8 + 0.4 * daylight),
        ),
        bioenergies: Math.round(cons * 0.02),
        pompage: hour > 1 && hour < 6 ? -Math.round(hydroCap * 0.05) : 0,
      };
      const production = Object.values(values).reduce((a, b) => a + b, 0);
      yield {
        code_insee_region: region.code,
        libelle_region: region.name,
        nature: 'Données temps réel (SYNTHETIC)',
        date: instant.toISOString().slice(0, 10),
        heure: instant.toISOString().slice(11, 16),
        date_heure: instant.toISOString().replace('.000Z', '+00:00'),
        consommation,
        ...values,
        pompage: String(values.pompage), // the feed sends some numbers as strings
        ech_physiques: consommation - production,
        stockage_batterie: '0',
        destockage_batterie: '0',
        tco_thermique: round1((100 * values.thermique) / consommation),
        tch_thermique: 18.2,
        tco_nucleaire: round1((100 * values.nucleaire) / consommation),
        tch_nucleaire: nuc ? round1((100 * values.nucleaire) / nuc) : null,
        tco_eolien: round1((100 * values.eolien) / consommation),
        tch_eolien: round1(100 * w),
        tco_solaire: round1((100 * values.solaire) / consommation),
        tch_solaire: solarCap ? round1((100 * values.solaire) / solarCap) : null,
        tco_hydraulique: round1((100 * values.hydraulique) / consommation),
        tch_hydraulique: hydroCap ? round1((100 * values.hydraulique) / hydroCap) : null,
        tco_bioenergies: round1((100 * values.bioenergies) / consommation),
        tch_bioenergies: 8,
        column_68: null,
      };
    }
  }
}

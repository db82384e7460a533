/**
 * The national registry of production and storage installations (ODRE dataset
 * `registre-national-installation-production-stockage-electricite-agrege`) names its technologies
 * by `filiere`; the platform names them by the eCO2mix source codes of lib/domain/sources.ts.
 * A filière with no eCO2mix counterpart has no entry: its rows are rejected with that reason
 * rather than folded into a source they do not belong to.
 */
const FILIERE_TO_SOURCE: Record<string, string> = {
  nucleaire: 'nucleaire',
  'thermique non renouvelable': 'thermique',
  'thermique fossile': 'thermique',
  thermique: 'thermique',
  hydraulique: 'hydraulique',
  eolien: 'eolien',
  solaire: 'solaire',
  bioenergies: 'bioenergies',
  // Installed battery power is what can be discharged: it is the ceiling of `destockage_batterie`.
  'stockage non hydraulique': 'destockage_batterie',
};

/** Case, accents and spacing differ between exports ("Éolien", "Eolien", "EOLIEN "). */
export function normaliseLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function sourceForFiliere(filiere: string): string | undefined {
  return FILIERE_TO_SOURCE[normaliseLabel(filiere)];
}

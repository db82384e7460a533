/**
 * Reading raw Bronze records before typing them, the same way for every source whose cleaning
 * starts from JSON records: key names normalised once, values judged as text.
 */

/** Markers the eCO2mix feeds (regional and national) use for "no value". */
export const NULL_MARKERS = ['ND', '-', ''];

export function toSnakeCase(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** A record value as text, so a string "0", a number 0 and "ND" can be judged by one rule. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

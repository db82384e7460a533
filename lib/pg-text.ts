/**
 * A JavaScript number as PostgreSQL reads it in text forms (array literals, COPY): non-finite
 * values by the names PostgreSQL gives them, the rest as JavaScript writes them (shortest
 * round-trip text, so the same double comes back).
 */
export function pgNumberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (Number.isFinite(value)) return String(value);
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** The audit rows of schedule changes (scheduleChanges) in words. */

export const OPERATION_LABELS: Record<string, string> = {
  updateSpec: 'Spec changed',
  pause: 'Paused',
  unpause: 'Resumed',
  trigger: 'Triggered',
  backfill: 'Backfill',
};

export const operationLabel = (operation: string) => OPERATION_LABELS[operation] ?? operation;

/** The fields of the before/after JSON an admin cares about, in the order they are read. */
const FIELDS: { key: string; label: string }[] = [
  { key: 'spec', label: 'spec' },
  { key: 'paused', label: 'paused' },
  { key: 'note', label: 'note' },
  { key: 'overlap', label: 'overlap' },
  { key: 'catchupWindow', label: 'catch-up window' },
];

const show = (v: unknown) =>
  v === undefined || v === null || v === '' ? '—' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);

function parse(json: string | null | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    // Stored text the API did not write as JSON: there is nothing to compare.
    return {};
  }
}

/** "spec: every 15m → every 30m; note: — → paused for the upgrade", or "no change" (a trigger). */
export function changeDiff(before: string, after: string): string {
  const b = parse(before);
  const a = parse(after);
  const parts = FIELDS.filter(({ key }) => show(b[key]) !== show(a[key])).map(
    ({ key, label }) => `${label}: ${show(b[key])} → ${show(a[key])}`,
  );
  return parts.length ? parts.join('; ') : 'no change to the schedule';
}

/** The operation's arguments, e.g. "from … to …, overlap BUFFER_ALL, 2 actions" for a backfill. */
export function changeDetails(
  details: string | null | undefined,
  formatTime: (iso: string) => string,
): string {
  const d = parse(details);
  const parts: string[] = [];
  if (typeof d.every === 'string') parts.push(`every ${d.every}`);
  if (typeof d.cron === 'string') parts.push(`cron ${d.cron}`);
  if (typeof d.from === 'string' && typeof d.to === 'string')
    parts.push(`${formatTime(d.from)} to ${formatTime(d.to)}`);
  if (typeof d.overlap === 'string') parts.push(`overlap ${d.overlap}`);
  if (typeof d.expectedActions === 'number') parts.push(`${d.expectedActions} actions`);
  return parts.join(', ');
}

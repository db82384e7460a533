/** The grid runs on Paris time: every instant is shown in Europe/Paris whatever the browser's zone. */
const paris = {
  dateTime: new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'medium',
    timeStyle: 'short',
  }),
  time: new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', timeStyle: 'short' }),
  axis: new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }),
};

export const formatParisDateTime = (iso: string | Date) => paris.dateTime.format(new Date(iso));
export const formatParisTime = (iso: string | Date) => paris.time.format(new Date(iso));
export const formatParisAxis = (iso: string | number | Date) => paris.axis.format(new Date(iso));

const count = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** "40 s ago", "3 min ago", "2 h ago", "5 d ago": how old a refresh or a published value is. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${count.format(s)}\u00a0s ago`;
  if (s < 3600) return `${count.format(Math.floor(s / 60))}\u00a0min ago`;
  if (s < 86_400) return `${count.format(Math.floor(s / 3600))}\u00a0h ago`;
  return `${count.format(Math.floor(s / 86_400))}\u00a0d ago`;
}

/** A run's duration: "850 ms", "12 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${count.format(ms)}\u00a0ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${count.format(s)}\u00a0s`;
  if (s < 3600) return `${Math.floor(s / 60)}\u00a0min ${s % 60}\u00a0s`;
  return `${Math.floor(s / 3600)}\u00a0h ${Math.floor((s % 3600) / 60)}\u00a0min`;
}

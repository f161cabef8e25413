const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A time as people say it relative to now: "just now", "5 minutes ago", "in 2 hours", "yesterday".
 * An unreadable time is returned as given, so a bad value shows rather than vanishes.
 */
export function relativeTime(iso: string, now: Date): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const delta = at - now.getTime();
  const ahead = delta > 0;
  const span = Math.abs(delta);
  if (span < 45_000) return ahead ? 'in less than a minute' : 'just now';
  const [count, unit] = span < 50 * MINUTE ? [Math.max(1, Math.round(span / MINUTE)), 'minute'] : span < 22 * HOUR ? [Math.max(1, Math.round(span / HOUR)), 'hour'] : [Math.max(1, Math.round(span / DAY)), 'day'];
  if (unit === 'day' && count === 1) return ahead ? 'tomorrow' : 'yesterday';
  const amount = `${count} ${unit}${count === 1 ? '' : 's'}`;
  return ahead ? `in ${amount}` : `${amount} ago`;
}

/** A duration in the largest units that matter: "850 ms", "12 s", "3 min 4 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** A local date and time for a tooltip: "2025-03-04 14:05". */
export function absoluteTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

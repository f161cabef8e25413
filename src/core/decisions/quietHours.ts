import type { TimeWindow } from '../persona/persona';

/**
 * Whether `now` falls in one of the windows, read on the person's clock (`timezone`, an IANA name;
 * empty or unknown means this machine's). A window whose end is before its start crosses midnight
 * (`22:00`–`07:00`); the start is inside, the end is not; a window that starts where it ends is empty.
 */
export function withinWindows(now: Date, windows: readonly TimeWindow[], timezone?: string): boolean {
  if (windows.length === 0) return false;
  const minute = minuteOfDay(now, timezone);
  return windows.some((window) => withinWindow(minute, window));
}

/** Minutes since local midnight (0–1439) on the person's clock. */
export function minuteOfDay(now: Date, timezone?: string): number {
  if (timezone) {
    try {
      const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
      const hour = Number(parts.find((p) => p.type === 'hour')?.value);
      const minute = Number(parts.find((p) => p.type === 'minute')?.value);
      if (Number.isInteger(hour) && Number.isInteger(minute)) return hour * 60 + minute;
    } catch {
      // An unknown zone name: fall back to the machine's clock rather than fail a decision.
    }
  }
  return now.getHours() * 60 + now.getMinutes();
}

function withinWindow(minute: number, window: TimeWindow): boolean {
  const start = clockMinutes(window.start);
  const end = clockMinutes(window.end);
  if (start === undefined || end === undefined || start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

function clockMinutes(clock: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

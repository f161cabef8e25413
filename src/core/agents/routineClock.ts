import type { ClockTime, TimeWindow } from '../persona/persona';

/** A moment as the person's wall clock shows it in their routines' timezone. */
export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** Minutes since local midnight, 0..1439. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The local date and time of day in an IANA zone (`routines.timezone`); empty means the machine's.
 * An unknown zone throws with its name, so the caller can say what to fix in the persona.
 */
export function localTime(at: Date, timezone: string | undefined): LocalTime {
  const zone = timezone?.trim() || undefined;
  const key = zone ?? '';
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      throw new RangeError(`The persona's routines.timezone "${zone}" is not a known IANA time zone (e.g. Europe/Berlin).`);
    }
    formatters.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** `localTime` in the persona's zone; an unknown zone is reported through `warn` and the machine's used instead. */
export function personaLocalTime(timezone: string | undefined, at: Date, warn: (message: string) => void): LocalTime {
  try {
    return localTime(at, timezone);
  } catch (error) {
    warn(`${(error as Error).message} Using this machine's time zone meanwhile.`);
    return localTime(at, undefined);
  }
}

/** `HH:MM` as minutes since midnight; throws naming the bad value. */
export function clockMinutes(time: ClockTime): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) throw new RangeError(`"${time}" is not a time of day (HH:MM, 24-hour).`);
  return hours * 60 + minutes;
}

/**
 * Whether a time of day falls in a window, start inclusive, end exclusive. A window whose end is
 * before its start crosses midnight (23:00–07:00). Equal start and end is an empty window.
 */
export function inWindow(minutes: number, window: TimeWindow): boolean {
  const start = clockMinutes(window.start);
  const end = clockMinutes(window.end);
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * The night a moment inside a window belongs to, named by the local date the window started on:
 * with a 23:00–07:00 window, 01:30 on the 5th belongs to the night of the 4th. Undefined outside.
 */
export function windowStartDate(local: LocalTime, window: TimeWindow): string | undefined {
  if (!inWindow(local.minutes, window)) return undefined;
  const start = clockMinutes(window.start);
  const crossesMidnight = clockMinutes(window.end) < start;
  return crossesMidnight && local.minutes < start ? previousDate(local.date) : local.date;
}

/** `HH:MM–HH:MM`, for messages. */
export function describeWindow(window: TimeWindow): string {
  return `${window.start}–${window.end}`;
}

function previousDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

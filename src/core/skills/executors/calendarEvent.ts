import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import ICAL from 'ical.js';
import { sha256Hex } from '../fileBackups';
import { SkillInputError, type SkillContext, type SkillExecutor } from '../skillTypes';

export type CalendarEventArgs = {
  title: string;
  start: string;
  end?: string;
  durationMinutes?: number;
  description?: string;
  location?: string;
};

const PRODID = '-//MetaHuman//MetaHuman for VS Code//EN';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** When the event is: all-day (`DTSTART;VALUE=DATE`, `DTEND` the day after the last) or timed, in UTC. */
type EventTimes = { allDay: true; firstDay: string; dayAfterLast: string } | { allDay: false; start: Date; end: Date };

/**
 * `calendar-event`: adds a VEVENT to a local iCalendar file (RFC 5545) with ical.js, creating the
 * VCALENDAR when the file is missing and keeping every event already in it. Times without a zone
 * are this machine's local time and are written in UTC, so every calendar app reads the same instant.
 * The UID comes from the proposal, so running one proposal twice cannot add the event twice.
 */
export const calendarEventExecutor: SkillExecutor<CalendarEventArgs> = {
  async check(args, ctx) {
    buildEvent(args, ctx);
    await readCalendar(ctx);
  },

  async preview(args, ctx) {
    const event = buildEvent(args, ctx);
    await readCalendar(ctx);
    return {
      summary: `Add "${args.title}" (${describeTimes(eventTimes(args))}) to ${basename(ctx.calendarPath)}`,
      details: `${event.toString()}\r\n\ncalendar: ${ctx.calendarPath}`,
      kind: 'calendar',
      files: [ctx.calendarPath],
    };
  },

  async execute(args, ctx) {
    const event = buildEvent(args, ctx);
    const calendar = (await readCalendar(ctx)) ?? newCalendar();
    calendar.addSubcomponent(event);
    const text = `${calendar.toString()}\r\n`;
    const undoFile = await ctx.backups.backup(ctx.proposalId, ctx.calendarPath);
    await mkdir(dirname(ctx.calendarPath), { recursive: true });
    const temp = join(dirname(ctx.calendarPath), `.${basename(ctx.calendarPath)}.mh-write-${process.pid}`);
    await writeFile(temp, text);
    await rename(temp, ctx.calendarPath);
    return {
      ok: true,
      output: `Added "${args.title}" (${describeTimes(eventTimes(args))}) to ${ctx.calendarPath}.`,
      undo: { files: [{ ...undoFile, writtenSha256: sha256Hex(text) }] },
    };
  },
};

function buildEvent(args: CalendarEventArgs, ctx: SkillContext): ICAL.Component {
  const times = eventTimes(args);
  const event = new ICAL.Component('vevent');
  event.updatePropertyWithValue('uid', `${ctx.proposalId}@metahuman`);
  event.updatePropertyWithValue('dtstamp', ICAL.Time.fromJSDate(ctx.now(), true));
  if (times.allDay) {
    event.updatePropertyWithValue('dtstart', ICAL.Time.fromDateString(times.firstDay));
    event.updatePropertyWithValue('dtend', ICAL.Time.fromDateString(times.dayAfterLast));
  } else {
    event.updatePropertyWithValue('dtstart', ICAL.Time.fromJSDate(times.start, true));
    event.updatePropertyWithValue('dtend', ICAL.Time.fromJSDate(times.end, true));
  }
  event.updatePropertyWithValue('summary', args.title);
  if (args.description) event.updatePropertyWithValue('description', args.description);
  if (args.location) event.updatePropertyWithValue('location', args.location);
  return event;
}

function eventTimes(args: CalendarEventArgs): EventTimes {
  if (args.end !== undefined && args.durationMinutes !== undefined) throw new SkillInputError('Give end or durationMinutes, not both.', 'durationMinutes');
  if (DATE_ONLY.test(args.start)) {
    const first = parseDay(args.start, 'start');
    if (args.durationMinutes !== undefined) throw new SkillInputError('durationMinutes is for timed events; an all-day event takes end (its last day).', 'durationMinutes');
    if (args.end !== undefined && !DATE_ONLY.test(args.end)) throw new SkillInputError('end must be a date (the last day) when start is a date (an all-day event).', 'end');
    const last = args.end === undefined ? first : parseDay(args.end, 'end');
    if (last < first) throw new SkillInputError(`end ${args.end} is before start ${args.start}.`, 'end');
    return { allDay: true, firstDay: args.start, dayAfterLast: new Date(last + DAY_MS).toISOString().slice(0, 10) };
  }
  const start = parseTime(args.start, 'start');
  if (args.end !== undefined && DATE_ONLY.test(args.end)) throw new SkillInputError('end must be a date and time when start is a date and time.', 'end');
  const end = args.end !== undefined ? parseTime(args.end, 'end') : new Date(start.getTime() + (args.durationMinutes ?? 60) * 60_000);
  if (end <= start) throw new SkillInputError(`end ${args.end} is not after start ${args.start}.`, 'end');
  return { allDay: false, start, end };
}

/** Milliseconds at UTC midnight of an ISO date, refusing dates that do not exist (2025-02-30). */
function parseDay(day: string, field: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new SkillInputError(`${field} ${day} is not a real date.`, field);
  return ms;
}

/** A date and time; without `Z` or an offset, JavaScript reads it as local time, which is what the person meant. */
function parseTime(text: string, field: string): Date {
  const date = new Date(text);
  const [day] = text.split('T');
  if (Number.isNaN(date.getTime()) || Number.isNaN(parseDay(day, field))) throw new SkillInputError(`${field} ${text} is not a real date and time.`, field);
  return date;
}

/** The calendar now, or undefined when the file does not exist yet; refuses a file that is not iCalendar. */
async function readCalendar(ctx: SkillContext): Promise<ICAL.Component | undefined> {
  let text: string;
  try {
    text = await readFile(ctx.calendarPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw new SkillInputError(`The calendar file ${ctx.calendarPath} is not valid iCalendar (${(error as Error).message}); fix or move it first.`);
  }
  const first = Array.isArray(parsed) && Array.isArray(parsed[0]) ? (parsed[0] as unknown[]) : (parsed as unknown[]);
  const calendar = new ICAL.Component(first as never);
  if (calendar.name !== 'vcalendar') throw new SkillInputError(`The calendar file ${ctx.calendarPath} holds a ${calendar.name.toUpperCase()}, not a VCALENDAR; fix or move it first.`);
  const uid = `${ctx.proposalId}@metahuman`;
  if (calendar.getAllSubcomponents('vevent').some((e) => e.getFirstPropertyValue('uid') === uid)) throw new SkillInputError(`This event (${uid}) is already in ${ctx.calendarPath}.`);
  return calendar;
}

function newCalendar(): ICAL.Component {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.updatePropertyWithValue('prodid', PRODID);
  calendar.updatePropertyWithValue('version', '2.0');
  calendar.updatePropertyWithValue('calscale', 'GREGORIAN');
  return calendar;
}

function describeTimes(times: EventTimes): string {
  if (times.allDay) {
    const last = new Date(Date.parse(`${times.dayAfterLast}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    return last === times.firstDay ? `all day ${times.firstDay}` : `all day ${times.firstDay} to ${last}`;
  }
  return `${localTime(times.start)} to ${localTime(times.end)}`;
}

/** `2025-03-04 10:00 (UTC+01:00)`: the person's local time, with the offset so it cannot be misread. */
function localTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())} (${zone})`;
}

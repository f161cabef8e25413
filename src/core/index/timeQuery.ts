import * as chrono from 'chrono-node';

/**
 * Turns dates written in a query into a time range, relative to a reference time: "yesterday",
 * "last week", "in March", "on 2024-03-12", "since May 3", "between March 1 and March 5".
 * chrono-node finds the expression and which parts of it were actually said; the range then spans
 * the unit that was said (a day when the day was named, a month when only the month, a week for
 * "week"). The words of the date are taken out of the query so they do not count as search terms.
 */
export interface TimeQuery {
  /** The query without its date words. */
  text: string;
  /** Inclusive start, ms since the epoch. */
  since?: number;
  /** Exclusive end, ms since the epoch. */
  until?: number;
  /** The date words found, for `--explain`. */
  matched?: string;
}

type Unit = 'year' | 'month' | 'week' | 'day' | 'hour';

const OPEN_START = /\b(since|after|from)\s*$/i;
const OPEN_END = /\b(before|until|till|up to)\s*$/i;
const BARE_YEAR = /\b(?:in|during)\s+((?:19|20)\d\d)\b/i;

export function parseTimeQuery(query: string, now: Date): TimeQuery {
  const results = chrono.parse(query, { instant: now }, { forwardDate: false }).filter((r) => saysADate(r.text, query.slice(0, r.index), query.slice(r.index + r.text.length)));
  if (results.length === 0) return parseBareYear(query);
  const first = results[0];
  const startSpan = span(first.start, first.text, now);
  let since: number | undefined = startSpan[0];
  let until: number | undefined = startSpan[1];
  let cut = { from: first.index, to: first.index + first.text.length };
  let isRange = false;
  if (first.end) {
    until = span(first.end, first.text, now)[1];
    isRange = true;
  }
  const second = results[1];
  const between = query.slice(cut.to, second?.index ?? cut.to);
  if (second && /^\s*(and|to|until|-)\s*$/i.test(between)) {
    // "between March 1 and March 5", "from May 2 to May 9": one range over both dates.
    until = span(second.start, second.text, now)[1];
    cut = { from: cut.from, to: second.index + second.text.length };
    isRange = true;
  }
  const before = query.slice(0, cut.from);
  const prefix = before.match(/\b(on|in|at|during|of|between|from|since|after|before|until|till|up to)\s*$/i);
  // "since X" keeps only the start, "before X" only the end; a said range keeps both.
  if (!isRange && OPEN_START.test(before)) until = undefined;
  else if (!isRange && OPEN_END.test(before)) {
    until = since;
    since = undefined;
  }
  const from = prefix ? cut.from - prefix[0].length : cut.from;
  const text = `${query.slice(0, from)} ${query.slice(cut.to)}`.replace(/\s+/g, ' ').trim();
  return { text, since, until, matched: query.slice(from, cut.to).trim() };
}

/** [start, end) of the unit the words named around the parsed moment. */
function span(component: chrono.ParsedComponents, text: string, now: Date): [number, number] {
  const date = component.date();
  const unit = unitOf(component, text);
  // A month or day without a year that lands in the future meant the previous one ("in December" said in May).
  if (!component.isCertain('year') && date.getTime() > now.getTime() && unit !== 'hour' && unit !== 'week') date.setFullYear(date.getFullYear() - 1);
  const start = new Date(date);
  start.setMilliseconds(0);
  start.setSeconds(0);
  start.setMinutes(0);
  if (unit !== 'hour') start.setHours(0);
  if (unit === 'month' || unit === 'year') start.setDate(1);
  if (unit === 'year') start.setMonth(0);
  if (unit === 'week') start.setDate(start.getDate() - ((start.getDay() + 6) % 7)); // back to Monday
  const end = new Date(start);
  if (unit === 'hour') end.setHours(end.getHours() + 1);
  else if (unit === 'day') end.setDate(end.getDate() + 1);
  else if (unit === 'week') end.setDate(end.getDate() + 7);
  else if (unit === 'month') end.setMonth(end.getMonth() + 1);
  else end.setFullYear(end.getFullYear() + 1);
  return [start.getTime(), end.getTime()];
}

function unitOf(component: chrono.ParsedComponents, text: string): Unit {
  if (/\bweeks?\b/i.test(text)) return 'week';
  if (component.isCertain('hour')) return 'hour';
  if (component.isCertain('day') || component.isCertain('weekday')) return 'day';
  if (component.isCertain('month')) return 'month';
  return 'year';
}

/**
 * Queries about code are full of version numbers ("from 20.12.7 to 20.13.0") that chrono would
 * read as dates; a date must have a word in it ("March", "yesterday") or be written as one
 * (2024-03-12, 3/12/2024).
 */
function saysADate(text: string, before: string, after: string): boolean {
  // Part of a longer number: "20.12" or "7" of "20.12.7".
  if (/^[.\d]/.test(after) || /[.\d]$/.test(before)) return false;
  const core = text.replace(/\b(?:from|to|on|in|at|since|after|before|until|till|by|between|and)\b/gi, '');
  return /\p{L}/u.test(core) || /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/.test(core);
}

/** chrono reads no bare year; "in 2023" is common enough in questions to cover here. */
function parseBareYear(query: string): TimeQuery {
  const m = BARE_YEAR.exec(query);
  if (!m) return { text: query };
  const year = Number(m[1]);
  const text = `${query.slice(0, m.index)} ${query.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').trim();
  return { text, since: new Date(year, 0, 1).getTime(), until: new Date(year + 1, 0, 1).getTime(), matched: m[0] };
}

/**
 * One end of a range given on its own (`--since "last week"`, `--until 2024-03-31`): `since` is the
 * start of the unit named, `until` its end, so "until March 31" includes that day.
 */
export function parseTimeBound(text: string, now: Date, side: 'since' | 'until'): number | undefined {
  const iso = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isNaN(iso)) return iso;
  const parsed = parseTimeQuery(/^\d{4}$/.test(text.trim()) ? `in ${text}` : text, now);
  return side === 'since' ? parsed.since : (parsed.until ?? parsed.since);
}

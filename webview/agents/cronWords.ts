/**
 * A node-cron expression in words for the common forms ("every 10 minutes", "hourly", "daily at
 * 03:00", "every 2 hours on weekdays"); anything else is shown as the expression itself, because a
 * wrong paraphrase is worse than none.
 */
export function describeCron(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  const raw = `cron "${expression.trim()}"`;
  if (fields.length === 6) {
    const [seconds = '', ...rest] = fields;
    if (seconds === '0') return describeFiveFields(rest) ?? raw;
    if (rest.every((f) => f === '*')) {
      if (seconds === '*') return 'every second';
      const step = stepOf(seconds, 59);
      if (step) return step === 1 ? 'every second' : `every ${step} seconds`;
    }
    return raw;
  }
  return fields.length === 5 ? (describeFiveFields(fields) ?? raw) : raw;
}

function describeFiveFields([minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = '']: string[]): string | undefined {
  if (month !== '*') return undefined;
  const days = describeDays(dayOfMonth, dayOfWeek);
  if (days === undefined) return undefined;
  const time = describeTimeOfDay(minute, hour);
  if (!time) return undefined;
  if (time.daily) return days ? `at ${time.text} ${days}` : `daily at ${time.text}`;
  return days ? `${time.text} ${days}` : time.text;
}

/** The minute and hour fields: a repeating phrase, or fixed times of day (`daily`). */
function describeTimeOfDay(minute: string, hour: string): { text: string; daily: boolean } | undefined {
  const fixedMinute = numberIn(minute, 0, 59);
  const minuteStep = minute === '*' ? 1 : stepOf(minute, 59);
  if (hour === '*') {
    if (minuteStep) return { text: minuteStep === 1 ? 'every minute' : `every ${minuteStep} minutes`, daily: false };
    if (fixedMinute === 0) return { text: 'hourly', daily: false };
    if (fixedMinute !== undefined) return { text: `hourly at :${pad(fixedMinute)}`, daily: false };
    return undefined;
  }
  const hourStep = stepOf(hour, 23);
  if (hourStep && fixedMinute !== undefined) {
    const every = hourStep === 1 ? 'hourly' : `every ${hourStep} hours`;
    return { text: fixedMinute === 0 ? every : `${every} at :${pad(fixedMinute)}`, daily: false };
  }
  const range = rangeOf(hour, 0, 23);
  if (range && fixedMinute !== undefined) {
    return { text: `hourly from ${clock(range[0], fixedMinute)} to ${clock(range[1], fixedMinute)}`, daily: false };
  }
  if (range && minuteStep) {
    const every = minuteStep === 1 ? 'every minute' : `every ${minuteStep} minutes`;
    return { text: `${every} from ${clock(range[0], 0)} to ${clock(range[1], 59)}`, daily: false };
  }
  const hours = listOf(hour, 0, 23);
  if (hours && fixedMinute !== undefined) return { text: joinWords(hours.map((h) => clock(h, fixedMinute))), daily: true };
  return undefined;
}

const DAY_NAMES = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];
const DAY_ABBREVIATIONS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The day-of-month and day-of-week fields: '' for every day, a phrase, or undefined when unusual. */
function describeDays(dayOfMonth: string, dayOfWeek: string): string | undefined {
  if (dayOfMonth === '*' && dayOfWeek === '*') return '';
  if (dayOfWeek === '*') {
    const day = numberIn(dayOfMonth, 1, 31);
    return day === undefined ? undefined : `on day ${day} of the month`;
  }
  if (dayOfMonth !== '*') return undefined;
  const days = weekdaysOf(dayOfWeek);
  if (!days) return undefined;
  const key = [...new Set(days)].sort().join(',');
  if (key === '1,2,3,4,5') return 'on weekdays';
  if (key === '0,6') return 'on weekends';
  if (key === '0,1,2,3,4,5,6') return '';
  return `on ${joinWords([...new Set(days)].sort().map((d) => DAY_NAMES[d] ?? String(d)))}`;
}

/** Day-of-week values (0 = Sunday; 7 is Sunday too), from numbers or names, single, lists or ranges. */
function weekdaysOf(field: string): number[] | undefined {
  const out: number[] = [];
  for (const part of field.split(',')) {
    const [from, to, ...extra] = part.split('-');
    if (extra.length > 0 || from === undefined) return undefined;
    const start = weekday(from);
    const end = to === undefined ? start : weekday(to);
    if (start === undefined || end === undefined || end < start) return undefined;
    for (let d = start; d <= end; d++) out.push(d % 7);
  }
  return out;
}

function weekday(text: string): number | undefined {
  const named = DAY_ABBREVIATIONS.indexOf(text.slice(0, 3).toLowerCase());
  if (named >= 0 && /^[a-z]+$/i.test(text)) return named;
  return numberIn(text, 0, 7);
}

function numberIn(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,2}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

/** `*\/N` (also `0/N`): the step N. */
function stepOf(text: string, max: number): number | undefined {
  const match = /^(?:\*|0)\/(\d{1,2})$/.exec(text);
  const step = match ? Number(match[1]) : NaN;
  return step >= 1 && step <= max ? step : undefined;
}

function rangeOf(text: string, min: number, max: number): [number, number] | undefined {
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const from = numberIn(match[1] ?? '', min, max);
  const to = numberIn(match[2] ?? '', min, max);
  return from !== undefined && to !== undefined && from < to ? [from, to] : undefined;
}

function listOf(text: string, min: number, max: number): number[] | undefined {
  const values = text.split(',').map((part) => numberIn(part, min, max));
  return values.every((n) => n !== undefined) ? (values) : undefined;
}

function clock(hour: number, minute: number): string {
  return `${pad(hour)}:${pad(minute)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

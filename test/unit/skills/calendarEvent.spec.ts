import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sync as ical, type VEvent } from 'node-ical';
import { calendarEventExecutor, type CalendarEventArgs } from '../../../src/core/skills/executors/calendarEvent';
import { SkillInputError } from '../../../src/core/skills/skillTypes';
import { tempDirsForSuite } from '../store/storeFixtures';
import { skillFixture, type SkillFixture } from './skillFixtures';

/** The events in the written file, read by node-ical (an independent parser, not ical.js that wrote it). */
function eventsIn(path: string): VEvent[] {
  return Object.values(ical.parseICS(readFileSync(path, 'utf8'))).filter((c): c is VEvent => c?.type === 'VEVENT');
}

const EXISTING = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Another App//EN',
  'BEGIN:VEVENT',
  'UID:dentist-1@another.app',
  'DTSTAMP:20250101T080000Z',
  'DTSTART:20250310T140000Z',
  'DTEND:20250310T150000Z',
  'SUMMARY:Dentist',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('calendar-event', () => {
  const makeDir = tempDirsForSuite();
  let f: SkillFixture;
  const stamp = new Date('2025-02-20T08:30:00Z');
  beforeEach(async () => {
    f = await skillFixture(makeDir, { now: () => stamp });
  });
  afterEach(() => f.close());

  const add = (args: CalendarEventArgs, proposalId = f.ctx.proposalId) => calendarEventExecutor.execute(args, { ...f.ctx, proposalId });

  it('creates the calendar file with a VEVENT that an independent parser reads with the right times', async () => {
    const result = await add({ title: 'Review PR #42, with Ana; quickly', start: '2025-03-04T10:00:00Z', end: '2025-03-04T11:30:00Z', description: 'Line one\nLine two', location: 'Room 2' });
    assert.equal(result.ok, true);
    const text = readFileSync(f.ctx.calendarPath, 'utf8');
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /\r\nVERSION:2\.0\r\n/);
    assert.match(text, /\r\nPRODID:/);
    assert.ok(text.endsWith('END:VCALENDAR\r\n'), 'every content line ends with CRLF (RFC 5545)');
    const [event] = eventsIn(f.ctx.calendarPath);
    assert.equal(event.uid, `${f.ctx.proposalId}@metahuman`);
    assert.equal(event.summary, 'Review PR #42, with Ana; quickly');
    assert.equal(event.description, 'Line one\nLine two');
    assert.equal(event.location, 'Room 2');
    assert.equal(event.start.toISOString(), '2025-03-04T10:00:00.000Z');
    assert.equal(event.end?.toISOString(), '2025-03-04T11:30:00.000Z');
    assert.equal(event.dtstamp.toISOString(), stamp.toISOString());
  });

  it('keeps the events already in the file and adds the new one', async () => {
    mkdirSync(dirname(f.ctx.calendarPath), { recursive: true });
    writeFileSync(f.ctx.calendarPath, EXISTING);
    await add({ title: 'Standup', start: '2025-03-05T09:00:00+01:00', durationMinutes: 15 });
    const events = eventsIn(f.ctx.calendarPath);
    assert.deepEqual(events.map((e) => e.summary).sort(), ['Dentist', 'Standup']);
    const standup = events.find((e) => e.summary === 'Standup');
    assert.equal(standup?.start.toISOString(), '2025-03-05T08:00:00.000Z');
    assert.equal(standup?.end?.toISOString(), '2025-03-05T08:15:00.000Z');
    assert.match(readFileSync(f.ctx.calendarPath, 'utf8'), /PRODID:-\/\/Another App\/\/EN/);
  });

  it('reads a time without a zone as this machine\'s local time', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      await add({ title: 'Lunch', start: '2025-03-04T12:00' });
      const [event] = eventsIn(f.ctx.calendarPath);
      assert.equal(event.start.toISOString(), '2025-03-04T11:00:00.000Z');
      assert.equal(event.end?.toISOString(), '2025-03-04T12:00:00.000Z', 'an hour unless told');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('writes an all-day event as dates, the end being the day after the last', async () => {
    await add({ title: 'Conference', start: '2025-03-10', end: '2025-03-12' });
    const text = readFileSync(f.ctx.calendarPath, 'utf8');
    assert.match(text, /DTSTART;VALUE=DATE:20250310\r\n/);
    assert.match(text, /DTEND;VALUE=DATE:20250313\r\n/);
    const [event] = eventsIn(f.ctx.calendarPath);
    assert.equal(event.datetype, 'date');
    assert.equal(event.start.getDate(), 10);
    assert.equal(event.end?.getDate(), 13);
  });

  it('backs the calendar up first so undo removes the event again', async () => {
    mkdirSync(dirname(f.ctx.calendarPath), { recursive: true });
    writeFileSync(f.ctx.calendarPath, EXISTING);
    const result = await add({ title: 'Standup', start: '2025-03-05T09:00:00Z' });
    assert.equal(eventsIn(f.ctx.calendarPath).length, 2);
    await f.ctx.backups.restore(result.undo!);
    assert.equal(readFileSync(f.ctx.calendarPath, 'utf8'), EXISTING);
  });

  it('undo of the first event deletes the calendar it created', async () => {
    const result = await add({ title: 'Standup', start: '2025-03-05T09:00:00Z' });
    await f.ctx.backups.restore(result.undo!);
    assert.equal(existsSync(f.ctx.calendarPath), false);
  });

  it('shows the entry text in the preview, exactly as it will be written', async () => {
    const args = { title: 'Standup', start: '2025-03-05T09:00:00Z', location: 'Call' };
    const preview = await calendarEventExecutor.preview(args, f.ctx);
    await add(args);
    const entry = preview.details.split('\r\n\n')[0];
    assert.match(entry, /^BEGIN:VEVENT\r\n[\s\S]*END:VEVENT$/);
    assert.ok(readFileSync(f.ctx.calendarPath, 'utf8').includes(entry));
    assert.deepEqual(preview.files, [f.ctx.calendarPath]);
  });

  describe('refuses what cannot be an event, naming the field', () => {
    const cases: Array<[string, CalendarEventArgs, string]> = [
      ['an end before the start', { title: 'x', start: '2025-03-04T10:00:00Z', end: '2025-03-04T09:00:00Z' }, 'end'],
      ['an end and a duration', { title: 'x', start: '2025-03-04T10:00:00Z', end: '2025-03-04T11:00:00Z', durationMinutes: 30 }, 'durationMinutes'],
      ['a date that does not exist', { title: 'x', start: '2025-02-30' }, 'start'],
      ['a timed end for an all-day start', { title: 'x', start: '2025-03-04', end: '2025-03-05T10:00:00Z' }, 'end'],
      ['a duration for an all-day event', { title: 'x', start: '2025-03-04', durationMinutes: 60 }, 'durationMinutes'],
      ['a last day before the first', { title: 'x', start: '2025-03-04', end: '2025-03-03' }, 'end'],
    ];
    for (const [label, args, field] of cases) {
      it(label, async () => {
        await assert.rejects(calendarEventExecutor.check!(args, f.ctx), (error: unknown) => error instanceof SkillInputError && error.field === field);
        assert.equal(existsSync(f.ctx.calendarPath), false);
      });
    }
  });

  it('refuses to write into a file that is not iCalendar, and to add the same proposal twice', async () => {
    mkdirSync(dirname(f.ctx.calendarPath), { recursive: true });
    writeFileSync(f.ctx.calendarPath, 'these are my notes, not a calendar\n');
    await assert.rejects(add({ title: 'x', start: '2025-03-04' }), /is not valid iCalendar/);
    assert.equal(readFileSync(f.ctx.calendarPath, 'utf8'), 'these are my notes, not a calendar\n');
    writeFileSync(f.ctx.calendarPath, EXISTING);
    await add({ title: 'Once', start: '2025-03-04' });
    await assert.rejects(add({ title: 'Once', start: '2025-03-04' }), /already in/);
    assert.equal(eventsIn(f.ctx.calendarPath).length, 2);
  });
});

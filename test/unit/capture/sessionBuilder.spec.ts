import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeEmissions } from '../../../src/core/capture/captureWriter';
import { SessionBuilder } from '../../../src/core/capture/sessions/sessionBuilder';
import type { SessionFigures } from '../../../src/core/capture/sessions/sessionSummary';
import type { CaptureEvent } from '../../../src/core/capture/captureEvent';
import { at, command, commit, edit, ev, focus, MemorySink, save, WS } from './captureBuilders';

const builder = (now = at(0)) => new SessionBuilder({ clock: () => now, idleMs: 30 * 60_000, burstMs: 60_000 });
const figures = (meta: Record<string, unknown>) => meta.summary as SessionFigures;

async function run(events: CaptureEvent[], tickAt: number) {
  const b = builder();
  const sink = new MemorySink();
  await writeEmissions(sink, b, b.push(events));
  await writeEmissions(sink, b, b.tick(tickAt));
  return { b, sink };
}

describe('session builder', () => {
  it('coalesces an edit burst into one record per file, ended by a save', () => {
    const b = builder();
    const out = b.push([edit(at(0, 0), 'src/a.ts', 2, 1), edit(at(0, 10), 'src/a.ts', 3, 0), edit(at(0, 20), 'src/b.ts'), edit(at(0, 40), 'src/a.ts', 1, 4), save(at(0, 50), 'src/a.ts')]);
    assert.equal(out.length, 1);
    assert.equal(out[0].record.text, 'Edited src/a.ts (+6/-5 lines over 40s, saved)');
    assert.deepEqual(
      { edits: out[0].record.meta?.edits, saved: out[0].record.meta?.saved, ts: out[0].record.ts },
      { edits: 3, saved: true, ts: new Date(at(0)).toISOString() },
    );
    // b.ts's burst is still open; it ends once a minute passes without an edit to it.
    assert.equal(b.tick(at(1, 20)).length, 0);
    const later = b.tick(at(1, 21));
    assert.deepEqual(later.map((e) => e.record.text), ['Edited src/b.ts (+1/-0 lines)']);
  });

  it('starts a new burst after a pause in edits to the same file', () => {
    const b = builder();
    const out = b.push([edit(at(0), 'a.ts'), edit(at(0, 30), 'a.ts'), edit(at(3), 'a.ts'), save(at(3, 5), 'a.ts')]);
    assert.deepEqual(out.map((e) => e.record.text), ['Edited a.ts (+2/-0 lines over 30s)', 'Edited a.ts (+1/-0 lines, saved)']);
  });

  it('splits sessions on idle gaps and summarizes each, linking its events by id', async () => {
    const { b, sink } = await run(
      [
        command(at(0), 'npm test', 1),
        commit(at(5), 'aaaaaaa1', 'Fix the parser'),
        command(at(20), 'npm test', 0),
        // 45 minutes of silence: a new session.
        commit(at(65), 'bbbbbbb2', 'Add docs'),
      ],
      at(65 + 31),
    );
    const summaries = sink.summaries();
    assert.equal(summaries.length, 2);
    assert.equal(b.openSessions().length, 0);
    const [first, second] = summaries;
    const firstEvents = sink.events().filter((r) => r.meta.session === first.meta.session);
    assert.equal(firstEvents.length, 3);
    assert.deepEqual(first.links, firstEvents.map((r) => ({ rel: 'summarizes', id: r.id })));
    const f = figures(first.meta);
    assert.equal(f.commitsTotal, 1);
    assert.deepEqual(f.commands, { count: 2, failed: 1, samples: ['npm test', 'npm test'] });
    assert.equal(f.durationMs, 20 * 60_000);
    assert.equal(first.ts, new Date(at(0)).toISOString());
    assert.equal(figures(second.meta).commits[0].subject, 'Add docs');
    assert.ok(first.tags.includes('session-summary') && first.kind === 'event' && first.source === 'vscode:session');
    assert.match(first.text, /^Coding session on app, 2024-03-04 09:00–09:20 UTC \(20m, 10m active\): 1 commit \("Fix the parser"\); ran 2 commands \(1 failed\)\.$/);
    assert.equal(b.snapshot().refIds && Object.keys(b.snapshot().refIds).length, 0);
  });

  it('keeps sessions of two workspace folders apart', async () => {
    const other = { folder: '/home/ada/lib', name: 'lib' };
    const { sink } = await run([command(at(0), 'ls'), ev('terminal/command', at(1), { commandLine: 'make', workspace: other }), command(at(2), 'pwd')], at(100));
    assert.deepEqual(sink.summaries().map((s) => [s.project, figures(s.meta).commands.count]).sort(), [['app', 2], ['lib', 1]]);
  });

  it('measures active time from focus: unfocused stretches and long pauses do not count', async () => {
    const { sink } = await run(
      [
        focus(at(0), true), // no session yet: time before the first activity is not the session's
        edit(at(1), 'a.ts'),
        save(at(2), 'a.ts'), // +1m
        focus(at(3), false), // +1m
        command(at(10), 'npm run build'), // unfocused: +0
        focus(at(12), true),
        command(at(13), 'npm test'), // +1m
        command(at(25), 'git status'), // 12m pause, capped at 5m
      ],
      at(60),
    );
    const f = figures(sink.summaries()[0].meta);
    assert.equal(f.activeTimeFrom, 'focus');
    assert.equal(f.activeMs, (1 + 1 + 1 + 5) * 60_000);
    assert.equal(f.durationMs, 24 * 60_000);
  });

  it('records fixed errors once, with the first message, and leaves open ones to the summary', async () => {
    const { sink } = await run(
      [
        ev('diagnostics/appeared', at(0), { file: 'a.ts', count: 2, firstMessage: "Cannot find name 'x'." }),
        ev('diagnostics/appeared', at(0, 30), { file: 'b.ts', count: 1, firstMessage: 'Missing semicolon.' }),
        ev('diagnostics/fixed', at(2), { file: 'a.ts', count: 2 }),
        ev('task/started', at(3), { name: 'build' }),
        ev('task/ended', at(4), { name: 'build', outcome: 'failure', exitCode: 2 }),
      ],
      at(60),
    );
    assert.deepEqual(sink.events().map((r) => r.text), [
      "Fixed 2 errors in a.ts: Cannot find name 'x'. after 2m",
      'Task "build" ended: failure (exit 2) after 1m',
    ]);
    const f = figures(sink.summaries()[0].meta);
    assert.deepEqual([f.errorsFixed, f.errorsLeft, f.runs.length], [2, 1, 1]);
  });

  it('records the first open of a file per session only, and skips a summary for a session of opens', async () => {
    const open = (t: number, file: string) => ev('file/opened', t, { file });
    const { sink } = await run([open(at(0), 'a.ts'), open(at(1), 'b.ts'), open(at(2), 'a.ts')], at(60));
    assert.deepEqual(sink.events().map((r) => r.text), ['Opened a.ts', 'Opened b.ts']);
    assert.equal(sink.summaries().length, 0);
  });

  it('survives a restart: a snapshot restored mid-session gives the same records as no restart', async () => {
    const events = [edit(at(0), 'a.ts'), command(at(1), 'npm test', 0), edit(at(2), 'b.ts', 4, 2), commit(at(4), 'ccccccc3', 'Wire it'), edit(at(5), 'a.ts'), save(at(5, 30), 'a.ts')];
    const straight = await run(events, at(90));

    const sink = new MemorySink();
    const first = builder();
    await writeEmissions(sink, first, first.push(events.slice(0, 3)));
    const saved = JSON.parse(JSON.stringify(first.snapshot()));
    const second = SessionBuilder.restore(saved, { clock: () => at(0), idleMs: 30 * 60_000, burstMs: 60_000 });
    await writeEmissions(sink, second, second.push(events.slice(3)));
    await writeEmissions(sink, second, second.tick(at(90)));

    const strip = (rs: typeof sink.records) => rs.map((r) => ({ ...r, id: '' , links: r.links.length }));
    assert.deepEqual(strip(sink.records), strip(straight.sink.records));
    assert.equal(sink.summaries()[0].links.length, sink.events().length);
  });

  it('forgets the last stretch: removed from the summary, a session started since is dropped', async () => {
    const b = builder();
    const sink = new MemorySink();
    await writeEmissions(sink, b, b.push([commit(at(0), 'ddddddd4', 'Keep me'), commit(at(50), 'eeeeeee5', 'Forget me'), edit(at(51), 'x.ts')]));
    b.forgetSince(at(40));
    assert.equal(b.openSessions().length, 0);
    await writeEmissions(sink, b, b.push([commit(at(10), 'fffffff6', 'Older session')]));
    b.forgetSince(at(5));
    await writeEmissions(sink, b, b.tick(at(200)));
    const summaries = sink.summaries();
    assert.deepEqual(summaries.map((s) => figures(s.meta).commits.map((c) => c.subject)), [['Keep me']]);
  });

  it('gives the same records for the same events, in any batch order', () => {
    const events = [edit(at(0), 'a.ts'), command(at(1), 'ls'), save(at(0, 30), 'a.ts'), commit(at(2), 'abcdef1', 'x')];
    const a = builder().push(events).map((e) => e.record);
    const b = builder().push([...events].reverse()).map((e) => e.record);
    assert.deepEqual(a, b);
    assert.equal(a[0].source, 'vscode:editor');
    assert.deepEqual(new Set(a.map((r) => r.project)), new Set([WS.name]));
  });
});

describe('session summary text', () => {
  it('leaves out the span of a one-moment session', async () => {
    const b = new SessionBuilder({ clock: () => at(0) });
    const sink = new MemorySink();
    await writeEmissions(sink, b, b.push([commit(at(0), 'abcdef1', 'Lone commit')]));
    await writeEmissions(sink, b, b.tick(at(120)));
    assert.equal(sink.summaries()[0].text, 'Coding session on app, 2024-03-04 09:00 UTC: 1 commit ("Lone commit").');
  });
});

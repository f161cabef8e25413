import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { CaptureEvent } from '../../../src/core/capture/captureEvent';
import { CaptureQueue } from '../../../src/host/capture/captureQueue';

const workspace = { folder: '/ws', name: 'ws' };
const edit = (file: string, linesAdded = 1): CaptureEvent => ({ type: 'file/edited', ts: new Date().toISOString(), workspace, file, linesAdded, linesRemoved: 0 });
const save = (file: string): CaptureEvent => ({ type: 'file/saved', ts: new Date().toISOString(), workspace, file });

/** A queue whose sends are recorded, and fail while `down` is true. */
function queue(options: { maxBatch?: number; maxPending?: number } = {}) {
  const sent: CaptureEvent[][] = [];
  const logs: string[] = [];
  const state = { down: false };
  const q = new CaptureQueue({
    send: (events) => (state.down ? Promise.reject(new Error('engine unreachable')) : Promise.resolve(void sent.push(events))),
    log: (_level, message) => logs.push(message),
    flushMs: 60_000,
    ...options,
  });
  return { q, sent, logs, state };
}

describe('capture queue on the extension host', () => {
  it('merges a burst of edits to one file into one event until the file is saved', async () => {
    const { q, sent } = queue();
    for (let i = 0; i < 50; i++) q.push(edit('src/a.ts', 2));
    q.push(edit('src/b.ts'));
    q.push(save('src/a.ts'));
    q.push(edit('src/a.ts', 3));
    await q.flush();
    assert.deepEqual(
      sent[0]?.map((e) => (e.type === 'file/edited' ? `${e.file}+${e.linesAdded}` : `${e.type} ${'file' in e ? e.file : ''}`)),
      ['src/a.ts+100', 'src/b.ts+1', 'file/saved src/a.ts', 'src/a.ts+3'],
    );
  });

  it('keeps the events when the engine is unreachable and sends them, in order, once it is back', async () => {
    const { q, sent, logs, state } = queue();
    state.down = true;
    q.push(save('one.ts'));
    await q.flush();
    assert.equal(q.size, 1, 'the failed batch waits');
    assert.match(logs.join('\n'), /could not reach the engine \(engine unreachable\)/);
    q.push(save('two.ts'));
    state.down = false;
    await q.flush();
    assert.deepEqual(sent.flat().map((e) => ('file' in e ? e.file : '')), ['one.ts', 'two.ts']);
    assert.equal(q.size, 0);
  });

  it('bounds what waits while the engine is down, dropping the oldest and saying how many', async () => {
    const { q, logs, state, sent } = queue({ maxPending: 3, maxBatch: 1000 });
    state.down = true;
    for (const f of ['1', '2', '3', '4', '5']) q.push(save(f));
    state.down = false;
    await q.flush();
    assert.deepEqual(sent.flat().map((e) => ('file' in e ? e.file : '')), ['3', '4', '5']);
    assert.match(logs.join('\n'), /dropped 2 events/);
  });

  it('sends at once when a batch is full, without waiting for the timer', async () => {
    const { q, sent } = queue({ maxBatch: 3 });
    for (const f of ['a', 'b', 'c']) q.push(save(f));
    await new Promise((r) => setImmediate(r));
    assert.equal(sent[0]?.length, 3, 'sent with no flush() and a 60 s timer');
  });

  it('clear() forgets what was not sent (pause, forget the last hour)', async () => {
    const { q, sent } = queue();
    q.push(save('secret-plan.md'));
    q.clear();
    await q.flush();
    assert.deepEqual(sent, []);
  });
});

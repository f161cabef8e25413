import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureSourceOf, parseCaptureEvents } from '../../../src/core/capture/captureEvent';

const workspace = { folder: '/home/ada/app', name: 'app' };

describe('capture events', () => {
  it('accepts every well-formed event and keeps them in order', () => {
    const ts = '2024-03-01T10:00:00.000Z';
    const { events, rejected } = parseCaptureEvents([
      { type: 'file/edited', ts, workspace, file: 'src/a.ts', linesAdded: 2, linesRemoved: 1 },
      { type: 'git/commit', ts, workspace, message: 'fix', files: [{ path: 'a.ts' }], branch: 'main', sha: 'abc1234' },
      { type: 'terminal/command', ts, workspace, commandLine: 'npm test', exitCode: 1, cwd: '/home/ada/app' },
      { type: 'task/ended', ts, workspace, name: 'build', outcome: 'failure' },
      { type: 'focus/lost', ts: '2024-03-01T12:00:00+02:00', workspace },
    ]);
    assert.deepEqual(rejected, []);
    assert.deepEqual(events.map((e) => e.type), ['file/edited', 'git/commit', 'terminal/command', 'task/ended', 'focus/lost']);
  });

  it('rejects a malformed event alone, saying where, and keeps the rest', () => {
    const ts = '2024-03-01T10:00:00.000Z';
    const { events, rejected } = parseCaptureEvents([
      { type: 'file/saved', ts, workspace, file: 'a.ts' },
      { type: 'file/edited', ts, workspace, file: 'a.ts', linesAdded: -1, linesRemoved: 0 },
      { type: 'file/saved', ts: 'yesterday', workspace, file: 'a.ts' },
      { type: 'nope', ts, workspace },
      null,
    ]);
    assert.equal(events.length, 1);
    assert.deepEqual(rejected.map((r) => r.index), [1, 2, 3, 4]);
    assert.match(rejected[0].issue, /linesAdded/);
    assert.equal(rejected[0].type, 'file/edited');
  });

  it('maps each type to its settings switch', () => {
    assert.equal(captureSourceOf('file/renamed'), 'files');
    assert.equal(captureSourceOf('git/push'), 'git');
    assert.equal(captureSourceOf('debug/ended'), 'debugAndTasks');
    assert.equal(captureSourceOf('task/started'), 'debugAndTasks');
    assert.equal(captureSourceOf('diagnostics/fixed'), 'diagnostics');
  });
});

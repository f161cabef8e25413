import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CapturePipeline } from '../../../src/core/capture/capturePipeline';
import { captureSettingsFrom } from '../../../src/core/capture/captureSettings';
import { loadSessionSnapshot, saveSessionSnapshot } from '../../../src/core/capture/sessions/sessionSnapshotFile';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { at, command, commit, edit, ev, MemorySink, save, WS } from './captureBuilders';

const temp = mkdtempSync(join(tmpdir(), 'mh-capture-pipeline-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const settings = captureSettingsFrom(defaultSettings());

describe('capture pipeline (what the engine worker drives)', () => {
  it('validates, filters, redacts and records a batch, then summarizes on the idle tick', async () => {
    const sink = new MemorySink();
    const pipeline = new CapturePipeline({ sink, settings, session: { clock: () => at(0) } });
    pipeline.setWorkspaceRules(WS.folder, { gitignores: [{ dir: '', content: 'dist/\n' }], filesExclude: ['**/*.log'] });
    const report = await pipeline.ingest([
      edit(at(0), 'src/a.ts', 3, 1),
      save(at(0, 20), 'src/a.ts'),
      edit(at(0, 30), '.env.local'),
      edit(at(0, 31), 'dist/host.js'),
      edit(at(0, 32), 'debug.log'),
      { type: 'file/edited', ts: 'not a time', workspace: WS, file: 'x', linesAdded: 0, linesRemoved: 0 },
      commit(at(2), 'abc1234', 'Rotate key sk_live_51Hq2Lm7Rt4Vz1Np8Ws3Kx9Qb6Yc'),
      command(at(3), 'curl -u ada:c0rr3ct-h0rse https://api.example.com', 0),
    ]);
    assert.equal(report.accepted, 4);
    assert.equal(report.rejected.length, 1);
    assert.deepEqual(report.dropped, { 'excluded-path': 3 });
    assert.deepEqual(report.redacted, { 'stripe-key': 1, password: 1 });
    assert.equal(report.events, 3);
    const texts = sink.records.map((r) => r.text).join('\n');
    assert.ok(!texts.includes('sk_live_51') && !texts.includes('c0rr3ct-h0rse') && !texts.includes('.env') && !texts.includes('dist/'));
    const tick = await pipeline.tick(at(40));
    assert.deepEqual(tick, { events: 0, summaries: 1 });
    assert.equal(sink.summaries()[0].links.length, 3);
  });

  it('keeps an open session across an engine restart through the snapshot file', async () => {
    const file = join(temp, 'capture', 'sessions.json');
    const sink = new MemorySink();
    const first = new CapturePipeline({ sink, settings });
    await first.ingest([command(at(0), 'npm test', 1), edit(at(1), 'src/a.ts')]);
    saveSessionSnapshot(file, first.snapshot());

    const loaded = loadSessionSnapshot(file);
    assert.ok(loaded.snapshot);
    const second = new CapturePipeline({ sink, settings, snapshot: loaded.snapshot });
    await second.ingest([command(at(5), 'npm test', 0)]);
    await second.tick(at(60));
    const summary = sink.summaries()[0];
    assert.equal(summary.links.length, 3, 'the command before the restart, the edit burst and the command after');
    assert.match(summary.text, /ran 2 commands \(1 failed\)/);
  });

  it('starts fresh on a damaged snapshot file and says why', () => {
    const file = join(temp, 'bad.json');
    writeFileSync(file, '{"version":1,"sessions":[{"id":3}],"refIds":{}}');
    assert.match(loadSessionSnapshot(file).problem ?? '', /damaged/);
    writeFileSync(file, '{');
    assert.match(loadSessionSnapshot(file).problem ?? '', /not JSON/);
    assert.deepEqual(loadSessionSnapshot(join(temp, 'missing.json')), {});
  });

  it('follows settings changes: a source switched off, then the whole capture paused', async () => {
    const sink = new MemorySink();
    const pipeline = new CapturePipeline({ sink, settings });
    pipeline.updateSettings({ ...settings, privacy: { ...settings.privacy, sources: { ...settings.privacy.sources, terminal: false } } });
    const off = await pipeline.ingest([command(at(0), 'ls'), ev('git/push', at(1), { branch: 'main', remote: 'origin' })]);
    assert.deepEqual([off.events, off.dropped['source-off']], [1, 1]);
    pipeline.updateSettings({ ...settings, privacy: { ...settings.privacy, enabled: false } });
    const paused = await pipeline.ingest([commit(at(2), 'abcdef0', 'x')]);
    assert.deepEqual([paused.events, paused.dropped.disabled], [0, 1]);
  });
});

describe('capture writes that fail', () => {
  it('keeps the records of a failed write and writes them, in order and linked, the next time', async () => {
    const sink = new MemorySink();
    let failing = true;
    const flaky = {
      appendMany: (inputs: Parameters<MemorySink['appendMany']>[0]) => (failing ? Promise.reject(new Error('profile locked')) : sink.appendMany(inputs)),
    };
    const pipeline = new CapturePipeline({ sink: flaky, settings });
    await assert.rejects(pipeline.ingest([command(at(0), 'npm test', 1), commit(at(1), 'abc1234', 'Fix')]), /profile locked/);
    assert.equal(pipeline.snapshot().unwritten?.length, 2, 'held in the snapshot, so a restart keeps them too');
    failing = false;
    const report = await pipeline.ingest([command(at(2), 'npm test', 0)]);
    assert.equal(report.events, 3);
    await pipeline.tick(at(60));
    assert.deepEqual(sink.events().map((r) => r.text), ['Ran `npm test` (exit 1)', 'Committed abc1234 on main: Fix\n\n(1 file: src/a.ts)', 'Ran `npm test` (ok)']);
    assert.equal(sink.summaries()[0].links.length, 3);
    assert.equal(pipeline.snapshot().unwritten, undefined);
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openProfileStore } from '../../../src/core/profile/profileStore';
import { runMh, type MhRun } from '../cli/runMh';

const FIXTURE = join(__dirname, '../../../../shared/fixtures/commander-history.jsonl');
const work = mkdtempSync(join(tmpdir(), 'mh-capture-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

function mh(...args: string[]): Promise<MhRun> {
  return runMh(args, { cwd: work });
}

describe('mh capture', () => {
  it('replays a history file into the profile and prints the counts', async () => {
    const profile = join(work, 'p1');
    const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.trim());
    const sample = join(work, 'commander-history.jsonl');
    writeFileSync(sample, [...lines.slice(0, 200), '{"sha": "broken"', ...lines.slice(200, 300)].join('\n'));
    const res = await mh('--profile', profile, 'capture', 'replay', sample, '--json');
    assert.equal(res.code, 0, res.err);
    const report = JSON.parse(res.out) as { project: string; events: number; sessions: number; skipped: number; badLines: Array<{ line: number }> };
    assert.equal(report.project, 'commander');
    assert.equal(report.events, 300);
    assert.equal(report.skipped, 1);
    assert.equal(report.badLines[0].line, 201);
    assert.match(res.err, /commander-history\.jsonl:201: skipped/);
    const store = await openProfileStore(profile, { durable: false });
    try {
      const summaries = await store.memory.list({ tag: 'session-summary' });
      assert.equal(summaries.length, report.sessions);
      const events = await store.memory.list({ tag: 'commit' });
      assert.equal(events.length, 300);
      const linked = new Set(summaries.flatMap((s) => s.links.map((l) => l.id)));
      assert.equal(linked.size, 300);
      assert.ok(events.every((e) => linked.has(e.id)));
    } finally {
      await store.close();
    }
    const text = await mh('--profile', profile, 'capture', 'replay', sample, '--project', 'cmd');
    assert.match(text.out, /^cmd: 300 events, \d+ sessions, 1 skipped line\n$/);
  });

  it('imports a git repository with --max', async () => {
    const repo = join(work, 'repo');
    mkdirSync(repo);
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'a@example.com' };
    execFileSync('git', ['init', '-q'], { cwd: repo, env });
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(repo, `f${i}.txt`), `${i}\n`);
      execFileSync('git', ['add', '.'], { cwd: repo, env });
      execFileSync('git', ['commit', '-q', '-m', `commit ${i}`], { cwd: repo, env: { ...env, GIT_AUTHOR_DATE: `2024-06-0${i + 1}T10:00:00Z`, GIT_COMMITTER_DATE: `2024-06-0${i + 1}T10:00:00Z` } });
    }
    const res = await mh('--profile', join(work, 'p2'), 'capture', 'import-git', repo, '--max', '2');
    assert.equal(res.code, 0, res.err);
    assert.equal(res.out, 'repo: 2 events, 2 sessions, 0 skipped lines\n');
    const notRepo = await mh('--profile', join(work, 'p2'), 'capture', 'import-git', join(work, 'nope'));
    assert.notEqual(notRepo.code, 0);
  });

  it('forgets what capture recorded in the last hours, and nothing older', async () => {
    const profile = join(work, 'p3');
    const store = await openProfileStore(profile, { durable: false });
    await store.memory.appendMany([
      { kind: 'event', text: 'Edited a.ts', source: 'vscode:editor', tags: ['capture', 'edit'], ts: new Date(Date.now() - 10 * 60_000).toISOString() },
      { kind: 'event', text: 'Edited b.ts', source: 'vscode:editor', tags: ['capture', 'edit'], ts: new Date(Date.now() - 3 * 3600_000).toISOString() },
      { kind: 'note', text: 'a note, not captured', source: 'cli', tags: [] },
    ]);
    await store.close();
    assert.equal((await mh('--profile', profile, 'capture', 'forget-last', '--dry-run')).out, 'would forget 1 captured record from the last 1 hour\n');
    assert.equal((await mh('--profile', profile, 'capture', 'forget-last', '--hours', '1')).out, 'forgot 1 captured record from the last 1 hour\n');
    const after = await openProfileStore(profile, { durable: false });
    try {
      assert.deepEqual((await after.memory.list()).map((r) => r.text).sort(), ['Edited b.ts', 'a note, not captured']);
    } finally {
      await after.close();
    }
  });
});

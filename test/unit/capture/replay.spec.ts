import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { captureSettingsFrom } from '../../../src/core/capture/captureSettings';
import { parseCommitHistory } from '../../../src/core/capture/replay/commitHistory';
import { importGitRepository } from '../../../src/core/capture/replay/gitLog';
import { replayCommitHistory, replayCommits, writeReplay } from '../../../src/core/capture/replay/replayCommitHistory';
import type { SessionFigures } from '../../../src/core/capture/sessions/sessionSummary';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { MemorySink } from './captureBuilders';

const FIXTURE = join(__dirname, '../../../../shared/fixtures/commander-history.jsonl');
const settings = captureSettingsFrom(defaultSettings());
const workspace = { folder: '/src/commander.js', name: 'commander.js' };
const temp = mkdtempSync(join(tmpdir(), 'mh-capture-replay-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** Sessions as the spec defines them, computed straight from the raw lines: sort by date, cut where the gap exceeds the idle time. */
function expectedSessions(lines: string[], idleMs: number): string[][] {
  const commits = lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as { sha: string; date: string });
  const sorted = commits.map((c, i) => ({ ...c, t: Date.parse(c.date), i })).sort((a, b) => a.t - b.t || a.i - b.i);
  const groups: string[][] = [];
  let lastT = -Infinity;
  for (const c of sorted) {
    if (c.t - lastT > idleMs || groups.length === 0) groups.push([]);
    groups[groups.length - 1].push(c.sha);
    lastT = c.t;
  }
  return groups;
}

describe('replay of a commit history', () => {
  it('replays the commander fixture into sessions that match an independent grouping', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const expected = expectedSessions(lines, settings.idleMs);
    const result = replayCommitHistory(lines, { workspace, settings });
    const sink = new MemorySink();
    const report = await writeReplay(sink, result);

    const commitCount = lines.filter((l) => l.trim()).length;
    assert.equal(report.skipped.length, 0);
    assert.equal(report.events, commitCount);
    assert.equal(report.sessions, expected.length);
    const summaries = sink.summaries();
    assert.equal(summaries.length, expected.length);
    const shaById = new Map(sink.events().map((r) => [r.id, r.meta.sha as string]));
    summaries.forEach((summary, i) => {
      const linked = summary.links.map((l) => shaById.get(l.id));
      assert.deepEqual(linked, expected[i], `session ${i}`);
      const figures = summary.meta.summary as SessionFigures;
      assert.equal(figures.commitsTotal, expected[i].length);
      assert.equal(summary.source, 'replay:session');
      assert.equal(summary.project, 'commander.js');
    });
    const first = sink.events()[0];
    assert.equal(first.source, 'replay:git');
    assert.equal(first.ts, new Date('2011-08-14T11:40:38-07:00').toISOString());
    const raw = JSON.parse(lines[0]) as { files: Array<{ added: number; deleted: number }> };
    const added = raw.files.reduce((a, f) => a + f.added, 0);
    assert.ok(first.text.startsWith(`Committed 672c7d0: Initial commit\n\n(${raw.files.length} files, +${added}/-0: .gitignore, `), first.text);
  });

  it('uses the idle setting to cut sessions', () => {
    const lines = readFileSync(FIXTURE, 'utf8').split('\n');
    const longer = replayCommitHistory(lines, { workspace, settings: { ...settings, idleMs: 4 * 3600_000 } });
    assert.equal(longer.sessions, expectedSessions(lines, 4 * 3600_000).length);
    assert.ok(longer.sessions < replayCommitHistory(lines, { workspace, settings }).sessions);
  });

  it('reports bad lines by number and skips them', () => {
    const good = (sha: string, date: string) => JSON.stringify({ sha, author: 'Ada', date, subject: 's', body: '', files: [] });
    const { commits, bad } = parseCommitHistory([
      good('aaaa111', '2024-01-01T10:00:00Z'),
      '{ not json',
      '',
      JSON.stringify({ sha: 'zz', date: '2024-01-01T10:00:00Z', subject: 'x' }),
      JSON.stringify({ sha: 'bbbb222', date: 'someday', subject: 'x' }),
      good('cccc333', '2024-01-01T10:05:00Z'),
      JSON.stringify({ sha: 'dddd444', date: '2024-01-01T10:00:00Z', subject: 'x', files: [{ path: 'a', added: -1, deleted: 0 }] }),
    ]);
    assert.equal(commits.length, 2);
    assert.deepEqual(bad.map((b) => b.line), [2, 4, 5, 7]);
    assert.match(bad[0].reason, /not JSON/);
    assert.match(bad[1].reason, /sha/);
    assert.match(bad[2].reason, /date/);
    assert.match(bad[3].reason, /files\.0\.added/);
  });

  it('redacts secrets and drops excluded files on the way, like live capture, and filters by author', () => {
    const result = replayCommits(
      [
        { sha: 'aaaa111', author: 'Ada', date: '2024-01-01T10:00:00Z', subject: 'Add key AKIAZ7Q3XK4P2M9RT6WB', body: '', files: [{ path: '.env', added: 1, deleted: 0 }, { path: 'src/a.ts', added: 2, deleted: 0 }] },
        { sha: 'bbbb222', author: 'Bob', date: '2024-01-01T10:10:00Z', subject: 'Other work', body: '', files: [] },
      ],
      { workspace, settings, author: 'ada' },
    );
    assert.equal(result.commits, 1);
    assert.equal(result.filtered, 1);
    const record = result.emissions[0].record;
    assert.ok(!record.text.includes('AKIAZ7Q3XK4P2M9RT6WB'));
    assert.ok(!record.text.includes('.env'));
    assert.deepEqual(record.entities, ['src/a.ts']);
  });
});

describe('import from a git repository', () => {
  it('reads git log --numstat (spaces, renames, binary files) and replays it', async () => {
    const repo = join(temp, 'repo');
    mkdirSync(repo);
    const git = (args: string[], date?: string) =>
      execFileSync('git', args, {
        cwd: repo,
        env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
        stdio: 'pipe',
      });
    git(['init', '-q', '-b', 'main']);
    writeFileSync(join(repo, 'a file.txt'), 'one\ntwo\n');
    git(['add', '.']);
    git(['commit', '-q', '-m', 'First commit'], '2024-05-01T09:00:00+02:00');
    git(['mv', 'a file.txt', 'renamed.txt']);
    writeFileSync(join(repo, 'renamed.txt'), 'one\ntwo\nthree\n');
    writeFileSync(join(repo, 'logo.bin'), Buffer.from([0, 1, 2, 0, 255]));
    git(['add', '.']);
    git(['commit', '-q', '-m', 'Rename, add a logo\n\nDeploy token: ghp_R8x2Lq9ZpT4vN7mK3sW6yB1cF5hJ0dG2aE9u'], '2024-05-01T09:20:00+02:00');
    writeFileSync(join(repo, 'later.txt'), 'x\n');
    git(['add', '.']);
    git(['commit', '-q', '-m', 'Next day'], '2024-05-02T10:00:00+02:00');

    const { commits, bad } = await importGitRepository(repo);
    assert.deepEqual(bad, []);
    assert.deepEqual(commits.map((c) => c.subject), ['Next day', 'Rename, add a logo', 'First commit']);
    const renameCommit = commits[1];
    assert.deepEqual(
      renameCommit.files.map((f) => [f.path, f.added, f.deleted, f.oldPath]).sort(),
      [['logo.bin', null, null, undefined], ['renamed.txt', 1, 0, 'a file.txt']],
    );
    assert.deepEqual(commits[2].files, [{ path: 'a file.txt', added: 2, deleted: 0 }]);
    assert.equal(commits[2].author, 'Ada Lovelace');
    assert.equal(Date.parse(commits[2].date), Date.parse('2024-05-01T07:00:00Z'));

    const limited = await importGitRepository(repo, { max: 1 });
    assert.equal(limited.commits.length, 1);

    const sink = new MemorySink();
    const report = await writeReplay(sink, replayCommits(commits, { workspace: { folder: repo, name: 'repo' }, settings }));
    assert.deepEqual([report.events, report.sessions], [3, 2]);
    assert.ok(sink.records.every((r) => !r.text.includes('ghp_R8x2')));
    assert.ok(sink.records.some((r) => r.text.includes('[REDACTED:github-token]')));
  });

  it('fails clearly on a folder that is not a repository', async () => {
    await assert.rejects(importGitRepository(join(temp)), /git log failed/);
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/core/audit/auditEntry';
import { openProfileStore } from '../../../src/core/profile/profileStore';
import { tempDirsForSuite } from '../store/storeFixtures';
import { cliFixture, type CliFixture } from './cliFixtures';

const DAY_MS = 86_400_000;

describe('mh audit show --skill --since', () => {
  const makeDir = tempDirsForSuite();

  /** A profile with a write-file execution three days ago, and today a write-file run and a notify run. */
  async function profileWithHistory(): Promise<CliFixture> {
    const f = cliFixture(makeDir);
    const threeDaysAgo = new Date(Date.now() - 3 * DAY_MS);
    const old = await openProfileStore(f.profile, { actor: 'test', durable: false, clock: () => threeDaysAgo });
    await old.audit.record({ type: 'skill_execution', skill: 'write-file', dryRun: false, decision: 'allow', outcome: 'ok', output: 'the old write' });
    await old.close();
    assert.equal((await f.mh('skills', 'run', 'write-file', '--args', JSON.stringify({ path: 'today.md', content: 'x' }))).code, 0);
    assert.equal((await f.mh('skills', 'run', 'notify', '--args', JSON.stringify({ message: 'hello' }))).code, 0);
    return f;
  }

  const entriesOf = (out: string) => out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditEntry & { skill?: string; output?: string });

  it('lists the entries of that skill only, since the time given', async () => {
    const f = await profileWithHistory();
    const lastDay = await f.mh('audit', 'show', '--skill', 'write-file', '--since', '1d', '--json');
    assert.equal(lastDay.code, 0, lastDay.err);
    const recent = entriesOf(lastDay.out);
    assert.ok(recent.length >= 2, lastDay.out);
    assert.ok(recent.every((e) => e.skill === 'write-file'));
    assert.deepEqual(recent.map((e) => e.type).sort(), ['decision', 'skill_execution']);
    assert.ok(!recent.some((e) => e.output === 'the old write'));

    const week = entriesOf((await f.mh('audit', 'show', '--skill', 'write-file', '--since', '1w', '--json')).out);
    assert.equal(week[0].output, 'the old write', 'the oldest entry first');
    assert.equal(week.length, recent.length + 1);

    const iso = new Date(Date.now() - 4 * DAY_MS).toISOString().slice(0, 10);
    assert.equal(entriesOf((await f.mh('audit', 'show', '--skill', 'write-file', '--since', iso, '--json')).out).length, week.length);

    const notify = entriesOf((await f.mh('audit', 'show', '--skill', 'notify', '--since', '1d', '--json')).out);
    assert.ok(notify.length > 0 && notify.every((e) => e.skill === 'notify'));
  });

  it('prints one line per entry, and says so when nothing matches', async () => {
    const f = await profileWithHistory();
    const text = await f.mh('audit', 'show', '--skill', 'write-file', '--type', 'skill_execution', '--since', '1h');
    assert.equal(text.code, 0, text.err);
    const lines = text.out.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /skill_execution \{"skill":"write-file".*"outcome":"ok"/);
    const none = await f.mh('audit', 'show', '--skill', 'shell', '--since', '1w');
    assert.equal(none.code, 0, none.err);
    assert.equal(none.out, 'no matching entries\n');
  });

  it('names a --since, --type or day it cannot read, with a non-zero exit', async () => {
    const f = cliFixture(makeDir);
    const since = await f.mh('audit', 'show', '--since', 'yesterday');
    assert.notEqual(since.code, 0);
    assert.match(since.err, /--since must be .*not 'yesterday'/);
    const type = await f.mh('audit', 'show', '--type', 'skill');
    assert.notEqual(type.code, 0);
    assert.match(type.err, /--type must be one of .*skill_execution.*not 'skill'/);
    const day = await f.mh('audit', 'show', '03/12/2026');
    assert.notEqual(day.code, 0);
    assert.match(day.err, /The day must be YYYY-MM-DD, not '03\/12\/2026'/);
  });
});

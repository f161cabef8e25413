import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanup, filesContaining, tempDir } from './storeFixtures';
import { runMh, type MhRun } from '../cli/runMh';

function mh(...args: string[]): Promise<MhRun> {
  return runMh(args);
}

describe('mh persona, memory, task, audit, export, import, status', () => {
  const work = tempDir('cli');
  const profile = join(work, 'profile');
  const p = ['--profile', profile];
  after(() => cleanup(work));

  it('adds, lists, corrects, forgets and compacts memories', async () => {
    const added = await mh(...p, 'memory', 'add', 'met', 'Grace', 'about', 'the', 'walrus-4471', 'compiler', '--tag', 'people', '--kind', 'event');
    assert.equal(added.code, 0, added.err);
    const id = added.out.trim();
    assert.match(id, /^[0-9A-Z]{26}$/);
    const note = (await mh(...p, 'memory', 'add', 'a plain note')).out.trim();
    const list = await mh(...p, 'memory', 'list');
    assert.match(list.out, new RegExp(`${id}  event .*\\[people\\]  met Grace about the walrus-4471 compiler`));
    assert.ok(list.out.indexOf(note) < list.out.indexOf(id), 'newest first');
    assert.match((await mh(...p, 'memory', 'list', '--kind', 'note')).out, /a plain note/);
    assert.doesNotMatch((await mh(...p, 'memory', 'list', '--kind', 'note')).out, /walrus/);
    assert.match((await mh(...p, 'memory', 'correct', id, 'met Grace about the COBOL compiler')).out, /COBOL/);
    await mh(...p, 'memory', 'validate', note);
    assert.equal((JSON.parse((await mh(...p, 'memory', 'show', note)).out) as { validated: boolean }).validated, true);
    const bad = await mh(...p, 'memory', 'add', 'x', '--kind', 'gossip');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /mh: Invalid record: kind must be equal to one of the allowed values/);

    assert.match((await mh(...p, 'memory', 'forget', id)).out, /forgot/);
    assert.doesNotMatch((await mh(...p, 'memory', 'list')).out, /COBOL|walrus/);
    assert.ok(filesContaining(profile, 'walrus-4471').length > 0, 'still on disk before compaction');
    assert.match((await mh(...p, 'memory', 'compact')).out, /compacted 2 file\(s\)/);
    assert.deepEqual(filesContaining(profile, 'walrus-4471'), []);
    assert.deepEqual(filesContaining(profile, 'COBOL'), []);
  });

  it('adds, lists and finishes tasks', async () => {
    const id = (await mh(...p, 'task', 'add', 'Review', 'the', 'store', '--due', '2026-12-01', '--priority', '1')).out.trim();
    assert.match((await mh(...p, 'task', 'list')).out, new RegExp(`${id}  \\[ \\] Review the store  \\(due 2026-12-01, p1\\)`));
    assert.match((await mh(...p, 'task', 'done', id)).out, /\[x\] Review the store/);
    assert.match((await mh(...p, 'task', 'list')).out, /no tasks/);
    assert.match((await mh(...p, 'task', 'list', '--all')).out, /\[x\] Review the store/);
  });

  it('shows, sets, diffs and rolls back the persona', async () => {
    assert.match((await mh(...p, 'persona', 'show')).out, /\(no name yet\) — revision 1/);
    assert.equal((await mh(...p, 'persona', 'set', 'identity.name', 'Ada')).code, 0);
    assert.equal((await mh(...p, 'persona', 'set', 'personality.bigFive.openness', '0.9')).code, 0);
    assert.match((await mh(...p, 'persona', 'show')).out, /^Ada — revision 3/);
    assert.equal((await mh(...p, 'persona', 'diff')).out, '~ personality.bigFive.openness: 0.5 → 0.9\n');
    assert.equal((await mh(...p, 'persona', 'diff', '1', '3')).out, '~ identity.name: "" → "Ada"\n~ personality.bigFive.openness: 0.5 → 0.9\n');
    assert.match((await mh(...p, 'persona', 'rollback', '1')).out, /restored revision 1 as revision 4/);
    assert.match((await mh(...p, 'persona', 'history')).out, /^ {3}1 .*created from template\n {3}2 .*\n {3}3 .*\n {3}4 .*\(current\) {2}rollback to 1\n$/);
    const invalid = await mh(...p, 'persona', 'set', 'personality.bigFive.openness', '7');
    assert.equal(invalid.code, 1);
    assert.match(invalid.err, /bigFive\.openness must be <= 1/);
    assert.match((await mh(...p, 'persona', 'rollback', 'latest')).err, /not a revision number/);
  });

  it('verifies the audit chain and names the first broken line', async () => {
    const ok = await mh(...p, 'audit', 'verify');
    assert.equal(ok.code, 0);
    assert.match(ok.out, /audit intact: \d+ entries in 1 day file\(s\)/);
    const file = join(profile, `audit/${new Date().toISOString().slice(0, 10)}.jsonl`);
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    lines.splice(4, 1);
    writeFileSync(file, lines.join('\n'));
    const broken = await mh(...p, 'audit', 'verify');
    assert.equal(broken.code, 1);
    assert.match(broken.err, new RegExp(`audit broken at audit/\\d{4}-\\d{2}-\\d{2}\\.jsonl:5: it does not follow line 4`));
    writeFileSync(file, original);
  });

  it('exports and imports the profile, and reports it in status', async () => {
    const bundle = join(work, 'me.jsonl');
    assert.match((await mh(...p, 'export', bundle)).out, /exported \d+ files/);
    const copy = join(work, 'copy');
    const imported = await mh('--profile', copy, 'import', bundle);
    assert.equal(imported.code, 0, imported.err);
    assert.equal((await mh('--profile', copy, 'memory', 'list')).out, (await mh(...p, 'memory', 'list')).out);
    assert.equal((await mh('--profile', copy, 'import', bundle)).code, 1, 'a second import into the now full folder is refused');
    const status = await mh('--profile', copy, 'status');
    assert.match(status.out, /records: note 1, task 1/);
    assert.match(status.out, /persona: revision 4/);
    assert.match((await mh('--profile', join(work, 'nowhere'), 'status')).out, /not created yet/);
  });
});

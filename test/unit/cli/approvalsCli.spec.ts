import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { tempDirsForSuite } from '../store/storeFixtures';
import { cliFixture, proposalId, type CliFixture } from './cliFixtures';

const writeArgs = (content: string, path = 'notes.md') => JSON.stringify({ path, content });

describe('mh approvals', () => {
  const makeDir = tempDirsForSuite();

  it('propose → list pending → approve writes the file → undo puts the old one back', async () => {
    const f = cliFixture(makeDir);
    const file = join(f.workspace, 'notes.md');
    writeFileSync(file, 'old\n');

    const proposed = await f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('new\n'), '--reason', 'tidy the notes');
    assert.equal(proposed.code, 0, proposed.err);
    assert.match(proposed.out, /pending/);
    assert.match(proposed.out, /waiting for approval: mh approvals approve /);
    assert.equal(readFileSync(file, 'utf8'), 'old\n', 'nothing is written before approval');
    const id = proposalId(proposed);

    const listed = await f.mh('approvals', 'list');
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, new RegExp(`^${id}\\s+pending\\s+write-file .*cli: Write notes\\.md.*\\(tidy the notes\\)`, 'm'));

    const approved = await f.mh('approvals', 'approve', id);
    assert.equal(approved.code, 0, approved.err);
    assert.match(approved.out, /executed/);
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
    assert.match((await f.mh('approvals', 'list')).out, /no pending proposals/);

    const undone = await f.mh('approvals', 'undo', id);
    assert.equal(undone.code, 0, undone.err);
    assert.match(undone.out, /undone/);
    assert.equal(readFileSync(file, 'utf8'), 'old\n');
  });

  it('approve --args runs the edited arguments instead', async () => {
    const f = cliFixture(makeDir);
    const id = proposalId(await f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('draft\n'), '--reason', 'r'));
    const approved = await f.mh('approvals', 'approve', id, '--args', writeArgs('edited\n'));
    assert.equal(approved.code, 0, approved.err);
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'edited\n');
    const shown = await f.mh('approvals', 'show', id);
    assert.match(shown.out, /edited from: .*draft/);
  });

  it('approve --args that do not fit the skill names the field and leaves the proposal pending', async () => {
    const f = cliFixture(makeDir);
    const id = proposalId(await f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('draft\n'), '--reason', 'r'));
    const wrongType = await f.mh('approvals', 'approve', id, '--args', JSON.stringify({ path: 'notes.md', content: 42 }));
    assert.notEqual(wrongType.code, 0);
    assert.match(wrongType.err, /content/);
    const notJson = await f.mh('approvals', 'approve', id, '--args', '{path:');
    assert.notEqual(notJson.code, 0);
    assert.match(notJson.err, /--args is not JSON/);
    assert.deepEqual(await f.pendingIds(), [id]);
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
  });

  it('reject --reason is recorded and shown by list --all; a rejected proposal cannot be approved', async () => {
    const f = cliFixture(makeDir);
    const id = proposalId(await f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('x\n'), '--reason', 'r'));
    const rejected = await f.mh('approvals', 'reject', id, '--reason', 'not in my notes folder');
    assert.equal(rejected.code, 0, rejected.err);
    assert.deepEqual(await f.pendingIds(), []);
    const all = await f.mh('approvals', 'list', '--all');
    assert.match(all.out, new RegExp(`^${id}\\s+rejected .*rejected: not in my notes folder`, 'm'));
    const audit = await f.mh('audit', 'show', '--skill', 'write-file', '--type', 'approval');
    assert.match(audit.out, /"action":"rejected","reason":"not in my notes folder"/);

    const late = await f.mh('approvals', 'approve', id);
    assert.notEqual(late.code, 0);
    assert.match(late.err, new RegExp(`Proposal ${id} is rejected`));
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
  });

  it('an unknown proposal id is named, with a non-zero exit, for approve, reject, accept, dismiss, undo and show', async () => {
    const f = cliFixture(makeDir);
    for (const verb of ['approve', 'reject', 'accept', 'dismiss', 'undo', 'show']) {
      const run = await f.mh('approvals', verb, 'no-such-id');
      assert.notEqual(run.code, 0, verb);
      assert.match(run.err, /There is no proposal no-such-id/, verb);
    }
  });

  it('propose refuses an unknown skill, arguments that are not JSON and a path outside the workspace, naming each', async () => {
    const f = cliFixture(makeDir);
    const unknown = await f.mh('approvals', 'propose', 'write-files', '--args', '{}', '--reason', 'r');
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.err, /There is no skill 'write-files'; the skills are .*write-file/);
    assert.deepEqual(await f.pendingIds(), []);

    const notObject = await f.mh('approvals', 'propose', 'write-file', '--args', '["notes.md"]', '--reason', 'r');
    assert.notEqual(notObject.code, 0);
    assert.match(notObject.err, /--args must be a JSON object/);

    const outside = await f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('x', '../escape.md'), '--reason', 'r');
    assert.notEqual(outside.code, 0);
    assert.match(outside.err, /write-file denied: .*"\.\.\/escape\.md" is outside the workspace/);
    assert.deepEqual(await f.pendingIds(), []);
    assert.equal(existsSync(join(f.workspace, '..', 'escape.md')), false);
  });

  it('propose --dry-run only previews: the diff is printed, nothing changes, nothing waits', async () => {
    const f = cliFixture(makeDir);
    writeFileSync(join(f.workspace, 'notes.md'), 'old\n');
    const previewed = await f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('new\n'), '--reason', 'r', '--dry-run');
    assert.equal(previewed.code, 0, previewed.err);
    assert.match(previewed.out, /dry run, nothing changed/);
    assert.match(previewed.out, /^-old$/m);
    assert.match(previewed.out, /^\+new$/m);
    assert.deepEqual(await f.pendingIds(), []);
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'old\n');
  });

  it('propose --wait stays until the person approves, then reports the outcome', async () => {
    const f = cliFixture(makeDir);
    const waiting = f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('waited\n'), '--reason', 'r', '--wait');
    const ids = await untilPending(f);
    const approved = await f.mh('approvals', 'approve', ids[0]);
    assert.equal(approved.code, 0, approved.err);
    const done = await waiting;
    assert.equal(done.code, 0, done.err);
    assert.match(done.err, /waits for approval/);
    assert.match(done.out, /executed/);
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'waited\n');
  });

  it('propose --wait ends non-zero when the person rejects it', async () => {
    const f = cliFixture(makeDir);
    const waiting = f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('x\n'), '--reason', 'r', '--wait');
    const ids = await untilPending(f);
    await f.mh('approvals', 'reject', ids[0], '--reason', 'no');
    const done = await waiting;
    assert.notEqual(done.code, 0);
    assert.match(done.err, /write-file rejected/);
  });

  it('at suggest: propose leaves a suggestion that list shows and approve refuses; accept runs it as your own run, dismiss keeps the reason', async () => {
    const f = cliFixture(makeDir);
    assert.equal((await f.mh('skills', 'trust', 'write-file', 'suggest')).code, 0);
    const proposed = await f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('idea\n'), '--reason', 'jot it down');
    assert.equal(proposed.code, 0, proposed.err);
    const id = proposalId(proposed);
    assert.match(proposed.out, new RegExp(`mh approvals accept ${id} to run it, or mh approvals dismiss ${id}`));
    const other = proposalId(await f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('other\n', 'other.md'), '--reason', 'r'));

    const listed = await f.mh('approvals', 'list');
    assert.match(listed.out, new RegExp(`^${id}\\s+suggested\\s+write-file .*\\(jot it down\\)`, 'm'));
    assert.match(listed.out, new RegExp(`^${other}\\s+suggested`, 'm'));

    const approved = await f.mh('approvals', 'approve', id);
    assert.notEqual(approved.code, 0);
    assert.match(approved.err, new RegExp(`Proposal ${id} is a suggestion .*accept it \\(mh approvals accept ${id}\\)`));
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);

    const accepted = await f.mh('approvals', 'accept', id, '--args', writeArgs('edited idea\n'));
    assert.equal(accepted.code, 0, accepted.err);
    assert.match(accepted.out, new RegExp(`^accepted ${id}; your run:\n\\S+\\s+executed\\s+write-file .*person:`, 'm'));
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'edited idea\n');

    const dismissed = await f.mh('approvals', 'dismiss', other, '--reason', 'one note is enough');
    assert.equal(dismissed.code, 0, dismissed.err);
    assert.equal(existsSync(join(f.workspace, 'other.md')), false);
    assert.match((await f.mh('approvals', 'list')).out, /no pending proposals or suggestions/);
    const all = await f.mh('approvals', 'list', '--all');
    assert.match(all.out, new RegExp(`^${id}\\s+accepted .*ran as \\S+`, 'm'));
    assert.match(all.out, new RegExp(`^${other}\\s+dismissed .*dismissed: one note is enough`, 'm'));
    const audit = await f.mh('audit', 'show', '--skill', 'write-file', '--type', 'approval');
    assert.match(audit.out, /"action":"accepted"/);
    assert.match(audit.out, /"action":"dismissed","reason":"one note is enough"/);

    const again = await f.mh('approvals', 'dismiss', id);
    assert.notEqual(again.code, 0);
    assert.match(again.err, new RegExp(`Proposal ${id} is accepted; only a suggested proposal can be dismissed`));
  });

  it('propose --wait on a suggestion stays until it is accepted, then reports how the run ended', async () => {
    const f = cliFixture(makeDir);
    await f.mh('skills', 'trust', 'write-file', 'suggest');
    const waiting = f.mh('approvals', 'propose', 'write-file', '--args', writeArgs('waited\n'), '--reason', 'r', '--wait');
    const ids = await untilPending(f);
    const accepted = await f.mh('approvals', 'accept', ids[0]);
    assert.equal(accepted.code, 0, accepted.err);
    const done = await waiting;
    assert.equal(done.code, 0, done.err);
    assert.match(done.err, /is a suggestion, waiting for the person/);
    assert.match(done.out, /executed/);
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'waited\n');
  });
});

/** Waits until the waiting `propose` has queued its proposal (polling gently: each look opens the profile). */
async function untilPending(f: CliFixture): Promise<string[]> {
  for (;;) {
    const ids = await f.pendingIds();
    if (ids.length > 0) return ids;
    await pause(50);
  }
}

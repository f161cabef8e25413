import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirsForSuite } from '../store/storeFixtures';
import { cliFixture } from './cliFixtures';

describe('mh skills', () => {
  const makeDir = tempDirsForSuite();

  it('list shows every skill with its risk, whether it is enabled and its trust level', async () => {
    const f = cliFixture(makeDir);
    const listed = await f.mh('skills', 'list');
    assert.equal(listed.code, 0, listed.err);
    const lines = listed.out.trim().split('\n');
    assert.equal(lines.length, 8);
    assert.match(listed.out, /^write-file\s+write-local\s+enabled\s+supervised\s+Write file$/m);
    assert.match(listed.out, /^search-memory\s+read\s+enabled\s+bounded/m);
  });

  it('run is the person\'s own request: it acts at once in the current folder, with no approval, and is audited', async () => {
    const f = cliFixture(makeDir);
    const run = await f.mh('skills', 'run', 'write-file', '--args', JSON.stringify({ path: 'docs/plan.md', content: '# Plan\n' }));
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /executed .*person/);
    assert.equal(readFileSync(join(f.workspace, 'docs', 'plan.md'), 'utf8'), '# Plan\n');
    assert.deepEqual(await f.pendingIds(), []);
    const audit = await f.mh('audit', 'show', '--skill', 'write-file', '--type', 'skill_execution', '--json');
    const entries = audit.out.trim().split('\n').map((l) => JSON.parse(l) as { outcome: string; dryRun: boolean });
    assert.deepEqual(entries.map((e) => [e.outcome, e.dryRun]), [['ok', false]]);
  });

  it('run --workspace acts in that folder instead of the current one', async () => {
    const f = cliFixture(makeDir);
    const other = makeDir('cli-other-workspace');
    const run = await f.mh('skills', 'run', 'write-file', '--workspace', other, '--args', JSON.stringify({ path: 'x.txt', content: 'x' }));
    assert.equal(run.code, 0, run.err);
    assert.equal(readFileSync(join(other, 'x.txt'), 'utf8'), 'x');
    assert.equal(existsSync(join(f.workspace, 'x.txt')), false);
  });

  it('run --dry-run prints the diff and changes nothing', async () => {
    const f = cliFixture(makeDir);
    writeFileSync(join(f.workspace, 'notes.md'), 'one\ntwo\n');
    const run = await f.mh('skills', 'run', 'write-file', '--dry-run', '--args', JSON.stringify({ path: 'notes.md', edits: [{ find: 'two', replace: 'three' }] }));
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /dry run, nothing changed: Write notes\.md/);
    assert.match(run.out, /^-two$/m);
    assert.match(run.out, /^\+three$/m);
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'one\ntwo\n');
  });

  it('run refuses a path outside the workspace, naming it, and writes nothing there', async () => {
    const f = cliFixture(makeDir);
    const parent = makeDir('cli-parent');
    const workspace = join(parent, 'ws');
    mkdirSync(workspace);
    const run = await f.mh('skills', 'run', 'write-file', '--workspace', workspace, '--args', JSON.stringify({ path: '../x', content: 'escaped' }));
    assert.notEqual(run.code, 0);
    assert.match(run.err, /write-file denied: path "\.\.\/x" is outside the workspace/);
    assert.deepEqual(readdirSync(parent), ['ws']);
    const audit = await f.mh('audit', 'show', '--skill', 'write-file', '--type', 'skill_execution', '--json');
    assert.match(audit.out, /"outcome":"rejected"/);
  });

  it('run with arguments that do not fit names the field; arguments that are not JSON name --args', async () => {
    const f = cliFixture(makeDir);
    const wrongType = await f.mh('skills', 'run', 'write-file', '--args', JSON.stringify({ path: 7, content: 'x' }));
    assert.notEqual(wrongType.code, 0);
    assert.match(wrongType.err, /write-file: args\.path must be string/);
    const unknownField = await f.mh('skills', 'run', 'write-file', '--args', JSON.stringify({ path: 'a', content: 'x', mode: 'append' }));
    assert.notEqual(unknownField.code, 0);
    assert.match(unknownField.err, /mode/);
    const notJson = await f.mh('skills', 'run', 'write-file', '--args', "{'path': 'a'}");
    assert.notEqual(notJson.code, 0);
    assert.match(notJson.err, /--args is not JSON/);
    assert.deepEqual(readdirSync(f.workspace), []);
  });

  it('run names an unknown skill and lists the skills there are', async () => {
    const f = cliFixture(makeDir);
    const run = await f.mh('skills', 'run', 'deploy', '--args', '{}');
    assert.notEqual(run.code, 0);
    assert.match(run.err, /There is no skill 'deploy'; the skills are task, notify, .*search-memory/);
  });

  it("the policy's deny rules apply to the person's own runs too", async () => {
    const f = cliFixture(makeDir);
    await f.mh('policy', 'check');
    const policyFile = join(f.profile, 'policy.json');
    const policy = JSON.parse(readFileSync(policyFile, 'utf8')) as { rules: unknown[] };
    policy.rules.unshift({ id: 'no-file-writes', effect: 'deny', skills: ['write-file'] });
    writeFileSync(policyFile, JSON.stringify(policy));
    const run = await f.mh('skills', 'run', 'write-file', '--args', JSON.stringify({ path: 'a.md', content: 'x' }));
    assert.notEqual(run.code, 0);
    assert.match(run.err, /no-file-writes/);
    assert.equal(existsSync(join(f.workspace, 'a.md')), false);
  });

  it('trust and disable change policy.json; a disabled skill is refused', async () => {
    const f = cliFixture(makeDir);
    const trusted = await f.mh('skills', 'trust', 'write-file', 'bounded');
    assert.equal(trusted.code, 0, trusted.err);
    assert.match((await f.mh('skills', 'list')).out, /^write-file\s+write-local\s+enabled\s+bounded/m);
    const badLevel = await f.mh('skills', 'trust', 'write-file', 'total');
    assert.notEqual(badLevel.code, 0);
    assert.match(badLevel.err, /level must be one of observe, suggest, supervised, bounded, adaptive; not 'total'/);
    await f.mh('skills', 'disable', 'write-file');
    const run = await f.mh('skills', 'run', 'write-file', '--args', JSON.stringify({ path: 'a.md', content: 'x' }));
    assert.notEqual(run.code, 0);
    assert.match(run.err, /disabled/);
  });
});

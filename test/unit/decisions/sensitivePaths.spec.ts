import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AUTONOMY_FILE } from '../../../src/core/decisions/autonomySwitch';
import { POLICY_FILE } from '../../../src/core/decisions/policy';
import { sensitiveReason } from '../../../src/core/decisions/sensitivePaths';
import { tempDirsForSuite } from '../store/storeFixtures';
import { auditEntries, engineFixture, type EngineFixture } from './decisionFixtures';

const SENSITIVE = [
  '.git/hooks/pre-commit',
  '.git/config',
  'vendor/lib/.git/config',
  '.GIT/config',
  '.vscode/tasks.json',
  '.vscode/settings.json',
  '.vscode/launch.json',
  '.devcontainer/devcontainer.json',
  '.husky/pre-push',
  '.github/workflows/ci.yml',
  '.gitattributes',
  'package.json',
  'packages/web/package.json',
  '.npmrc',
  '.env',
  '.env.local',
  '.envrc',
];
const ORDINARY = ['notes.md', 'src/app.ts', '.github/ISSUE_TEMPLATE/bug.md', 'docs/git/config.md', 'package.json.md', 'environment.ts', 'src/vscode/tasks.json'];

describe('sensitive workspace paths always ask the person, even at bounded', () => {
  const temp = tempDirsForSuite();

  async function bounded(): Promise<EngineFixture> {
    const f = await engineFixture(temp);
    await f.engine.setTrust('write-file', { level: 'bounded' });
    return f;
  }
  const propose = (f: EngineFixture, path: string) => f.engine.propose({ skill: 'write-file', args: { path, content: 'echo pwned\n' }, source: 'agent:organizer', reason: 'tidy up', workspace: f.workspace });

  it('names git, editor, CI, package and environment files, and only those', () => {
    for (const path of SENSITIVE) assert.match(sensitiveReason('/ws', join('/ws', path)) ?? '', /is a sensitive path \(.+\), so the person is always asked/, path);
    for (const path of ORDINARY) assert.equal(sensitiveReason('/ws', join('/ws', path)), undefined, path);
  });

  it('an ordinary file is written alone at bounded (the control)', async () => {
    const f = await bounded();
    const state = await propose(f, 'notes.md');
    assert.deepEqual([state.status, state.decision.decision, state.decision.rule], ['executed', 'allow', 'rule:read-and-local']);
    await f.close();
  });

  for (const path of SENSITIVE) {
    it(`${path} waits for the person, rule sensitive-path, and nothing is written`, async () => {
      const f = await bounded();
      const state = await propose(f, path);
      assert.deepEqual([state.status, state.decision.decision, state.decision.rule], ['pending', 'ask', 'sensitive-path']);
      assert.match(state.decision.reason, /sensitive path/);
      assert.equal(existsSync(join(f.workspace, path)), false);
      const decision = auditEntries(f.store).find((e) => e.type === 'decision' && e.proposal === state.id);
      assert.deepEqual(decision?.type === 'decision' && [decision.decision, decision.rule], ['ask', 'sensitive-path']);
      const done = await f.engine.approve(state.id);
      assert.equal(done.status, 'executed', 'the person may approve it');
      assert.equal(readFileSync(join(f.workspace, path), 'utf8'), 'echo pwned\n');
      await f.close();
    });
  }

  it("the person's own run of a sensitive path is theirs: it runs", async () => {
    const f = await bounded();
    const state = await f.engine.runAsPerson('write-file', { path: '.vscode/settings.json', content: '{}\n' }, { workspace: f.workspace });
    assert.deepEqual([state.status, state.decision.rule], ['executed', 'person:request']);
    await f.close();
  });
});

describe('the profile folder is never written by a file skill, even inside the workspace', () => {
  const temp = tempDirsForSuite();

  /** The CLI's defaults from the home folder: the workspace holds the profile (`~/.metahuman`). */
  async function profileInsideWorkspace(): Promise<EngineFixture> {
    const workspace = temp('home-like');
    const profile = join(workspace, '.metahuman');
    mkdirSync(profile);
    const f = await engineFixture((label) => (label === 'decisions-profile' ? profile : label === 'decisions-workspace' ? workspace : temp(label)));
    await f.engine.setTrust('write-file', { level: 'bounded' });
    return f;
  }

  for (const file of [POLICY_FILE, AUTONOMY_FILE, 'approvals/queue.jsonl', 'persona.json']) {
    it(`denies writing ${file} for the twin and for the person`, async () => {
      const f = await profileInsideWorkspace();
      const path = `.metahuman/${file}`;
      const before = existsSync(join(f.profile, file)) ? readFileSync(join(f.profile, file), 'utf8') : undefined;
      const twin = await f.engine.propose({ skill: 'write-file', args: { path, content: '{"paused":false}\n' }, source: 'agent:organizer', reason: 'trust myself more', workspace: f.workspace });
      assert.deepEqual([twin.status, twin.decision.rule], ['denied', 'path:profile']);
      assert.match(twin.error ?? '', /inside the twin's profile folder .*mh policy, mh skills trust and mh persona/);
      const own = await f.engine.runAsPerson('write-file', { path, content: '{"paused":false}\n' }, { workspace: f.workspace });
      assert.equal(own.status, 'denied');
      assert.match(own.error ?? '', /profile folder/);
      const after = existsSync(join(f.profile, file)) ? readFileSync(join(f.profile, file), 'utf8') : undefined;
      assert.notEqual(after, '{"paused":false}\n');
      // The queue itself grows by the engine's own records of these two refusals.
      if (file !== 'approvals/queue.jsonl') assert.equal(after, before, 'the profile file is unchanged');
      await f.close();
    });
  }

  it('a file beside the profile in the same workspace is still written', async () => {
    const f = await profileInsideWorkspace();
    const state = await f.engine.propose({ skill: 'write-file', args: { path: 'notes.md', content: 'hi\n' }, source: 'agent:organizer', reason: 'note', workspace: f.workspace });
    assert.equal(state.status, 'executed');
    await f.close();
  });
});

describe('a workspace is a project folder, not the filesystem root or the home folder', () => {
  const temp = tempDirsForSuite();

  it('refuses both with a clear error naming the workspace, for file and git skills', async () => {
    const f = await engineFixture(temp);
    const home = temp('home');
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      for (const [workspace, what] of [[home, 'your home folder'], ['/', 'the filesystem root']] as const) {
        for (const [skill, args] of [['write-file', { path: 'notes.md', content: 'x\n' }], ['commit-message', {}]] as const) {
          const state = await f.engine.propose({ skill, args, source: 'agent:organizer', reason: 'try', workspace });
          assert.deepEqual([state.status, state.decision.rule], ['denied', 'input:workspace'], `${skill} in ${workspace}`);
          assert.match(state.error ?? '', new RegExp(`The workspace .* is ${what}; a workspace is a project folder`));
        }
      }
      assert.equal(existsSync(join(home, 'notes.md')), false);
    } finally {
      process.env.HOME = saved;
    }
    await f.close();
  });
});

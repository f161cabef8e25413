import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SkillInputError, UndoPathError } from '../../../src/core/skills/skillTypes';
import { tempDirsForSuite } from '../store/storeFixtures';
import { engineFixture, proposalTrail, type EngineFixture } from './decisionFixtures';

describe('paths: the engine keeps write-file inside the workspace', () => {
  const temp = tempDirsForSuite();

  /** A fixture with a folder outside the workspace holding a file that must never change. */
  async function setup(): Promise<EngineFixture & { outside: string }> {
    const f = await engineFixture(temp);
    const outside = temp('outside');
    writeFileSync(join(outside, 'keep.txt'), 'untouched\n');
    return Object.assign(f, { outside });
  }

  const proposeWrite = (f: EngineFixture, path: string) => f.engine.propose({ skill: 'write-file', args: { path, content: 'pwned\n' }, source: 'agent:organizer', reason: 'write', workspace: f.workspace });

  const escapes: Array<[string, (f: EngineFixture & { outside: string }) => string]> = [
    ['a relative path climbing out with ../', (f) => `../${f.outside.split('/').at(-1)}/keep.txt`],
    ['a ../ hidden in the middle', () => 'src/../../escape.txt'],
    ['an absolute path elsewhere', (f) => join(f.outside, 'keep.txt')],
    [
      'a symlinked folder pointing out',
      (f) => {
        symlinkSync(f.outside, join(f.workspace, 'linked'));
        return 'linked/keep.txt';
      },
    ],
    [
      'a symlinked file pointing out',
      (f) => {
        symlinkSync(join(f.outside, 'keep.txt'), join(f.workspace, 'notes.md'));
        return 'notes.md';
      },
    ],
    [
      'a dangling symlink pointing out (writing would create its target)',
      (f) => {
        symlinkSync(join(f.outside, 'created.txt'), join(f.workspace, 'dangling.md'));
        return 'dangling.md';
      },
    ],
  ];

  for (const [label, pathOf] of escapes) {
    it(`denies ${label}, with a clear reason, and writes nothing`, async () => {
      const f = await setup();
      const path = pathOf(f);
      const state = await proposeWrite(f, path);
      assert.equal(state.status, 'denied');
      assert.equal(state.decision.decision, 'deny');
      assert.match(state.decision.rule, /^(path:outside-workspace|rule:workspace-paths)$/);
      assert.match(state.decision.reason, /outside the workspace/);
      assert.ok(state.decision.reason.includes(path), `the reason names the path: ${state.decision.reason}`);
      assert.deepEqual(proposalTrail(f.store, state.id), ['decision', 'skill_execution:rejected']);
      // The person's own run is held to the same bound.
      const own = await f.engine.runAsPerson('write-file', { path, content: 'pwned\n' }, { workspace: f.workspace });
      assert.equal(own.status, 'denied');
      assert.equal(readFileSync(join(f.outside, 'keep.txt'), 'utf8'), 'untouched\n');
      assert.equal(existsSync(join(f.outside, 'created.txt')), false);
      assert.equal(existsSync(join(f.workspace, '..', 'escape.txt')), false);
      await f.close();
    });
  }

  it('allows paths that only look odd but stay inside (so the denials could fail)', async () => {
    const f = await setup();
    mkdirSync(join(f.workspace, 'src'));
    for (const path of ['src/../inside.txt', join(f.workspace, 'src', 'abs.txt'), './dot.txt']) {
      const state = await proposeWrite(f, path);
      assert.equal(state.status, 'pending', path);
      const done = await f.engine.approve(state.id);
      assert.equal(done.status, 'executed', `${path}: ${done.error ?? ''}`);
    }
    assert.equal(readFileSync(join(f.workspace, 'inside.txt'), 'utf8'), 'pwned\n');
    assert.equal(readFileSync(join(f.workspace, 'src', 'abs.txt'), 'utf8'), 'pwned\n');
    await f.close();
  });

  it('a proposal without a workspace cannot write a file', async () => {
    const f = await setup();
    const state = await f.engine.propose({ skill: 'write-file', args: { path: 'a.txt', content: 'x' }, source: 'chat', reason: 'write' });
    assert.equal(state.status, 'denied');
    assert.match(state.decision.reason, /workspace/);
    await f.close();
  });

  it('a folder swapped for a symlink between proposal and approval is caught at approval', async () => {
    const f = await setup();
    mkdirSync(join(f.workspace, 'out'));
    const state = await proposeWrite(f, 'out/keep.txt');
    assert.equal(state.status, 'pending');
    rmSync(join(f.workspace, 'out'), { recursive: true });
    symlinkSync(f.outside, join(f.workspace, 'out'));
    const approved = await f.engine.approve(state.id);
    assert.equal(approved.status, 'denied');
    assert.match(approved.error ?? '', /^Refused at approval: .*outside the workspace/);
    assert.equal(readFileSync(join(f.outside, 'keep.txt'), 'utf8'), 'untouched\n');
    await f.close();
  });

  it('a folder swapped for a symlink after the execution is caught at undo: nothing outside is written or deleted', async () => {
    const f = await setup();
    mkdirSync(join(f.workspace, 'out'));
    writeFileSync(join(f.workspace, 'out', 'keep.txt'), 'before\n');
    const state = await proposeWrite(f, 'out/keep.txt');
    assert.equal((await f.engine.approve(state.id)).status, 'executed');
    rmSync(join(f.workspace, 'out'), { recursive: true });
    symlinkSync(f.outside, join(f.workspace, 'out'));
    await assert.rejects(f.engine.undo(state.id, { force: true }), (error: unknown) => error instanceof UndoPathError && /replaced by a symlink/.test(error.message));
    assert.equal(readFileSync(join(f.outside, 'keep.txt'), 'utf8'), 'untouched\n');
    assert.equal(f.engine.get(state.id)?.status, 'executed', 'the proposal is not marked undone');
    await f.close();
  });

  it('an edit that moves the path out is refused at approval', async () => {
    const f = await setup();
    const state = await proposeWrite(f, 'fine.txt');
    const approved = await f.engine.approve(state.id, { path: '../edited-out.txt', content: 'pwned\n' });
    assert.equal(approved.status, 'denied');
    assert.match(approved.error ?? '', /outside the workspace/);
    assert.equal(existsSync(join(f.workspace, '..', 'edited-out.txt')), false);
    assert.equal(existsSync(join(f.workspace, 'fine.txt')), false);
    await f.close();
  });
});

describe('arguments: schema-invalid arguments are rejected naming the field', () => {
  const temp = tempDirsForSuite();

  const invalid: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['a missing path', { content: 'x' }, 'path', /required property 'path'/],
    ['a path that is not a string', { path: 7, content: 'x' }, 'path', /args\.path must be string/],
    ['an unknown argument', { path: 'a.txt', content: 'x', mode: '777' }, 'mode', /unknown property 'mode'/],
  ];

  for (const [label, args, field, message] of invalid) {
    it(`runAsPerson: ${label} throws SkillInputError with field ${field}`, async () => {
      const f = await engineFixture(temp);
      await assert.rejects(f.engine.runAsPerson('write-file', args, { workspace: f.workspace }), (error: unknown) => {
        assert.ok(error instanceof SkillInputError);
        assert.equal(error.field, field);
        assert.match(error.message, message);
        return true;
      });
      const [state] = (await f.engine.state()).recent;
      assert.deepEqual([state.status, state.decision.rule], ['denied', 'schema:invalid'], 'the refusal is recorded');
      assert.equal(existsSync(join(f.workspace, 'a.txt')), false);
      await f.close();
    });
  }

  it('a proposal from the twin with invalid arguments is denied naming the field', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose({ skill: 'write-file', args: { path: 7 }, source: 'agent:organizer', reason: 'write', workspace: f.workspace });
    assert.deepEqual([state.status, state.decision.rule], ['denied', 'schema:invalid']);
    assert.match(state.error ?? '', /args\.path must be string/);
    await f.close();
  });

  it('an edit with invalid arguments is refused naming the field, and the proposal stays pending', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose({ skill: 'write-file', args: { path: 'a.txt', content: 'x' }, source: 'chat', reason: 'write', workspace: f.workspace });
    await assert.rejects(f.engine.approve(state.id, { path: ['a.txt'], content: 'x' }), (error: unknown) => error instanceof SkillInputError && error.field === 'path' && /still pending/.test(error.message));
    assert.equal(f.engine.get(state.id)?.status, 'pending');
    await f.close();
  });
});

import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { writeFileExecutor } from '../../../src/core/skills/executors/writeFile';
import { SkillInputError, UndoConflictError, UndoPathError } from '../../../src/core/skills/skillTypes';
import { tempDirsForSuite } from '../store/storeFixtures';
import { skillFixture, snapshotTree, type SkillFixture } from './skillFixtures';

function refusedNaming(field: string, pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof SkillInputError, `expected a SkillInputError, got ${String(error)}`);
    assert.equal(error.field, field);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

describe('write-file', () => {
  const makeDir = tempDirsForSuite();
  let f: SkillFixture;
  beforeEach(async () => {
    f = await skillFixture(makeDir);
    mkdirSync(join(f.workspace, 'src'));
    writeFileSync(join(f.workspace, 'src', 'app.ts'), 'const a = 1;\nconst b = 2;\n');
  });
  afterEach(() => f.close());

  it('writes the file after backing it up, and undo puts the earlier content back', async () => {
    const file = join(f.workspace, 'src', 'app.ts');
    const result = await writeFileExecutor.execute({ path: 'src/app.ts', content: 'const a = 10;\n' }, f.ctx);
    assert.equal(result.ok, true);
    assert.equal(readFileSync(file, 'utf8'), 'const a = 10;\n');
    assert.match(result.output, /src\/app\.ts \(\+1 −2 lines\)/);
    const backup = result.undo?.files[0]?.backup;
    assert.ok(backup, 'the earlier content is backed up');
    assert.ok(backup.startsWith(join(f.profile, 'approvals', 'backups', f.ctx.proposalId)), 'the copy is kept per proposal in the profile');
    assert.equal(readFileSync(backup, 'utf8'), 'const a = 1;\nconst b = 2;\n');
    assert.ok(result.undo);
    assert.deepEqual(await f.ctx.backups.restore(result.undo), [file]);
    assert.equal(readFileSync(file, 'utf8'), 'const a = 1;\nconst b = 2;\n');
  });

  it('undo deletes a file the skill created (and leaves the folders it made empty but harmless)', async () => {
    const result = await writeFileExecutor.execute({ path: 'notes/todo.md', content: '- ship it\n' }, f.ctx);
    const file = join(f.workspace, 'notes', 'todo.md');
    assert.equal(readFileSync(file, 'utf8'), '- ship it\n');
    assert.equal(result.undo?.files[0].backup, undefined, 'nothing existed to copy');
    assert.ok(result.undo);
    await f.ctx.backups.restore(result.undo);
    assert.equal(existsSync(file), false);
  });

  it('applies edits in order, each matching exactly one place, and keeps the file mode', async () => {
    const script = join(f.workspace, 'run.sh');
    writeFileSync(script, '#!/bin/sh\necho one\necho two\n');
    chmodSync(script, 0o755);
    const result = await writeFileExecutor.execute({ path: 'run.sh', edits: [{ find: 'echo one', replace: 'echo uno' }, { find: 'uno\necho two', replace: 'uno\necho dos' }] }, f.ctx);
    assert.equal(result.ok, true);
    assert.equal(readFileSync(script, 'utf8'), '#!/bin/sh\necho uno\necho dos\n');
    assert.equal(statSync(script).mode & 0o777, 0o755);
  });

  it('refuses edits that do not match exactly once, naming the edit', async () => {
    await assert.rejects(writeFileExecutor.check!({ path: 'src/app.ts', edits: [{ find: 'const c', replace: 'x' }] }, f.ctx), refusedNaming('edits[0].find', /does not occur/));
    await assert.rejects(writeFileExecutor.check!({ path: 'src/app.ts', edits: [{ find: 'const a', replace: 'let a' }, { find: 'const a', replace: 'x' }] }, f.ctx), refusedNaming('edits[1].find', /does not occur in the file \(after the earlier edits\)/));
    await assert.rejects(writeFileExecutor.check!({ path: 'src/app.ts', edits: [{ find: 'const', replace: 'let' }] }, f.ctx), refusedNaming('edits[0].find', /more than once/));
    await assert.rejects(writeFileExecutor.check!({ path: 'src/missing.ts', edits: [{ find: 'a', replace: 'b' }] }, f.ctx), refusedNaming('path', /does not exist/));
    await assert.rejects(writeFileExecutor.check!({ path: 'src/app.ts', content: 'x', edits: [{ find: 'a', replace: 'b' }] }, f.ctx), refusedNaming('edits', /not both/));
  });

  describe('paths outside the workspace are refused, naming path, before anything is written', () => {
    const escapes: Array<[string, (f: SkillFixture) => string]> = [
      ['../x', () => '../x'],
      ['src/../../x', () => 'src/../../x'],
      ['/etc/passwd', () => '/etc/passwd'],
      ['a symlink to a folder outside', (fx) => {
        symlinkSync(makeDir('outside'), join(fx.workspace, 'out'));
        return 'out/planted.txt';
      }],
      ['a symlink to a file outside', (fx) => {
        const target = join(makeDir('outside'), 'secret.txt');
        writeFileSync(target, 'secret');
        symlinkSync(target, join(fx.workspace, 'innocent.txt'));
        return 'innocent.txt';
      }],
      ['a dangling symlink to outside', (fx) => {
        symlinkSync(join(makeDir('outside'), 'not-yet.txt'), join(fx.workspace, 'later.txt'));
        return 'later.txt';
      }],
    ];
    for (const [label, pathFor] of escapes) {
      it(label, async () => {
        const path = pathFor(f);
        const beforeTree = snapshotTree(f.workspace, f.profile);
        for (const step of ['check', 'preview', 'execute'] as const) {
          await assert.rejects(writeFileExecutor[step]!({ path, content: 'pwned\n' }, f.ctx), refusedNaming('path', /outside the workspace/));
        }
        assert.deepEqual(snapshotTree(f.workspace, f.profile), beforeTree);
      });
    }
  });

  it('refuses without a workspace', async () => {
    const bare = await skillFixture(makeDir, { noWorkspace: true });
    try {
      await assert.rejects(writeFileExecutor.execute({ path: 'a.txt', content: 'x' }, bare.ctx), refusedNaming('workspace', /needs a workspace folder/));
    } finally {
      await bare.close();
    }
  });


  describe('the temp file beside the target', () => {
    it('is never a symlink or file planted at a predictable name', async () => {
      const outside = makeDir('outside');
      const victim = join(outside, 'victim.txt');
      writeFileSync(victim, 'untouched\n');
      // The names an earlier version used (`.<name>.mh-write-<pid>`), and a file already sitting at one.
      symlinkSync(victim, join(f.workspace, 'src', `.app.ts.mh-write-${process.pid}`));
      writeFileSync(join(f.workspace, `.new.ts.mh-write-${process.pid}`), 'someone else\'s\n');
      chmodSync(victim, 0o644);

      await writeFileExecutor.execute({ path: 'src/app.ts', content: 'by the twin\n' }, f.ctx);
      await writeFileExecutor.execute({ path: 'new.ts', content: 'new\n' }, f.ctx);

      assert.equal(readFileSync(victim, 'utf8'), 'untouched\n', 'the symlink was not written through');
      assert.equal(statSync(victim).mode & 0o777, 0o644, 'nor its target chmod-ed');
      assert.equal(lstatSync(join(f.workspace, 'src', `.app.ts.mh-write-${process.pid}`)).isSymbolicLink(), true);
      assert.equal(readFileSync(join(f.workspace, `.new.ts.mh-write-${process.pid}`), 'utf8'), 'someone else\'s\n');
      assert.equal(readFileSync(join(f.workspace, 'src', 'app.ts'), 'utf8'), 'by the twin\n');
      assert.equal(readFileSync(join(f.workspace, 'new.ts'), 'utf8'), 'new\n');
      const leftovers = [...readdirSync(f.workspace), ...readdirSync(join(f.workspace, 'src'))].filter((n) => n.includes('.mh-write-') && !n.endsWith(`-${process.pid}`));
      assert.deepEqual(leftovers, [], 'no temp file is left behind');
    });
  });

  describe('undo', () => {
    it('refuses to overwrite a file changed since the skill wrote it, touching nothing, unless forced', async () => {
      const file = join(f.workspace, 'src', 'app.ts');
      const created = join(f.workspace, 'src', 'new.ts');
      const first = await writeFileExecutor.execute({ path: 'src/app.ts', content: 'by the twin\n' }, f.ctx);
      const second = await writeFileExecutor.execute({ path: 'src/new.ts', content: 'new\n' }, { ...f.ctx, proposalId: '01HZY3J5K6M7N8P9Q0R1S2T3V5' });
      writeFileSync(file, 'the person kept working\n');
      const undo = { files: [...(first.undo?.files ?? []), ...(second.undo?.files ?? [])] };
      await assert.rejects(f.ctx.backups.restore(undo), (error: unknown) => error instanceof UndoConflictError && error.changed.join() === file);
      assert.equal(readFileSync(file, 'utf8'), 'the person kept working\n');
      assert.equal(existsSync(created), true, 'nothing was undone');
      await f.ctx.backups.restore(undo, { force: true });
      assert.equal(readFileSync(file, 'utf8'), 'const a = 1;\nconst b = 2;\n');
      assert.equal(existsSync(created), false);
    });

    for (const existed of [true, false]) {
      it(`refuses when a folder on the path became a symlink out of the workspace (${existed ? 'put back' : 'delete'})`, async () => {
        mkdirSync(join(f.workspace, 'notes'));
        if (existed) writeFileSync(join(f.workspace, 'notes', 'todo.md'), 'before\n');
        const result = await writeFileExecutor.execute({ path: 'notes/todo.md', content: 'by the twin\n' }, f.ctx);
        // After the execution the folder is swapped for a symlink to a folder outside holding the same file.
        const outside = makeDir('outside');
        writeFileSync(join(outside, 'todo.md'), 'by the twin\n');
        renameSync(join(f.workspace, 'notes'), join(f.workspace, 'notes-moved'));
        symlinkSync(outside, join(f.workspace, 'notes'));
        await assert.rejects(f.ctx.backups.restore(result.undo!, { force: true }), (error: unknown) => {
          assert.ok(error instanceof UndoPathError, `expected an UndoPathError, got ${String(error)}`);
          assert.match(error.message, /replaced by a symlink/);
          assert.equal(error.leadsTo, join(outside, 'todo.md'));
          return true;
        });
        assert.equal(readFileSync(join(outside, 'todo.md'), 'utf8'), 'by the twin\n', 'the file outside is neither overwritten nor deleted');
        assert.deepEqual(readdirSync(outside), ['todo.md'], 'no temp file was made there');
      });
    }

    it('counts a file already back as it was as restored', async () => {
      const result = await writeFileExecutor.execute({ path: 'gone.txt', content: 'temp\n' }, f.ctx);
      await f.ctx.backups.restore(result.undo!);
      assert.deepEqual(await f.ctx.backups.restore(result.undo!), [join(f.workspace, 'gone.txt')]);
    });

    it('keeps the state before the proposal when one proposal writes a file twice', async () => {
      const file = join(f.workspace, 'src', 'app.ts');
      await writeFileExecutor.execute({ path: 'src/app.ts', content: 'first\n' }, f.ctx);
      const second = await writeFileExecutor.execute({ path: 'src/app.ts', content: 'second\n' }, f.ctx);
      await f.ctx.backups.restore(second.undo!);
      assert.equal(readFileSync(file, 'utf8'), 'const a = 1;\nconst b = 2;\n');
    });
  });
});

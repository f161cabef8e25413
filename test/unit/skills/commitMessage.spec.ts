import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { commitMessageExecutor } from '../../../src/core/skills/executors/commitMessage';
import { tempDirsForSuite } from '../store/storeFixtures';
import { git, skillFixture, type SkillFixture } from './skillFixtures';

const posix = process.platform !== 'win32';

describe('commit-message runs nothing the repository configures', { skip: !posix && 'the planted programs are shell scripts' }, () => {
  const makeDir = tempDirsForSuite();
  let f: SkillFixture;
  let marker: string;

  /** A repository whose own config points fsmonitor, a clean filter, a textconv filter and an external diff at a script that leaves a marker. */
  beforeEach(async () => {
    f = await skillFixture(makeDir);
    const outside = makeDir('planted');
    marker = join(outside, 'ran.txt');
    const script = join(outside, 'planted.sh');
    writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat "$1" 2>/dev/null\n`);
    chmodSync(script, 0o755);
    writeFileSync(join(f.workspace, 'app.txt'), 'one\n');
    writeFileSync(join(f.workspace, '.gitattributes'), '*.txt diff=planted filter=planted\n');
    git(f.workspace, 'init', '-q');
    git(f.workspace, 'add', '.');
    git(f.workspace, 'commit', '-q', '-m', 'start');
    git(f.workspace, 'config', 'core.fsmonitor', script);
    git(f.workspace, 'config', 'diff.planted.textconv', script);
    git(f.workspace, 'config', 'diff.planted.command', script);
    git(f.workspace, 'config', 'diff.external', script);
    git(f.workspace, 'config', 'filter.planted.clean', script);
    writeFileSync(join(f.workspace, 'app.txt'), 'one\ntwo\n');
  });
  afterEach(() => f.close());

  it('control: a plain git diff in this repository runs the planted script (fsmonitor, and the clean filter alone)', () => {
    spawnSync('git', ['diff', '--numstat'], { cwd: f.workspace, encoding: 'utf8' });
    assert.equal(existsSync(marker), true, 'the repository is armed, so the test below can fail');
    rmSync(marker);
    spawnSync('git', ['-c', 'core.fsmonitor=false', 'diff', '--numstat'], { cwd: f.workspace, encoding: 'utf8' });
    assert.equal(existsSync(marker), true, 'the clean filter runs on its own too');
  });

  for (const staged of [false, true]) {
    it(`drafts from the ${staged ? 'staged' : 'unstaged'} diff without running it`, async () => {
      if (staged) git(f.workspace, '-c', 'core.fsmonitor=false', 'add', 'app.txt');
      rmSync(marker, { force: true });
      const result = await commitMessageExecutor.execute({}, f.ctx);
      assert.equal(result.ok, true, result.output);
      assert.match(result.output, /app/);
      assert.equal(existsSync(marker), false, existsSync(marker) ? `the planted script ran: ${readFileSync(marker, 'utf8')}` : '');
    });
  }
});

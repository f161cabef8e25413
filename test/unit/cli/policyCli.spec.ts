import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDirsForSuite } from '../store/storeFixtures';
import { cliFixture } from './cliFixtures';

describe('mh policy check', () => {
  const makeDir = tempDirsForSuite();

  it('on a new profile creates the default policy and summarises it', async () => {
    const f = cliFixture(makeDir);
    const first = await f.mh('policy', 'check');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /there was no policy\.json: created it with the defaults/);
    assert.match(first.out, /deny\s+workspace-paths/);
    const again = await f.mh('policy', 'check');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /^policy\.json is valid$/m);
    assert.match(again.out, /skill write-file: supervised/);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['not JSON', '{ "format": "metahuman.policy", ', /policy\.json cannot be used: it is not valid JSON/],
    ['an effect that is no effect', JSON.stringify({ format: 'metahuman.policy', version: 1, skills: {}, rules: [{ id: 'r', effect: 'maybe' }] }), /rules\.0\.effect must be equal to one of the allowed values/],
    ['a command pattern that is no regular expression', JSON.stringify({ format: 'metahuman.policy', version: 1, skills: {}, rules: [{ id: 'git', effect: 'allow', skills: ['shell'], commands: { patterns: ['git (['] } }] }), /rule "git" has a pattern that is not a valid regular expression: git \(\[/],
    ['a newer format', JSON.stringify({ format: 'metahuman.policy', version: 9, skills: {}, rules: [] }), /format version 9 by a newer MetaHuman/],
  ];
  for (const [what, text, reason] of broken) {
    it(`on a policy.json with ${what} exits non-zero naming the file and the problem, and leaves the file as it was`, async () => {
      const f = cliFixture(makeDir);
      const file = join(f.profile, 'policy.json');
      writeFileSync(file, text);
      const run = await f.mh('policy', 'check');
      assert.notEqual(run.code, 0);
      assert.match(run.err, reason);
      assert.ok(run.err.includes(file), run.err);
      assert.match(run.err, /Every action asks for approval until it is fixed/);
      assert.equal(readFileSync(file, 'utf8'), text);
    });
  }

  it('while the policy is broken, approvals list says so and a proposal asks', async () => {
    const f = cliFixture(makeDir);
    writeFileSync(join(f.profile, 'policy.json'), '[]');
    const proposed = await f.mh('approvals', 'propose', 'search-memory', '--args', JSON.stringify({ query: 'x' }), '--reason', 'r');
    assert.equal(proposed.code, 0, proposed.err);
    assert.match(proposed.out, /pending/);
    const listed = await f.mh('approvals', 'list');
    assert.match(listed.err, /policy\.json cannot be used, everything asks/);
  });
});

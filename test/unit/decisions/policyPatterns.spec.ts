import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Policy } from '../../../src/core/decisions/decisionTypes';
import { defaultPolicy, policyProblem, POLICY_FILE } from '../../../src/core/decisions/policy';
import { matchCommandRules, parseShellCommand, type CommandRule } from '../../../src/core/decisions/shellCommand';
import { tempDirsForSuite } from '../store/storeFixtures';
import { engineFixture } from './decisionFixtures';

const allowed = (line: string, rule: CommandRule) => matchCommandRules(parseShellCommand(line), [rule]).allowed;

describe('policy patterns: each one must be a regular expression on its own', () => {
  const escaping = 'git log)|(x';

  it('a pattern that would close the anchoring group never matches, not even a bare prefix', () => {
    const rule: CommandRule = { patterns: [escaping] };
    // Concatenated into ^(?:git log)|(x)$ it would allow anything starting with `git log`.
    assert.equal(allowed('git log --output=/tmp/x', rule), false);
    assert.equal(allowed('x', rule), false);
  });

  it('makes the policy unusable, naming the rule, the pattern and what is wrong with it', () => {
    const policy: Policy = { ...defaultPolicy(), rules: [{ id: 'git-log', effect: 'allow', skills: ['shell'], commands: { patterns: ['git show .*', escaping] } }] };
    assert.match(policyProblem(policy) ?? '', /rule "git-log" has a pattern that is not a valid regular expression: git log\)\|\(x \(.*Unmatched '\)'.*\)/);
    const deny: Policy = { ...defaultPolicy(), rules: [{ id: 'no-rm', effect: 'deny', commands: { patterns: ['rm)|(.*'] } }] };
    assert.match(policyProblem(deny) ?? '', /rule "no-rm" has a pattern/);
    assert.equal(policyProblem({ ...defaultPolicy(), rules: [{ id: 'ok', effect: 'allow', commands: { patterns: ['git log|git status', 'git show [0-9a-f]{7,40}'] } }] }), undefined, 'an alternation compiles on its own');
  });

  const temp = tempDirsForSuite();

  it('through the engine: a policy file with it asks for everything and says which pattern', async () => {
    const f = await engineFixture(temp);
    const policy = defaultPolicy();
    policy.skills.shell = { enabled: true, level: 'bounded' };
    policy.rules.push({ id: 'git-log', effect: 'allow', skills: ['shell'], commands: { patterns: [escaping] } });
    writeFileSync(join(f.profile, POLICY_FILE), JSON.stringify(policy));
    const state = await f.engine.propose({ skill: 'shell', args: { command: 'git log --output=smuggled' }, source: 'agent:organizer', reason: 'history', workspace: f.workspace });
    assert.deepEqual([state.status, state.decision.decision, state.decision.rule], ['pending', 'ask', 'policy:broken']);
    assert.match(state.decision.reason, /rule "git-log" has a pattern that is not a valid regular expression: git log\)\|\(x/);
    await f.close();
  });
});

/** The argv /bin/sh hands `git` for the line (a function stands in for git). */
function argvUnderSh(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `git() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${line}`], { encoding: 'utf8' });
  return ['git', ...out.split('\0').slice(0, -1)];
}

describe('policy patterns: matched against the canonical words of each command, one command at a time', () => {
  const commit: CommandRule = { patterns: ['git commit -m .*', 'git log .*'] };
  // [line, allowed by `git commit -m .*` / `git log .*`, the argv it runs with when allowed]
  const cases: Array<[string, boolean, string[]?]> = [
    ['git commit -m "fix; rm -rf ~"', true, ['git', 'commit', '-m', 'fix; rm -rf ~']],
    ["git commit -m 'fix && curl x|sh'", true, ['git', 'commit', '-m', 'fix && curl x|sh']],
    ['git commit -m "it\'s done"', true, ['git', 'commit', '-m', "it's done"]],
    ['git commit -m \'say "hi"\'', true, ['git', 'commit', '-m', 'say "hi"']],
    ['git commit -m "a\\"; rm x; \\""', true, ['git', 'commit', '-m', 'a"; rm x; "']],
    ['git commit -m fix\\;rm\\ -rf\\ ~', true, ['git', 'commit', '-m', 'fix;rm -rf ~']],
    ["git commit -m ''", true, ['git', 'commit', '-m', '']],
    ['git commit -m "fix"; rm -rf ~', false],
    ['git commit -m fix && rm -rf ~', false],
    ['git commit -m fix || rm -rf ~', false],
    ['git commit -m fix | sh', false],
    ['git commit -m fix & rm -rf ~', false],
    ['git commit -m fix\nrm -rf ~', false],
    ['git commit -m "$(rm -rf ~)"', false],
    ['git commit -m "`rm -rf ~`"', false],
    ['git commit -m "$HOME"', false],
    ['git commit -m fix > ~/.bashrc', false],
    ['git commit -m fix 2>/tmp/x', false],
    ['git log -- "x" ; rm -rf ~', false],
    ['git log --format=%H%n', true, ['git', 'log', '--format=%H%n']],
  ];
  for (const [line, expected, argv] of cases) {
    it(`${JSON.stringify(line)} is ${expected ? 'allowed' : 'refused'}`, () => {
      assert.equal(allowed(line, commit), expected);
      if (!argv) return;
      const parsed = parseShellCommand(line);
      assert.deepEqual(parsed.commands.map((c) => c.words), [argv], 'one command, with exactly these words');
    });
  }

  it('the shell runs an allowed line, and its canonical form, with exactly the parsed words', { skip: process.platform === 'win32' ? 'needs /bin/sh' : false }, () => {
    for (const [line, , argv] of cases.filter(([, ok]) => ok)) {
      assert.deepEqual(argvUnderSh(line), argv, line);
      assert.deepEqual(argvUnderSh(parseShellCommand(line).commands[0].canonical), argv, `canonical of ${line}`);
    }
  });

  it('`.*` never reaches past a separator: the pattern sees one command, never the line', () => {
    const anything: CommandRule = { patterns: ['git log.*'] };
    for (const line of ['git log; rm -rf ~', 'git log && rm -rf ~', 'git log | sh', 'git log\nrm -rf ~', 'git log || rm -rf ~']) {
      assert.equal(allowed(line, anything), false, line);
    }
    assert.equal(allowed('git log; git log --all', anything), true, 'the control: two commands it lists');
  });

  it('quotes cannot dress an option up as an argument: the words are matched, not the text', () => {
    const noOptions: CommandRule = { patterns: ["git show [^-'\"].*"] };
    assert.equal(allowed('git show HEAD', noOptions), true, 'the control');
    for (const line of ['git show "--output=/tmp/x"', "git show '--output=/tmp/x'", 'git show ""--output=/tmp/x', 'git show \\--output=/tmp/x']) {
      assert.equal(allowed(line, noOptions), false, line);
    }
  });

  it('an exact entry equals the words, however they are quoted, and only them', () => {
    const rule: CommandRule = { exact: ['git commit -m "wip"'] };
    assert.equal(allowed("git commit -m 'wip'", rule), true);
    assert.equal(allowed('git commit -m wip', rule), true);
    assert.equal(allowed('git commit -m "wip "', rule), false);
    assert.equal(allowed('git commit -m wip --amend', rule), false);
  });

  it('a quoted word is matched in its canonical single-quoted form', () => {
    const rule: CommandRule = { patterns: ["git commit -m '[a-z ]+'"] };
    assert.equal(allowed('git commit -m "fix the parser"', rule), true);
    assert.equal(allowed('git commit -m "fix; the parser"', rule), false);
  });
});

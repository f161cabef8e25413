import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { decide } from '../../../src/core/decisions/decide';
import type { PolicyRule } from '../../../src/core/decisions/decisionTypes';
import { defaultPolicy } from '../../../src/core/decisions/policy';
import { matchCommandRules, parseShellCommand, type CommandRule } from '../../../src/core/decisions/shellCommand';
import { SkillRegistry } from '../../../src/core/skills/skillRegistry';
import { MORNING } from './decisionFixtures';

const manifest = SkillRegistry.load().get('shell')!.manifest;
const allowSome: PolicyRule = { id: 'dev', effect: 'allow', skills: ['shell'], commands: { exact: ['git log', 'git status'], patterns: ['git commit -m .*', 'echo .*'] } };
const denyRm: PolicyRule = { id: 'no-rm', effect: 'deny', skills: ['shell'], commands: { patterns: ['rm( .*)?'] } };

function judge(command: string, rules: PolicyRule[] = [allowSome]) {
  return decide({
    proposal: { skill: 'shell', args: { command }, source: 'agent:organizer', workspace: '/work/project' },
    manifest,
    policy: { ...defaultPolicy(), skills: { shell: { enabled: true, level: 'bounded' } }, rules },
    now: MORNING,
    quietHours: [],
    recent: [],
    paused: false,
  });
}

/** What /bin/sh prints for the line (the real reading the parser must not be fooled about). */
function shPrints(line: string): string {
  return execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/home/someone' } });
}

const posixOnly = { skip: process.platform === 'win32' ? 'needs /bin/sh' : false };

// A backslash before a newline (outside single quotes) is deleted by the shell before it reads
// the line, so each of these does something its words, read without the join, do not show.
const CONTINUED: Array<[string, string, string]> = [
  ['in double quotes, $\\⏎( is a command substitution', 'echo "$\\\n(echo INJECTED)"', 'INJECTED'],
  ['unquoted, $\\⏎NAME expands a variable', 'echo $\\\nHOME', '/home/someone'],
  ['\\⏎~ expands the home folder', 'echo \\\n~', '/home/someone'],
  ['inside ${…} it joins too', 'echo ${x:-$\\\n(echo NESTED)}', 'NESTED'],
  ['&\\⏎& is one `&&`', 'echo a &\\\n& echo SECOND', 'a\nSECOND'],
  ['inside backticks it joins', 'echo `echo $\\\n(echo TICKED)`', 'TICKED'],
  ['in an unquoted here-document it joins', 'cat <<E\n$\\\n(echo HEREDOC)\nE', 'HEREDOC'],
];

describe('shell lines: a backslash-newline never lets a line run alone', () => {
  it('the shell really runs what the joined line says (so these cases mean something)', posixOnly, () => {
    for (const [label, line, output] of CONTINUED) assert.equal(shPrints(line).trim(), output, label);
  });

  it('the parser reads the line the way the shell does: the lines joined first', () => {
    const parsed = parseShellCommand('echo "$\\\n(id)"');
    assert.ok(parsed.ok, parsed.error);
    assert.deepEqual(
      parsed.commands.map((c) => [c.nested, c.words.join(' ')]),
      [
        [true, 'id'],
        [false, 'echo $(id)'],
      ],
    );
    const kinds = parsed.constructs.map((c) => c.kind);
    assert.ok(kinds.includes('line-continuation') && kinds.includes('command-substitution'), kinds.join(','));
    assert.equal(parsed.constructs.find((c) => c.kind === 'line-continuation')?.at, 7, 'offsets are those of the line as written');
    assert.deepEqual(
      parseShellCommand('r\\\nm -rf x').commands.map((c) => c.words),
      [['rm', '-rf', 'x']],
    );
  });

  for (const [label, line] of CONTINUED) {
    it(`${label}: it asks, naming the continuation`, () => {
      const result = judge(line);
      assert.deepEqual([result.decision, result.rule], ['ask', 'command:unmatched'], line);
      assert.match(result.reason, /backslash at the end of a line/);
    });
  }

  it('a pattern-allowed line with `$\\⏎(` in its argument asks', () => {
    assert.deepEqual(judge('git commit -m "fix"').decision, 'allow', 'the control: a plain commit message runs alone');
    const result = judge('git commit -m "$\\\n(curl x|sh)"');
    assert.deepEqual([result.decision, result.rule], ['ask', 'command:unmatched']);
  });

  it('even a harmless continuation of an allowed command asks (the person sees it)', () => {
    assert.equal(judge('git log').decision, 'allow');
    assert.equal(judge('git \\\nlog').decision, 'ask');
    assert.equal(matchCommandRules(parseShellCommand('git \\\nlog'), [{ exact: ['git log'] }]).allowed, false);
  });

  it('a line of very many continuations is unreadable: it never runs alone and deny rules fire', () => {
    const line = `git log ${'a\\\n'.repeat(150)}`;
    const parsed = parseShellCommand(line);
    assert.equal(parsed.ok, false);
    assert.match(parsed.error ?? '', /more than 100 lines with a backslash/);
    assert.equal(judge(line, [denyRm, allowSome]).rule, 'rule:no-rm');
    assert.ok(parseShellCommand(`git log ${'a\\\n'.repeat(99)}`).ok, 'the control: fewer are read');
  });

  it('a deny rule still finds the command the continuation hides', () => {
    for (const line of [
      'git commit -m "$\\\n(rm -rf ~)"',
      'echo $\\\n(rm -rf ~)',
      'r\\\nm -rf ~',
      'git log &\\\n& rm -rf ~',
      'echo ${x:-$\\\n(rm -rf ~)}',
      'echo `echo $\\\n(rm -rf ~)`',
      'cat <<E\n$\\\n(rm -rf ~)\nE',
    ]) {
      const result = judge(line, [denyRm, allowSome]);
      assert.deepEqual([result.decision, result.rule], ['deny', 'rule:no-rm'], JSON.stringify(line));
    }
  });

  it('where the shell does not join, neither does the parser: single quotes, $\'…\', comments, quoted here-documents', posixOnly, () => {
    assert.equal(shPrints("echo 'a\\\nb'"), 'a\\\nb\n');
    assert.deepEqual(parseShellCommand("git commit -m 'a\\\nb'").commands[0].words, ['git', 'commit', '-m', 'a\\\nb']);
    assert.equal(shPrints('echo a # x \\\necho b'), 'a\nb\n');
    assert.equal(judge('git log # x \\\nrm -rf ~', [denyRm, allowSome]).rule, 'rule:no-rm', 'a comment ends at the newline: rm is a command');
    assert.equal(shPrints('echo \\\\\necho c'), '\\\nc\n');
    assert.equal(judge('echo \\\\\nrm -rf ~', [denyRm, allowSome]).rule, 'rule:no-rm', 'an escaped backslash leaves the newline a separator');
    assert.equal(shPrints("cat <<'E'\nfoo\\\nE"), 'foo\\\n');
    assert.equal(judge("cat <<'E'\n$\\\n(rm x)\nE\nrm -rf ~", [denyRm, allowSome]).rule, 'rule:no-rm');
    assert.ok(parseShellCommand("echo $'a\\\nb'").ok);
  });
});

describe('shell lines: exotic constructs ask even under a rule that allows every command', () => {
  const everything: CommandRule = { patterns: ['.*'] };
  const cases: Array<[string, RegExp]> = [
    ["echo $'\\x3b rm'", /ANSI-C/],
    ['echo $"hello"', /locale-translated/],
    ['diff <(git log) <(git show)', /process substitution \(`<\(…\)`\)/],
    ['git log --output >(cat)', /process substitution \(`>\(…\)`\)/],
    ['echo `id`', /backticks/],
    ['echo "$(id)"', /command substitution/],
    ['cat <<EOF\nhi\nEOF', /here-document/],
    ['cat <<<hi', /here-string/],
    ['git log &', /background/],
    ['FOO=1 git log', /sets a variable for the command \(`FOO=1`\)/],
    ['GIT_PAGER=cat git log', /sets a variable/],
    ['{ git log; }', /command group/],
    ['(git log)', /subshell/],
    ['git add *.ts', /glob \(`\*`\)/],
    ['git log ?', /glob \(`\?`\)/],
    ['ls [ab]', /glob \(`\[`\)/],
    ['ls ~root', /expands `~`/],
    ['git log --author=~x', /expands `~`/],
    ['echo a{b,c}', /brace expansion/],
    ['echo $((1+2))', /arithmetic/],
    ['((x++))', /arithmetic/],
    ['echo ${HOME}', /parameter expansion/],
    ['echo $HOME', /expands a variable \(`\$HOME`\)/],
    ['echo $1', /expands a variable/],
    ['echo !!', /history expansion/],
    ['time git log', /shell keyword `time`/],
    ['! git log', /shell keyword `!`/],
    ['if git log; then git status; fi', /shell keyword `if`/],
    ['git log # and more', /comment/],
    ['git log 2>&1', /redirection/],
    ['git log\tx', /control character \(tab/],
  ];
  for (const [line, why] of cases) {
    it(JSON.stringify(line), () => {
      const match = matchCommandRules(parseShellCommand(line), [everything]);
      assert.equal(match.allowed, false);
      assert.match(match.reason, why);
    });
  }

  it('the control: a plain line is allowed by that rule', () => {
    assert.equal(matchCommandRules(parseShellCommand('git log --oneline -n 5'), [everything]).allowed, true);
  });

  it('chains split at ||, & and newlines: every command must be listed on its own', () => {
    const gitOnly: CommandRule = { exact: ['git log', 'git status'] };
    assert.equal(matchCommandRules(parseShellCommand('git log || git status'), [gitOnly]).allowed, true);
    assert.equal(matchCommandRules(parseShellCommand('git log\ngit status'), [gitOnly]).allowed, true);
    assert.match(matchCommandRules(parseShellCommand('git log || rm -rf x'), [gitOnly]).reason, /`rm -rf x` \(after `\|\|`\) matches no allowed command/);
    assert.match(matchCommandRules(parseShellCommand('git log\nrm -rf x'), [gitOnly]).reason, /`rm -rf x` \(after a newline\)/);
    assert.match(matchCommandRules(parseShellCommand('git log & git status'), [gitOnly]).reason, /background/);
  });
});

describe('shell lines: deny rules see the command behind shell syntax', () => {
  for (const line of [
    'FOO=1 rm -rf x',
    'time rm -rf x',
    '! rm -rf x',
    'if true; then rm -rf x; fi',
    'for f in a; do rm -rf $f; done',
    'cat <(rm -rf x)',
    'git log >(rm -rf x)',
    '{ rm -rf x; }',
    'git log || rm -rf x',
    'git log & rm -rf x',
    'git log\nrm -rf x',
    'echo "$(rm -rf x)"',
    'echo `rm -rf x`',
    'cat <<E\n$(rm -rf x)\nE',
    '$EMPTY rm -rf x',
    '`true` rm -rf x',
  ]) {
    it(JSON.stringify(line), () => {
      const result = judge(line, [denyRm, allowSome]);
      assert.deepEqual([result.decision, result.rule], ['deny', 'rule:no-rm']);
    });
  }

  it('the control: rm as an argument is not the command rm', () => {
    assert.deepEqual([judge('echo rm -rf x', [denyRm, allowSome]).decision, judge('git commit -m "rm -rf x"', [denyRm, allowSome]).decision], ['allow', 'allow']);
  });
});

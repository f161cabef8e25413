import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide } from '../../../src/core/decisions/decide';
import type { PolicyRule, ProposalSource } from '../../../src/core/decisions/decisionTypes';
import { defaultPolicy } from '../../../src/core/decisions/policy';
import { SkillRegistry } from '../../../src/core/skills/skillRegistry';
import { MORNING } from './decisionFixtures';

const manifest = SkillRegistry.load().get('shell')!.manifest;
const allowGit: PolicyRule = { id: 'git-read', effect: 'allow', skills: ['shell'], commands: { exact: ['git log', 'git status'], patterns: ['npm test( .*)?'] } };
const denyRm: PolicyRule = { id: 'no-rm', effect: 'deny', skills: ['shell'], commands: { patterns: ['rm( .*)?', 'del( .*)?'] } };

function judge(command: string, platform: NodeJS.Platform, source: ProposalSource = 'agent:organizer') {
  return decide(
    {
      proposal: { skill: 'shell', args: { command }, source, workspace: 'C:\\work\\project' },
      manifest,
      policy: { ...defaultPolicy(), skills: { shell: { enabled: true, level: 'bounded' } }, rules: [denyRm, allowGit] },
      now: MORNING,
      quietHours: [],
      recent: [],
      paused: false,
    },
    platform,
  );
}

describe('shell lines on Windows: cmd.exe runs them, so no allow-list lets one run alone', () => {
  it('the control: on Linux and macOS a listed command runs alone', () => {
    for (const platform of ['linux', 'darwin'] as const) assert.deepEqual([judge('git log', platform).decision, judge('git log', platform).rule], ['allow', 'rule:git-read']);
  });

  it('on win32 a listed command asks, saying why', () => {
    // One bash word but two cmd.exe commands; %VAR% expands in cmd.exe whatever the quotes.
    for (const line of ['git log', "npm test -- 'x & calc'", 'npm test -- "%USERPROFILE%"']) {
      const result = judge(line, 'win32');
      assert.deepEqual([result.decision, result.rule], ['ask', 'command:windows'], line);
      assert.match(result.reason, /on Windows the command runs in cmd\.exe, whose quoting the allow-list cannot judge/i, line);
    }
  });

  it('deny rules still deny on win32', () => {
    for (const line of ['rm -rf x', 'git log & del x', 'git log && rm x']) assert.deepEqual([judge(line, 'win32').decision, judge(line, 'win32').rule], ['deny', 'rule:no-rm'], line);
  });

  it("the person's own run is still the person's to make", () => {
    assert.deepEqual([judge('git log', 'win32', 'person').decision, judge('git log', 'win32', 'person').rule], ['allow', 'person:request']);
  });

  it('without a platform given it judges for the one it runs on', () => {
    const input = {
      proposal: { skill: 'shell', args: { command: 'git log' }, source: 'agent:organizer' as const, workspace: '/work/project' },
      manifest,
      policy: { ...defaultPolicy(), skills: { shell: { enabled: true, level: 'bounded' as const } }, rules: [allowGit] },
      now: MORNING,
      quietHours: [],
      recent: [],
      paused: false,
    };
    assert.equal(decide(input).decision, process.platform === 'win32' ? 'ask' : 'allow');
  });
});

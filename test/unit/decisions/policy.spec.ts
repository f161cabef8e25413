import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decide } from '../../../src/core/decisions/decide';
import type { DecisionInput, Policy, PolicyRule, ProposalSource, SkillTrust } from '../../../src/core/decisions/decisionTypes';
import { defaultPolicy, loadPolicy, POLICY_FILE } from '../../../src/core/decisions/policy';
import type { TrustLevel } from '../../../src/core/decisions/trust';
import { SkillRegistry } from '../../../src/core/skills/skillRegistry';
import { SKILL_RISKS, type SkillManifest, type SkillRisk } from '../../../src/core/skills/skillTypes';
import { tempDirsForSuite } from '../store/storeFixtures';
import { auditEntries, engineFixture, MORNING, NIGHT } from './decisionFixtures';

const WORKSPACE = '/work/project';
const QUIET = [{ start: '22:00', end: '07:00' }];

/** A skill like the built-in ones (needs bounded trust to act alone), at the given risk. */
function probeManifest(risk: SkillRisk): SkillManifest {
  const base = SkillRegistry.load().get('write-file')!.manifest;
  return { ...base, id: 'probe', risk, requiredTrust: 'bounded' };
}

const LEVELS: Record<string, SkillTrust> = {
  observe: { enabled: true, level: 'observe' },
  suggest: { enabled: true, level: 'suggest' },
  supervised: { enabled: true, level: 'supervised' },
  bounded: { enabled: true, level: 'bounded' },
  'adaptive (new)': { enabled: true, level: 'adaptive' },
  'adaptive (risen to bounded)': { enabled: true, level: 'adaptive', ceiling: 'bounded', current: 'bounded' },
};

const PROBE_ALLOWED: PolicyRule = { id: 'probe-allowed', effect: 'allow', skills: ['probe'] };

interface Scenario {
  name: string;
  rules: PolicyRule[];
  args?: Record<string, unknown>;
  now?: Date;
  recent?: { ts: string; skill: string }[];
  /** Per level: one verdict for every risk, or one per risk in SKILL_RISKS order (read, write-local, write-external, execute). */
  expect: Record<keyof typeof LEVELS, string | [string, string, string, string]>;
}

const minutesAgo = (n: number) => new Date(MORNING.getTime() - n * 60_000).toISOString();
const ASK_UNLESS_BOUNDED = { observe: 'deny trust:observe', suggest: 'ask trust:suggest', supervised: 'ask trust:supervised', 'adaptive (new)': 'ask trust:supervised' };

const SCENARIOS: Scenario[] = [
  {
    name: 'the default rules, nothing special',
    rules: defaultPolicy().rules,
    expect: {
      ...ASK_UNLESS_BOUNDED,
      bounded: ['allow rule:read-and-local', 'allow rule:read-and-local', 'ask trust:bounded', 'ask trust:bounded'],
      'adaptive (risen to bounded)': ['allow rule:read-and-local', 'allow rule:read-and-local', 'ask trust:bounded', 'ask trust:bounded'],
    },
  },
  {
    name: 'an allow rule listing the skill',
    rules: [PROBE_ALLOWED],
    expect: { ...ASK_UNLESS_BOUNDED, bounded: 'allow rule:probe-allowed', 'adaptive (risen to bounded)': 'allow rule:probe-allowed' },
  },
  {
    name: 'no rule at all',
    rules: [],
    expect: { ...ASK_UNLESS_BOUNDED, bounded: 'ask trust:bounded', 'adaptive (risen to bounded)': 'ask trust:bounded' },
  },
  {
    name: 'a deny rule on the skill (beating an allow rule)',
    rules: [PROBE_ALLOWED, { id: 'never-probe', effect: 'deny', skills: ['probe'] }],
    expect: { observe: 'deny rule:never-probe', suggest: 'deny rule:never-probe', supervised: 'deny rule:never-probe', bounded: 'deny rule:never-probe', 'adaptive (new)': 'deny rule:never-probe', 'adaptive (risen to bounded)': 'deny rule:never-probe' },
  },
  {
    name: 'a deny rule on other risks only',
    rules: [PROBE_ALLOWED, { id: 'no-execute', effect: 'deny', risks: ['execute'] }],
    expect: {
      observe: ['deny trust:observe', 'deny trust:observe', 'deny trust:observe', 'deny rule:no-execute'],
      suggest: ['ask trust:suggest', 'ask trust:suggest', 'ask trust:suggest', 'deny rule:no-execute'],
      supervised: ['ask trust:supervised', 'ask trust:supervised', 'ask trust:supervised', 'deny rule:no-execute'],
      bounded: ['allow rule:probe-allowed', 'allow rule:probe-allowed', 'allow rule:probe-allowed', 'deny rule:no-execute'],
      'adaptive (new)': ['ask trust:supervised', 'ask trust:supervised', 'ask trust:supervised', 'deny rule:no-execute'],
      'adaptive (risen to bounded)': ['allow rule:probe-allowed', 'allow rule:probe-allowed', 'allow rule:probe-allowed', 'deny rule:no-execute'],
    },
  },
  {
    name: 'a path outside the workspace (the default path rule)',
    rules: defaultPolicy().rules,
    args: { path: '../elsewhere/notes.md' },
    expect: { observe: 'deny rule:workspace-paths', suggest: 'deny rule:workspace-paths', supervised: 'deny rule:workspace-paths', bounded: 'deny rule:workspace-paths', 'adaptive (new)': 'deny rule:workspace-paths', 'adaptive (risen to bounded)': 'deny rule:workspace-paths' },
  },
  {
    name: 'a path outside the workspace with the path rule deleted (the guard stays)',
    rules: [PROBE_ALLOWED],
    args: { path: '/etc/hosts' },
    expect: { observe: 'deny path:outside-workspace', suggest: 'deny path:outside-workspace', supervised: 'deny path:outside-workspace', bounded: 'deny path:outside-workspace', 'adaptive (new)': 'deny path:outside-workspace', 'adaptive (risen to bounded)': 'deny path:outside-workspace' },
  },
  {
    name: 'a path inside the workspace (an allow rule on paths holds)',
    rules: defaultPolicy().rules,
    args: { path: 'docs/../notes.md' },
    expect: {
      ...ASK_UNLESS_BOUNDED,
      bounded: ['allow rule:read-and-local', 'allow rule:read-and-local', 'ask trust:bounded', 'ask trust:bounded'],
      'adaptive (risen to bounded)': ['allow rule:read-and-local', 'allow rule:read-and-local', 'ask trust:bounded', 'ask trust:bounded'],
    },
  },
  {
    name: 'during quiet hours (the default ask rule for agents)',
    rules: [...defaultPolicy().rules, PROBE_ALLOWED],
    now: NIGHT,
    expect: {
      ...ASK_UNLESS_BOUNDED,
      bounded: ['allow rule:read-and-local', 'ask rule:quiet-hours', 'ask rule:quiet-hours', 'ask rule:quiet-hours'],
      'adaptive (risen to bounded)': ['allow rule:read-and-local', 'ask rule:quiet-hours', 'ask rule:quiet-hours', 'ask rule:quiet-hours'],
    },
  },
  {
    name: 'outside quiet hours (the same rules)',
    rules: [...defaultPolicy().rules, PROBE_ALLOWED],
    now: MORNING,
    expect: {
      ...ASK_UNLESS_BOUNDED,
      bounded: ['allow rule:read-and-local', 'allow rule:read-and-local', 'allow rule:probe-allowed', 'allow rule:probe-allowed'],
      'adaptive (risen to bounded)': ['allow rule:read-and-local', 'allow rule:read-and-local', 'allow rule:probe-allowed', 'allow rule:probe-allowed'],
    },
  },
  {
    name: 'a deny rate limit reached (3 runs in the last hour, at most 3)',
    rules: [PROBE_ALLOWED, { id: 'probe-rate', effect: 'deny', skills: ['probe'], rate: { max: 3, perMinutes: 60 } }],
    recent: [minutesAgo(50), minutesAgo(20), minutesAgo(1)].map((ts) => ({ ts, skill: 'probe' })),
    expect: { observe: 'deny rule:probe-rate', suggest: 'deny rule:probe-rate', supervised: 'deny rule:probe-rate', bounded: 'deny rule:probe-rate', 'adaptive (new)': 'deny rule:probe-rate', 'adaptive (risen to bounded)': 'deny rule:probe-rate' },
  },
  {
    name: 'a deny rate limit not reached (older runs and other skills do not count)',
    rules: [PROBE_ALLOWED, { id: 'probe-rate', effect: 'deny', skills: ['probe'], rate: { max: 3, perMinutes: 60 } }],
    recent: [
      { ts: minutesAgo(61), skill: 'probe' },
      { ts: minutesAgo(20), skill: 'probe' },
      { ts: minutesAgo(10), skill: 'notify' },
      { ts: minutesAgo(1), skill: 'probe' },
    ],
    expect: { ...ASK_UNLESS_BOUNDED, bounded: 'allow rule:probe-allowed', 'adaptive (risen to bounded)': 'allow rule:probe-allowed' },
  },
  {
    name: 'an allow rule with a rate, reached (it stops allowing, so it asks)',
    rules: [{ ...PROBE_ALLOWED, rate: { max: 2, perMinutes: 10 } }],
    recent: [minutesAgo(5), minutesAgo(2)].map((ts) => ({ ts, skill: 'probe' })),
    expect: { ...ASK_UNLESS_BOUNDED, bounded: 'ask trust:bounded', 'adaptive (risen to bounded)': 'ask trust:bounded' },
  },
];

function input(scenario: Scenario, trust: SkillTrust, risk: SkillRisk, source: ProposalSource = 'agent:organizer'): DecisionInput {
  const policy: Policy = { format: 'metahuman.policy', version: 1, skills: { probe: trust }, rules: scenario.rules };
  return {
    proposal: { skill: 'probe', args: scenario.args ?? {}, source, workspace: WORKSPACE },
    manifest: probeManifest(risk),
    policy,
    now: scenario.now ?? MORNING,
    quietHours: QUIET,
    timezone: 'UTC',
    recent: scenario.recent ?? [],
    paused: false,
  };
}

describe('policy: trust level × risk × rule → allow, ask or deny, naming the rule', () => {
  for (const scenario of SCENARIOS) {
    describe(scenario.name, () => {
      for (const [levelName, trust] of Object.entries(LEVELS)) {
        it(levelName, () => {
          const cell = scenario.expect[levelName];
          const expected = typeof cell === 'string' ? SKILL_RISKS.map(() => cell) : cell;
          const actual = SKILL_RISKS.map((risk) => {
            const result = decide(input(scenario, trust, risk));
            assert.ok(result.reason.length > 10, `a reason is given (${result.rule})`);
            return `${result.decision} ${result.rule}`;
          });
          assert.deepEqual(actual, expected, `risks ${SKILL_RISKS.join(', ')}`);
        });
      }
    });
  }

  it('records the effective trust level it decided at (adaptive resolved to where it stands)', () => {
    const scenario = SCENARIOS[0];
    const levels = Object.values(LEVELS).map((trust) => decide(input(scenario, trust, 'write-local')).trust);
    assert.deepEqual(levels, ['observe', 'suggest', 'supervised', 'bounded', 'supervised', 'bounded']);
  });

  it('an adaptive ceiling caps where it stands: current bounded under a supervised ceiling asks', () => {
    const result = decide(input(SCENARIOS[1], { enabled: true, level: 'adaptive', ceiling: 'supervised', current: 'bounded' }, 'write-local'));
    assert.deepEqual([result.decision, result.rule, result.trust], ['ask', 'trust:supervised', 'supervised']);
  });

  it('a disabled skill is denied whatever its level and the rules', () => {
    const result = decide(input(SCENARIOS[1], { enabled: false, level: 'bounded' }, 'read'));
    assert.deepEqual([result.decision, result.rule], ['deny', 'skill:disabled']);
  });

  it('paused autonomy denies what the twin proposes but not what the person asks for', () => {
    const paused = { ...input(SCENARIOS[1], LEVELS.bounded, 'read'), paused: true };
    assert.equal(decide(paused).rule, 'autonomy:paused');
    assert.equal(decide(paused).decision, 'deny');
    const person = { ...paused, proposal: { ...paused.proposal, source: 'person' as const } };
    assert.deepEqual([decide(person).decision, decide(person).rule], ['allow', 'person:request']);
  });

  it('rules scoped to sources: an agent-only ask rule leaves chat alone', () => {
    const scenario: Scenario = { ...SCENARIOS[1], rules: [{ id: 'agents-ask', effect: 'ask', sources: ['agent:*'] }, PROBE_ALLOWED], expect: {} };
    assert.equal(decide(input(scenario, LEVELS.bounded, 'write-local', 'agent:planner')).rule, 'rule:agents-ask');
    assert.equal(decide(input(scenario, LEVELS.bounded, 'write-local', 'chat')).rule, 'rule:probe-allowed');
  });
});

describe('policy: a new profile is conservative', () => {
  const temp = tempDirsForSuite();
  const registry = SkillRegistry.load();
  const sideEffects = registry.list().filter((s) => s.manifest.risk !== 'read');

  it('writes the default policy on first use', async () => {
    const f = await engineFixture(temp);
    const { policy, error } = loadPolicy(f.store.files);
    assert.equal(error, undefined);
    assert.deepEqual(policy, defaultPolicy());
    assert.deepEqual(JSON.parse(readFileSync(join(f.profile, POLICY_FILE), 'utf8')), defaultPolicy());
    await f.close();
  });

  it('nothing with side effects is allowed unapproved, from any source, day or night', () => {
    assert.ok(sideEffects.length >= 6, 'the built-in skills with side effects');
    const decided: string[] = [];
    for (const { manifest } of sideEffects) {
      for (const source of ['chat', 'cli', 'agent:organizer'] as const) {
        for (const now of [MORNING, NIGHT]) {
          const result = decide({ proposal: { skill: manifest.id, args: { path: 'notes.md', command: 'git status' }, source, workspace: WORKSPACE }, manifest, policy: defaultPolicy(), now, quietHours: QUIET, timezone: 'UTC', recent: [], paused: false });
          decided.push(`${manifest.id} ${source} ${result.decision}`);
          assert.notEqual(result.decision, 'allow', `${manifest.id} from ${source}: ${result.rule}`);
        }
      }
    }
    assert.equal(decided.length, sideEffects.length * 6);
  });

  it('every default trust level for a skill with side effects is at most supervised', () => {
    const policy = defaultPolicy();
    for (const { manifest } of sideEffects) {
      const level: TrustLevel = policy.skills[manifest.id]?.level ?? 'supervised';
      assert.ok(['observe', 'suggest', 'supervised'].includes(level), `${manifest.id} is ${level}`);
    }
  });

  it('through the engine: a proposal on a new profile waits for the person and writes nothing', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose({ skill: 'write-file', args: { path: 'notes.md', content: 'hello\n' }, source: 'agent:organizer', reason: 'a note', workspace: f.workspace });
    assert.equal(state.status, 'pending');
    assert.deepEqual([state.decision.decision, state.decision.rule], ['ask', 'trust:supervised']);
    assert.throws(() => readFileSync(join(f.workspace, 'notes.md')), { code: 'ENOENT' });
    await f.close();
  });
});

describe('policy: the engine reads quiet hours from the persona', () => {
  const temp = tempDirsForSuite();

  it("at night an agent's write waits for the person; chat's runs; in the morning the agent's runs too", async () => {
    const f = await engineFixture(temp, { start: NIGHT });
    await f.engine.setTrust('write-file', { level: 'bounded' });
    const write = (source: ProposalSource, path: string) => f.engine.propose({ skill: 'write-file', args: { path, content: 'x\n' }, source, reason: 'note', workspace: f.workspace });
    const agentAtNight = await write('agent:organizer', 'night.md');
    assert.deepEqual([agentAtNight.status, agentAtNight.decision.rule], ['pending', 'rule:quiet-hours']);
    const chatAtNight = await write('chat', 'chat.md');
    assert.deepEqual([chatAtNight.status, chatAtNight.decision.rule], ['executed', 'rule:read-and-local']);
    f.clock.now = new Date(MORNING.getTime() + 24 * 3_600_000);
    const agentInTheMorning = await write('agent:organizer', 'morning.md');
    assert.deepEqual([agentInTheMorning.status, agentInTheMorning.decision.rule], ['executed', 'rule:read-and-local']);
    await f.close();
  });
});

describe('policy: a broken policy file asks for everything and says why', () => {
  const temp = tempDirsForSuite();

  const breakages: Array<[string, string, RegExp]> = [
    ['not JSON', '{ "format": "metahuman.policy", ', /not valid JSON/],
    ['against the schema', JSON.stringify({ ...defaultPolicy(), skills: { ...defaultPolicy().skills, 'search-memory': { enabled: true, level: 'root' } } }), /policy\.skills\.search-memory\.level must be equal to one of the allowed values/],
    ['a pattern that is no regular expression', JSON.stringify({ ...defaultPolicy(), rules: [{ id: 'git', effect: 'allow', skills: ['shell'], commands: { patterns: ['git (log'] } }] }), /rule "git" has a pattern that is not a valid regular expression: git \(log/],
    ['a newer format', JSON.stringify({ ...defaultPolicy(), version: 9 }), /format version 9 by a newer MetaHuman/],
  ];

  for (const [label, content, problem] of breakages) {
    it(`${label}: the error is surfaced and what would be allowed asks`, async () => {
      const f = await engineFixture(temp);
      writeFileSync(join(f.profile, POLICY_FILE), content);
      const snapshot = await f.engine.state();
      assert.match(snapshot.policyError ?? '', problem);
      assert.ok(snapshot.policyError?.includes(join(f.profile, POLICY_FILE)), 'the error names the file');
      // search-memory is bounded by default and reads only: normally it runs alone.
      const state = await f.engine.propose({ skill: 'search-memory', args: { query: 'parser' }, source: 'agent:organizer', reason: 'look up', workspace: f.workspace });
      assert.equal(state.status, 'pending');
      assert.deepEqual([state.decision.decision, state.decision.rule], ['ask', 'policy:broken']);
      assert.match(state.decision.reason, problem);
      assert.equal(readFileSync(join(f.profile, POLICY_FILE), 'utf8'), content, 'the broken file is left for the person to fix');
      await f.close();
    });
  }

  it('the same search runs alone when the policy is sound (so the broken case could fail)', async () => {
    const f = await engineFixture(temp, { ports: { search: () => Promise.resolve([]) } });
    const state = await f.engine.propose({ skill: 'search-memory', args: { query: 'parser' }, source: 'agent:organizer', reason: 'look up', workspace: f.workspace });
    assert.deepEqual([state.decision.decision, state.status], ['allow', 'executed']);
    assert.equal((await f.engine.state()).policyError, undefined);
    await f.close();
  });

  it('the default deny rules still deny while it is broken', async () => {
    const f = await engineFixture(temp, { ports: { skills: { notify: () => Promise.resolve() } } });
    writeFileSync(join(f.profile, POLICY_FILE), 'not json');
    const state = await f.engine.propose({ skill: 'task', args: { action: 'create', title: 'x', notes: 'y' }, source: 'agent:organizer', reason: 'x', workspace: f.workspace });
    assert.equal(state.decision.rule, 'policy:broken');
    for (let i = 0; i < 30; i++) {
      const s = await f.engine.propose({ skill: 'notify', args: { message: `n${i}` }, source: 'chat', reason: 'x' });
      await f.engine.approve(s.id).catch(() => undefined);
    }
    const limited = await f.engine.propose({ skill: 'notify', args: { message: 'one too many' }, source: 'chat', reason: 'x' });
    assert.deepEqual([limited.status, limited.decision.rule], ['denied', 'rule:action-rate']);
    await f.close();
  });

  it("the person's own runs do not use up the twin's rate", async () => {
    const f = await engineFixture(temp, { ports: { skills: { notify: () => Promise.resolve() } } });
    for (let i = 0; i < 30; i++) assert.equal((await f.engine.runAsPerson('notify', { message: `mine ${i}` })).status, 'executed');
    const twin = await f.engine.propose({ skill: 'notify', args: { message: 'from the twin' }, source: 'chat', reason: 'x' });
    assert.deepEqual([twin.status, twin.decision.rule], ['pending', 'trust:supervised']);
    await f.close();
  });

  it('trust cannot be changed through a broken policy, and the audit shows no allow', async () => {
    const f = await engineFixture(temp);
    writeFileSync(join(f.profile, POLICY_FILE), '[]');
    await assert.rejects(f.engine.setTrust('notify', { level: 'bounded' }), /policy\.json.*cannot be used.*policy must be object/);
    await f.engine.propose({ skill: 'commit-message', args: {}, source: 'chat', reason: 'draft', workspace: f.workspace });
    const decisions = auditEntries(f.store).filter((e) => e.type === 'decision');
    assert.ok(decisions.length > 0);
    assert.ok(decisions.every((e) => e.type === 'decision' && e.decision !== 'allow'));
    await f.close();
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TRUST_LEVELS } from '../../../src/core/decisions/trust';
import { MEMORY_KINDS } from '../../../src/core/memory/record';
import { builtInExecutors } from '../../../src/core/skills/builtInSkills';
import { SkillManifestError, SkillRegistry, type ManifestSource } from '../../../src/core/skills/skillRegistry';
import { SKILL_IDS, SKILL_RISKS } from '../../../src/core/skills/skillTypes';

const root = join(__dirname, '..', '..', '..');
const manifestDir = join(root, 'storage', 'defaults', 'skills');

/** The manifests as they are on disk (the registry bundles them as imports; this proves both agree). */
function manifestsOnDisk(): ManifestSource[] {
  return readdirSync(manifestDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ file: `storage/defaults/skills/${name}`, json: JSON.parse(readFileSync(join(manifestDir, name), 'utf8')) as unknown }));
}

function withManifest(id: string, change: (manifest: Record<string, unknown>) => void): ManifestSource[] {
  return manifestsOnDisk().map((source) => {
    const json = structuredClone(source.json) as Record<string, unknown>;
    if (json.id === id) change(json);
    return { file: source.file, json };
  });
}

describe('skill registry', () => {
  it('loads one manifest per built-in skill, each valid and paired with its executor', () => {
    const registry = SkillRegistry.load();
    assert.deepEqual(registry.list().map((s) => s.manifest.id).sort(), [...SKILL_IDS].sort());
    assert.deepEqual(manifestsOnDisk().map((m) => (m.json as { id: string }).id).sort(), [...SKILL_IDS].sort());
    for (const id of SKILL_IDS) {
      const skill = registry.get(id);
      assert.ok(skill, id);
      assert.equal(skill.executor, builtInExecutors[id]);
      assert.ok(SKILL_RISKS.includes(skill.manifest.risk), id);
      assert.ok(TRUST_LEVELS.includes(skill.manifest.requiredTrust), id);
      assert.equal(skill.manifest.dryRun, true, `${id} previews`);
      assert.equal(skill.manifest.input.additionalProperties, false, `${id} allows no unknown arguments`);
    }
    assert.equal(registry.get('no-such-skill'), undefined);
  });

  it('bundles exactly the manifests on disk', () => {
    const fromDisk = SkillRegistry.fromManifests(manifestsOnDisk(), builtInExecutors);
    for (const skill of SkillRegistry.load().list()) {
      const { $schema: _ignored, ...onDisk } = fromDisk.get(skill.manifest.id)?.manifest as unknown as Record<string, unknown>;
      const { $schema: _alsoIgnored, ...bundled } = skill.manifest as unknown as Record<string, unknown>;
      assert.deepEqual(bundled, onDisk);
    }
  });

  it('rates the risks as the issue asks: reads are read-only, writes and executions have side effects and need bounded trust to act alone', () => {
    const risk = Object.fromEntries(SkillRegistry.load().list().map((s) => [s.manifest.id, s.manifest.risk]));
    assert.deepEqual(risk, { task: 'write-local', notify: 'write-local', 'calendar-event': 'write-local', 'write-file': 'write-local', 'run-task': 'execute', shell: 'execute', 'commit-message': 'read', 'search-memory': 'read' });
    for (const { manifest } of SkillRegistry.load().list()) {
      if (manifest.risk === 'read') assert.deepEqual(manifest.sideEffects, [], manifest.id);
      else {
        assert.ok(manifest.sideEffects.length > 0, manifest.id);
        assert.equal(manifest.requiredTrust, 'bounded', manifest.id);
      }
    }
  });

  it('search-memory offers exactly the memory kinds the store knows', () => {
    const input = SkillRegistry.load().get('search-memory')?.manifest.input as { properties: { kinds: { items: { enum: string[] } } } };
    assert.deepEqual(input.properties.kinds.items.enum, [...MEMORY_KINDS]);
  });

  describe('a broken manifest fails the load, naming its file', () => {
    const cases: Array<[string, ManifestSource[], RegExp]> = [
      ['an unknown risk', withManifest('shell', (m) => (m.risk = 'harmless')), /shell\.json: manifest\.risk must be one of: read, write-local, write-external, execute/],
      ['a missing title', withManifest('notify', (m) => delete m.title), /notify\.json: manifest must have required property 'title'/],
      ['an input schema that allows unknown arguments', withManifest('task', (m) => ((m.input as Record<string, unknown>).additionalProperties = true)), /task\.json: manifest\.input\.additionalProperties must be equal to constant/],
      ['an argument without a description', withManifest('write-file', (m) => ((m.input as { properties: Record<string, unknown> }).properties.path = { type: 'string' })), /write-file\.json: manifest\.input\.properties\.path must have required property 'description'/],
      ['a write skill that lists no side effects', withManifest('calendar-event', (m) => (m.sideEffects = [])), /calendar-event\.json: manifest\.sideEffects must not be empty/],
      ['an input schema that does not compile', withManifest('shell', (m) => ((m.input as { properties: Record<string, unknown> }).properties.command = { type: 'strng', description: 'x' })), /shell\.json: its input schema does not compile/],
      ['a file named after another skill', manifestsOnDisk().map((s) => (s.file.endsWith('/notify.json') ? { ...s, file: 'storage/defaults/skills/alert.json' } : s)), /alert\.json: the manifest of skill 'notify' must be named notify\.json/],
      ['a skill without an executor', [...manifestsOnDisk(), { file: 'storage/defaults/skills/teleport.json', json: { ...(manifestsOnDisk()[0].json as object), id: 'teleport' } }], /teleport\.json: skill 'teleport' has no executor/],
    ];
    for (const [label, sources, expected] of cases) {
      it(label, () => {
        assert.throws(() => SkillRegistry.fromManifests(sources, builtInExecutors), (error: unknown) => {
          assert.ok(error instanceof SkillManifestError);
          assert.match(error.message, expected);
          return true;
        });
      });
    }
  });

  describe('arguments are checked against the skill\'s schema, naming the field', () => {
    const registry = SkillRegistry.load();
    const invalid: Array<[string, unknown, RegExp]> = [
      ['task', { action: 'create' }, /^args must have required property 'title'$/],
      ['task', { action: 'complete' }, /^args must have required property 'id'$/],
      ['task', { action: 'archive', id: '01HZY3J5K6M7N8P9Q0R1S2T3V4' }, /^args\.action must be one of: create, update, complete$/],
      ['task', { action: 'create', title: 'x', due: 'next friday' }, /^args\.due is not in the expected form \(.*ISO date/],
      ['task', { action: 'create', title: 'x', priority: 9 }, /^args\.priority must be <= 4$/],
      ['task', { action: 'update', id: 'not-an-id', title: 'x' }, /^args\.id is not in the expected form/],
      ['notify', {}, /^args must have required property 'message'$/],
      ['notify', { message: '' }, /^args\.message must not be empty$/],
      ['notify', { message: 'hi', severity: 'urgent' }, /^args\.severity must be one of: info, warning, error$/],
      ['notify', { message: 'hi', title: 'extra' }, /^args has an unknown property 'title'$/],
      ['calendar-event', { start: '2025-03-04' }, /^args must have required property 'title'$/],
      ['calendar-event', { title: 'Standup', start: 'tomorrow 10am' }, /^args\.start is not in the expected form/],
      ['calendar-event', { title: 'Standup', start: '2025-03-04T10:00', durationMinutes: 0 }, /^args\.durationMinutes must be >= 1$/],
      ['calendar-event', { title: 'Standup', start: '2025-03-04T10:00', attendees: ['a'] }, /^args has an unknown property 'attendees'$/],
      ['write-file', { content: 'x' }, /^args must have required property 'path'$/],
      ['write-file', { path: 'a.txt' }, /^args must have one of 'content', 'edits'$/],
      ['write-file', { path: ['a.txt'], content: 'x' }, /^args\.path must be string$/],
      ['write-file', { path: 'a.txt', edits: [{ find: 'x' }] }, /^args\.edits\[0\] must have required property 'replace'$/],
      ['write-file', { path: 'a.txt', edits: [{ find: '', replace: 'y' }] }, /^args\.edits\[0\]\.find must not be empty$/],
      ['run-task', {}, /^args must have required property 'name'$/],
      ['run-task', { name: 42 }, /^args\.name must be string$/],
      ['run-task', { name: 'build', args: [] }, /^args has an unknown property 'args'$/],
      ['shell', { command: '' }, /^args\.command must not be empty$/],
      ['shell', { command: 'ls', cwd: 7 }, /^args\.cwd must be string$/],
      ['shell', { cmd: 'ls' }, /^args has an unknown property 'cmd'$/],
      ['shell', { cwd: 'src' }, /^args must have required property 'command'$/],
      ['commit-message', { type: 'wip' }, /^args\.type must be one of: feat, fix/],
      ['commit-message', { scope: 'has spaces' }, /^args\.scope is not in the expected form/],
      ['commit-message', { staged: true }, /^args has an unknown property 'staged'$/],
      ['search-memory', {}, /^args must have required property 'query'$/],
      ['search-memory', { query: 'x', k: 500 }, /^args\.k must be <= 50$/],
      ['search-memory', { query: 'x', kinds: ['email'] }, /^args\.kinds\[0\] must be one of: event, chat/],
      ['search-memory', { query: 'x', since: 'last week' }, /^args\.since is not in the expected form/],
    ];
    for (const [skill, args, expected] of invalid) {
      it(`${skill} refuses ${JSON.stringify(args)}`, () => assert.match(registry.validateArgs(skill, args) ?? 'accepted', expected));
    }

    it('accepts valid arguments of every skill', () => {
      const valid: Record<string, unknown> = {
        task: { action: 'update', id: '01HZY3J5K6M7N8P9Q0R1S2T3V4', due: '', priority: 0 },
        notify: { message: 'Tests pass again.', severity: 'info' },
        'calendar-event': { title: 'Review', start: '2025-03-04T10:00+01:00', end: '2025-03-04T11:00+01:00', location: 'Room 2' },
        'write-file': { path: 'src/a.ts', edits: [{ find: 'a', replace: '' }] },
        'run-task': { name: 'npm: test' },
        shell: { command: 'git status', cwd: 'src' },
        'commit-message': {},
        'search-memory': { query: 'parser bug', k: 5, kinds: ['note', 'event'], since: '2025-01-01' },
      };
      for (const [skill, args] of Object.entries(valid)) assert.equal(registry.validateArgs(skill, args), undefined, skill);
    });

    it('refuses arguments that are not an object, and unknown skills', () => {
      assert.equal(registry.validateArgs('shell', 'ls -la'), 'args must be object');
      assert.equal(registry.validateArgs('teleport', {}), "There is no skill 'teleport'.");
    });
  });
});

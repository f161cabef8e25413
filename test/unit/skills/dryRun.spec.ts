import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SkillRegistry } from '../../../src/core/skills/skillRegistry';
import type { BuiltInSkillId, SkillPreview } from '../../../src/core/skills/skillTypes';
import { tempDirsForSuite } from '../store/storeFixtures';
import { git, skillFixture, snapshotTree, type SkillFixture } from './skillFixtures';

describe('dry run: previewing a built-in skill changes nothing on disk and runs nothing', () => {
  const makeDir = tempDirsForSuite();
  let fixture: SkillFixture;
  const calls: string[] = [];
  let taskId = '';

  before(async () => {
    fixture = await skillFixture(makeDir, {
      ports: {
        notify: (message) => {
          calls.push(`notify ${message}`);
          return Promise.resolve();
        },
        runVsCodeTask: (name) => {
          calls.push(`run ${name}`);
          return Promise.resolve({ exitCode: 0, output: '' });
        },
        listVsCodeTasks: () => Promise.resolve(['npm: test', 'npm: build']),
      },
    });
    fixture.ctx.search = (query) => {
      calls.push(`search ${query}`);
      return Promise.resolve([]);
    };
    const ws = fixture.workspace;
    mkdirSync(join(ws, 'src'));
    writeFileSync(join(ws, 'src', 'app.ts'), 'export const greeting = "hello";\nexport const answer = 41;\n');
    git(ws, 'init', '-q');
    git(ws, 'add', '.');
    git(ws, 'commit', '-q', '-m', 'start');
    writeFileSync(join(ws, 'src', 'app.ts'), 'export const greeting = "hello";\nexport const answer = 42;\n');
    git(ws, 'add', 'src/app.ts');
    mkdirSync(join(fixture.profile, 'calendar'));
    writeFileSync(fixture.ctx.calendarPath, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone//EN\r\nEND:VCALENDAR\r\n');
    taskId = (await fixture.store.tasks.add({ title: 'Fix the flaky parser test', project: 'mh' })).id;
  });
  after(() => fixture.close());

  const previews: Array<[BuiltInSkillId, string, () => Record<string, unknown>, (preview: SkillPreview, f: SkillFixture) => void]> = [
    ['task', 'creates a task', () => ({ action: 'create', title: 'Write the release notes', due: '2025-03-14', priority: 2 }), (p) => assert.match(p.details, /title: Write the release notes\ndue: 2025-03-14\npriority: 2/)],
    ['task', 'updates a task', () => ({ action: 'update', id: taskId, due: '2025-04-01' }), (p) => assert.equal(p.details, 'due: (none) → "2025-04-01"')],
    ['task', 'completes a task', () => ({ action: 'complete', id: taskId }), (p) => assert.equal(p.summary, 'Complete the task "Fix the flaky parser test"')],
    ['notify', 'shows a notification', () => ({ message: 'Your tests pass again.' }), (p) => assert.equal(p.details, 'info: Your tests pass again.')],
    ['calendar-event', 'adds an event to an existing calendar', () => ({ title: 'Pairing with Ana', start: '2025-03-04T10:00:00Z', durationMinutes: 30 }), (p) => assert.match(p.details, /DTSTART:20250304T100000Z\r\nDTEND:20250304T103000Z\r\nSUMMARY:Pairing with Ana/)],
    ['write-file', 'edits a file', () => ({ path: 'src/app.ts', edits: [{ find: '42', replace: '43' }] }), (p) => assert.match(p.details, /-export const answer = 42;\n\+export const answer = 43;/)],
    ['write-file', 'creates a file in new folders', () => ({ path: 'docs/new/notes.md', content: '# Notes\n' }), (p) => assert.match(p.details, /--- \/dev\/null\n\+\+\+ b\/docs\/new\/notes\.md/)],
    ['run-task', 'runs a VS Code task', () => ({ name: 'npm: test' }), (p) => assert.match(p.summary, /npm: test/)],
    ['shell', 'runs a command that would write a file', () => ({ command: 'echo hi > created-by-shell.txt', cwd: 'src' }), (p, f) => assert.deepEqual(p.command, { line: 'echo hi > created-by-shell.txt', cwd: join(f.workspace, 'src') })],
    ['commit-message', 'drafts from a staged change', () => ({}), (p) => assert.match(p.summary, /reads only/)],
    ['search-memory', 'searches memory', () => ({ query: 'parser' }), (p) => assert.match(p.summary, /parser/)],
  ];

  for (const [id, label, args, shows] of previews) {
    it(`${id} ${label}`, async () => {
      const skill = SkillRegistry.load().get(id);
      assert.ok(skill);
      const argsNow = args();
      assert.equal(SkillRegistry.load().validateArgs(id, argsNow), undefined);
      const beforeTree = snapshotTree(fixture.workspace, fixture.profile);
      await skill.executor.check?.(argsNow, fixture.ctx);
      const preview = await skill.executor.preview(argsNow, fixture.ctx);
      assert.deepEqual(snapshotTree(fixture.workspace, fixture.profile), beforeTree);
      assert.deepEqual(calls, [], 'nothing was run, shown or searched');
      shows(preview, fixture);
    });
  }

  it('the snapshot would notice a change (an execution is not a dry run)', async () => {
    const beforeTree = snapshotTree(fixture.workspace, fixture.profile);
    await SkillRegistry.load().get('write-file')?.executor.execute({ path: 'src/app.ts', content: 'changed\n' }, fixture.ctx);
    assert.notDeepEqual(snapshotTree(fixture.workspace, fixture.profile), beforeTree);
  });

  it('covers every built-in skill', () => {
    assert.deepEqual(new Set(previews.map(([id]) => id)), new Set(SkillRegistry.load().list().map((s) => s.manifest.id)));
  });
});

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_OUTPUT_LIMIT } from '../../../src/core/audit/auditEntry';
import { QUEUE_OUTPUT_LIMIT } from '../../../src/core/decisions/approvalEvents';
import { AUTONOMY_FILE, writeAutonomyPausedLocked } from '../../../src/core/decisions/autonomySwitch';
import { ProposalStateError } from '../../../src/core/decisions/decisionEngine';
import type { ProposalInput } from '../../../src/core/decisions/decisionTypes';
import { UndoConflictError } from '../../../src/core/skills/skillTypes';
import { git, snapshotTree } from '../skills/skillFixtures';
import { tempDirsForSuite } from '../store/storeFixtures';
import { auditEntries, editPolicy, engineFixture, proposalTrail, type EngineFixture } from './decisionFixtures';

const HOUR = 3_600_000;

function writeProposal(f: EngineFixture, path = 'notes.md', content = 'hello\n'): ProposalInput {
  return { skill: 'write-file', args: { path, content }, source: 'agent:organizer', reason: 'keep a note', workspace: f.workspace };
}

describe('decision engine: proposal → approval → execution, all recorded', () => {
  const temp = tempDirsForSuite();

  it('a proposal waits; approving it executes it and the audit holds decision, approval and execution', async () => {
    const pending: string[] = [];
    const changes: Array<{ pending: number; paused: boolean }> = [];
    const f = await engineFixture(temp, { ports: { onPending: (s) => pending.push(s.id), onChanged: (c) => changes.push(c) } });
    const state = await f.engine.propose(writeProposal(f));
    assert.equal(state.status, 'pending');
    assert.deepEqual(pending, [state.id], 'the person is told');
    assert.deepEqual(changes.at(-1), { pending: 1, paused: false });
    assert.match(state.preview?.details ?? '', /\+hello/, 'the preview is there to judge');
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false, 'nothing happens before the approval');
    assert.deepEqual(
      (await f.engine.state()).pending.map((s) => s.id),
      [state.id],
    );

    const done = await f.engine.approve(state.id);
    assert.equal(done.status, 'executed');
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'hello\n');
    assert.deepEqual(proposalTrail(f.store, state.id), ['decision', 'approval:approved', 'skill_execution:ok']);
    const execution = auditEntries(f.store).find((e) => e.type === 'skill_execution' && e.proposal === state.id);
    assert.equal(execution?.type === 'skill_execution' && execution.skill, 'write-file');
    assert.deepEqual(changes.at(-1), { pending: 0, paused: false });
    await assert.rejects(f.engine.approve(state.id), ProposalStateError, 'approved once only');
    await f.close();
  });

  it('rejecting with a reason records it and runs nothing', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose(writeProposal(f));
    const rejected = await f.engine.reject(state.id, '  not in this repo  ');
    assert.deepEqual([rejected.status, rejected.rejectReason], ['rejected', 'not in this repo']);
    const approval = auditEntries(f.store).find((e) => e.type === 'approval' && e.proposal === state.id);
    assert.deepEqual(approval?.type === 'approval' && [approval.action, approval.reason], ['rejected', 'not in this repo']);
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    await assert.rejects(f.engine.approve(state.id), /is rejected; only a pending proposal can be approved/);
    await f.close();
  });

  it('editing before approving records the changed fields, re-checks and runs the edited version', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose(writeProposal(f, 'notes.md', 'draft\n'));
    const done = await f.engine.approve(state.id, { path: 'notes.md', content: 'final\n' });
    assert.equal(done.status, 'executed');
    assert.deepEqual(done.originalArgs, { path: 'notes.md', content: 'draft\n' });
    assert.deepEqual(done.args, { path: 'notes.md', content: 'final\n' });
    assert.match(done.preview?.details ?? '', /\+final/, 'the preview follows the edit');
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'final\n');
    assert.deepEqual(proposalTrail(f.store, state.id), ['decision', 'approval:edited', 'approval:approved', 'skill_execution:ok']);
    const edited = auditEntries(f.store).find((e) => e.type === 'approval' && e.action === 'edited');
    assert.deepEqual(edited?.type === 'approval' && edited.fields, ['content']);
    await f.close();
  });

  it('two approvals at once run it once', async () => {
    const shown: string[] = [];
    const f = await engineFixture(temp, { ports: { skills: { notify: () => Promise.resolve(void shown.push('shown')) } } });
    const state = await f.engine.propose({ skill: 'notify', args: { message: 'once' }, source: 'chat', reason: 'say it' });
    const results = await Promise.allSettled([f.engine.approve(state.id), f.engine.approve(state.id)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const failure = results.find((r) => r.status === 'rejected');
    assert.ok(failure?.status === 'rejected' && failure.reason instanceof ProposalStateError);
    assert.deepEqual(shown, ['shown']);
    assert.equal(proposalTrail(f.store, state.id).filter((t) => t === 'skill_execution:ok').length, 1);
    await f.close();
  });

  it('at observe a proposal is only noted: kept with its preview, never run, never asked', async () => {
    const pending: string[] = [];
    const f = await engineFixture(temp, { ports: { onPending: (s) => pending.push(s.id) } });
    await f.engine.setTrust('write-file', { level: 'observe' });
    const state = await f.engine.propose(writeProposal(f));
    assert.deepEqual([state.status, state.decision.rule], ['observed', 'trust:observe']);
    assert.match(state.preview?.details ?? '', /\+hello/);
    assert.deepEqual(pending, []);
    await assert.rejects(f.engine.approve(state.id), /is observed/);
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    await f.close();
  });

  it('approving with the same arguments is no edit', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose(writeProposal(f));
    const done = await f.engine.approve(state.id, { content: 'hello\n', path: 'notes.md' });
    assert.equal(done.originalArgs, undefined);
    assert.deepEqual(proposalTrail(f.store, state.id), ['decision', 'approval:approved', 'skill_execution:ok']);
    await f.close();
  });
});

describe('decision engine: approval re-checks the world', () => {
  const temp = tempDirsForSuite();

  it('a skill disabled between proposal and approval is denied at approval', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose(writeProposal(f));
    await f.engine.setTrust('write-file', { enabled: false });
    const approved = await f.engine.approve(state.id);
    assert.deepEqual([approved.status, approved.decision.rule], ['denied', 'skill:disabled']);
    assert.match(approved.error ?? '', /^Refused at approval: /);
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    assert.deepEqual(proposalTrail(f.store, state.id), ['decision', 'decision', 'skill_execution:rejected']);
    await f.close();
  });

  it('a deny rule added to policy.json between proposal and approval denies it', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose(writeProposal(f));
    editPolicy(f.store, (p) => p.rules.unshift({ id: 'no-notes', effect: 'deny', skills: ['write-file'] }));
    const approved = await f.engine.approve(state.id);
    assert.deepEqual([approved.status, approved.decision.rule], ['denied', 'rule:no-notes']);
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    await f.close();
  });

  it('autonomy paused by another window (its switch written, the queue not yet cancelled) denies at approval', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose(writeProposal(f));
    await f.store.lock.withLock('other window', () => writeAutonomyPausedLocked(f.store.files, true, 'cli'));
    const approved = await f.engine.approve(state.id);
    assert.deepEqual([approved.status, approved.decision.rule], ['denied', 'autonomy:paused']);
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    await f.close();
  });
});

describe('decision engine: the pause switch and no way around the approval', () => {
  const temp = tempDirsForSuite();

  it('pausing cancels every pending proposal, audited, and refuses new ones until resumed', async () => {
    const f = await engineFixture(temp, { ports: { skills: { notify: () => Promise.resolve() } } });
    const ids = [];
    for (const path of ['a.md', 'b.md', 'c.md']) ids.push((await f.engine.propose(writeProposal(f, path))).id);
    const result = await f.engine.pause(true);
    assert.deepEqual(result, { paused: true, cancelled: 3 });
    assert.equal(f.engine.isPaused(), true);
    assert.deepEqual(
      ids.map((id) => f.engine.get(id)?.status),
      ['cancelled', 'cancelled', 'cancelled'],
    );
    for (const id of ids) assert.deepEqual(proposalTrail(f.store, id), ['decision', 'approval:cancelled']);
    assert.ok(auditEntries(f.store).some((e) => e.type === 'trust' && e.change === 'paused'));
    await assert.rejects(f.engine.approve(ids[0]), /is cancelled/);

    const refused = await f.engine.propose({ skill: 'notify', args: { message: 'hi' }, source: 'chat', reason: 'say hi' });
    assert.deepEqual([refused.status, refused.decision.rule], ['denied', 'autonomy:paused']);
    const own = await f.engine.runAsPerson('notify', { message: 'mine' });
    assert.equal(own.status, 'executed', "the person's own run is not the twin's autonomy");
    assert.equal((await f.engine.state()).paused, true);

    assert.deepEqual(await f.engine.pause(false), { paused: false, cancelled: 0 });
    assert.equal((await f.engine.propose({ skill: 'notify', args: { message: 'hi' }, source: 'chat', reason: 'say hi' })).status, 'pending');
    assert.ok(auditEntries(f.store).some((e) => e.type === 'trust' && e.change === 'resumed'));
    await f.close();
  });

  it('an unreadable pause switch counts as paused', async () => {
    const f = await engineFixture(temp);
    mkdirSync(join(f.profile, 'approvals'), { recursive: true });
    writeFileSync(join(f.profile, AUTONOMY_FILE), '{ "paused": fal');
    assert.equal(f.engine.isPaused(), true);
    const state = await f.engine.propose(writeProposal(f));
    assert.deepEqual([state.status, state.decision.rule], ['denied', 'autonomy:paused']);
    await f.close();
  });

  it("a proposal cannot claim to be the person's own run, and no flag approves it", async () => {
    const f = await engineFixture(temp);
    await assert.rejects(f.engine.propose({ ...writeProposal(f), source: 'person' }), /Source 'person'/);
    const sneaky = { ...writeProposal(f), approved: true, autoApprove: true, approve: true, force: true, trust: 'bounded', decision: 'allow' } as ProposalInput;
    const state = await f.engine.propose(sneaky);
    assert.equal(state.status, 'pending');
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    assert.equal(auditEntries(f.store).filter((e) => e.type === 'decision' && e.decision === 'allow').length, 0);
    await f.close();
  });

  it('a pending proposal survives a restart: a new engine on the profile sees it and can approve it', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose(writeProposal(f));
    await f.restart();
    const snapshot = await f.engine.state();
    assert.deepEqual(
      snapshot.pending.map((s) => [s.id, s.skill, s.reason]),
      [[state.id, 'write-file', 'keep a note']],
    );
    const done = await f.engine.approve(state.id);
    assert.equal(done.status, 'executed');
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'hello\n');
    await f.close();
  });

  it('a pending proposal expires after the configured hours and can no longer be approved', async () => {
    const f = await engineFixture(temp, { settings: { decisionsApprovalExpiryHours: 2 } });
    const state = await f.engine.propose(writeProposal(f));
    assert.equal(Date.parse(state.expiresAt) - Date.parse(state.createdAt), 2 * HOUR);
    f.clock.advance(2 * HOUR - 60_000);
    assert.equal((await f.engine.state()).pending.length, 1, 'not yet');
    f.clock.advance(60_000);
    const snapshot = await f.engine.state();
    assert.deepEqual([snapshot.pending.length, snapshot.recent[0]?.status], [0, 'expired']);
    assert.deepEqual(proposalTrail(f.store, state.id), ['decision', 'approval:expired']);
    await assert.rejects(f.engine.approve(state.id), /is expired/);
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    await f.close();
  });
});

describe('decision engine: dry-run previews every built-in skill and changes nothing', () => {
  const temp = tempDirsForSuite();
  const calls: string[] = [];

  async function dryRunFixture(globalDryRun: boolean): Promise<EngineFixture & { taskId: string }> {
    const f = await engineFixture(temp, {
      settings: { decisionsDryRun: globalDryRun },
      ports: {
        skills: {
          notify: (message) => Promise.resolve(void calls.push(`notify ${message}`)),
          runVsCodeTask: (name) => Promise.resolve({ exitCode: 0, output: String(calls.push(`run ${name}`)) }),
          listVsCodeTasks: () => Promise.resolve(['npm: test']),
        },
        search: (query) => {
          calls.push(`search ${query}`);
          return Promise.resolve([]);
        },
      },
    });
    mkdirSync(join(f.workspace, 'src'));
    writeFileSync(join(f.workspace, 'src', 'app.ts'), 'export const answer = 41;\n');
    git(f.workspace, 'init', '-q');
    git(f.workspace, 'add', '.');
    git(f.workspace, 'commit', '-q', '-m', 'start');
    writeFileSync(join(f.workspace, 'src', 'app.ts'), 'export const answer = 42;\n');
    git(f.workspace, 'add', 'src/app.ts');
    const taskId = (await f.store.tasks.add({ title: 'Fix the parser', project: 'mh' })).id;
    return Object.assign(f, { taskId });
  }

  const cases: Array<[string, (taskId: string) => Record<string, unknown>]> = [
    ['task', () => ({ action: 'create', title: 'Write the release notes' })],
    ['task', (id) => ({ action: 'complete', id })],
    ['notify', () => ({ message: 'Tests pass.' })],
    ['calendar-event', () => ({ title: 'Pairing', start: '2025-03-05T10:00:00Z', durationMinutes: 30 })],
    ['write-file', () => ({ path: 'src/app.ts', content: 'export const answer = 43;\n' })],
    ['run-task', () => ({ name: 'npm: test' })],
    ['shell', () => ({ command: 'touch created-by-shell.txt' })],
    ['commit-message', () => ({})],
    ['search-memory', () => ({ query: 'parser' })],
  ];

  for (const globalDryRun of [false, true]) {
    for (const [skill, args] of cases) {
      it(`${skill} ${JSON.stringify(args('<id>'))}: ${globalDryRun ? 'the global setting' : 'the proposal'} asks for a dry run`, async () => {
        calls.length = 0;
        const f = await dryRunFixture(globalDryRun);
        const tasksBefore = await f.store.tasks.list();
        const tree = snapshotTree(f.workspace, join(f.profile, 'calendar'), join(f.profile, 'approvals', 'backups'));
        // Raise the skill to bounded where the policy would let it act alone: a dry run must still only preview.
        await f.engine.setTrust(skill, { level: 'bounded' });
        const state = await f.engine.propose({ skill, args: args(f.taskId), source: 'chat', reason: 'try', workspace: f.workspace, ...(globalDryRun ? {} : { dryRun: true }) });
        assert.equal(state.status, 'previewed', `${state.error ?? ''}`);
        assert.equal(state.dryRun, true);
        assert.ok(state.preview?.summary, 'a preview is recorded');
        assert.deepEqual(snapshotTree(f.workspace, join(f.profile, 'calendar'), join(f.profile, 'approvals', 'backups')), tree, 'nothing on disk changed');
        assert.deepEqual(await f.store.tasks.list(), tasksBefore);
        assert.deepEqual(calls, [], 'nothing was shown, run or searched');
        const trail = proposalTrail(f.store, state.id);
        assert.deepEqual(trail, ['decision', 'skill_execution:preview']);
        const preview = auditEntries(f.store).find((e) => e.type === 'skill_execution' && e.proposal === state.id);
        assert.ok(preview?.type === 'skill_execution' && preview.dryRun && preview.output?.startsWith(state.preview.summary));
        await f.close();
      });
    }
  }

  it('the global dry-run setting turns an approval of an earlier proposal into a preview', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose(writeProposal(f));
    f.settings.decisionsDryRun = true;
    const approved = await f.engine.approve(state.id);
    assert.equal(approved.status, 'previewed');
    assert.equal(existsSync(join(f.workspace, 'notes.md')), false);
    assert.deepEqual(proposalTrail(f.store, state.id), ['decision', 'approval:approved', 'skill_execution:preview']);
    await f.close();
  });
});

describe('decision engine: undo, timeout and captured output', () => {
  const temp = tempDirsForSuite();

  it('undo of a write-file puts the earlier content back, and a created file goes away', async () => {
    const f = await engineFixture(temp);
    writeFileSync(join(f.workspace, 'notes.md'), 'before\n');
    const edit = await f.engine.approve((await f.engine.propose(writeProposal(f, 'notes.md', 'after\n'))).id);
    const created = await f.engine.approve((await f.engine.propose(writeProposal(f, 'new/file.md', 'fresh\n'))).id);
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'after\n');

    const undone = await f.engine.undo(edit.id);
    assert.equal(undone.status, 'undone');
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'before\n');
    assert.deepEqual(proposalTrail(f.store, edit.id).slice(-2), ['approval:undone', 'skill_execution:undone']);
    await f.engine.undo(created.id);
    assert.equal(existsSync(join(f.workspace, 'new', 'file.md')), false);
    await assert.rejects(f.engine.undo(edit.id), /is undone; only an executed proposal can be undone/);
    await f.close();
  });

  it('undo of a task the twin created cancels it', async () => {
    const f = await engineFixture(temp);
    const done = await f.engine.approve((await f.engine.propose({ skill: 'task', args: { action: 'create', title: 'Ship it' }, source: 'chat', reason: 'remember', workspace: f.workspace })).id);
    const [task] = await f.store.tasks.list();
    assert.deepEqual([done.status, task.title, task.status], ['executed', 'Ship it', 'open']);
    await f.engine.undo(done.id);
    assert.equal((await f.store.tasks.get(task.id))?.status, 'cancelled');
    await f.close();
  });

  it('undo refuses to clobber a file changed since, unless forced', async () => {
    const f = await engineFixture(temp);
    writeFileSync(join(f.workspace, 'notes.md'), 'before\n');
    const done = await f.engine.approve((await f.engine.propose(writeProposal(f, 'notes.md', 'after\n'))).id);
    writeFileSync(join(f.workspace, 'notes.md'), 'the person kept typing\n');
    await assert.rejects(f.engine.undo(done.id), UndoConflictError);
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'the person kept typing\n');
    assert.equal(f.engine.get(done.id)?.status, 'executed');
    await f.engine.undo(done.id, { force: true });
    assert.equal(readFileSync(join(f.workspace, 'notes.md'), 'utf8'), 'before\n');
    await f.close();
  });

  it('an execution past the timeout is stopped and recorded as failed', async () => {
    const f = await engineFixture(temp, { settings: { decisionsExecutionTimeoutSeconds: 1 } });
    const state = await f.engine.propose({ skill: 'shell', args: { command: 'sleep 30' }, source: 'chat', reason: 'wait', workspace: f.workspace });
    const done = await f.engine.approve(state.id);
    assert.equal(done.status, 'failed');
    assert.match(done.error ?? '', /Stopped after 1 s \(setting metahuman\.decisions\.executionTimeoutSeconds\)/);
    const execution = auditEntries(f.store).find((e) => e.type === 'skill_execution' && e.proposal === state.id);
    assert.ok(execution?.type === 'skill_execution');
    assert.equal(execution.outcome, 'error');
    assert.match(execution.error ?? '', /Stopped after/);
    await f.close();
  });

  it("a command's output is captured, capped in the queue and more tightly in the audit, secrets redacted", async () => {
    const f = await engineFixture(temp);
    const command = "echo 'token=hunter2secret'; seq 1 20000";
    const state = await f.engine.propose({ skill: 'shell', args: { command }, source: 'chat', reason: 'count', workspace: f.workspace });
    const done = await f.engine.approve(state.id);
    assert.equal(done.status, 'executed', done.error);
    assert.equal(done.exitCode, 0);
    assert.ok((done.output ?? '').length <= QUEUE_OUTPUT_LIMIT);
    assert.match(done.output ?? '', /^\[redacted\]\n1\n2\n3\n/);
    assert.doesNotMatch(done.output ?? '', /hunter2secret/);
    const execution = auditEntries(f.store).find((e) => e.type === 'skill_execution' && e.proposal === state.id);
    assert.ok(execution?.type === 'skill_execution');
    assert.ok((execution.output ?? '').length <= AUDIT_OUTPUT_LIMIT, `audit output is ${execution.output?.length} characters`);
    assert.match(execution.output ?? '', /^\[redacted\]\n1\n2\n/);
    assert.match(execution.output ?? '', /\.\.\.$/, 'the cut is marked');
    await f.close();
  });
});

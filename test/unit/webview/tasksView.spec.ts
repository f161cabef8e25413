import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { TaskProposal, TaskView } from '../../../src/protocol/tasksProtocol';
import { renderProposal, renderTaskCard, type TaskCardActions } from '../../../webview/tasks/taskCard';
import { blockers, dependencyChoices, draftProblem, dueText, groupTasks, priorityLabel, sortTasks } from '../../../webview/tasks/tasksModel';
import { elementsWithClass, templateHtml, visibleText } from './templateHtml';
import { NOW, at } from './viewFixtures';

function task(overrides: Partial<TaskView> = {}): TaskView {
  return { id: 'T1', title: 'Write the report', status: 'open', dependsOn: [], source: 'user', createdAt: at(-600), updatedAt: at(-60), ...overrides };
}

const noActions: TaskCardActions = { setStatus: () => undefined, startBlocking: () => undefined, dismissConfirm: () => undefined, update: () => undefined };

describe('the tasks view model', () => {
  it('shows stored priorities 1..4 as P0..P3 and sorts the most urgent first', () => {
    assert.deepEqual([1, 2, 3, 4, undefined].map(priorityLabel), ['P0', 'P1', 'P2', 'P3', '']);
    const list = [task({ id: 'a', title: 'none' }), task({ id: 'b', title: 'P2', priority: 3 }), task({ id: 'c', title: 'P0 later', priority: 1, due: '2026-03-10' }), task({ id: 'd', title: 'P0 sooner', priority: 1, due: '2026-03-05' })];
    assert.deepEqual(sortTasks(list).map((t) => t.title), ['P0 sooner', 'P0 later', 'P2', 'none']);
  });

  it('says due dates in words, overdue ones included', () => {
    assert.deepEqual(['2026-03-02', '2026-03-04', '2026-03-05', '2026-03-09', '2026-05-01'].map((d) => dueText(d, NOW)), [
      { text: 'Overdue by 2 days', tone: 'overdue' },
      { text: 'Due today', tone: 'today' },
      { text: 'Due tomorrow', tone: 'soon' },
      { text: 'Due in 5 days', tone: 'later' },
      { text: 'Due 2026-05-01', tone: 'later' },
    ]);
  });

  it('groups by status, finished newest first; names what blocks a task; offers only open others as dependencies', () => {
    const dep = task({ id: 'D', title: 'Get the numbers' });
    const blocked = task({ id: 'B', title: 'Write the summary', status: 'blocked', blockedReason: 'waiting for finance', dependsOn: ['D'] });
    const done1 = task({ id: 'X', status: 'done', doneAt: at(-100) });
    const done2 = task({ id: 'Y', status: 'done', doneAt: at(-10) });
    const groups = groupTasks([dep, blocked, done1, done2]);
    assert.deepEqual([groups.open.map((t) => t.id), groups.blocked.map((t) => t.id), groups.done.map((t) => t.id)], [['D'], ['B'], ['Y', 'X']]);
    assert.deepEqual(blockers(blocked, [dep, blocked]), ['waiting for finance', 'waits for "Get the numbers"']);
    assert.deepEqual(blockers(blocked, [{ ...dep, status: 'done' }, blocked]), ['waiting for finance']);
    assert.deepEqual(dependencyChoices(dep, [dep, blocked, done1]).map((t) => t.id), ['B']);
  });

  it('asks for a title and a real date before adding', () => {
    assert.equal(draftProblem({ title: '  ', due: '' }), 'Give the task a title.');
    assert.equal(draftProblem({ title: 'x', due: 'friday' }), 'The due date must be a date (YYYY-MM-DD).');
    assert.equal(draftProblem({ title: 'x', due: '2026-03-05' }), undefined);
  });
});

describe('a task card as shown', () => {
  it('shows the title, priority, status and due date, with Start, Block and Complete labelled', () => {
    const html = templateHtml(renderTaskCard(task({ priority: 1, due: '2026-03-05' }), [], {}, noActions, NOW));
    assert.match(visibleText(html), /^Write the report P0 Open Due tomorrow Start Block… Complete Priority, due date, dependencies/);
    assert.match(html, /class="task-complete" aria-label="Complete: &quot;Write the report&quot;"/);
    assert.match(html, /class="task-start" secondary aria-label="Start: &quot;Write the report&quot;"/);
  });

  it('shows a blocked task with what blocks it', () => {
    const dep = task({ id: 'D', title: 'Get the numbers' });
    const blocked = task({ status: 'blocked', blockedReason: 'waiting for finance', dependsOn: ['D'] });
    const [box] = elementsWithClass(templateHtml(renderTaskCard(blocked, [dep, blocked], {}, noActions, NOW)), 'blockers');
    assert.equal(visibleText(box?.inner ?? ''), 'Blocked by: waiting for finance waits for "Get the numbers"');
  });

  it('asks before completing a task whose dependencies are open', () => {
    const html = templateHtml(renderTaskCard(task(), [], { confirmOpen: [{ id: 'D', title: 'Get the numbers' }] }, noActions, NOW));
    const [box] = elementsWithClass(html, 'confirm');
    assert.equal(visibleText(box?.inner ?? ''), 'A task it depends on is still open: Get the numbers Complete anyway Keep it open');
  });

  it('renders task and proposal text as text, never as markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    assert.doesNotMatch(templateHtml(renderTaskCard(task({ title: evil, blockedReason: evil, status: 'blocked' }), [], {}, noActions, NOW)), /<img/);
    assert.doesNotMatch(templateHtml(renderProposal(proposal({ title: evil, reason: evil }), () => undefined, NOW)), /<img/);
  });
});

function proposal(overrides: Partial<TaskProposal> = {}): TaskProposal {
  return { id: 'P1', status: 'pending', action: 'create', title: 'Follow up with Dana', reason: 'You wrote "follow up with Dana on Friday".', source: 'agent:reflector', createdAt: at(-5), ...overrides };
}

describe("a twin's task proposal as shown", () => {
  it('says who proposed it and that it waits for approval, and offers Review in Approvals', () => {
    const html = templateHtml(renderProposal(proposal({ priority: 2 }), () => undefined, NOW));
    assert.equal(visibleText(html), 'Follow up with Dana proposal Proposed by the reflector agent, waiting for your approval 5 minutes ago P1 You wrote "follow up with Dana on Friday". Review in Approvals');
    assert.match(html, /class="show-proposal" secondary aria-label="Review in Approvals: &quot;Follow up with Dana&quot;"/);
    assert.match(visibleText(templateHtml(renderProposal(proposal({ status: 'suggested' }), () => undefined, NOW))), /suggestion Suggested by the reflector agent/);
  });
});

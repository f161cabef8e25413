import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  applyActivity,
  budgetText,
  isStreaming,
  nextRunText,
  reconcileLive,
  runFacts,
  runningAgents,
  scheduleText,
  schedulingState,
  triggerLabel,
  writtenRecords,
  outcomeLabel,
  type AgentActivity,
  type LiveRun,
} from '../../../webview/agents/agentsModel';
import { NOW, agentInfo, agentRun, agentsStatus, at } from './viewFixtures';

const activity = (event: AgentActivity['event'], runId = 'r1', agent: AgentActivity['agent'] = 'reflector'): AgentActivity => ({ agent, runId, event });

describe('the agents view header', () => {
  it('says who runs the schedules: this window, another one, paused or turned off', () => {
    assert.equal(schedulingState(agentsStatus()).label, 'This window runs the schedules.');
    assert.equal(schedulingState(agentsStatus({ leader: false, scheduling: false })).label, 'Another window or mh runs the schedules.');
    const paused = schedulingState(agentsStatus({ paused: true, scheduling: false }));
    assert.equal(paused.paused, true);
    assert.match(paused.label, /paused in every window.*Run now still works/);
    assert.match(schedulingState(agentsStatus({ paused: false, scheduling: false })).label, /Schedules are off \(setting metahuman\.agents\.enabled\)/);
  });

  it('treats a leader that does not schedule as paused when the engine does not say', () => {
    const { paused: _omit, ...older } = agentsStatus({ scheduling: false });
    assert.equal(schedulingState(older).paused, true);
  });

  it('counts the model calls against the hourly limit and says when it is spent', () => {
    assert.deepEqual(budgetText(agentsStatus({ modelCallsLastHour: 3, modelCallsPerHour: 30 })), { text: '3 of 30 model calls in the last hour', spent: false });
    const spent = budgetText(agentsStatus({ modelCallsLastHour: 30, modelCallsPerHour: 30 }));
    assert.equal(spent.spent, true);
    assert.match(spent.text, /limit reached, agents use their offline methods/);
    assert.match(budgetText(agentsStatus({ modelCallsPerHour: 0 })).text, /no model calls \(limit: 0 per hour\)/);
  });
});

describe('an agent card', () => {
  it('gives the schedule in words, or how it starts without one', () => {
    assert.equal(scheduleText(agentInfo({ schedule: '*/10 * * * *' })), 'every 10 minutes');
    const { schedule: _none, ...triggered } = agentInfo({ id: 'boredom' });
    assert.equal(scheduleText(triggered), 'when triggered or asked');
  });

  it('says when the next check comes, or why none is known in this window', () => {
    const status = agentsStatus();
    assert.equal(nextRunText(agentInfo({ nextRun: at(7) }), status, NOW), 'in 7 minutes');
    assert.equal(nextRunText(agentInfo(), agentsStatus({ paused: true, scheduling: false }), NOW), 'paused');
    assert.equal(nextRunText(agentInfo(), agentsStatus({ leader: false, scheduling: false }), NOW), 'in the window that runs the schedules');
    const { schedule: _none, ...triggered } = agentInfo();
    assert.equal(nextRunText(triggered, status, NOW), 'on its triggers');
  });

  it('lists a finished run as when, how long, model calls and records written', () => {
    assert.deepEqual(runFacts(agentRun({ start: at(-12), end: at(-11), modelCalls: 1, recordsWritten: 3 }), NOW), ['11 minutes ago', 'took 1 min', '1 model call', '3 records written']);
    const { end: _running, ...running } = agentRun({ outcome: 'running', start: at(-2), modelCalls: 0, recordsWritten: 0 });
    assert.deepEqual(runFacts(running, NOW), ['started 2 minutes ago', '0 model calls', '0 records written']);
  });

  it('names triggers in words and shows an unknown one as it is', () => {
    assert.equal(triggerLabel('manual'), 'run by you');
    assert.equal(triggerLabel('session-end'), 'after a coding session');
    assert.equal(triggerLabel('webhook'), 'webhook');
  });
});

describe('the live output of a running agent', () => {
  it('shows progress, then the reflection word by word, then the written record in place of its draft', () => {
    let live: LiveRun[] = [];
    live = applyActivity(live, activity({ type: 'progress', message: 'Reading the last session' }));
    live = applyActivity(live, activity({ type: 'text', draft: 'd1', kind: 'reflection', text: 'You spent ' }));
    live = applyActivity(live, activity({ type: 'text', draft: 'd1', kind: 'reflection', text: 'the morning on caching.' }));
    assert.equal(isStreaming(live), true);
    assert.deepEqual(live[0]?.lines[1], { type: 'draft', draft: 'd1', kind: 'reflection', text: 'You spent the morning on caching.' });
    live = applyActivity(live, activity({ type: 'record', draft: 'd1', id: 'm-9', kind: 'reflection', text: 'You spent the morning on caching.', cites: ['m-1'] }));
    assert.deepEqual(
      live[0]?.lines.map((l) => l.type),
      ['progress', 'record'],
    );
    live = applyActivity(live, activity({ type: 'done', run: agentRun({ runId: 'r1', agent: 'reflector', recordsWritten: 1 }) }));
    assert.equal(live[0]?.state, 'done');
    assert.equal(isStreaming(live), false);
  });

  it('puts the newest run first and keeps only the newest five', () => {
    let live: LiveRun[] = [];
    for (let i = 1; i <= 7; i++) live = applyActivity(live, activity({ type: 'progress', message: `run ${i}` }, `r${i}`));
    assert.deepEqual(
      live.map((r) => r.runId),
      ['r7', 'r6', 'r5', 'r4', 'r3'],
    );
  });

  it('closes a run whose end the view missed once the scheduler says the agent stopped, with the recorded outcome', () => {
    const live = applyActivity([], activity({ type: 'progress', message: 'working' }, 'r1', 'organizer'));
    const stillRunning = reconcileLive(live, agentsStatus({ agents: [agentInfo({ running: true })] }));
    assert.equal(stillRunning[0]?.state, 'running');
    const recorded = reconcileLive(live, agentsStatus({ recentRuns: [agentRun({ runId: 'r1', outcome: 'error', error: 'model timed out' })] }));
    assert.equal(recorded[0]?.state, 'done');
    assert.equal(recorded[0]?.run?.error, 'model timed out');
    assert.equal(reconcileLive(live, agentsStatus())[0]?.state, 'ended');
  });

  it('counts an agent as running from the scheduler or from its live output', () => {
    const live = applyActivity([], activity({ type: 'progress', message: 'x' }, 'r1', 'dreamer'));
    const status = agentsStatus({ agents: [agentInfo({ running: true }), agentInfo({ id: 'dreamer', title: 'Dreamer' })] });
    assert.deepEqual([...runningAgents(status, live)].sort(), ['dreamer', 'organizer']);
  });
});

describe('the records a run wrote', () => {
  it('names the first five by kind and text, counts the rest, and marks one it cannot find', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const previews = { a: { kind: 'reflection', preview: 'On the parser' }, c: { kind: 'note', preview: 'Tagged' } };
    const { shown, more } = writtenRecords(agentRun({ recordsWritten: 6, ids }), previews);
    assert.deepEqual(shown.map((r) => [r.id, r.label, r.known]), [
      ['a', 'reflection: On the parser', true],
      ['b', 'b', false],
      ['c', 'note: Tagged', true],
      ['d', 'd', false],
      ['e', 'e', false],
    ]);
    assert.equal(more, 1);
    // The run log keeps up to 100 ids; the count says how many were written.
    assert.equal(writtenRecords(agentRun({ recordsWritten: 140, ids: ids.slice(0, 2) })).more, 138);
  });

  it('names a run whose process was gone as interrupted', () => {
    assert.equal(outcomeLabel('interrupted'), 'Interrupted');
  });
});

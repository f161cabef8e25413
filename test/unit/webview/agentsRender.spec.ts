import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { renderAgentCard, renderRecentRun } from '../../../webview/agents/agentCard';
import { applyActivity, type LiveRun } from '../../../webview/agents/agentsModel';
import { renderLiveOutput } from '../../../webview/agents/liveOutput';
import { elementsWithClass, templateHtml, visibleText } from './templateHtml';
import { NOW, agentInfo, agentRun, agentsStatus, at } from './viewFixtures';

const idle = { running: false, starting: false, cancelling: false };
const noActions = { run: () => undefined, cancel: () => undefined, open: () => undefined };

describe('an agent card as shown', () => {
  it('shows the title, the schedule in words, the next check and the last run', () => {
    const agent = agentInfo({ nextRun: at(4), lastRun: agentRun({ summary: 'Tagged 3 memories.' }) });
    const text = visibleText(templateHtml(renderAgentCard(agent, agentsStatus(), idle, noActions, NOW)));
    assert.match(text, /^Organizer Tags and links new memories\. Runs every 10 minutes Next: in 4 minutes Last run: Succeeded 11 minutes ago took 1 min 2 model calls 3 records written Tagged 3 memories\. Run now$/);
  });

  it('offers Run now with an accessible name, and Cancel only while it runs', () => {
    const html = templateHtml(renderAgentCard(agentInfo(), agentsStatus(), idle, noActions, NOW));
    assert.match(html, /<vscode-button class="run-now" aria-label="Run now: Organizer">/);
    assert.doesNotMatch(html, /cancel-run/);
    const running = templateHtml(renderAgentCard(agentInfo({ running: true }), agentsStatus(), { ...idle, running: true }, noActions, NOW));
    assert.match(running, /class="run-now" disabled aria-label="Running: Organizer">\s*Running…/);
    assert.match(running, /class="cancel-run" secondary aria-label="Cancel: the Organizer run"/);
  });

  it('says when an agent has never run, and shows a failed run with its error', () => {
    assert.match(visibleText(templateHtml(renderAgentCard(agentInfo(), agentsStatus(), idle, noActions, NOW))), /Has not run yet\./);
    const failed = visibleText(templateHtml(renderRecentRun(agentRun({ outcome: 'error', trigger: 'idle', error: 'Ollama is not running' }), 'Organizer', NOW)));
    assert.match(failed, /^Organizer Failed when you were idle 11 minutes ago .* Ollama is not running$/);
  });
});

describe('the records a run wrote, as shown', () => {
  const ids = ['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6', 'm-7'];
  const previews = Object.fromEntries(ids.map((id, i) => [id, { kind: 'reflection', preview: `Thought number ${i + 1}` }]));

  it('lists the first five under the last run, each a button that opens the memory, and counts the rest', () => {
    const agent = agentInfo({ lastRun: agentRun({ recordsWritten: 7, ids }) });
    const html = templateHtml(renderAgentCard(agent, agentsStatus(), idle, noActions, NOW, previews));
    const buttons = elementsWithClass(html, 'written-record');
    assert.deepEqual(
      buttons.map((b) => visibleText(b.inner)),
      ['reflection: Thought number 1', 'reflection: Thought number 2', 'reflection: Thought number 3', 'reflection: Thought number 4', 'reflection: Thought number 5'],
    );
    assert.ok(buttons.every((b) => b.tag === 'button'));
    assert.match(html, /<button class="written-record link" data-id="m-1" title="Open memory m-1">/);
    assert.equal(visibleText(elementsWithClass(html, 'written-more')[0]?.inner ?? ''), 'and 2 more');
  });

  it('lists them in Recent runs too; a forgotten one by its id, not as a button; none when nothing was written', () => {
    const html = templateHtml(renderRecentRun(agentRun({ recordsWritten: 2, ids: ['m-1', 'gone'] }), 'Reflector', NOW, { 'm-1': previews['m-1'] }));
    assert.deepEqual(elementsWithClass(html, 'written-record').map((b) => visibleText(b.inner)), ['reflection: Thought number 1']);
    assert.match(visibleText(html), /gone \(not in the memory any more\)/);
    assert.doesNotMatch(html, /written-more/);
    assert.doesNotMatch(templateHtml(renderRecentRun(agentRun({ recordsWritten: 0, ids: [] }), 'Organizer', NOW)), /written-records/);
  });
});

describe('the live output as shown', () => {
  it('has a stable polite live region, and says so when nothing runs', () => {
    const html = templateHtml(renderLiveOutput([], (id) => id));
    assert.match(html, /<div id="live-output" aria-live="polite" aria-busy="false" aria-label="Live output of agent runs">/);
    assert.match(visibleText(html), /Nothing running\./);
  });

  it('shows model text as text: markup in a reflection is never markup in the view', () => {
    let live: LiveRun[] = [];
    live = applyActivity(live, { agent: 'reflector', runId: 'r1', event: { type: 'text', draft: 'd', kind: 'reflection', text: '<img src=x onerror=alert(1)> and <b>bold</b>' } });
    const html = templateHtml(renderLiveOutput(live, () => 'Reflector'));
    assert.doesNotMatch(html, /<img|<b>/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    const [draft] = elementsWithClass(html, 'draft');
    assert.equal(visibleText(draft?.inner ?? ''), 'writing a reflection… <img src=x onerror=alert(1)> and <b>bold</b>');
    assert.match(html, /aria-busy="true"/);
  });

  it('shows each run under its agent with its progress, records and cited memories', () => {
    let live: LiveRun[] = [];
    live = applyActivity(live, { agent: 'organizer', runId: 'r1', event: { type: 'progress', message: 'Tagging 4 memories', fraction: 0.5 } });
    live = applyActivity(live, { agent: 'organizer', runId: 'r1', event: { type: 'record', id: 'm-2', kind: 'link', text: 'caching ↔ parser', cites: ['m-1', 'm-3'] } });
    const html = templateHtml(renderLiveOutput(live, () => 'Organizer'));
    const [run] = elementsWithClass(html, 'live-run');
    assert.deepEqual(run?.classes, ['live-run', 'running']);
    assert.equal(visibleText(run?.inner ?? ''), 'Organizer running Tagging 4 memories (50%) link written caching ↔ parser Cites 2 memories: m-1 m-3');
    assert.match(html, /data-run="r1" data-agent="organizer" aria-label="Organizer run"/);
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { recentNewestFirst, resultMessage, statusLabel, waitingForPerson } from '../../../webview/approvals/approvalsModel';
import { renderRecentItem } from '../../../webview/approvals/decisionLists';
import { renderProposal, type ProposalActions, type ProposalUi } from '../../../webview/approvals/proposalCard';
import { elementsWithClass, templateHtml, visibleText } from './templateHtml';
import { at, NOW, proposal } from './viewFixtures';

const fresh: ProposalUi = { rejectReason: '', expanded: false, argsAlert: false };
const idle = { busy: false };

const none = () => undefined;
const noActions: ProposalActions = { editArgs: none, editField: none, editReason: none, toggle: none, approve: none, reject: none, accept: none, dismiss: none };

const suggested = (overrides: Parameters<typeof proposal>[0] = {}) =>
  proposal({
    status: 'suggested',
    skill: 'notify',
    skillTitle: 'Show a notification',
    args: { message: 'Stretch' },
    source: 'agent:boredom',
    reason: 'idle for an hour',
    decision: { decision: 'ask', rule: 'trust:suggest', reason: 'trust suggest: the twin only proposes', trust: 'suggest' },
    ...overrides,
  });

describe('what waits for the person, split into approvals and suggestions', () => {
  it('lists the suggestions the engine keeps among recent decisions, oldest first, each once', () => {
    const older = suggested({ id: 's-old', createdAt: at(-90) });
    const newer = suggested({ id: 's-new', createdAt: at(-5) });
    const waiting = waitingForPerson({
      pending: [proposal({ id: 'p1' })],
      recent: [newer, proposal({ id: 'done', status: 'executed' }), older, newer],
    });
    assert.deepEqual(waiting.suggested.map((p) => p.id), ['s-old', 's-new']);
    assert.deepEqual(waiting.approvals.map((p) => p.id), ['p1']);
  });

  it('keeps a suggestion out of the approvals even if it comes in the pending list', () => {
    const waiting = waitingForPerson({ pending: [proposal({ id: 'p1' }), suggested({ id: 's1' })], recent: [] });
    assert.deepEqual(waiting.approvals.map((p) => p.id), ['p1']);
    assert.deepEqual(waiting.suggested.map((p) => p.id), ['s1']);
  });

  it('leaves open suggestions out of recent decisions, where accepted and dismissed ones stay', () => {
    const recent = recentNewestFirst([
      suggested({ id: 'open' }),
      suggested({ id: 'took', status: 'accepted', updatedAt: at(-1), acceptedAs: 'run-1' }),
      suggested({ id: 'no', status: 'dismissed', updatedAt: at(-2) }),
    ]);
    assert.deepEqual(recent.map((p) => p.id), ['took', 'no']);
  });
});

describe('accepted and dismissed suggestions in recent decisions', () => {
  it('have readable status labels', () => {
    assert.deepEqual(statusLabel('suggested'), { label: 'Suggested: yours to do or dismiss', tone: 'warn' });
    assert.deepEqual(statusLabel('accepted'), { label: 'Suggestion done by you', tone: 'ok' });
    assert.deepEqual(statusLabel('dismissed'), { label: 'Suggestion dismissed', tone: 'neutral' });
  });

  it('show the dismissal reason, and that an accepted one ran as the person’s own request', () => {
    const dismissed = templateHtml(renderRecentItem(suggested({ status: 'dismissed', rejectReason: 'not during a release', updatedAt: at(-2) }), idle, () => undefined, NOW));
    assert.equal(visibleText(dismissed), 'Show a notification Suggestion dismissed from agent:boredom 2 minutes ago rule: trust:suggest reason: not during a release');
    const accepted = templateHtml(renderRecentItem(suggested({ status: 'accepted', acceptedAs: 'run-1', updatedAt: at(-3) }), idle, () => undefined, NOW));
    assert.match(visibleText(accepted), /^Show a notification Suggestion done by you from agent:boredom 3 minutes ago rule: trust:suggest run as your own request$/);
    assert.doesNotMatch(accepted, /class="undo"/, 'the suggestion itself has nothing to undo; the run it became has');
  });

  it('says what the person’s own run came to after Do it', () => {
    assert.deepEqual(resultMessage(proposal({ skillTitle: 'Show a notification', status: 'executed' })), { text: 'Show a notification: Done.', tone: 'ok' });
  });
});

describe('a suggestion as shown', () => {
  it('shows who suggests what and why, with the arguments to edit before doing it', () => {
    const html = templateHtml(renderProposal(suggested(), fresh, noActions, NOW));
    assert.match(visibleText(html), /^Show a notification suggested by agent:boredom expires tomorrow suggested 30 minutes ago Why: idle for an hour Policy: /);
    assert.match(html, /<li class="proposal suggested card" data-id="p1" tabindex="-1" aria-labelledby="p-p1-title">/);
    assert.match(html, /<label for="p-p1-args">Arguments \(edit before doing it\)<\/label>/);
    assert.match(visibleText(html), /Do it runs these arguments as your own request; the engine checks them again first\./);
  });

  it('offers Do it and Dismiss with an optional reason, never Approve or Reject', () => {
    const html = templateHtml(renderProposal(suggested(), fresh, noActions, NOW));
    assert.match(html, /<vscode-button class="accept" aria-label="Do it: Show a notification">Do it<\/vscode-button>/);
    assert.match(html, /<vscode-button class="dismiss" secondary aria-label="Dismiss: Show a notification">Dismiss<\/vscode-button>/);
    assert.match(html, /<label for="p-p1-reason">Reason for dismissing \(optional; the twin learns from it\)<\/label>\s*<input type="text" id="p-p1-reason" class="dismiss-reason"/);
    assert.doesNotMatch(html, /class="approve"|class="reject"|Approve|Reject/);
  });

  it('says which fields were edited and relabels Do it', () => {
    const html = templateHtml(renderProposal(suggested(), { ...fresh, argsText: '{ "message": "Drink water" }' }, noActions, NOW));
    assert.match(visibleText(html), /Changed: message \(changed\)\. They are checked again when you do it\./);
    assert.match(html, /class="accept" aria-label="Do it with edits: Show a notification">Do it with edits/);
  });

  it('shows the busy state while doing it or dismissing', () => {
    const doing = templateHtml(renderProposal(suggested(), { ...fresh, busy: 'accept' }, noActions, NOW));
    assert.match(doing, /class="accept" disabled aria-label="Doing it: Show a notification">Doing it…/);
    assert.match(doing, /class="dismiss" secondary disabled/);
    const dismissing = templateHtml(renderProposal(suggested(), { ...fresh, busy: 'dismiss' }, noActions, NOW));
    assert.match(dismissing, /class="dismiss" secondary disabled aria-label="Dismissing: Show a notification">Dismissing…/);
  });

  it('shows the preview of what doing it would do', () => {
    const html = templateHtml(
      renderProposal(suggested({ preview: { summary: 'Show an info notification: Stretch', details: 'info: Stretch', kind: 'notification' } }), { ...fresh, expanded: true }, noActions, NOW),
    );
    assert.equal(visibleText(elementsWithClass(html, 'preview-summary')[0]?.inner ?? ''), 'Show an info notification: Stretch');
    assert.match(html, /<pre class="details notification">info: Stretch<\/pre>/);
  });

  it('shows the text of a suggestion as text, never as markup', () => {
    const hostile = suggested({
      skillTitle: '<script>alert(1)</script>',
      source: '<b>agent</b>',
      reason: '<img src=x onerror=alert(1)>',
      args: { message: '</textarea><script>x</script>' },
      preview: { summary: '<a href="javascript:x">click</a>', details: '<iframe>', kind: 'notification' },
    });
    const html = templateHtml(renderProposal(hostile, { ...fresh, expanded: true, rejectReason: '<svg onload=x>' }, noActions, NOW));
    assert.doesNotMatch(html, /<script|<img|<b>|<a href|<iframe|<svg|<\/textarea><script/);
    assert.match(visibleText(html), /Why: <img src=x onerror=alert\(1\)>/);
    assert.match(html, /aria-label="Do it: &lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });
});

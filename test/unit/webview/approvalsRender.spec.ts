import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { renderRecentItem, renderSkill, renderSuggestion } from '../../../webview/approvals/decisionLists';
import { renderPreviewDetails } from '../../../webview/approvals/previewDetails';
import { renderProposal, type ProposalUi } from '../../../webview/approvals/proposalCard';
import { elementsWithClass, templateHtml, visibleText } from './templateHtml';
import { NOW, proposal } from './viewFixtures';

const fresh: ProposalUi = { rejectReason: '', expanded: false, argsAlert: false };
const noActions = { editArgs: () => undefined, editField: () => undefined, editReason: () => undefined, toggle: () => undefined, approve: () => undefined, reject: () => undefined, accept: () => undefined, dismiss: () => undefined };
const idle = { busy: false };

describe('a pending proposal as shown', () => {
  it('shows the skill, who asks, the reason, the policy and the arguments to edit', () => {
    const html = templateHtml(renderProposal(proposal(), fresh, noActions, NOW));
    const text = visibleText(html);
    assert.match(text, /^Write a file from organizer expires tomorrow proposed 30 minutes ago Why: You asked to keep a todo list\. Policy: writes a file: asks first \(trust:supervised, trust supervised\)/);
    assert.match(html, /<textarea id="p-p1-args" class="args-editor"[^>]*\.value="\{\n {2}&quot;path&quot;: &quot;notes\/todo\.md&quot;,/);
    assert.match(html, /<label for="p-p1-args">Arguments \(edit before approving\)<\/label>/);
  });

  it('has Approve, Reject and the reject reason with stable names for keyboard and screen readers', () => {
    const html = templateHtml(renderProposal(proposal(), fresh, noActions, NOW));
    assert.match(html, /<li class="proposal card" data-id="p1" tabindex="-1" aria-labelledby="p-p1-title">/);
    assert.match(html, /<vscode-button class="approve" aria-label="Approve: Write a file">Approve<\/vscode-button>/);
    assert.match(html, /<vscode-button class="reject" secondary aria-label="Reject: Write a file">Reject<\/vscode-button>/);
    assert.match(html, /<label for="p-p1-reason">Reason for rejecting \(optional; the twin learns from it\)<\/label>\s*<input type="text" id="p-p1-reason" class="reject-reason"/);
  });

  it('names the edited fields and relabels Approve when the arguments were changed', () => {
    const ui = { ...fresh, argsText: '{ "path": "notes/shopping.md", "content": "buy milk\\n" }' };
    const html = templateHtml(renderProposal(proposal(), ui, noActions, NOW));
    assert.match(visibleText(html), /Changed: path \(changed\)\. They are checked again when you approve\./);
    assert.match(html, /aria-label="Approve with edits: Write a file">Approve with edits/);
  });

  it('marks invalid JSON in the editor, says what is wrong, and still offers the proposal', () => {
    const ui = { ...fresh, argsText: '{ "path": "a.md", }', argsAlert: true };
    const html = templateHtml(renderProposal(proposal(), ui, noActions, NOW));
    assert.match(html, /class="args-editor"[^>]*aria-invalid="true"/);
    const [note] = elementsWithClass(html, 'args-error');
    assert.match(visibleText(note?.inner ?? ''), /^The arguments are not valid JSON at line 1, column 19: expected double-quoted property name\. Nothing was sent; the proposal still waits\.$/);
    assert.match(html, /class="args-error error" role="alert"/);
    assert.match(html, /class="approve" aria-label/);
  });

  it('shows the text of a proposal as text, never as markup', () => {
    const hostile = proposal({
      skillTitle: '<script>alert(1)</script>',
      source: '<b>agent</b>',
      reason: '<img src=x onerror=alert(1)>',
      args: { note: '</textarea><script>x</script>' },
      preview: { summary: '<a href="javascript:x">click</a>', details: '<iframe>', kind: 'text' },
    });
    const html = templateHtml(renderProposal(hostile, { ...fresh, expanded: true }, noActions, NOW));
    assert.doesNotMatch(html, /<script|<img|<b>|<a href|<iframe|<\/textarea><script/);
    assert.match(visibleText(html), /Why: <img src=x onerror=alert\(1\)>/);
  });

  it('offers a field per text, number and switch, labelled by name; lists stay in the JSON', () => {
    const p = proposal({ skill: 'shell', skillTitle: 'Run a shell command', args: { command: 'npm test', timeoutSeconds: 60, background: false, env: { CI: '1' } } });
    const html = templateHtml(renderProposal(p, fresh, noActions, NOW));
    const [fields] = elementsWithClass(html, 'arg-fields');
    assert.match(visibleText(fields?.inner ?? ''), /^Fields command timeoutSeconds background Lists and nested values are edited in the JSON below\.$/);
    assert.match(html, /<label for="p-p1-field-command">command<\/label>\s*<input type="text" id="p-p1-field-command" data-field="command"/);
    assert.match(html, /id="p-p1-field-timeoutSeconds" data-field="timeoutSeconds" inputmode="decimal" \.value="60"/);
    assert.match(html, /<input type="checkbox" id="p-p1-field-background" data-field="background" \.checked="false"/);
    assert.doesNotMatch(html, /data-field="env"/);
  });

  it('turns the fields off until broken JSON is fixed, and says why a field input was refused', () => {
    const broken = templateHtml(renderProposal(proposal(), { ...fresh, argsText: '{ "path": ' }, noActions, NOW));
    assert.match(broken, /<fieldset class="arg-fields" disabled/);
    assert.match(visibleText(broken), /Fix the JSON below to edit by field\./);
    const refused = templateHtml(renderProposal(proposal({ args: { limit: 5 } }), { ...fresh, fieldError: '"limit" must be a number; "5x" is not one.', badField: 'limit' }, noActions, NOW));
    assert.match(refused, /class="field-error error" role="alert">/);
    assert.equal(visibleText(elementsWithClass(refused, 'field-error')[0]?.inner ?? ''), '"limit" must be a number; "5x" is not one.');
    assert.match(refused, /data-field="limit"[^>]*aria-invalid="true"/);
  });

  it('shows the busy state while approving', () => {
    const html = templateHtml(renderProposal(proposal(), { ...fresh, busy: 'approve' }, noActions, NOW));
    assert.match(html, /class="approve" disabled aria-label="Approving: Write a file">Approving…/);
    assert.match(html, /class="reject" secondary disabled/);
  });
});

describe('the dry-run preview as shown', () => {
  it('renders a diff as one line each, added with +, removed with -', () => {
    const html = templateHtml(
      renderPreviewDetails({ summary: 'Writes notes.md', kind: 'diff', files: ['notes.md'], details: '--- a/notes.md\n+++ b/notes.md\n@@ -1,2 +1,2 @@\n # Todo\n-- buy milk\n+- buy oat milk\n' }),
    );
    const lines = elementsWithClass(html, 'line').map((l) => `${l.classes[1]} ${visibleText(l.inner)}`);
    assert.deepEqual(lines, ['header --- a/notes.md', 'header +++ b/notes.md', 'hunk @@ -1,2 +1,2 @@', 'context # Todo', 'remove -- buy milk', 'add +- buy oat milk']);
    assert.match(html, /aria-label="File changes: lines starting with \+ are added, with - removed"/);
    assert.match(visibleText(html), /^Files: notes\.md/);
  });

  it('cuts a huge diff and counts the lines left out', () => {
    const body = Array.from({ length: 1600 }, (_, i) => `+line ${i}`).join('\n');
    const html = templateHtml(renderPreviewDetails({ summary: 's', kind: 'diff', details: `@@ -0,0 +1,1600 @@\n${body}` }));
    assert.equal(elementsWithClass(html, 'line').length, 1500);
    assert.match(visibleText(html), /… 101 more lines not shown\./);
  });

  it('shows a command with the folder it runs in', () => {
    const html = templateHtml(renderPreviewDetails({ summary: 'Runs npm test', kind: 'command', details: 'npm test', command: { line: 'npm test -- --grep "a & b"', cwd: '/home/me/project' } }));
    assert.equal(visibleText(html), 'Command npm test -- --grep "a & b" In folder /home/me/project npm test');
    assert.match(html, /<code class="command-line">npm test -- --grep &quot;a &amp; b&quot;<\/code>/);
  });

  it('shows a calendar entry as its text', () => {
    const details = 'Dentist\nWhen: 2026-03-05 09:00–09:30\nWhere: <Main St>';
    const html = templateHtml(renderPreviewDetails({ summary: 'Adds an event', kind: 'calendar', details }));
    const [pre] = elementsWithClass(html, 'details');
    assert.deepEqual(pre?.classes, ['details', 'calendar']);
    assert.equal(pre?.inner, 'Dentist\nWhen: 2026-03-05 09:00–09:30\nWhere: &lt;Main St&gt;');
  });
});

describe('recent decisions, suggestions and skills as shown', () => {
  it('offers Undo on an undoable executed decision and not otherwise', () => {
    const undoable = templateHtml(renderRecentItem(proposal({ status: 'executed', undoable: true, updatedAt: new Date(NOW.getTime() - 120_000).toISOString() }), idle, () => undefined, NOW));
    assert.match(undoable, /<vscode-button class="undo" secondary aria-label="Undo: Write a file">\s*Undo/);
    assert.match(visibleText(undoable), /^Write a file Done from organizer 2 minutes ago rule: trust:supervised Undo$/);
    for (const p of [proposal({ status: 'executed', undoable: false }), proposal({ status: 'rejected' }), proposal({ status: 'undone', undoable: true })]) {
      assert.doesNotMatch(templateHtml(renderRecentItem(p, idle, () => undefined, NOW)), /class="undo"/, p.status);
    }
  });

  it('shows why an undo failed next to the decision', () => {
    const html = templateHtml(renderRecentItem(proposal({ status: 'executed', undoable: true }), { busy: false, error: 'Could not undo: notes.md changed since' }, () => undefined, NOW));
    assert.match(html, /<p class="error" role="alert">Could not undo: notes\.md changed since<\/p>/);
  });

  it('puts a command output away in a fold', () => {
    const html = templateHtml(renderRecentItem(proposal({ status: 'failed', output: 'error: <none>', exitCode: 1 }), idle, () => undefined, NOW));
    assert.match(html, /<details class="output"><summary>Output<\/summary><pre>error: &lt;none&gt;<\/pre><\/details>/);
  });

  it('shows a trust suggestion with its evidence and Apply / Dismiss', () => {
    const s = { skill: 'task', from: 'supervised', to: 'bounded', reason: 'You approved every task', evidence: 12 } as const;
    const html = templateHtml(renderSuggestion(s, 'Create a task', idle, () => undefined, () => undefined));
    assert.equal(visibleText(html), 'Create a task : supervised → bounded You approved every task (12 decisions) Apply Dismiss');
    assert.match(html, /class="apply-suggestion" aria-label="Apply: set Create a task to bounded"/);
  });

  it('shows a skill with its risk, switch and trust level, and an adaptive one with its ceiling', () => {
    const skill = { id: 'shell', title: 'Run a shell command', description: 'Runs a command.', risk: 'execute', enabled: true, level: 'supervised' } as const;
    const html = templateHtml(renderSkill(skill, idle, () => undefined));
    assert.match(visibleText(html), /^Run a shell command runs commands Runs a command\. Enabled Trust observe suggest supervised bounded adaptive Supervised: acts after your approval\.$/);
    assert.match(html, /<option value="supervised" selected>/);
    const adaptive = visibleText(templateHtml(renderSkill({ ...skill, level: 'adaptive', current: 'bounded', ceiling: 'bounded', enabled: false }, idle, () => undefined)));
    assert.match(adaptive, /Ceiling observe suggest supervised bounded Adaptive: now bounded, up to bounded\. Disabled: never runs\.$/);
  });
});

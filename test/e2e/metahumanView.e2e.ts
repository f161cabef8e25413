// The person's first minute: open the MetaHuman view, see the engine come up, run commands from the
// palette and the view. Drives the installed .vsix in a real VS Code (code-server) in headless Chromium.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe } from 'node:test';
import type { Browser } from '../harness/browser';
import type { Workbench } from './workbench';
import { extensionVersion, WorkbenchSession } from './workbenchSession';

describe('MetaHuman in the workbench', () => {
  const session = new WorkbenchSession({ label: 'view' });
  const { profile, workspace } = session;
  const version = extensionVersion;
  const mh = (...args: string[]): string => session.mh(...args);
  const step = (title: string, fn: () => Promise<void>): void => session.step(title, fn);
  let workbench: Workbench;
  let browser: Browser;
  before(() => {
    workbench = session.workbench;
    browser = session.browser;
  });
  const proposals = (): { id: string; skill: string; status: string; rejectReason?: string }[] =>
    mh('approvals', 'list', '--all', '--json')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { id: string; skill: string; status: string; rejectReason?: string });
  async function until<T>(read: () => T, check: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = read();
      if (check(value)) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  step('the MetaHuman view shows the engine ready, with its version and the profile folder', async () => {
    await workbench.openActivity('MetaHuman');
    const view = workbench.webview();
    const status = view.locator('#engine-status');
    await status.filter({ hasText: 'Engine ready · MetaHuman' }).waitFor({ timeout: 30_000 });
    assert.match((await status.textContent()) ?? '', new RegExp(`MetaHuman ${version.replaceAll('.', '\\.')}`));
    assert.equal(await view.locator('#profile-path').textContent(), `Profile: ${profile}`);
  });

  step('"Run diagnostics" in the view lists every check with a pass mark', async () => {
    const view = workbench.webview();
    // Once the engine is ready its section folds away to give the chat room; the person opens it.
    await view.locator('#engine-details summary').click();
    await view.locator('#run-diagnostics').click();
    const items = view.locator('#diagnostics li');
    await items.nth(4).waitFor({ timeout: 15_000 });
    const text = (await view.locator('#diagnostics').textContent()) ?? '';
    for (const check of ['Runtime', 'Profile folder', 'Profile writable', 'Disk space', 'Models']) assert.ok(text.includes(check), `${check} listed in: ${text}`);
    await workbench.screenshot('metahuman-view');
  });

  step('"MetaHuman: Show Status" from the command palette reports the engine and profile', async () => {
    await workbench.runCommand('MetaHuman: Show Status');
    const toast = workbench.notification(/engine ready/);
    await toast.waitFor({ timeout: 30_000 });
    assert.ok(((await toast.textContent()) ?? '').includes(profile));
  });

  step('the status bar shows MetaHuman with the engine state for screen readers', async () => {
    const item = workbench.statusBarItem('MetaHuman: engine ready');
    await item.waitFor({ timeout: 15_000 });
    assert.ok(((await item.textContent()) ?? '').includes('MetaHuman'));
  });

  step('a note added from the palette is found by "Search Memory" as the person types', async () => {
    const note = 'Chose a trie for the keyword lookup in the parser';
    await workbench.runCommand('MetaHuman: Add Note');
    const input = browser.page.locator('.quick-input-widget input');
    await input.fill(note);
    await browser.page.keyboard.press('Enter');
    await browser.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await workbench.runCommand('MetaHuman: Search Memory');
    await input.fill('keyword trie');
    const row = browser.page.locator('.quick-input-list .monaco-list-row', { hasText: note }).first();
    await row.waitFor({ timeout: 15_000 });
    assert.match((await row.textContent()) ?? '', /note/);
    await workbench.screenshot('search-memory');
    await browser.page.keyboard.press('Escape');
  });

  step('the capture status-bar item pauses and resumes capture in one click', async () => {
    const capturing = workbench.statusBarItem('MetaHuman capture: on');
    await capturing.waitFor({ timeout: 15_000 });
    assert.match((await capturing.textContent()) ?? '', /Capturing/);
    await capturing.locator('a, .statusbar-item-label').first().click();
    const paused = workbench.statusBarItem('MetaHuman capture: paused');
    await paused.waitFor({ timeout: 15_000 });
    assert.match((await paused.textContent()) ?? '', /Capture paused/);
    await workbench.screenshot('capture-paused');
    await paused.locator('a, .statusbar-item-label').first().click();
    await capturing.waitFor({ timeout: 15_000 });
  });

  step('the chat answers from memory with a citation that opens the memory, and hostile text stays inert', async () => {
    const payload = 'Caching decision: keep a per-file parser cache. <img src=x onerror="window.__mhXss=1"> <script>window.__mhXss=2</script>';
    await workbench.runCommand('MetaHuman: Add Note');
    const input = browser.page.locator('.quick-input-widget input');
    await input.fill(payload);
    await browser.page.keyboard.press('Enter');
    await browser.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

    // The command focuses the view (clicking its activity-bar icon again would hide the side bar).
    await workbench.runCommand('MetaHuman: Open Chat');
    const view = workbench.webview();
    await view.locator('#composer textarea').fill('What did I decide about the parser cache?');
    await view.locator('#composer textarea').press('Enter');
    const answer = view.locator('.answer').last();
    await answer.filter({ hasText: 'per-file parser cache' }).waitFor({ timeout: 60_000 });
    // The note's own citation (other memories may be cited beside it).
    const note = mh('memory', 'list', '--json')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { id: string; text: string })
      .find((m) => m.text.startsWith('Caching decision: keep a per-file parser cache'));
    assert.ok(note, 'the note is in the profile');
    const citation = answer.locator(`a.citation[data-memory-id="${note.id}"]`);
    await citation.waitFor({ timeout: 30_000 });

    // The payload is shown as text, never as markup, and none of it ran.
    assert.equal(await answer.locator('img, script').count(), 0, 'no element from memory text');
    assert.match((await answer.textContent()) ?? '', /<img src=x/);
    assert.equal(await view.locator('body').evaluate(() => (window as unknown as { __mhXss?: number }).__mhXss), undefined);
    await workbench.screenshot('chat');

    await citation.click();
    await browser.page.locator('.tabs-container .tab.active', { hasText: note.id }).waitFor({ timeout: 30_000 });
    const editor = browser.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await editor.filter({ hasText: 'per-file parser cache' }).first().waitFor({ timeout: 30_000 });
  });

  step('deeper thinking shows its stages, and History brings an earlier conversation back', async () => {
    await workbench.runCommand('MetaHuman: Open Chat');
    const view = workbench.webview();
    await view.locator('#new-chat').click();
    await view.locator('#depth').selectOption('1');
    await view.locator('#composer textarea').fill('Which lookup structure did we choose for keywords?');
    await view.locator('#composer textarea').press('Enter');
    const thinking = view.locator('.thinking').last();
    await thinking.waitFor({ timeout: 60_000 });
    assert.match((await thinking.textContent()) ?? '', /Thinking \(\d+ stages?\)/);

    await view.locator('#new-chat').click();
    await view.locator('#history').click();
    const earlier = view.locator('#conversations button', { hasText: 'What did I decide about the parser cache?' }).first();
    await earlier.waitFor({ timeout: 15_000 });
    await earlier.click();
    await view.locator('.answer', { hasText: 'per-file parser cache' }).first().waitFor({ timeout: 15_000 });
    await workbench.screenshot('chat-history');
  });

  step('"Ask About Selection" sends the selected code with the question and the answer shows it was used', async () => {
    await workbench.runCommand('Go to File');
    await browser.page.locator('.quick-input-widget input').fill('parser.ts');
    await browser.page.locator('.quick-input-list .monaco-list-row', { hasText: 'parser.ts' }).first().waitFor({ timeout: 15_000 });
    await browser.page.keyboard.press('Enter');
    await browser.page.locator('.monaco-editor .view-lines').first().click();
    await browser.page.keyboard.press('Control+A');
    await workbench.runCommand('MetaHuman: Ask About Selection');
    const input = browser.page.locator('.quick-input-widget input');
    await input.fill('What does this parser do?');
    await browser.page.keyboard.press('Enter');
    const view = workbench.webview();
    const context = view.locator('.context', { hasText: 'Editor: src/parser.ts' }).last();
    await context.waitFor({ state: 'attached', timeout: 60_000 });
  });
  step('a proposal from mh raises a notification in the editor; Approve runs the skill', async () => {
    mh('approvals', 'propose', 'write-file', '--args', JSON.stringify({ path: 'notes/standup.md', content: '- ship the tokenizer\n' }), '--reason', 'note the stand-up items', '--workspace', workspace);
    const toast = workbench.notification(/A script \(mh\) asks to .*notes\/standup\.md/);
    await toast.waitFor({ timeout: 30_000 });
    assert.match((await toast.textContent()) ?? '', /note the stand-up items/, 'the reason the proposer gave is shown');
    await workbench.screenshot('approval-notification');
    await workbench.clickNotificationButton(toast, 'Approve');
    const written = join(workspace, 'notes', 'standup.md');
    await until(() => existsSync(written), Boolean, 'the approved file to be written');
    assert.equal(readFileSync(written, 'utf8'), '- ship the tokenizer\n');
    await workbench.notification(/done — Create notes\/standup\.md/).waitFor({ timeout: 15_000 });
    assert.equal(proposals().find((p) => p.skill === 'write-file')?.status, 'executed');
  });

  step('Reject asks why, and the reason is recorded with the proposal', async () => {
    mh('approvals', 'propose', 'notify', '--args', JSON.stringify({ message: 'Time to stretch' }), '--reason', 'idle for an hour');
    const toast = workbench.notification(/asks to show an info notification: Time to stretch/);
    await toast.waitFor({ timeout: 30_000 });
    await workbench.clickNotificationButton(toast, 'Reject');
    const input = browser.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('not during a release');
    await browser.page.keyboard.press('Enter');
    const rejected = await until(
      () => proposals().find((p) => p.skill === 'notify'),
      (p) => p?.status === 'rejected',
      'the proposal to be rejected',
    );
    assert.equal(rejected?.rejectReason, 'not during a release');
  });

  step('the approvals view lists what was decided, with the reason given', async () => {
    await workbench.runCommand('MetaHuman: Show Approvals');
    const view = await workbench.webviewWith('mh-approvals-app');
    const executed = view.locator('#recent li.decision-item[data-status="executed"]').first();
    await executed.waitFor({ timeout: 30_000 });
    assert.match((await executed.textContent()) ?? '', /notes\/standup\.md/);
    const rejected = view.locator('#recent li.decision-item[data-status="rejected"]').first();
    assert.match((await rejected.textContent()) ?? '', /not during a release/);
    // Folding the chat gives the approvals the sidebar, as a person reviewing them would.
    await browser.page.locator('.pane-header', { hasText: 'Chat' }).first().click();
    await executed.scrollIntoViewIfNeeded();
    await workbench.screenshot('approvals-view');
  });

  step('"Run Agent…" from the palette runs the reflector and reports what it wrote', async () => {
    await workbench.runCommand('MetaHuman: Run Agent…');
    const row = browser.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Reflector' }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    // The progress toast (with its Cancel) gives way to the outcome.
    const toast = workbench.notification(/Reflector: /).filter({ hasNotText: 'Cancel' });
    await toast.waitFor({ timeout: 60_000 });
    assert.match((await toast.textContent()) ?? '', /wrote|reflect/i);
    await workbench.runCommand('MetaHuman: Show Agents');
    const view = await workbench.webviewWith('mh-agents-app');
    const run = view.locator('#recent-runs li.recent-run', { hasText: /Reflector/ }).first();
    await run.waitFor({ timeout: 30_000 });
    await workbench.screenshot('agents-view');
  });
});

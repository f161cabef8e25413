// What the editor tells the person about the twin's autonomy when something could mislead them: a proposal
// too long for a toast is approved only from its Details, and a broken policy.json is said out loud (a
// notification and the status bar) instead of silently asking for everything. Drives the installed .vsix in
// a real VS Code (code-server) in headless Chromium.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe } from 'node:test';
import type { Workbench } from './workbench';
import { WorkbenchSession } from './workbenchSession';

describe('Autonomy notices in the workbench', () => {
  // The profile exists before the editor opens (the editor never creates one).
  const session: WorkbenchSession = new WorkbenchSession({ label: 'notices', seed: () => session.mh('memory', 'add', 'Started the autonomy notices check') });
  const { profile, workspace } = session;
  const mh = (...args: string[]): string => session.mh(...args);
  const step = (title: string, fn: () => Promise<void>): void => session.step(title, fn);
  let workbench: Workbench;
  before(async () => {
    workbench = session.workbench;
    // The engine starts on first use; proposals made before it runs are counted, not announced.
    await workbench.runCommand('MetaHuman: Show Status');
    await workbench.notification(/engine ready/).waitFor({ timeout: 60_000 });
  });

  step('a command too long for the toast offers Details and Reject, not Approve; Details shows all of it', async () => {
    const command = `echo tidy${' '.repeat(300)}; touch ${join(workspace, 'pwned')}`;
    const proposal = JSON.parse(mh('approvals', 'propose', 'shell', '--args', JSON.stringify({ command }), '--reason', 'tidy up', '--workspace', workspace, '--json')) as { id: string; status: string };
    assert.equal(proposal.status, 'pending');
    const toast = workbench.notification(/open Details to read it whole and approve/);
    await toast.waitFor({ timeout: 30_000 });
    await toast.hover();
    const buttons = await toast.locator('.monaco-button').allTextContents();
    assert.ok(buttons.includes('Details') && buttons.includes('Reject'), `Details and Reject offered, got ${buttons.join(', ')}`);
    assert.ok(!buttons.includes('Approve'), `no Approve on a clipped proposal, got ${buttons.join(', ')}`);
    await workbench.clickNotificationButton(toast, 'Details');
    const view = await workbench.webviewWith('mh-approvals-app');
    const card = view.locator(`li.proposal[data-id="${proposal.id}"]`);
    await card.waitFor({ timeout: 30_000 });
    assert.match((await card.textContent()) ?? '', /touch .*pwned/, 'the approvals view shows the whole command');
    await workbench.screenshot('approval-clipped-notification');
  });

  step('a broken policy.json is told in a notification and the status bar, and "Open policy.json" opens it', async () => {
    const policyPath = join(profile, 'policy.json');
    const good = readFileSync(policyPath, 'utf8');
    writeFileSync(policyPath, '{ "skills": { "notify": { "level": "bounded" } }, "rules": [ { "id": "oops", "effect": "sometimes" } ] }\n');
    try {
      mh('approvals', 'propose', 'notify', '--args', JSON.stringify({ message: 'Stretch' }), '--reason', 'idle for an hour');
      const toast = workbench.notification(/policy\.json could not be used, so every action asks you first/);
      await toast.waitFor({ timeout: 30_000 });
      await workbench.statusBarItem('MetaHuman autonomy on, policy broken so everything asks').waitFor({ timeout: 15_000 });
      await workbench.screenshot('policy-broken-notification');
      await workbench.clickNotificationButton(toast, 'Open policy.json');
      await session.browser.page.locator('.tabs-container .tab', { hasText: 'policy.json' }).waitFor({ timeout: 15_000 });
    } finally {
      writeFileSync(policyPath, good);
    }
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openProfileStore } from '../../src/core/profile/profileStore';
import type { AuditPanelSnapshot } from '../../src/host/audit/auditController';
import { activateMetaHuman, eventually } from './hostApi';

const openAudit = async (): Promise<AuditPanelSnapshot> => vscode.commands.executeCommand<AuditPanelSnapshot>('metahuman.openAudit');

suite('Audit', () => {
  test('Open Audit Log opens the panel with an intact chain; a store write shows up through the follow stream', async () => {
    await activateMetaHuman();
    const opened = await openAudit();
    assert.equal(opened.verifyError, undefined, `the chain was checked: ${String(opened.verifyError)}`);
    assert.equal(opened.report?.ok, true, JSON.stringify(opened.report));
    assert.ok((opened.report?.entries ?? 0) > 0, 'the test profile has entries');
    // The tab list catches up with a new panel a moment later.
    await eventually(
      () => Promise.resolve(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputWebview ? t.input.viewType : t.label))),
      (tabs) => tabs.some((viewType) => viewType.endsWith('metahuman.audit')),
      'an editor tab showing the audit log',
    );

    const store = await openProfileStore(process.env.MH_PROFILE ?? '', { actor: 'host-test' });
    let id: string;
    try {
      id = (await store.memory.append({ kind: 'note', text: 'audit follow fixture', source: 'host-test' })).id;
    } finally {
      await store.close();
    }
    const seen = await eventually(openAudit, (s) => s.followed.some((e) => e.type === 'write' && JSON.stringify(e.fields).includes(id)), 'the write in the followed entries');
    const entry = seen.followed.find((e) => JSON.stringify(e.fields).includes(id));
    assert.equal(entry?.category, 'data');
    assert.equal(entry?.actor, 'host-test');
    assert.equal(seen.report?.ok, true);
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openProfileStore } from '../../src/core/profile/profileStore';
import { activateMetaHuman, eventually } from './hostApi';

/** The persona as it is on disk (read by another process, as `mh` would). */
async function onDisk<T>(read: (store: Awaited<ReturnType<typeof openProfileStore>>) => T): Promise<T> {
  const store = await openProfileStore(process.env.MH_PROFILE ?? '', { actor: 'host-test' });
  try {
    return read(store);
  } finally {
    await store.close();
  }
}

function personaTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'MetaHuman Persona');
}

suite('Persona', () => {
  suiteSetup(async () => {
    await activateMetaHuman();
  });

  test('"Edit Persona" opens the persona editor in an editor tab', async () => {
    await vscode.commands.executeCommand('metahuman.editPersona');
    await eventually(
      () => Promise.resolve(personaTab()),
      (tab) => tab !== undefined,
      'the persona tab',
    );
  });

  test('an edit is saved through the engine as a new revision, and rolling back restores the old one as another revision, audited', async () => {
    await vscode.commands.executeCommand('metahuman.editPersona');
    const before = await onDisk((s) => s.persona.current());

    const saved = await vscode.commands.executeCommand<number | undefined>('metahuman.setPersonaField', 'identity.role', 'Staff engineer (host test)');
    assert.equal(saved, before.revision + 1);
    const afterSave = await onDisk((s) => ({ doc: s.persona.current(), history: s.persona.history().map((v) => v.revision) }));
    assert.equal(afterSave.doc.persona.identity.role, 'Staff engineer (host test)');
    assert.ok(afterSave.history.includes(before.revision), 'the replaced revision is kept in the history');

    const refused = await vscode.commands.executeCommand<number | undefined>('metahuman.setPersonaField', 'routines.sleepWindow.start', '25:99');
    assert.equal(refused, undefined, 'an invalid value is refused');
    assert.equal((await onDisk((s) => s.persona.current())).revision, saved, 'and nothing was written');

    const restored = await vscode.commands.executeCommand<number | undefined>('metahuman.rollbackPersona', before.revision);
    assert.equal(restored, before.revision + 2);
    const afterRollback = await onDisk((s) => ({
      doc: s.persona.current(),
      audited: s.audit
        .days()
        .flatMap((file) => s.audit.entries(/(\d{4}-\d{2}-\d{2})\.jsonl$/.exec(file)?.[1] ?? ''))
        .some((e) => (e as unknown as { target?: string; op?: string }).target === 'persona' && (e as unknown as { op?: string }).op === 'rollback'),
    }));
    assert.deepEqual(afterRollback.doc.persona, before.persona);
    assert.equal(afterRollback.doc.note, `rollback to ${before.revision}`);
    assert.ok(afterRollback.audited, 'the rollback is in the audit log');
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openProfileStore } from '../../src/core/profile/profileStore';
import type { DashboardViewState } from '../../src/protocol/dashboardViewProtocol';
import { activateMetaHuman } from './hostApi';

async function openDashboard(): Promise<NonNullable<DashboardViewState['figures']>> {
  const state = await vscode.commands.executeCommand<DashboardViewState>('metahuman.openDashboard');
  assert.equal(state.error, undefined);
  assert.ok(state.figures, 'the dashboard has figures');
  return state.figures;
}

suite('Dashboard', () => {
  test('Open Dashboard shows the figures of the memories added: active time and sessions today, open tasks, the last reflection', async () => {
    await activateMetaHuman();
    const before = await openDashboard();
    const now = new Date();
    const store = await openProfileStore(process.env.MH_PROFILE ?? '', { actor: 'host-test' });
    try {
      await store.memory.appendMany([
        { kind: 'event', ts: now.toISOString(), text: 'Edited dash/fixture.ts', source: 'vscode:editor', project: 'dash-fixture', tags: ['capture', 'edit'], meta: { session: 'dash-s1', file: 'dash/fixture.ts' } },
        { kind: 'event', ts: now.toISOString(), text: 'Coding session on dash-fixture', source: 'vscode:session', project: 'dash-fixture', tags: ['capture', 'session-summary'], meta: { session: 'dash-s1', summary: { activeMs: 42 * 60_000 } } },
        { kind: 'reflection', ts: now.toISOString(), text: 'The dashboard fixture reflection.', source: 'test:dashboard' },
      ]);
      await store.tasks.add({ title: 'Check the dashboard figures' });
    } finally {
      await store.close();
    }
    const after = await openDashboard();
    assert.equal(after.today.activeMinutes, before.today.activeMinutes + 42);
    assert.equal(after.today.sessions, before.today.sessions + 1);
    assert.equal(after.openTasks.count, before.openTasks.count + 1);
    assert.equal(after.lastReflection?.text, 'The dashboard fixture reflection.');
    assert.ok(after.topProjects.some((p) => p.name === 'dash-fixture') || after.topProjects.length === 5, JSON.stringify(after.topProjects));
  });
});

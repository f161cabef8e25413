import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDashboard } from '../../../src/core/engine/dashboardService';
import { openProfileStore } from '../../../src/core/profile/profileStore';
import type { DecisionsState } from '../../../src/protocol/decisionsProtocol';
import { tempDirsForSuite } from '../store/storeFixtures';

/** Local noon of a day `daysAgo` before NOW's day, plus minutes. */
const NOW = new Date(2026, 2, 4, 18, 0);
function local(daysAgo: number, hour: number, minute = 0): string {
  return new Date(2026, 2, 4 - daysAgo, hour, minute).toISOString();
}

function capture(ts: string, session: string, project: string, file?: string) {
  return { kind: 'event' as const, ts, text: `Edited ${file ?? 'something'}`, source: 'vscode:editor', project, tags: ['capture', 'edit'], meta: { session, ...(file ? { file } : {}) } };
}

describe('engine: dashboard figures from a fixture profile', () => {
  const temp = tempDirsForSuite();

  it('active time and sessions per day, top files and projects this week, open tasks, pending approvals and the last reflection', async () => {
    const store = await openProfileStore(temp('dash'), { actor: 'test' });
    try {
      // Today: a finished session (its summary says 50 active minutes) and an open one touching 2 slots of 15 minutes.
      await store.memory.appendMany([
        capture(local(0, 9, 0), 's1', 'parser', 'src/lexer.ts'),
        capture(local(0, 9, 40), 's1', 'parser', 'src/lexer.ts'),
        { kind: 'event', ts: local(0, 9, 0), text: 'Coding session on parser', source: 'vscode:session', project: 'parser', tags: ['capture', 'session-summary'], meta: { session: 's1', summary: { activeMs: 50 * 60_000 } } },
        capture(local(0, 14, 5), 's2', 'site', 'index.html'),
        capture(local(0, 14, 20), 's2', 'site', 'src/lexer.ts'),
        // Two days ago: an open session in one slot. Ten days ago: outside the week.
        capture(local(2, 11, 0), 's3', 'parser', 'src/lexer.ts'),
        capture(local(10, 11, 0), 's4', 'old', 'old.ts'),
        { kind: 'reflection', ts: local(1, 20), text: 'Older thought.', source: 'agent:reflector' },
        { kind: 'reflection', ts: local(0, 8), text: 'I work best on the lexer in the morning.', source: 'agent:reflector' },
      ]);
      await store.tasks.add({ title: 'Ship the lexer', priority: 1 });
      const done = await store.tasks.add({ title: 'Old chore' });
      await store.tasks.setStatus(done.id, 'done');
      await store.tasks.add({ title: 'Write docs', priority: 3 });
      const decisions = { pending: [{ status: 'pending' }, { status: 'pending' }], recent: [{ status: 'suggested' }, { status: 'executed' }] } as unknown as DecisionsState;

      const figures = await readDashboard({ openStore: () => Promise.resolve(store), decisions: () => Promise.resolve(decisions) }, NOW);

      assert.deepEqual(figures.today, { activeMinutes: 50 + 30, sessions: 2 });
      assert.equal(figures.days.length, 7);
      assert.deepEqual(figures.days.map((d) => d.activeMinutes), [0, 0, 0, 0, 15, 0, 80]);
      assert.deepEqual(figures.topFiles, [
        { name: 'src/lexer.ts', events: 4 },
        { name: 'index.html', events: 1 },
      ]);
      assert.deepEqual(figures.topProjects, [
        { name: 'parser', events: 3 },
        { name: 'site', events: 2 },
      ]);
      assert.equal(figures.openTasks.count, 2);
      assert.deepEqual(figures.openTasks.top.map((t) => t.title), ['Ship the lexer', 'Write docs']);
      assert.deepEqual(figures.approvals, { pending: 2, suggested: 1 });
      assert.equal(figures.lastReflection?.text, 'I work best on the lexer in the morning.');
    } finally {
      await store.close();
    }
  });
});

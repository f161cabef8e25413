import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AuditService } from '../../../src/core/engine/auditService';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { auditCategory } from '../../../src/protocol/auditCategories';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';

describe('audit categories', () => {
  it('maps every entry type to one of decision, action, model, data, security', () => {
    const types = ['decision', 'approval', 'skill_execution', 'agent_run', 'model_call', 'write', 'forget', 'trust', 'export'];
    assert.deepEqual(types.map(auditCategory), ['decision', 'decision', 'action', 'action', 'model', 'data', 'data', 'security', 'security']);
    assert.equal(auditCategory('something_newer'), 'data');
  });
});

describe('the audit service', () => {
  const tempDir = tempDirsForSuite();

  async function withStore<T>(body: (store: ProfileStore, audit: AuditService) => Promise<T>): Promise<T> {
    const store = await openTestStore(tempDir('audit'));
    try {
      return await body(store, new AuditService(() => Promise.resolve(store)));
    } finally {
      await store.close();
    }
  }

  it('searches newest first by words and by category, in pages', () =>
    withStore(async (store, audit) => {
      await store.audit.record({ type: 'model_call', provider: 'ollama', model: 'llama3.2', inputTokens: 10, outputTokens: 5, durationMs: 100, ok: true });
      await store.memory.append({ kind: 'note', text: 'a note', source: 'test' });
      await store.audit.record({ type: 'trust', skill: 'shell', change: 'level', from: 'supervised', to: 'observe' });
      const all = await audit.search({});
      // The last one is the profile's creation, audited when the store opened it.
      assert.deepEqual(all.entries.map((e) => e.type), ['trust', 'write', 'model_call', 'write']);
      assert.deepEqual(all.entries.map((e) => e.category), ['security', 'data', 'model', 'data']);
      assert.equal(all.entries[0]?.actor, 'test');
      assert.equal('hash' in (all.entries[0]?.fields ?? {}), false);
      assert.deepEqual((await audit.search({ text: 'OLLAMA llama3' })).entries.map((e) => e.type), ['model_call']);
      assert.deepEqual((await audit.search({ categories: ['security', 'model'] })).entries.map((e) => e.type), ['trust', 'model_call']);
      const page = await audit.search({ offset: 1, limit: 1 });
      assert.deepEqual([page.total, page.offset, page.entries.map((e) => e.type)], [4, 1, ['write']]);
    }));

  it('reports an intact chain, and the line of a tampered entry', () =>
    withStore(async (store, audit) => {
      await store.audit.record({ type: 'export', files: 3, bytes: 100 });
      await store.audit.record({ type: 'export', files: 4, bytes: 200 });
      const ok = await audit.verify();
      assert.deepEqual([ok.ok, ok.entries], [true, 3]);
      const file = join(store.dir, 'audit', readdirSync(join(store.dir, 'audit')).find((f) => f.endsWith('.jsonl')) ?? '');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"files":3', '"files":9'));
      const broken = await audit.verify();
      assert.equal(broken.ok, false);
      assert.equal(broken.firstBreak?.line, 3, 'the header, the creation, then the edited export');
      assert.match(broken.firstBreak?.reason ?? '', /edited/);
    }));

  it('follows entries as they are appended, by this process or another', () =>
    withStore(async (store, audit) => {
      await store.audit.record({ type: 'export', files: 1, bytes: 1 });
      const stop = new AbortController();
      // The watch is unref'd (it never keeps the engine alive); the test must stay up to hear it.
      const keepAlive = setInterval(() => undefined, 1000);
      try {
        const chunks = audit.follow(stop.signal);
        assert.deepEqual((await chunks.next()).value, { entries: [] }, 'the first chunk: the watch is up');
        const next = chunks.next();
        await store.audit.record({ type: 'trust', skill: '*', change: 'paused' });
        const chunk = (await next).value as { entries: { type: string; category: string; seq: number }[] } | undefined;
        assert.deepEqual(chunk?.entries.map((e) => [e.type, e.category, e.seq]), [['trust', 'security', 3]]);
        stop.abort();
        await chunks.return(undefined);
      } finally {
        clearInterval(keepAlive);
      }
    }));
});

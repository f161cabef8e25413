import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openProfileStore } from '../../../src/core/profile/profileStore';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { EngineHost } from '../../../src/host/engine/engineHost';
import { EngineStatusRequest } from '../../../src/protocol/engineProtocol';
import { MemoryAddNoteRequest, MemoryForgetRequest, MemorySearchRequest, MemoryStatsRequest } from '../../../src/protocol/memoryProtocol';
import { buildWorkers } from './engineBundle';

// The memory side of the real engine worker: store and index in the worker, reached by messages.
describe('Engine worker memory', () => {
  let workerPath: string;
  let engine: EngineHost;
  const profilePath = join(mkdtempSync(join(tmpdir(), 'mh-engine-memory-')), 'profile');

  before(async () => {
    workerPath = (await buildWorkers()).engine;
    engine = new EngineHost({ workerPath, settings: { profilePath, values: defaultSettings(), actor: 'test' }, requestTimeoutMs: 20_000, log: () => undefined });
  });
  after(async () => {
    await engine.dispose();
  });

  it('does not create the profile folder just to report its status', async () => {
    const status = await engine.request(EngineStatusRequest, {});
    assert.equal(status.profileExists, false);
    assert.equal(existsSync(profilePath), false);
  });

  it('a note added through the engine is found by a search right after', async () => {
    const { id } = await engine.request(MemoryAddNoteRequest, { text: 'Decided to cache parser results per file in the tokenizer', project: 'sample' });
    const result = await engine.request(MemorySearchRequest, { query: 'parser cache decision' });
    assert.equal(result.hits[0]?.id, id);
    assert.equal(result.hits[0]?.kind, 'note');
    assert.equal(result.hits[0]?.project, 'sample');
    assert.ok(result.hits[0]?.why.length, 'each hit says why it was recalled');
  });

  it('a record written by another process (the CLI) becomes searchable without a restart', async () => {
    const cli = await openProfileStore(profilePath, { actor: 'cli' });
    const written = await cli.memory.append({ kind: 'event', text: 'Ran the flamegraph profiler on the lexer benchmark', source: 'cli:test', project: 'sample' });
    await cli.close();
    const result = await engine.request(MemorySearchRequest, { query: 'flamegraph profiler' });
    assert.equal(result.hits[0]?.id, written.id);
  });

  it('forgetting removes the memory from search at once', async () => {
    const { id } = await engine.request(MemoryAddNoteRequest, { text: 'My locker code is nine four one two' });
    assert.equal((await engine.request(MemorySearchRequest, { query: 'locker code' })).hits[0]?.id, id);
    assert.deepEqual(await engine.request(MemoryForgetRequest, { id }), { forgotten: true });
    const after = await engine.request(MemorySearchRequest, { query: 'locker code' });
    assert.ok(!after.hits.some((h) => h.id === id), 'forgotten memory not returned');
    assert.deepEqual(await engine.request(MemoryForgetRequest, { id: '01J00000000000000000000000' }), { forgotten: false });
  });

  it('stats count records per kind and what the index holds', async () => {
    const stats = await engine.request(MemoryStatsRequest, {});
    assert.equal(stats.byKind.note, 1);
    assert.equal(stats.byKind.event, 1);
    assert.equal(stats.indexed, 2);
    assert.match(stats.embedder, /lexical/i);
    assert.ok(stats.indexBytes > 0);
  });

  it('a restart closes the store cleanly and the next engine sees the same memories', async () => {
    await engine.restart();
    const result = await engine.request(MemorySearchRequest, { query: 'parser cache' });
    assert.equal(result.hits[0]?.kind, 'note');
    assert.ok(readdirSync(join(profilePath, 'index')).length > 0, 'index files on disk');
  });

  it('an invalid search is refused with a message naming the field', async () => {
    await assert.rejects(engine.request(MemorySearchRequest, { query: 'x', k: 0 }), /k/);
  });
});

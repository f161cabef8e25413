import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/core/audit/auditEntry';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { cleanup, newRecord, openTestStore, tempDir } from './storeFixtures';

const DAY1 = '2026-11-24';
const DAY2 = '2026-11-25';

describe('audit log', () => {
  let dir: string;
  let store: ProfileStore;
  let now: Date;
  let ids: string[];
  const day = (d: string) => join(dir, `audit/${d}.jsonl`);
  const lines = (d: string) => readFileSync(day(d), 'utf8').split('\n').slice(0, -1);
  const save = (d: string, ls: string[]) => writeFileSync(day(d), `${ls.join('\n')}\n`);

  beforeEach(async () => {
    dir = tempDir('audit');
    now = new Date(`${DAY1}T22:00:00.000Z`);
    store = await openTestStore(dir, { clock: () => now });
    ids = [];
    for (let i = 0; i < 4; i++) ids.push((await store.memory.append(newRecord('note', `day one ${i}`))).id);
    now = new Date(`${DAY2}T08:00:00.000Z`);
    for (let i = 0; i < 4; i++) ids.push((await store.memory.append(newRecord('note', `day two ${i}`))).id);
  });
  afterEach(async () => {
    await store.close();
    cleanup(dir);
  });

  it('records every write in a chain that verifies, across days', async () => {
    await store.memory.edit(ids[0], { op: 'validate' });
    await store.memory.forget(ids[1]);
    await store.persona.set('identity.name', 'Ada');
    const report = store.audit.verify();
    assert.ok(report.ok, JSON.stringify(report.firstBreak));
    assert.equal(report.files, 2);
    assert.equal(report.entries, 1 + 8 + 3); // persona created, 8 appends, edit, forget, persona save
    const entries = store.audit.entries(DAY2);
    assert.deepEqual(entries.map((e) => (e.type === 'write' ? `${e.type}:${e.op}` : e.type)).slice(-3), ['write:edit', 'forget', 'write:save']);
    const forget = entries.find((e) => e.type === 'forget') as AuditEntry & { id: string };
    assert.equal(forget.id, ids[1]);
    assert.ok(!JSON.stringify(entries).includes('day one'), 'no memory text in the audit');
    const header = JSON.parse(lines(DAY2)[0]) as { prev: string };
    assert.equal(header.prev, (JSON.parse(lines(DAY1).at(-1)!) as { hash: string }).hash, 'a day continues from the one before');
  });

  it('detects an edited line, naming its file and line', () => {
    const ls = lines(DAY1);
    ls[2] = ls[2].replace('"count":1', '"count":2');
    save(DAY1, ls);
    const report = store.audit.verify();
    assert.equal(report.ok, false);
    assert.deepEqual(report.firstBreak && [report.firstBreak.file, report.firstBreak.line], [`audit/${DAY1}.jsonl`, 3]);
    assert.match(report.firstBreak!.reason, /edited/);
  });

  it('detects a deleted line', () => {
    const ls = lines(DAY2);
    ls.splice(2, 1);
    save(DAY2, ls);
    const report = store.audit.verify();
    assert.deepEqual(report.firstBreak && [report.firstBreak.file, report.firstBreak.line], [`audit/${DAY2}.jsonl`, 3]);
    assert.match(report.firstBreak!.reason, /deleted, inserted or moved/);
  });

  it('detects two lines swapped', () => {
    const ls = lines(DAY2);
    [ls[2], ls[3]] = [ls[3], ls[2]];
    save(DAY2, ls);
    const report = store.audit.verify();
    assert.deepEqual(report.firstBreak && [report.firstBreak.file, report.firstBreak.line], [`audit/${DAY2}.jsonl`, 3]);
  });

  it('detects a deleted day, and lines cut from the end of an earlier day', () => {
    const ls = lines(DAY1);
    save(DAY1, ls.slice(0, -1));
    const cut = store.audit.verify().firstBreak;
    assert.deepEqual(cut && [cut.file, cut.line], [`audit/${DAY2}.jsonl`, 1]);
    rmSync(day(DAY1));
    const report = store.audit.verify();
    assert.equal(report.ok, false);
    assert.match(report.firstBreak!.reason, /does not continue/);
  });

  it('a line re-hashed by hand still breaks the link of the line after it', () => {
    const ls = lines(DAY1);
    const forged = JSON.parse(ls[1]) as Record<string, unknown>;
    delete forged.hash;
    forged.count = 99;
    const text = JSON.stringify(forged);
    const hash = createHash('sha256').update(text).digest('hex');
    ls[1] = `${text.slice(0, -1)},"hash":"${hash}"}`;
    save(DAY1, ls);
    const report = store.audit.verify();
    assert.deepEqual(report.firstBreak && [report.firstBreak.file, report.firstBreak.line], [`audit/${DAY1}.jsonl`, 3]);
  });

  it('records model calls, agent runs and skill executions without secrets', async () => {
    await store.audit.record({ type: 'model_call', provider: 'openai-compatible', model: 'gpt-x', role: 'chat', inputTokens: 812, outputTokens: 95, durationMs: 1432, ok: false, error: 'HTTP 401: invalid api_key=sk-abcdef1234567890 for Bearer abcdefghijklmnop' });
    await store.audit.record({ type: 'agent_run', agent: 'reflector', runId: 'r1', phase: 'end', outcome: 'ok', durationMs: 2100, modelCalls: 2, recordsWritten: 1 });
    await store.audit.record({ type: 'skill_execution', skill: 'git.commit', dryRun: true, decision: 'ask', outcome: 'preview' });
    await assert.rejects(
      store.audit.record({ type: 'model_call', provider: 'x', model: 'y', inputTokens: 1, outputTokens: 1, durationMs: 1, ok: true, apiKey: 'sk-secret' } as never),
      /additional properties \(apiKey\)/,
    );
    const text = readFileSync(day(DAY2), 'utf8');
    assert.ok(!text.includes('sk-abcdef1234567890') && !text.includes('abcdefghijklmnop') && !text.includes('sk-secret'), 'no secret reached the file');
    const call = store.audit.entries(DAY2).find((e) => e.type === 'model_call') as AuditEntry & { inputTokens: number; error: string };
    assert.equal(call.inputTokens, 812);
    assert.match(call.error, /\[redacted\]/);
    assert.ok(store.audit.verify().ok);
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openProfileStore } from '../../../../src/core/profile/profileStore';
import { PARSER_MEMORIES } from './chatFixtures';
import { runMh, type MhRun } from '../../cli/runMh';

function mh(args: string[]): Promise<MhRun> {
  return runMh(args);
}

describe('mh chat', () => {
  let dir: string;
  let profile: string;
  let parserId: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mh-chat-cli-'));
    profile = join(dir, 'profile');
    const store = await openProfileStore(profile, { actor: 'test', durable: false });
    const records = await store.memory.appendMany(PARSER_MEMORIES.map((m) => ({ kind: m.kind ?? 'note', ts: m.ts, text: m.text, source: 'test', ...(m.project ? { project: m.project } : {}) })));
    parserId = records[0].id;
    await store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('streams an offline answer to stdout and lists its citations at the end', async () => {
    const { code, out, err, writes } = await mh(['--profile', profile, 'chat', 'How did I fix the parser race condition?']);
    assert.equal(code, 0, err);
    assert.match(out, /^No language model is configured/);
    assert.ok(out.includes(`serialising token reads. (mh) [m:${parserId}]`));
    assert.match(out, new RegExp(`\\nSources:\\n  \\[m:${parserId}\\] Fixed the race condition`));
    assert.ok(writes > 10, 'the answer arrives in pieces');
    assert.match(err, /offline\/extractive · conversation [0-9A-Z]{26}/);
  });

  it('"remind me to…" proposes a task from chat that waits in the approval queue, as in the editor', async () => {
    const asked = await mh(['--profile', profile, 'chat', 'remind me to water the office plants']);
    assert.equal(asked.code, 0, asked.err);
    assert.match(asked.out, /I proposed the task "Water the office plants"/);
    assert.match(asked.out, /approv/i, `the answer says it waits for approval: ${asked.out}`);
    const listed = await mh(['--profile', profile, 'approvals', 'list']);
    assert.match(listed.out, /pending\s+task\s+.*chat: .*Water the office plants/);
    const emulated = await mh(['--profile', profile, 'chat', 'remind me to call the bank', '--mode', 'emulation']);
    assert.equal(emulated.code, 0, emulated.err);
    assert.doesNotMatch((await mh(['--profile', profile, 'approvals', 'list'])).out, /call the bank/, 'emulation never proposes');
  });

  it('--json prints answer, citations, context and stages; --depth runs the thinking stages', async () => {
    const { code, out, err } = await mh(['--profile', profile, 'chat', 'parser race condition', '--depth', '1', '--json']);
    assert.equal(code, 0, err);
    const result = JSON.parse(out) as { answer: string; citations: { id: string }[]; context: { memories: { id: string }[] }; stages: Record<string, string>; turnIds: string[] };
    assert.equal(result.citations[0].id, parserId);
    assert.ok(result.context.memories.some((m) => m.id === parserId));
    assert.deepEqual(Object.keys(result.stages), ['plan', 'critic 1']);
    assert.match(result.stages.plan, /What is asked: parser race condition/);
    assert.equal(result.turnIds.length, 2);
  });

  it('--mode emulation writes nothing; a bad --depth is refused', async () => {
    const { code, out } = await mh(['--profile', profile, 'chat', 'parser', '--mode', 'emulation', '--json']);
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(out) as { turnIds: string[] }).turnIds, []);
    const bad = await mh(['--profile', profile, 'chat', 'x', '--depth', '7']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /--depth must be 0, 1, 2 or 3/);
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { AGENT_IDS } from '../../../src/core/agents/agentTypes';
import { openProfileStore } from '../../../src/core/profile/profileStore';
import { command, commit, hoursAgo, note } from '../agents/agentRecords';
import { tempDirsForSuite } from '../store/storeFixtures';
import { cliFixture, type CliFixture } from './cliFixtures';

describe('mh agents', () => {
  const makeDir = tempDirsForSuite();

  /** A small profile: a decision note, a commit and an install, none organized yet. */
  async function smallProfile(): Promise<CliFixture> {
    const f = cliFixture(makeDir);
    const now = new Date();
    const store = await openProfileStore(f.profile, { actor: 'test', durable: false });
    await store.memory.appendMany([
      note('Decided with Alice to keep SQLite FTS5 for the memory index.', hoursAgo(3, now)),
      commit('fix(parser): race condition when the tokenizer reads nested brackets', ['src/parser.ts'], hoursAgo(2, now)),
      command('pnpm add valibot', 0, hoursAgo(1, now)),
    ]);
    await store.close();
    return f;
  }

  it('list shows the six agents, each never run on a new profile', async () => {
    const f = cliFixture(makeDir);
    const listed = await f.mh('agents', 'list');
    assert.equal(listed.code, 0, listed.err);
    const lines = listed.out.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/)[0]),
      [...AGENT_IDS],
    );
    assert.ok(lines.every((l) => l.endsWith('never ran')), listed.out);
  });

  it('run organizer finishes on a small profile, reports what it wrote, and status and list show the run', async () => {
    const f = await smallProfile();
    const run = await f.mh('agents', 'run', 'organizer', '--json');
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /organizer ok.*\(3 records written, 0 model calls/);
    const record = JSON.parse(run.out) as { agent: string; outcome: string; trigger: string; recordsWritten: number };
    assert.deepEqual([record.agent, record.outcome, record.trigger, record.recordsWritten], ['organizer', 'ok', 'manual', 3]);

    const store = await openProfileStore(f.profile, { actor: 'test', durable: false });
    const organized = await store.memory.list();
    await store.close();
    assert.ok(organized.find((r) => r.text.startsWith('Decided'))?.tags.includes('decision'), 'the organizer tagged the decision');

    const status = await f.mh('agents', 'status');
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, /^recent runs:$/m);
    assert.match(status.out, /\[manual\] organizer ok.*3 records written/);
    assert.match(status.out, /^paused: no$/m);
    assert.match((await f.mh('agents', 'list')).out, /^organizer .* ok \d{4}-\d{2}-\d{2} /m);

    const again = await f.mh('agents', 'run', 'organizer');
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, /organizer skipped/, 'nothing new to organize');
  });

  it('run names an unknown agent and lists the agents', async () => {
    const f = cliFixture(makeDir);
    const run = await f.mh('agents', 'run', 'gardener');
    assert.notEqual(run.code, 0);
    assert.match(run.err, /There is no agent "gardener"; the agents are organizer, reflector, dreamer, boredom, sleep, ingestor/);
  });

  it('pause is kept in the profile and shown by status until resume', async () => {
    const f = cliFixture(makeDir);
    assert.equal((await f.mh('agents', 'pause')).code, 0);
    assert.match((await f.mh('agents', 'status')).out, /^paused: yes/m);
    assert.equal((await f.mh('agents', 'resume')).code, 0);
    assert.match((await f.mh('agents', 'status')).out, /^paused: no$/m);
  });
});

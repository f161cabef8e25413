import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AgentContext, AgentId, AgentRunRecord, AgentTrigger } from '../../../src/core/agents/agentTypes';
import { DUPLICATE_OF } from '../../../src/core/agents/consolidation';
import { listBackups } from '../../../src/core/agents/profileBackup';
import { sleepAgent } from '../../../src/core/agents/sleep';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture, type AgentFixture, type AgentFixtureOptions } from './agentFixtures';
import { hoursAgo, note, NOW } from './agentRecords';

const makeDir = tempDirsForSuite();
const at = (iso: string) => new Date(iso);

function dreamerRun(outcome: AgentRunRecord['outcome'], extra: Partial<AgentRunRecord> = {}): AgentRunRecord {
  return { runId: 'dream-1', agent: 'dreamer', trigger: 'agent', start: NOW.toISOString(), end: NOW.toISOString(), outcome, modelCalls: 0, recordsWritten: 0, ids: [], ...extra };
}

interface SleepFixture extends AgentFixture {
  asked: AgentId[];
  /** The context at a moment, as the scheduler builds it for that trigger (UTC, sleep window 23:00–07:00). */
  at(time: Date, trigger: AgentTrigger): AgentContext;
}

async function sleepFixture(options: { dreamer?: (ctx: AgentFixture) => Promise<AgentRunRecord>; settings?: AgentFixtureOptions['settings'] } = {}): Promise<SleepFixture> {
  const asked: AgentId[] = [];
  const fx: AgentFixture = await agentFixture(makeDir, {
    now: () => NOW,
    records: [note('Decided to keep SQLite FTS5 for the memory index, not Orama.', hoursAgo(30)), note('decided to keep sqlite fts5 for the memory index, not Orama', hoursAgo(20))],
    settings: options.settings,
    runAgent: (id) => {
      asked.push(id);
      return options.dreamer ? options.dreamer(fx) : Promise.resolve(dreamerRun('ok', { summary: 'Dreamt 1 dream.' }));
    },
  });
  const base = fx.ctx;
  const persona = { ...base.persona, routines: { ...base.persona.routines, timezone: 'UTC', sleepWindow: { start: '23:00', end: '07:00' } } };
  return { ...fx, asked, at: (time, trigger) => ({ ...base, persona, trigger, now: () => time }) };
}

function progress(fx: AgentFixture): string[] {
  return fx.outputs.flatMap((o) => (o.type === 'progress' ? [o.message] : []));
}

async function duplicateLinked(fx: AgentFixture): Promise<boolean> {
  const [, later] = await fx.store.memory.list({ newestFirst: false });
  return (await fx.store.memory.get(later.id))!.links.some((l) => l.rel === DUPLICATE_OF);
}

/** Every file under `dir` (recursively) whose bytes contain `text`, relative to `dir`. */
function filesContaining(dir: string, text: string, skip: (rel: string) => boolean = () => false): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const child = rel ? join(rel, name) : name;
      if (skip(child)) continue;
      if (statSync(join(dir, child)).isDirectory()) walk(child);
      else if (readFileSync(join(dir, child)).includes(text)) found.push(child);
    }
  };
  walk('');
  return found;
}

describe('sleep service', () => {
  it('erases forgotten memories from the log and compacts the index, which still finds what was kept', async () => {
    const fx = await sleepFixture({ settings: { agentsBackupCount: 0 } });
    const secrets = ['Zanzibar-7731 is the staging password', 'Quetzal-0042 is the door code', 'Marmalade-9 is my bank PIN'];
    const kept = 'Decided to rename the tokenizer module to lexer';
    const filler = Array.from({ length: 40 }, (_, i) => note(`Worked on the parser refactor, step ${i} of the cleanup`, hoursAgo(50 - i)));
    const added = await fx.store.memory.appendMany([...secrets.map((t, i) => note(t, hoursAgo(10 + i))), note(kept, hoursAgo(5)), ...filler]);
    await fx.ctx.search('parser'); // the index is built with the secrets in it
    for (const record of added.slice(0, secrets.length)) await fx.store.memory.forget(record.id, 'written by mistake');
    for (const record of added.slice(-20)) await fx.store.memory.forget(record.id);
    const onDisk = (text: string) => filesContaining(fx.dir, text, (rel) => rel === 'index' || rel === 'audit');
    assert.ok(onDisk('Zanzibar-7731').length > 0, 'before the night the forgotten text is still in the log');

    const result = await sleepAgent.run(fx.at(at('2024-06-04T02:00:00.000Z'), 'manual'));

    assert.equal(result.outcome, 'ok');
    for (const secret of ['Zanzibar-7731', 'Quetzal-0042', 'Marmalade-9', 'written by mistake']) {
      assert.deepEqual(onDisk(secret), [], `"${secret}" left the memory log`);
      assert.deepEqual(filesContaining(join(fx.dir, 'index'), secret), [], `"${secret}" left the index files`);
    }
    const summary = /index — (\d+) lines? of forgotten memories erased from (\d+) log files?; index compacted: ([\d.]+) KB → ([\d.]+) KB, 23 empty vector rows dropped/.exec(result.summary);
    assert.ok(summary, result.summary);
    assert.ok(Number(summary[1]) >= 23, `at least the 23 forgotten records: ${summary[1]}`);
    assert.ok(Number(summary[4]) < Number(summary[3]), `the index shrank: ${summary[3]} KB → ${summary[4]} KB`);
    const hits = await fx.ctx.search('rename the tokenizer module');
    assert.equal(hits[0]?.text, kept);
    const parser = await fx.ctx.search('parser refactor cleanup step', { k: 50 });
    assert.equal(parser.filter((h) => h.text.startsWith('Worked on the parser')).length, 20, 'the kept filler notes are all still found');
    await fx.close();
  });


  it('runs once a night inside the sleep window: dreams, consolidation, index compaction and a backup, in that order', async () => {
    const fx = await sleepFixture();
    const backups = join(fx.dir, 'backups');
    const result = await sleepAgent.run(fx.at(at('2024-06-04T02:00:00.000Z'), 'schedule'));

    assert.equal(result.outcome, 'ok');
    assert.deepEqual(fx.asked, ['dreamer']);
    assert.deepEqual(
      progress(fx).filter((m) => m.startsWith('Step')),
      ['Step 1 of 4: dreaming', 'Step 2 of 4: consolidating memories', 'Step 3 of 4: compacting the index', 'Step 4 of 4: backing up the profile'],
    );
    assert.match(result.summary, /night of 2024-06-03/);
    assert.match(result.summary, /dreams — Dreamt 1 dream\.; consolidation — 1 duplicate linked to 1 canonical memory, 0 stale trivia lowered one step; index — no forgotten memories left in the log; index compacted: [\d.]+ KB → [\d.]+ KB; backup — \d+ files to /);
    assert.ok(await duplicateLinked(fx));
    assert.equal(listBackups(backups).length, 1);

    const again = await sleepAgent.run(fx.at(at('2024-06-04T04:00:00.000Z'), 'schedule'));
    assert.equal(again.outcome, 'skipped');
    assert.match(again.summary, /Already slept this night/);
    const noon = await sleepAgent.run(fx.at(at('2024-06-04T12:00:00.000Z'), 'schedule'));
    assert.equal(noon.outcome, 'skipped');
    assert.match(noon.summary, /Outside the sleep window \(23:00–07:00\)/);
    assert.deepEqual(fx.asked, ['dreamer'], 'no dreams on a skipped tick');
    assert.equal(listBackups(backups).length, 1, 'no second backup the same night');

    const nextNight = await sleepAgent.run(fx.at(at('2024-06-04T23:30:00.000Z'), 'schedule'));
    assert.equal(nextNight.outcome, 'ok');
    assert.equal(listBackups(backups).length, 2);
    await fx.close();
  });

  it('asked by the person, runs at once outside the window', async () => {
    const fx = await sleepFixture({ settings: { agentsBackupCount: 0 } });
    const result = await sleepAgent.run(fx.at(at('2024-06-04T12:00:00.000Z'), 'manual'));
    assert.equal(result.outcome, 'ok');
    assert.deepEqual(fx.asked, ['dreamer']);
    assert.ok(await duplicateLinked(fx));
    assert.match(result.summary, /backup — skipped \(metahuman\.agents\.backupCount is 0\)/);
    assert.deepEqual(listBackups(join(fx.dir, 'backups')), []);
    await fx.close();
  });

  it('a dreamer failure is reported and the other steps still run', async () => {
    const fx = await sleepFixture({ dreamer: () => Promise.resolve(dreamerRun('error', { error: 'the model answered nonsense' })) });
    const result = await sleepAgent.run(fx.at(at('2024-06-04T01:00:00.000Z'), 'schedule'));
    assert.equal(result.outcome, 'ok');
    assert.match(result.summary, /dreams — failed: the model answered nonsense/);
    assert.ok(await duplicateLinked(fx));
    assert.equal(listBackups(join(fx.dir, 'backups')).length, 1);

    const throwing = await sleepFixture({ dreamer: () => Promise.reject(new Error('There is no agent "dreamer" to run.')) });
    const second = await sleepAgent.run(throwing.at(at('2024-06-04T01:00:00.000Z'), 'manual'));
    assert.equal(second.outcome, 'ok');
    assert.match(second.summary, /dreams — failed: There is no agent "dreamer" to run\./);
    assert.equal(listBackups(join(throwing.dir, 'backups')).length, 1);
    await fx.close();
    await throwing.close();
  });

  it('cancelled while dreaming, stops before consolidating or backing up', async () => {
    const fx = await sleepFixture({
      dreamer: (f) => {
        f.controller.abort(new Error('cancelled by the person'));
        return Promise.resolve(dreamerRun('cancelled'));
      },
    });
    await assert.rejects(sleepAgent.run(fx.at(at('2024-06-04T02:00:00.000Z'), 'manual')), /cancelled by the person/);
    assert.equal(await duplicateLinked(fx), false);
    assert.deepEqual(listBackups(join(fx.dir, 'backups')), []);
    assert.ok(!progress(fx).some((m) => m.startsWith('Step 2')));
    await fx.close();
  });

  it('without an index reports compaction as skipped; a backup that cannot be written fails the run naming the folder', async () => {
    const fx = await sleepFixture();
    const blocker = join(fx.dir, 'not-a-folder');
    writeFileSync(blocker, 'a file');
    const noIndex: Partial<AgentContext> = { ...fx.at(at('2024-06-04T02:00:00.000Z'), 'manual') };
    delete noIndex.compactIndex;
    const failing = { ...noIndex, settings: { ...fx.ctx.settings, agentsBackupPath: join(blocker, 'backups') } } as AgentContext;
    await assert.rejects(sleepAgent.run(failing), (error: Error) => {
      assert.match(error.message, /index — no forgotten memories left in the log; index skipped \(no index in this process\)/);
      assert.ok(error.message.includes(join(blocker, 'backups')), error.message);
      assert.match(error.message, /backup — failed: /);
      return true;
    });
    assert.ok(await duplicateLinked(fx), 'the steps before the backup are kept');
    await fx.close();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consolidate, DUPLICATE_OF, MERGED } from '../../../src/core/agents/consolidation';
import { organizerAgent } from '../../../src/core/agents/organizer';
import { STALE_AFTER_DAYS } from '../../../src/core/agents/triviaDecay';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture, type AgentFixture } from './agentFixtures';
import { edited, hoursAgo, note, NOW, opened, twinAnswer, userChat } from './agentRecords';

const makeDir = tempDirsForSuite();
const DAY_H = 24;

async function all(fx: AgentFixture): Promise<Map<string, MemoryRecord>> {
  return new Map((await fx.store.memory.list()).map((r) => [r.id, r]));
}

function linksOf(record: MemoryRecord, rel: string): string[] {
  return record.links.filter((l) => l.rel === rel).map((l) => l.id);
}

describe('consolidation: near-duplicate memories', () => {
  it('links repeats to one canonical memory (the most important, else the earliest) and keeps every record', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      records: [
        note('Decided to keep SQLite FTS5 for the memory index, not Orama.', hoursAgo(50)),
        note('decided to keep sqlite fts5 for the memory index -- not Orama!', hoursAgo(40)),
        note('Decided to keep SQLite FTS5 for the memory index, not Orama', hoursAgo(30), { importance: 8 }),
        note('Decided to keep Orama for the memory index, not SQLite FTS5.', hoursAgo(20)),
        userChat('Remind me to renew the TLS certificate before Friday please.', hoursAgo(10)),
        userChat('Remind me to renew the TLS certificate before Friday please.', hoursAgo(9)),
        twinAnswer('I will remind you to renew the TLS certificate before Friday.', hoursAgo(9)),
        twinAnswer('I will remind you to renew the TLS certificate before Friday.', hoursAgo(8)),
        { kind: 'reflection', text: 'I keep coming back to the memory index and its storage.', ts: hoursAgo(7), source: 'agent:reflector' },
        { kind: 'reflection', text: 'I keep coming back to the memory index and its storage.', ts: hoursAgo(6), source: 'agent:reflector' },
        opened('src/core/index/ftsStore.ts', hoursAgo(5)),
        opened('src/core/index/ftsStore.ts', hoursAgo(4)),
        note('ok thanks', hoursAgo(3)),
        note('ok thanks', hoursAgo(2)),
      ],
    });
    const [first, second, important, opposite, chat1, chat2, answer1, answer2, thought1, thought2, open1, open2, short1, short2] = await fx.store.memory.list({ newestFirst: false });
    const before = await all(fx);
    const counts = await fx.store.memory.counts();

    const report = await consolidate(fx.ctx, {}, (id) => fx.ctx.wrote(id));
    const after = await all(fx);

    assert.equal(report.merged, 3);
    assert.equal(report.groups, 2);
    assert.deepEqual(linksOf(after.get(first.id)!, DUPLICATE_OF), [important.id], 'the earlier copy points at the important one');
    assert.deepEqual(linksOf(after.get(second.id)!, DUPLICATE_OF), [important.id]);
    assert.deepEqual(new Set(linksOf(after.get(important.id)!, MERGED)), new Set([first.id, second.id]), 'the canonical lists what was merged into it');
    assert.deepEqual(linksOf(after.get(important.id)!, DUPLICATE_OF), []);
    assert.deepEqual(linksOf(after.get(chat2.id)!, DUPLICATE_OF), [chat1.id], 'without importance the earliest is canonical');
    assert.deepEqual(linksOf(after.get(chat1.id)!, MERGED), [chat2.id]);
    for (const untouched of [opposite, answer1, answer2, thought1, thought2, open1, open2, short1, short2]) {
      assert.deepEqual(after.get(untouched.id), before.get(untouched.id), `${untouched.text} left alone`);
    }
    for (const [id, record] of before) assert.equal(after.get(id)!.text, record.text, 'no text rewritten');
    assert.deepEqual(await fx.store.memory.counts(), counts, 'nothing deleted, nothing added');
    assert.deepEqual(new Set(fx.written), new Set([first.id, second.id, important.id, chat1.id, chat2.id]));
    await fx.close();
  });

  it('is safe to run again, and a later repeat joins the existing canonical', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      records: [note('The staging database password rotates every ninety days.', hoursAgo(30)), note('The staging database password rotates every ninety days!', hoursAgo(20))],
    });
    const [canonical, duplicate] = await fx.store.memory.list({ newestFirst: false });
    await consolidate(fx.ctx, {}, () => undefined);
    const once = await all(fx);
    const again = await consolidate(fx.ctx, {}, () => undefined);
    assert.equal(again.merged, 0);
    assert.deepEqual(await all(fx), once, 'a second night changes nothing');

    const later = await fx.store.memory.append(note('the staging database password rotates every ninety days', hoursAgo(1), { importance: 9 }));
    const third = await consolidate(fx.ctx, {}, () => undefined);
    assert.equal(third.merged, 1);
    const after = await all(fx);
    assert.deepEqual(linksOf(after.get(later.id)!, DUPLICATE_OF), [canonical.id], 'the canonical stays canonical even against a more important newcomer');
    assert.deepEqual(new Set(linksOf(after.get(canonical.id)!, MERGED)), new Set([duplicate.id, later.id]));
    await fx.close();
  });

  it('leaves records the person validated or corrected out of any merge', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      records: [note('Alice prefers code reviews in the morning before standup.', hoursAgo(30)), note('Alice prefers code reviews in the morning before standup', hoursAgo(20))],
    });
    const [a, b] = await fx.store.memory.list({ newestFirst: false });
    await fx.store.memory.edit(a.id, { op: 'validate' });
    const report = await consolidate(fx.ctx, {}, () => undefined);
    assert.equal(report.merged, 0);
    assert.deepEqual((await fx.store.memory.get(b.id))!.links, []);
    assert.equal((await fx.store.memory.get(a.id))!.validated, true);
    await fx.close();
  });
});

describe('consolidation: stale trivia fades', () => {
  it('lowers old, uncited, machine-scored capture trivia by exactly one step, never below 1, and leaves the rest', async () => {
    let clock = new Date(NOW.getTime() - (STALE_AFTER_DAYS + 14) * DAY_H * 3_600_000);
    const old = (days: number) => hoursAgo((STALE_AFTER_DAYS + days) * DAY_H);
    const fx = await agentFixture(makeDir, {
      now: () => clock,
      records: [
        edited('src/old.ts', old(20)),
        opened('src/old.ts', old(20)),
        edited('src/cited.ts', old(20)),
        edited('src/validated.ts', old(20)),
        edited('src/rescored.ts', old(20)),
        edited('src/recent.ts', hoursAgo(2 * DAY_H)),
        { ...edited('src/imported.ts', old(20)), importance: 2 },
      ],
    });
    // The organizer scored them when they arrived, weeks ago.
    assert.equal((await organizerAgent.run(fx.ctx)).outcome, 'ok');
    const [stale, openedRec, cited, validated, rescored, recent, imported] = await fx.store.memory.list({ newestFirst: false });
    assert.equal((await fx.store.memory.get(stale.id))!.importance, 2);
    clock = NOW;
    await fx.store.memory.append({ kind: 'reflection', text: 'Edited cited.ts a lot.', ts: hoursAgo(1), source: 'agent:reflector', links: [{ rel: 'cites', id: cited.id }] });
    await fx.store.memory.edit(validated.id, { op: 'validate' });
    await fx.store.memory.edit(rescored.id, { op: 'set_importance', importance: 3 });
    const before = await all(fx);
    const counts = await fx.store.memory.counts();

    const written: string[] = [];
    const report = await consolidate(fx.ctx, {}, (id) => written.push(id));
    const after = await all(fx);
    assert.equal(report.decayed, 1);
    assert.deepEqual(written, [stale.id]);
    assert.equal(after.get(stale.id)!.importance, 1, 'lowered from 2 to 1: one step');
    assert.equal(after.get(openedRec.id)!.importance, 1, 'already at the floor');
    assert.equal(after.get(cited.id)!.importance, 2, 'a memory a reflection cites is not trivia');
    assert.equal(after.get(validated.id)!.importance, 2, 'the person validated it');
    assert.equal(after.get(rescored.id)!.importance, 3, 'the person chose its importance');
    assert.equal(after.get(recent.id)!.importance, 2, 'not old yet');
    assert.equal(after.get(imported.id)!.importance, 2, 'an importance it came with is not the machine’s');
    for (const [id, record] of before) if (id !== stale.id) assert.deepEqual(after.get(id), record);
    assert.deepEqual(await fx.store.memory.counts(), counts, 'nothing deleted');

    const nextNight = await consolidate(fx.ctx, report.decayMemory, () => undefined);
    assert.equal(nextNight.decayed, 0, 'never below 1');
    await fx.close();
  });

  it('takes one step per stale period, and stops for good once the person sets the importance', async () => {
    const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY_H * 3_600_000);
    let clock = daysBefore(100);
    // "important" in the text lifts an opened file to 3 by the organizer's rule.
    const fx = await agentFixture(makeDir, { now: () => clock, records: [opened('docs/important.md', hoursAgo(101 * DAY_H)), opened('docs/remember.md', hoursAgo(101 * DAY_H))] });
    await organizerAgent.run(fx.ctx);
    const [a, b] = await fx.store.memory.list({ newestFirst: false });
    const importance = async (id: string) => (await fx.store.memory.get(id))!.importance;
    assert.equal(await importance(a.id), 3);

    clock = daysBefore(60);
    let night = await consolidate(fx.ctx, {}, () => undefined);
    assert.deepEqual([night.decayed, await importance(a.id), await importance(b.id)], [2, 2, 2]);
    clock = daysBefore(50);
    night = await consolidate(fx.ctx, night.decayMemory, () => undefined);
    assert.equal(night.decayed, 0, 'one step per stale period');
    await fx.store.memory.edit(b.id, { op: 'set_importance', importance: 3 });
    clock = daysBefore(20);
    night = await consolidate(fx.ctx, night.decayMemory, () => undefined);
    assert.deepEqual([night.decayed, await importance(a.id), await importance(b.id)], [1, 1, 3], 'the person raised b: it stays');
    clock = NOW;
    night = await consolidate(fx.ctx, night.decayMemory, () => undefined);
    assert.deepEqual([night.decayed, await importance(b.id)], [0, 3]);
    await fx.close();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boredomAgent } from '../../../src/core/agents/boredom';
import type { AgentContext, AgentId, AgentRunRecord, AgentTrigger } from '../../../src/core/agents/agentTypes';
import { BOREDOM_IDLE_MINUTES, IdleTrigger } from '../../../src/core/agents/idleTrigger';
import type { MemoryRecord } from '../../../src/core/memory/record';
import type { SettingsSnapshot } from '../../../src/core/settings/settingsTable';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture, type AgentFixture } from './agentFixtures';
import { hoursAgo, note, NOW, twinAnswer, userChat } from './agentRecords';

const makeDir = tempDirsForSuite();
const MIN = 60_000;
const GOAL = 'Ship the streaming parser rewrite';

interface BoredFixture extends AgentFixture {
  asked: AgentId[];
  /** The context of a run at `now`, the editors last active at `last` (UTC, quiet hours 12:00–13:00). */
  at(now: Date, last: Date | undefined, trigger?: AgentTrigger): AgentContext;
  dialogues(): Promise<MemoryRecord[]>;
}

async function boredFixture(settings: Partial<SettingsSnapshot> = {}, reflector: AgentRunRecord['outcome'] = 'ok'): Promise<BoredFixture> {
  const asked: AgentId[] = [];
  const fx = await agentFixture(makeDir, {
    now: () => NOW,
    settings,
    records: [
      note('The streaming parser rewrite needs a tokenizer that handles nested brackets.', hoursAgo(30)),
      note('Alice will review the parser rewrite once the benchmarks are in.', hoursAgo(20)),
    ],
    runAgent: (id) => {
      asked.push(id);
      return Promise.resolve({ runId: 'r', agent: id, trigger: 'agent', start: NOW.toISOString(), outcome: reflector, summary: reflector === 'ok' ? 'Reflected on 2 memories.' : 'Nothing new.', modelCalls: 0, recordsWritten: 0, ids: [] });
    },
  });
  const base = fx.ctx;
  const persona = {
    ...base.persona,
    goals: [{ id: 'g-parser', text: GOAL, horizon: 'short' as const, status: 'active' as const }],
    routines: { ...base.persona.routines, timezone: 'UTC', quietHours: [{ start: '12:00', end: '13:00' }] },
  };
  return {
    ...fx,
    asked,
    at: (now, last, trigger = 'idle') => ({ ...base, persona, trigger, now: () => now, activity: { lastActivity: () => Promise.resolve(last) } }),
    dialogues: () => fx.store.memory.list({ kind: 'dialogue', newestFirst: false }),
  };
}

const utc = (time: string, day = '2024-06-03') => new Date(`${day}T${time}:00.000Z`);
const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * MIN);

describe('boredom service', () => {
  for (const level of ['high', 'medium', 'low'] as const) {
    const minutes = BOREDOM_IDLE_MINUTES[level]!;
    it(`at level ${level}, thinks once the editors have been idle ${minutes} minutes, not a minute sooner`, async () => {
      const fx = await boredFixture({ agentsBoredom: level });
      const now = utc('16:00');
      const early = await boredomAgent.run(fx.at(now, minutesBefore(now, minutes - 1)));
      assert.equal(early.outcome, 'skipped');
      assert.match(early.summary, new RegExp(`starts after ${minutes} idle minutes`));
      assert.equal((await fx.dialogues()).length, 0);

      const bored = await boredomAgent.run(fx.at(now, minutesBefore(now, minutes)));
      assert.equal(bored.outcome, 'ok');
      assert.match(bored.summary, new RegExp(`^Idle ${minutes} min: inner dialogue on the goal "${GOAL}"`));
      assert.equal((await fx.dialogues()).length, 1);
      await fx.close();
    });
  }

  it('does nothing when off, or with no editor activity on record', async () => {
    const off = await boredFixture({ agentsBoredom: 'off' });
    const now = utc('16:00');
    assert.equal((await boredomAgent.run(off.at(now, minutesBefore(now, 600)))).outcome, 'skipped');
    const never = await boredFixture({ agentsBoredom: 'high' });
    const result = await boredomAgent.run(never.at(now, undefined));
    assert.equal(result.outcome, 'skipped');
    assert.match(result.summary, /No editor activity on record/);
    assert.equal((await off.dialogues()).length + (await never.dialogues()).length, 0);
    assert.deepEqual([...off.asked, ...never.asked], []);
    await off.close();
    await never.close();
  });

  it('thinks once per idle stretch, at most boredomMaxPerDay times a day, and never in quiet hours', async () => {
    const fx = await boredFixture({ agentsBoredom: 'high', agentsBoredomMaxPerDay: 2 });
    const quiet = await boredomAgent.run(fx.at(utc('12:30'), utc('12:00')));
    assert.equal(quiet.outcome, 'skipped');
    assert.match(quiet.summary, /Quiet hours \(12:00–13:00\)/);

    assert.equal((await boredomAgent.run(fx.at(utc('14:15'), utc('14:00')))).outcome, 'ok');
    const sameStretch = await boredomAgent.run(fx.at(utc('14:45'), utc('14:00')));
    assert.equal(sameStretch.outcome, 'skipped');
    assert.match(sameStretch.summary, /Already thought once in this idle stretch/);
    assert.equal((await boredomAgent.run(fx.at(utc('15:15'), utc('15:00')))).outcome, 'ok');
    const third = await boredomAgent.run(fx.at(utc('16:15'), utc('16:00')));
    assert.equal(third.outcome, 'skipped');
    assert.match(third.summary, /Today's 2 idle thoughts are done/);

    const tomorrow = await boredomAgent.run(fx.at(utc('09:15', '2024-06-04'), utc('09:00', '2024-06-04')));
    assert.equal(tomorrow.outcome, 'ok', 'a new day, a new allowance');
    await fx.close();
  });

  it('takes turns: an inner-dialogue turn on an open goal or task, then a reflection; with nothing to reflect on, a dialogue turn instead', async () => {
    const fx = await boredFixture({ agentsBoredom: 'high', agentsBoredomMaxPerDay: 10 });
    const task = await fx.store.tasks.add({ title: 'Benchmark the tokenizer on nested brackets' });
    const first = await boredomAgent.run(fx.at(utc('14:15'), utc('14:00')));
    assert.match(first.summary, /inner dialogue on the goal/);
    assert.deepEqual(fx.asked, []);

    const second = await boredomAgent.run(fx.at(utc('15:15'), utc('15:00')));
    assert.equal(second.outcome, 'ok');
    assert.match(second.summary, /reflection — Reflected on 2 memories\./);
    assert.deepEqual(fx.asked, ['reflector']);

    const third = await boredomAgent.run(fx.at(utc('16:15'), utc('16:00')));
    assert.match(third.summary, /inner dialogue on the task "Benchmark the tokenizer on nested brackets"/, 'the topic discussed least recently');
    const [, onTask] = await fx.dialogues();
    assert.ok(onTask.links.some((l) => l.rel === 'about' && l.id === task.id));

    const lazy = await boredFixture({ agentsBoredom: 'high' }, 'skipped');
    await boredomAgent.run(lazy.at(utc('14:15'), utc('14:00')));
    const instead = await boredomAgent.run(lazy.at(utc('15:15'), utc('15:00')));
    assert.deepEqual(lazy.asked, ['reflector']);
    assert.equal(instead.outcome, 'ok');
    assert.match(instead.summary, /inner dialogue on the goal/);
    assert.equal((await lazy.dialogues()).length, 2);
    await fx.close();
    await lazy.close();
  });

  it('offline, a dialogue turn quotes and cites the memories it drew on, never its own earlier turns', async () => {
    const fx = await boredFixture({ agentsBoredom: 'high' }, 'skipped');
    await boredomAgent.run(fx.at(utc('14:15'), utc('14:00')));
    await boredomAgent.run(fx.at(utc('15:15'), utc('15:00')));
    const [firstTurn, secondTurn] = await fx.dialogues();
    const notes = new Set((await fx.store.memory.list({ kind: 'note' })).map((r) => r.id));
    for (const turn of [firstTurn, secondTurn]) {
      assert.equal(turn.source, 'agent:boredom');
      assert.equal(turn.meta.method, 'extractive');
      assert.match(turn.text, new RegExp(`^Q: Where do I stand on my goal "${GOAL}"\\?\nA: What I have on it: `));
      const cites = turn.links.filter((l) => l.rel === 'cites').map((l) => l.id);
      assert.ok(cites.length > 0, 'cites what it quotes');
      for (const id of cites) assert.ok(notes.has(id), `cites a note, not ${id}`);
      for (const id of cites) assert.ok(turn.text.includes(`[m:${id}]`));
    }
    assert.ok(!secondTurn.text.includes(firstTurn.id), 'its own earlier turn is not evidence');
    assert.equal(fx.modelCalls(), 0);
    await fx.close();
  });

  it('with no goal or task, thinks about a question the person asked and has no answer to yet, quoting only evidence', async () => {
    const question = 'Why does the tokenizer choke on nested brackets?';
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      records: [
        note('The tokenizer keeps a stack for nested brackets, one frame per bracket.', hoursAgo(40)),
        note('The tokenizer choke on nested brackets comes from the regex backtracking.', hoursAgo(30)),
        twinAnswer('The tokenizer chokes on nested brackets because of your cache settings.', hoursAgo(29)),
        { ...note('Reflection: the tokenizer and nested brackets kept me busy.', hoursAgo(28)), kind: 'reflection', source: 'agent:reflector' },
        note('Fixed: the tokenizer no longer chokes on nested brackets.', hoursAgo(27)),
        note('An old question from last month: why is CI slow?', hoursAgo(24 * 30)),
        userChat('How do I make the tokenizer faster on nested brackets', hoursAgo(26)),
        note(question, hoursAgo(3)),
        note('Read about parsers today.', hoursAgo(2)),
      ],
      runAgent: () => Promise.resolve({ runId: 'r', agent: 'reflector', trigger: 'agent', start: NOW.toISOString(), outcome: 'skipped', summary: 'Nothing new.', modelCalls: 0, recordsWritten: 0, ids: [] }),
    });
    const all = await fx.store.memory.list({ newestFirst: false });
    const byText = (start: string) => all.find((r) => r.text.startsWith(start))!;
    await fx.store.memory.edit(byText('The tokenizer choke').id, { op: 'mark_wrong' });
    const ctx = { ...fx.ctx, persona: { ...fx.ctx.persona, goals: [] } };

    const first = await boredomAgent.run(ctx);
    assert.equal(first.outcome, 'ok');
    assert.match(first.summary, new RegExp(`inner dialogue on the question "${question.replace(/[?]/g, '\\?')}"`));
    const [turn] = await fx.store.memory.list({ kind: 'dialogue' });
    const asked = byText(question);
    assert.ok(turn.links.some((l) => l.rel === 'about' && l.id === asked.id), 'the turn is about the question');
    const cites = turn.links.filter((l) => l.rel === 'cites').map((l) => l.id);
    assert.ok(cites.includes(byText('The tokenizer keeps a stack').id), `cites the person's note: ${turn.text}`);
    for (const unfit of ['The tokenizer choke', 'The tokenizer chokes', 'Reflection:']) {
      assert.ok(!cites.includes(byText(unfit).id), `never cites "${unfit}…"`);
      assert.ok(!turn.text.includes(byText(unfit).id), `never quotes "${unfit}…": ${turn.text}`);
    }

    const second = await boredomAgent.run(ctx);
    assert.match(second.summary, /inner dialogue on the question "How do I make the tokenizer faster on nested brackets"/, 'the answered question is no longer open; the chat question is next');
    const third = await boredomAgent.run(ctx);
    assert.match(third.summary, /^reflection — Nothing new\.$/, 'the month-old question and plain notes are no topics');
    await fx.close();
  });

  it('asked by the person, thinks at once: no idleness, quiet hours or daily cap needed', async () => {
    const fx = await boredFixture({ agentsBoredom: 'off', agentsBoredomMaxPerDay: 0 });
    const result = await boredomAgent.run(fx.at(utc('12:30'), utc('12:29'), 'manual'));
    assert.equal(result.outcome, 'ok');
    assert.match(result.summary, /^inner dialogue on the goal/);
    await fx.close();
  });
});

describe('idle trigger', () => {
  it('wakes the boredom service once per idle stretch that reaches the level, measured from the last activity, counting only a wake that happened', () => {
    let level = 'medium';
    const trigger = new IdleTrigger(() => level);
    const last = utc('14:00');
    assert.equal(trigger.due(last, utc('14:29')), false);
    assert.equal(trigger.due(last, utc('14:30')), true);
    assert.equal(trigger.due(last, utc('14:31')), true, 'still due while nothing woke the service (the agents were paused)');
    trigger.fired(last);
    assert.equal(trigger.due(last, utc('15:30')), false, 'once per stretch');
    assert.equal(trigger.due(utc('15:00'), utc('15:30')), true, 'a new stretch');
    assert.equal(trigger.due(undefined, utc('18:00')), false, 'no activity on record');
    level = 'off';
    assert.equal(trigger.due(utc('16:00'), utc('23:00')), false);
  });
});

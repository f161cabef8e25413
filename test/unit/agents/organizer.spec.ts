import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { supersedeContradicted } from '../../../src/core/agents/contradictions';
import { MAX_RECORDS_PER_RUN, organizerAgent } from '../../../src/core/agents/organizer';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture, type AgentFixture } from './agentFixtures';
import { asAda, command, commit, edited, hoursAgo, note, NOW, opened, sessionSummary, twinAnswer, userChat } from './agentRecords';
import { promptIds, scriptedOllama } from './scriptedOllama';

const makeDir = tempDirsForSuite();

async function all(fx: AgentFixture): Promise<Map<string, MemoryRecord>> {
  return new Map((await fx.store.memory.list()).map((r) => [r.id, r]));
}

describe('organizer, offline', () => {
  it('tags, names and scores new memories with edits, leaving their text, reviewed records and other kinds alone', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      records: [
        note('Decided with Alice to keep SQLite FTS5 for the memory index; see src/core/index/ftsStore.ts.', hoursAgo(5), { project: 'mh' }),
        commit('fix(parser): race condition when the tokenizer reads nested brackets', ['src/parser.ts', 'test/parser.spec.ts'], hoursAgo(4)),
        opened('README.md', hoursAgo(4)),
        command('pnpm add valibot', 0, hoursAgo(3.5)),
        note('Checked the release checklist twice.', hoursAgo(3), { project: 'mh' }),
        { kind: 'reflection', text: 'I keep returning to the parser.', ts: hoursAgo(2), source: 'agent:reflector' },
        twinAnswer('You fixed the parser race yesterday.', hoursAgo(1)),
        note('Decided to keep the person-set score in src/core/agents/organizer.ts.', hoursAgo(1), { importance: 9 }),
      ],
    });
    const ctx = asAda(fx.ctx);
    const [decision, commitRec, openedRec, install, validatedRec, reflection, answer, scored] = await fx.store.memory.list({ newestFirst: false });
    await fx.store.memory.edit(validatedRec.id, { op: 'validate' });
    const before = await all(fx);
    const counts = await fx.store.memory.counts();

    const result = await organizerAgent.run(ctx);
    assert.equal(result.outcome, 'ok');
    const after = await all(fx);

    const d = after.get(decision.id)!;
    assert.ok(d.tags.includes('decision'), `decision tag in ${d.tags.join(',')}`);
    for (const name of ['Alice', 'sqlite', 'src/core/index/ftsStore.ts']) assert.ok(d.entities.includes(name), `${name} in ${d.entities.join(',')}`);
    assert.ok(d.importance! >= 7, 'a decision the person wrote down matters');

    const c = after.get(commitRec.id)!;
    assert.ok(c.tags.includes('bugfix') && c.tags.includes('typescript'), c.tags.join(','));
    assert.ok(c.entities.includes('race condition') && c.entities.includes('src/parser.ts'), c.entities.join(','));
    assert.equal(c.importance, 5);
    assert.equal(after.get(openedRec.id)!.importance, 1, 'an opened file is trivia');
    const i = after.get(install.id)!;
    assert.ok(i.entities.includes('valibot') && i.tags.includes('dependencies'), `${i.entities.join(',')} ${i.tags.join(',')}`);
    assert.ok(i.importance! > after.get(openedRec.id)!.importance!);

    assert.equal(after.get(scored.id)!.importance, 9, "the person's score stays");
    for (const untouched of [validatedRec, reflection, answer]) assert.deepEqual(after.get(untouched.id), before.get(untouched.id), `${untouched.text} untouched`);
    for (const [id, record] of before) assert.equal(after.get(id)!.text, record.text, 'text never rewritten');
    assert.deepEqual(await fx.store.memory.counts(), counts, 'nothing forgotten, nothing added');
    assert.deepEqual(new Set(fx.written), new Set([decision.id, commitRec.id, openedRec.id, install.id, scored.id]));
    assert.equal(fx.written.length, new Set(fx.written).size, 'each record reported once');
    await fx.close();
  });

  it('organizes only what is new since its last run', async () => {
    const fx = await agentFixture(makeDir, { now: () => NOW, records: [note('Moved the standup to Tuesdays.', hoursAgo(3))] });
    assert.equal((await organizerAgent.run(fx.ctx)).outcome, 'ok');
    assert.equal(fx.written.length, 1);
    const again = await organizerAgent.run(fx.ctx);
    assert.equal(again.outcome, 'skipped', 'its own edits are not new memories');
    assert.equal(fx.written.length, 1);
    const later = await fx.store.memory.append(note('Need to book the venue for the offsite.', hoursAgo(1)));
    await organizerAgent.run(fx.ctx);
    assert.deepEqual(fx.written.slice(1), [later.id]);
    assert.ok((await fx.store.memory.get(later.id))!.tags.includes('todo'));
    await fx.close();
  });

  it(`works through a large backlog ${MAX_RECORDS_PER_RUN} records per run`, async () => {
    const records = Array.from({ length: MAX_RECORDS_PER_RUN + 30 }, (_, i) => opened(`src/file${i}.ts`, hoursAgo(10 - i / 100)));
    const fx = await agentFixture(makeDir, { now: () => NOW, records });
    await organizerAgent.run(fx.ctx);
    assert.equal(fx.written.length, MAX_RECORDS_PER_RUN);
    const second = await organizerAgent.run(fx.ctx);
    assert.equal(second.outcome, 'ok');
    assert.equal(fx.written.length, MAX_RECORDS_PER_RUN + 30);
    assert.equal(new Set(fx.written).size, fx.written.length, 'no record organized twice');
    assert.ok((await fx.store.memory.list()).every((r) => r.importance !== undefined));
    await fx.close();
  });

  it('marks an older fact superseded by a newer one that contradicts it, keeps both, and ranks it below', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      records: [
        note('I use yarn as the package manager for the mh repo.', hoursAgo(48), { project: 'mh' }),
        note('I use vitest for the unit tests of mh.', hoursAgo(47), { project: 'mh' }),
        userChat('I switched from yarn to pnpm as the package manager for the mh repo.', hoursAgo(2)),
        note('Jest has nicer snapshot docs than I remembered.', hoursAgo(1), { project: 'mh' }),
      ],
    });
    const [yarn, vitest, pnpm] = await fx.store.memory.list({ newestFirst: false });
    await organizerAgent.run(fx.ctx);
    const after = await all(fx);
    assert.deepEqual(after.get(yarn.id)!.links.filter((l) => l.rel === 'superseded_by'), [{ rel: 'superseded_by', id: pnpm.id }]);
    assert.ok(!after.get(pnpm.id)!.links.some((l) => l.rel === 'superseded_by'));
    assert.ok(!after.get(vitest.id)!.links.some((l) => l.rel === 'superseded_by'), 'a mention of jest is no switch away from vitest');
    assert.equal(after.get(yarn.id)!.text, yarn.text);
    assert.ok(fx.written.includes(yarn.id));

    const hits = await fx.ctx.search('yarn package manager for the mh repo');
    const rank = (id: string) => hits.findIndex((h) => h.id === id);
    assert.ok(rank(pnpm.id) >= 0 && rank(yarn.id) > rank(pnpm.id), `newer first: ${hits.map((h) => h.text).join(' | ')}`);
    await fx.close();
  });
});

describe('organizer, with a model', () => {
  it('sends the persona and the memories, applies checked answers, and narrates a finished session citing its events', async () => {
    let narrativeCites: string[] = [];
    const ollama = await scriptedOllama([
      (messages) => {
        const ids = promptIds(messages);
        return JSON.stringify({
          records: ids.map((id, i) => ({ id, tags: ['Parser Work'], entities: i === 0 ? ['tokenizer', 'Bob the Builder'] : [], importance: 8 })),
        });
      },
      (messages) => {
        narrativeCites = promptIds(messages).slice(0, 2);
        return `I spent the evening chasing the parser race [m:${narrativeCites[0]}] and finally committed the fix [m:${narrativeCites[1]}].`;
      },
    ]);
    const fx = await agentFixture(makeDir, { now: () => NOW, provider: ollama.provider });
    const events = await fx.store.memory.appendMany([
      edited('src/parser.ts', hoursAgo(3)),
      commit('fix(parser): race condition in the tokenizer', ['src/parser.ts'], hoursAgo(2.5)),
    ]);
    const summary = await fx.store.memory.append(sessionSummary('Coding session on mh, 15:00–16:30 UTC: edited 1 file; 1 commit ("fix(parser): race condition in the tokenizer").', hoursAgo(3), events));

    const result = await organizerAgent.run(asAda(fx.ctx));
    assert.equal(result.outcome, 'ok', result.summary);

    const enrichPrompt = ollama.promptText(0);
    assert.match(enrichPrompt, /Ada/);
    assert.ok(enrichPrompt.includes('race condition in the tokenizer'), 'the memories are in the prompt');
    assert.deepEqual(new Set(promptIds(ollama.prompts[0])), new Set([events[1].id, summary.id]), 'captured trivia is not sent');
    const organizedCommit = (await fx.store.memory.get(events[1].id))!;
    assert.ok(organizedCommit.tags.includes('parser-work'));
    assert.equal(organizedCommit.importance, 8);
    assert.ok(!organizedCommit.entities.includes('Bob the Builder'), 'an entity the memory does not name is dropped');

    const narrativePrompt = ollama.promptText(1);
    assert.match(narrativePrompt, /Ada/);
    assert.ok(narrativePrompt.includes(summary.text) && narrativePrompt.includes('race condition in the tokenizer'));
    const [narrative] = await fx.store.memory.list({ kind: 'brief' });
    assert.ok(narrative, 'a narrative was written');
    assert.equal(narrative.source, 'agent:organizer');
    assert.ok(narrative.tags.includes('session-narrative'));
    assert.deepEqual(narrative.links.filter((l) => l.rel === 'summarizes'), [{ rel: 'summarizes', id: summary.id }]);
    assert.deepEqual(narrative.meta.cites, narrativeCites);
    assert.deepEqual(narrative.links.filter((l) => l.rel === 'cites').map((l) => l.id), narrativeCites);
    assert.ok(fx.written.includes(narrative.id));
    await fx.close();
    await ollama.close();
  });

  it('asks the model which older statements a new one contradicts, and marks only those it was shown', async () => {
    let shown: string[] = [];
    const ollama = await scriptedOllama([
      (messages) => {
        shown = promptIds(messages);
        return JSON.stringify({ superseded: [{ id: jenkinsId, reason: 'CI moved' }, { id: answerId, reason: 'not shown' }, { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ' }] });
      },
    ]);
    let jenkinsId = '';
    let answerId = '';
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      provider: ollama.provider,
      records: [
        note('Our CI pipeline for mh runs on Jenkins, on the old build box.', hoursAgo(72)),
        note('The CI pipeline for mh takes twelve minutes on a good day.', hoursAgo(60)),
        twinAnswer('Your CI pipeline for mh runs on Jenkins.', hoursAgo(50)),
        note('Moved the CI pipeline for mh to GitHub Actions; the old build box is gone.', hoursAgo(1)),
      ],
    });
    const [jenkins, duration, answer, actions] = await fx.store.memory.list({ newestFirst: false });
    jenkinsId = jenkins.id;
    answerId = answer.id;

    const patched = await supersedeContradicted(asAda(fx.ctx), actions, () => true);

    assert.deepEqual(patched, [jenkins.id]);
    const prompt = ollama.promptText(0);
    assert.match(prompt, /Ada's memory consistent/);
    assert.ok(prompt.includes(`## New memory\n[m:${actions.id}]`) && prompt.includes(actions.text), 'the new memory is in the prompt');
    assert.ok(shown.includes(jenkins.id) && shown.includes(duration.id), `older statements shown: ${shown.join(',')}`);
    assert.ok(!shown.includes(answer.id), "the twin's answer is no statement to supersede");
    assert.deepEqual((await fx.store.memory.get(jenkins.id))!.links, [{ rel: 'superseded_by', id: actions.id }]);
    assert.deepEqual((await fx.store.memory.get(duration.id))!.links, [], 'a related fact the model did not name stays');
    assert.deepEqual((await fx.store.memory.get(answer.id))!.links, [], 'a memory the model was not shown is never marked');
    assert.equal(fx.modelCalls(), 1);
    await fx.close();
    await ollama.close();
  });

  it('falls back to its offline methods when the model answers with invalid JSON', async () => {
    const ollama = await scriptedOllama(['Sure! Here are your tags: decision, maybe.', 'I really cannot produce JSON today.', 'still no json', 'nope']);
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      provider: ollama.provider,
      records: [
        note('I use yarn as the package manager for the mh repo.', hoursAgo(48), { project: 'mh' }),
        note('Decided to switch from yarn to pnpm as the package manager for the mh repo.', hoursAgo(1), { project: 'mh' }),
      ],
    });
    const [yarn, pnpm] = await fx.store.memory.list({ newestFirst: false });
    const result = await organizerAgent.run(fx.ctx);
    assert.equal(result.outcome, 'ok');
    assert.match(result.summary, /unusable model JSON/);
    const decided = (await fx.store.memory.get(pnpm.id))!;
    assert.ok(decided.tags.includes('decision') && decided.importance! >= 7, 'heuristic tags and score');
    assert.deepEqual((await fx.store.memory.get(yarn.id))!.links, [{ rel: 'superseded_by', id: pnpm.id }], 'the offline contradiction check stood in');
    assert.ok(fx.modelCalls() >= 2, 'the model was asked (and retried) first');
    await fx.close();
    await ollama.close();
  });
});

import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allFiles, captureLog, cleanup, openTestStore, readLines, tempDir } from './storeFixtures';

const FIXTURE = join(__dirname, '../../fixtures/store/v1-profile');

describe('format version 1 profile', () => {
  const dir = tempDir('v1');
  after(() => cleanup(dir));

  it('is migrated on open: records, tasks, edits and persona, with damaged lines quarantined', async () => {
    cpSync(FIXTURE, dir, { recursive: true });
    const log = captureLog();
    const store = await openTestStore(dir, { logger: log.logger });

    const event = await store.memory.get('01JH7Q26M03V1FXTRBQ5M8D2KA');
    assert.deepEqual(event, {
      id: '01JH7Q26M03V1FXTRBQ5M8D2KA',
      kind: 'event',
      ts: '2025-01-10T09:00:00.000Z',
      text: 'Opened parser.ts and fixed the off-by-one in the tokenizer',
      source: 'vscode',
      project: 'engine',
      tags: ['parser', 'bugfix'],
      entities: [],
      links: [],
      meta: {},
      validated: true,
    });
    assert.deepEqual((await store.memory.get('01JH7QBBK03V1FXTRBQ5M8D2KA'))?.tags, ['question'], 'v1 edits still apply');
    const thought = await store.memory.get('01JHATM7R03V1FXTRBQ5M8D2KA');
    assert.deepEqual([thought?.kind, thought?.importance, thought?.meta.v1Type, thought?.source], ['note', 7, 'thought', 'v1']);

    const review = await store.tasks.get('01JHCT4PT03V1FXTRBQ5M8D2KA');
    assert.deepEqual([review?.title, review?.status, review?.project], ['Review the tokenizer fix (with tests)', 'done', 'engine']);
    assert.deepEqual((await store.tasks.history('01JHCT4PT03V1FXTRBQ5M8D2KA')).map((e) => e.ev), ['created', 'updated', 'done']);
    assert.equal((await store.tasks.get('01JHCT6HD03V1FXTRBQ5M8D2KA'))?.status, 'open');

    const persona = store.persona.get();
    assert.equal(persona.identity.name, 'Ada Lovelace');
    assert.equal(persona.personality.communication.tone, 'dry and precise');
    assert.deepEqual(persona.values.map((v) => [v.name, v.priority]), [['craft', 1], ['honesty', 2], ['rest', 3]]);
    assert.deepEqual(persona.goals.map((g) => g.horizon), ['short', 'short']);
    assert.deepEqual(persona.context.domains, ['compilers', 'looms']);
    assert.equal(store.persona.current().note, 'migrated from format version 1');

    for (const rel of ['memory/episodic/2025-01.jsonl', 'memory/tasks.jsonl', 'memory/edits.jsonl']) {
      const header = JSON.parse(readLines(join(dir, rel))[0]) as { version: number };
      assert.equal(header.version, 2, `${rel} now carries format version 2`);
    }
    assert.equal(log.warnings.length, 2, log.warnings.join('\n'));
    assert.match(log.warnings.join('\n'), /2025-01\.jsonl line 4: not valid JSON/);
    assert.match(log.warnings.join('\n'), /2025-01\.jsonl line 5: torn last line/);
    const audit = store.audit.entries(new Date().toISOString().slice(0, 10));
    assert.ok(audit.some((e) => e.type === 'write' && e.op === 'migrate' && e.target === 'memory'));
    assert.ok(audit.some((e) => e.type === 'write' && e.op === 'migrate' && e.target === 'persona'));
    await store.close();

    // Opening again changes nothing: the migration ran once.
    const segment = readFileSync(join(dir, 'memory/episodic/2025-01.jsonl'), 'utf8');
    const again = captureLog();
    const reopened = await openTestStore(dir, { logger: again.logger });
    assert.deepEqual(again.warnings, []);
    assert.equal(readFileSync(join(dir, 'memory/episodic/2025-01.jsonl'), 'utf8'), segment);
    assert.equal((await reopened.memory.counts()).event, 1);
    await reopened.close();
  });

  it('leaves files from a newer version untouched: skipped with a warning, never rewritten or appended to', async () => {
    const newer = tempDir('newer');
    const month = new Date().toISOString().slice(0, 7);
    mkdirSync(join(newer, 'memory/episodic'), { recursive: true });
    mkdirSync(join(newer, 'persona'), { recursive: true });
    const segment = `${JSON.stringify({ format: 'metahuman.memory.segment', version: 3, generation: 0, created: '2030-01-01T00:00:00.000Z' })}\n{"id":"01JH7Q26M03V1FXTRBQ5M8D2KA","shape":"from the future"}\n`;
    const persona = JSON.stringify({ format: 'metahuman.persona', version: 3, revision: 9, savedAt: '2030-01-01T00:00:00.000Z', persona: { soul: 'future' } });
    writeFileSync(join(newer, `memory/episodic/${month}.jsonl`), segment);
    writeFileSync(join(newer, 'persona/core.json'), persona);
    const log = captureLog();
    const store = await openTestStore(newer, { logger: log.logger });
    assert.match(log.warnings.join('\n'), /persona\/core\.json: written in format version 3 by a newer MetaHuman; left untouched/);
    assert.match(log.warnings.join('\n'), new RegExp(`${month}\\.jsonl: written in format version 3 by a newer MetaHuman; left unread`));
    await assert.rejects(store.memory.append({ kind: 'note', text: 'x', source: 'test' }), /newer MetaHuman; update it before writing here/);
    assert.throws(() => store.persona.get(), /newer MetaHuman/);
    assert.equal(readFileSync(join(newer, `memory/episodic/${month}.jsonl`), 'utf8'), segment);
    assert.equal(readFileSync(join(newer, 'persona/core.json'), 'utf8'), persona);
    assert.deepEqual(allFiles(newer).filter((f) => f.startsWith('quarantine/')), []);
    await store.close();
    cleanup(newer);
  });
});

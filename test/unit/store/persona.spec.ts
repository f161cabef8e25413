import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatChange } from '../../../src/core/persona/personaDiff';
import type { Persona } from '../../../src/core/persona/persona';
import { storageSchemas } from '../../../src/core/profile/storageSchemas';
import template from '../../../storage/defaults/persona.json';
import { captureLog, cleanup, openTestStore, tempDir } from './storeFixtures';

describe('persona', () => {
  const dir = tempDir('persona');
  after(() => cleanup(dir));

  it('starts from the template of storage/defaults, which satisfies its schema', async () => {
    assert.equal(storageSchemas().persona(template), undefined);
    const store = await openTestStore(dir);
    assert.deepEqual(store.persona.get(), template);
    assert.deepEqual(store.persona.history().map((v) => [v.revision, v.note, v.current]), [[1, 'created from template', true]]);
    await store.close();
  });

  it('keeps every earlier revision in persona/history, diffs them by field path, and rolls back', async () => {
    const store = await openTestStore(dir);
    const edited = structuredClone(store.persona.get());
    edited.identity.name = 'Ada';
    edited.identity.aliases.push('A.');
    edited.goals.push({ id: 'ship-store', text: 'Ship the profile store', horizon: 'short', status: 'active' });
    edited.personality.bigFive.openness = 0.9;
    await store.persona.save(edited, 'first edit');
    const second = structuredClone(edited);
    second.goals[0].status = 'done';
    second.identity.aliases = [];
    second.relationships.push({ name: 'Grace', relation: 'mentor', address: 'Grace' });
    await store.persona.save(second);
    assert.deepEqual(readdirSync(join(dir, 'persona/history')), ['000001.json', '000002.json']);

    assert.deepEqual(store.persona.diff().map(formatChange), [
      '- identity.aliases: "A."',
      '~ goals[id=ship-store].status: "active" → "done"',
      '+ relationships[name=Grace]: {"name":"Grace","relation":"mentor","address":"Grace"}',
    ]);
    assert.deepEqual(store.persona.diff(1, 2).map((c) => c.path), ['identity.name', 'identity.aliases', 'personality.bigFive.openness', 'goals[id=ship-store]']);

    const back = await store.persona.rollback(1);
    assert.equal(back.revision, 4);
    assert.deepEqual(store.persona.get(), template, 'revision 1 is current again');
    assert.equal(store.persona.current().note, 'rollback to 1');
    await store.persona.rollback(3); // the rollback is itself undoable
    assert.equal(store.persona.get().relationships[0]?.name, 'Grace');
    assert.deepEqual(store.persona.history().map((v) => v.revision), [1, 2, 3, 4, 5]);
    const saves = store.audit.entries(new Date().toISOString().slice(0, 10)).filter((e) => e.type === 'write' && e.target === 'persona');
    assert.deepEqual(saves.map((e) => e.type === 'write' && e.op), ['create', 'save', 'save', 'rollback', 'rollback']);
    await store.close();
  });

  it('refuses an invalid persona, naming the field, and leaves the current one in place', async () => {
    const store = await openTestStore(dir);
    const before = store.persona.current();
    const bad = structuredClone(before.persona);
    bad.personality.bigFive.neuroticism = 3;
    await assert.rejects(store.persona.save(bad), /persona\.personality\.bigFive\.neuroticism must be <= 1/);
    await assert.rejects(store.persona.set('routines.sleepWindow.start', '25:00'), /sleepWindow\.start/);
    await assert.rejects(store.persona.rollback(99), /No persona revision 99/);
    assert.deepEqual(store.persona.current(), before);
    const same = await store.persona.save(structuredClone(before.persona));
    assert.equal(same.revision, before.revision, 'saving unchanged content adds no revision');
    await store.close();
  });

  it('restores a hand-damaged core.json from history, keeping the damaged bytes in quarantine', async () => {
    const revision = JSON.parse(readFileSync(join(dir, 'persona/core.json'), 'utf8')) as { revision: number };
    writeFileSync(join(dir, 'persona/core.json'), `{"format":"metahuman.persona","revision":${revision.revision}, oops`);
    const log = captureLog();
    const store = await openTestStore(dir, { logger: log.logger });
    assert.match(log.warnings.join('\n'), /persona\/core\.json: unreadable persona/);
    // The damaged revision is lost (only its bytes are kept): the restored one comes after it, so no two documents share a number.
    assert.equal(store.persona.current().revision, revision.revision + 1);
    assert.equal(store.persona.current().note, 'restored after damage');
    const newest = JSON.parse(readFileSync(join(dir, 'persona/history/000004.json'), 'utf8')) as { persona: Persona };
    assert.deepEqual(store.persona.get(), newest.persona, 'the newest good revision is current again');
    assert.ok(readdirSync(join(dir, 'quarantine')).length > 0);
    await store.close();
  });
});

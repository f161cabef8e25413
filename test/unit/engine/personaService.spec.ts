import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { registerPersonaHandlers } from '../../../src/core/engine/personaService';
import type { Persona } from '../../../src/core/persona/persona';
import type { ProfileStore } from '../../../src/core/profile/profileStore';
import { Messenger } from '../../../src/protocol/messenger';
import { PersonaDiffRequest, PersonaGetRequest, PersonaRollbackRequest, PersonaSaveRequest, PersonaValidateRequest } from '../../../src/protocol/personaProtocol';
import { createInProcessPair } from '../../../src/protocol/transport';
import { openTestStore, tempDirsForSuite } from '../store/storeFixtures';

/** The host's side of a real messenger pair to the persona handlers over `store`. */
function hostOn(store: ProfileStore): Messenger {
  const [hostSide, engineSide] = createInProcessPair();
  const host = new Messenger(hostSide, { peerName: 'The engine', log: () => undefined });
  registerPersonaHandlers(new Messenger(engineSide, { peerName: 'The host', log: () => undefined }), { openStore: () => Promise.resolve(store) });
  return host;
}

function historyFiles(store: ProfileStore): string[] {
  return readdirSync(join(store.dir, 'persona', 'history')).sort();
}

function personaAudits(store: ProfileStore): Array<Record<string, unknown>> {
  return store.audit
    .days()
    .flatMap((file) => store.audit.entries(/(\d{4}-\d{2}-\d{2})\.jsonl$/.exec(file)![1]))
    .filter((e) => (e as unknown as { target?: string }).target === 'persona') as unknown as Array<Record<string, unknown>>;
}

describe('engine persona service', () => {
  const temp = tempDirsForSuite();
  const stores: ProfileStore[] = [];
  after(async () => Promise.all(stores.map((s) => s.close())));

  async function setup(): Promise<{ store: ProfileStore; host: Messenger; persona: Persona; revision: number }> {
    const store = await openTestStore(temp('persona'));
    stores.push(store);
    const host = hostOn(store);
    const state = await host.request(PersonaGetRequest, {});
    return { store, host, persona: state.persona as unknown as Persona, revision: state.revision };
  }

  it('saves a valid edit as a new revision and keeps the old one in persona/history', async () => {
    const { store, host, persona, revision } = await setup();
    const edited = structuredClone(persona);
    edited.identity.name = 'Ada Lovelace';
    const result = await host.request(PersonaSaveRequest, { persona: edited, baseRevision: revision });
    assert.equal(result.saved, true);
    assert.deepEqual(result.problems, []);
    assert.equal(result.version?.revision, revision + 1);
    assert.equal(store.persona.get().identity.name, 'Ada Lovelace');
    assert.deepEqual(historyFiles(store), [`${String(revision).padStart(6, '0')}.json`]);
    const state = await host.request(PersonaGetRequest, {});
    assert.deepEqual(
      state.history.map((v) => [v.revision, v.current]),
      [
        [revision, false],
        [revision + 1, true],
      ],
    );
  });

  it('refuses an invalid draft naming every bad field, and writes nothing', async () => {
    const { store, host, persona, revision } = await setup();
    const bad = structuredClone(persona);
    bad.routines.sleepWindow.start = '25:00';
    bad.goals = [{ id: 'Ship It', text: 'ship', horizon: 'short', status: 'active' }];
    const before = store.persona.current();
    const result = await host.request(PersonaSaveRequest, { persona: bad, baseRevision: revision });
    assert.equal(result.saved, false);
    const paths = result.problems.map((p) => p.path).sort();
    assert.deepEqual(paths, ['goals.0.id', 'routines.sleepWindow.start']);
    assert.match(result.problems.find((p) => p.path === 'routines.sleepWindow.start')!.message, /HH:MM/);
    assert.deepEqual(store.persona.current(), before);
    assert.deepEqual(historyFiles(store), []);
    assert.deepEqual((await host.request(PersonaValidateRequest, { persona: bad })).problems, result.problems);
  });

  it('names a missing field and an unknown one', async () => {
    const { host, persona } = await setup();
    const bad = structuredClone(persona) as unknown as Record<string, Record<string, unknown>>;
    delete bad.identity.role;
    bad.identity.nickname = 'A.';
    const { problems } = await host.request(PersonaValidateRequest, { persona: bad });
    assert.ok(problems.some((p) => p.path === 'identity.role' && /required/.test(p.message)));
    assert.ok(problems.some((p) => p.path === 'identity' && /nickname/.test(p.message)));
  });

  it('refuses a draft made on an older revision, so another window’s save is not overwritten', async () => {
    const { store, host, persona, revision } = await setup();
    const elsewhere = structuredClone(persona);
    elsewhere.identity.role = 'Staff engineer';
    await store.persona.save(elsewhere);
    const mine = structuredClone(persona);
    mine.identity.name = 'Mine';
    const result = await host.request(PersonaSaveRequest, { persona: mine, baseRevision: revision });
    assert.equal(result.saved, false);
    assert.equal(result.conflict, true);
    assert.equal(store.persona.get().identity.role, 'Staff engineer');
    assert.notEqual(store.persona.get().identity.name, 'Mine');
  });

  it('diffs an old revision against the current one and rolls back to it as a new, audited revision', async () => {
    const { store, host, persona, revision } = await setup();
    const edited = structuredClone(persona);
    edited.identity.role = 'Staff engineer';
    edited.goals = [...edited.goals, { id: 'ship-v2', text: 'Ship version 2', horizon: 'mid', status: 'active' }];
    await host.request(PersonaSaveRequest, { persona: edited, baseRevision: revision });

    const diff = await host.request(PersonaDiffRequest, { revision });
    assert.equal(diff.from, revision);
    assert.equal(diff.to, revision + 1);
    assert.ok(diff.changes.some((c) => c.path === 'identity.role' && c.type === 'changed' && c.line.includes('"Staff engineer"')));
    assert.ok(diff.changes.some((c) => c.path === 'goals[id=ship-v2]' && c.type === 'added'));
    assert.ok(diff.lines.some((l) => l.op === '+' && l.text.includes('"role": "Staff engineer"')));
    assert.ok(diff.lines.some((l) => l.op === '-' && l.text.includes('"role":')));

    const { version } = await host.request(PersonaRollbackRequest, { revision });
    assert.equal(version.revision, revision + 2);
    assert.deepEqual(store.persona.get(), persona);
    assert.equal(store.persona.current().note, `rollback to ${revision}`);
    const audits = personaAudits(store);
    assert.ok(audits.some((e) => e.op === 'rollback' && e.revision === revision + 2));
    // The rolled-back-from revision is kept, so the rollback can be undone too.
    assert.equal(store.persona.revision(revision + 1).persona.identity.role, 'Staff engineer');
  });

  it('answers a rollback to a revision that does not exist with an error naming it', async () => {
    const { host } = await setup();
    await assert.rejects(host.request(PersonaRollbackRequest, { revision: 99 }), /revision 99/);
  });
});

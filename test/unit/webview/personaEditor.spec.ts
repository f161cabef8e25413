import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Persona, PersonaState } from '../../../src/protocol/personaProtocol';
import personaTemplate from '../../../storage/defaults/persona.json';
import { renderPersonaForm, type PersonaFormContext } from '../../../webview/persona/personaForm';
import { renderHistory } from '../../../webview/persona/personaHistory';
import { addItem, fieldLabel, goalIdFor, linesToList, numberOrText, personaArrival, problemsByPath, removeItem, setAt, unplacedProblems } from '../../../webview/persona/personaModel';
import { templateHtml, visibleText } from './templateHtml';
import { NOW, at } from './viewFixtures';

function persona(): Persona {
  const p = structuredClone(personaTemplate) as Persona;
  p.identity.name = 'Ada';
  p.goals = [{ id: 'ship-v2', text: 'Ship version 2', horizon: 'mid', status: 'active' }];
  return p;
}

function formHtml(draft: Persona, problems: { path: string; message: string }[] = []): { html: string; ctx: PersonaFormContext } {
  const ctx: PersonaFormContext = { draft, problems: problemsByPath(problems), edit: () => undefined, add: () => undefined, remove: () => undefined, shown: new Set() };
  return { html: templateHtml(renderPersonaForm(ctx)), ctx };
}

describe('persona editor model', () => {
  it('edits a copy by field path, leaving the saved persona as it was', () => {
    const saved = persona();
    const edited = setAt(saved, 'goals.0.status', 'done');
    assert.equal(edited.goals[0].status, 'done');
    assert.equal(saved.goals[0].status, 'active');
    assert.equal(setAt(saved, 'routines.sleepWindow.start', '23:30').routines.sleepWindow.start, '23:30');
  });

  it('clears an optional field when its text is emptied, and adds and removes list items', () => {
    const withDue = setAt(persona(), 'goals.0.due', '2026-05-01');
    assert.equal('due' in setAt(withDue, 'goals.0.due', undefined).goals[0], false);
    const two = addItem(persona(), 'routines.quietHours', { start: '12:00', end: '13:00' });
    assert.equal(two.routines.quietHours.length, persona().routines.quietHours.length + 1);
    assert.deepEqual(removeItem(two, 'routines.quietHours', two.routines.quietHours.length - 1).routines.quietHours, persona().routines.quietHours);
  });

  it('reads lists as lines and keeps a number that does not read as one, so the schema can name it', () => {
    assert.deepEqual(linesToList(' politics \n\n  salary\n'), ['politics', 'salary']);
    assert.equal(numberOrText(' 3 '), 3);
    assert.equal(numberOrText('three'), 'three');
  });

  it('makes goal ids the schema accepts, unique among the others', () => {
    assert.equal(goalIdFor('Ship Version 2!', []), 'ship-version-2');
    assert.equal(goalIdFor('goal', ['goal']), 'goal-2');
    assert.match(goalIdFor('???', []), /^[a-z0-9][a-z0-9-]{0,63}$/);
  });

  it('names a field in words for problems listed away from it', () => {
    assert.equal(fieldLabel('goals.0.id'), 'Goal 1 › id');
    assert.equal(fieldLabel(''), 'Persona');
    assert.deepEqual(
      unplacedProblems([{ path: 'identity.name', message: 'x' }, { path: 'decisionRules.hard.0', message: 'y' }], new Set(['identity.name'])).map((p) => p.path),
      ['decisionRules.hard.0'],
    );
  });
});

describe('a persona saved elsewhere (another window, mh persona set)', () => {
  const state = (revision: number, p: Persona): PersonaState => ({ revision, savedAt: at(-revision), persona: p as unknown as PersonaState['persona'], history: [] });
  const rev2 = state(2, persona());
  const rev3 = state(3, setAt(persona(), 'identity.role', 'Staff engineer'));

  it('reloads a form without edits of its own and says so', () => {
    assert.deepEqual(personaArrival(rev3, rev2, persona(), 2, false), { type: 'adopt', elsewhere: true });
  });

  it('keeps a form with edits and offers Reload instead', () => {
    const edited = setAt(persona(), 'identity.name', 'Ada L.');
    assert.deepEqual(personaArrival(rev3, rev2, edited, 2, false), { type: 'conflict', revision: 3 });
  });

  it("is not news for the form's own revision, its own save or rollback, or a first load", () => {
    assert.deepEqual(personaArrival(rev2, rev2, setAt(persona(), 'identity.name', 'Ada L.'), 2, false), { type: 'keep' }, 'the revision the form was made on');
    // The save's push can arrive before its answer: the form already holds what was saved.
    assert.deepEqual(personaArrival(rev3, rev2, setAt(persona(), 'identity.role', 'Staff engineer'), 2, true), { type: 'adopt', elsewhere: false });
    assert.deepEqual(personaArrival(rev3, rev2, persona(), 2, true), { type: 'adopt', elsewhere: false }, 'a rollback under way');
    assert.deepEqual(personaArrival(rev3, undefined, undefined, undefined, false), { type: 'adopt', elsewhere: false });
    assert.deepEqual(personaArrival(rev2, rev2, setAt(persona(), 'identity.name', 'Ada L.'), 2, false, rev2.savedAt), { type: 'keep' }, 'the same revision saved at the same time');
  });

  it('reloads a damaged persona restored under the revision number the form shows, which was saved at another time', () => {
    // The engine restores the last good revision's content as the damaged revision's number.
    const restored = { ...state(3, setAt(persona(), 'identity.role', 'Principal engineer')), savedAt: NOW.toISOString(), note: 'restored after damage' };
    const shown = setAt(persona(), 'identity.role', 'Staff engineer');
    assert.deepEqual(personaArrival(restored, rev3, shown, 3, false, rev3.savedAt), { type: 'adopt', elsewhere: true });
    assert.deepEqual(personaArrival(restored, rev3, setAt(shown, 'identity.name', 'Ada L.'), 3, false, rev3.savedAt), { type: 'conflict', revision: 3 }, 'edits of its own stay, with Reload offered');
  });
});

describe('persona editor rendering', () => {
  it('shows identity, values, goals with status, communication, routines and boundaries', () => {
    const text = visibleText(formHtml(persona()).html);
    for (const heading of ['Identity', 'Values', 'Goals', 'Communication style', 'Routines', 'Sleep window', 'Quiet hours', 'Time zone', 'Boundaries']) assert.ok(text.includes(heading), heading);
    const { html } = formHtml(persona());
    assert.match(html, /id="field-goals-0-status"/);
    assert.match(html, /<option value="active" selected>active<\/option>/);
  });

  it('shows a problem beside its field, marks the field invalid and points it at the message', () => {
    const { html, ctx } = formHtml(persona(), [{ path: 'routines.sleepWindow.start', message: 'must be a time of day as HH:MM (24-hour), e.g. 07:30' }]);
    assert.match(html, /id="field-routines-sleepWindow-start"[^>]*aria-invalid="true"[^>]*aria-describedby="problem-routines-sleepWindow-start"/);
    assert.match(html, /<p id="problem-routines-sleepWindow-start" class="field-problem error">must be a time of day as HH:MM/);
    assert.ok(ctx.shown.has('routines.sleepWindow.start'));
  });

  it('binds the person’s text as text, never as markup', () => {
    const draft = setAt(persona(), 'identity.purpose', '<img src=x onerror=alert(1)>');
    const { html } = formHtml(setAt(draft, 'goals.0.text', '<b>bold</b>'));
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('<b>bold</b>'));
  });

  it('lists revisions newest first with compare and rollback on earlier ones, and the diff when comparing', () => {
    const history = [
      { revision: 1, savedAt: at(-120), note: 'created from template', current: false },
      { revision: 2, savedAt: at(-5), note: 'edited in the persona editor', current: true },
    ];
    const diff = { from: 1, to: 2, changes: [{ path: 'identity.role', type: 'changed' as const, line: '~ identity.role: "" → "<Staff>"' }], lines: [{ op: '+' as const, text: '"role": "<Staff>"' }] };
    const actions = { compare: () => undefined, askRollback: () => undefined, confirmRollback: () => undefined, cancelRollback: () => undefined };
    const html = templateHtml(renderHistory(history, { busy: false, comparing: 1, diff, confirming: 1 }, actions, NOW, true));
    const text = visibleText(html);
    assert.ok(text.indexOf('Revision 2') < text.indexOf('Revision 1'));
    assert.equal((html.match(/class="rollback"/g) ?? []).length, 1);
    assert.match(text, /It is saved as revision 3; revision 2 stays in the history/);
    assert.match(text, /unsaved edits in the form are discarded/);
    assert.ok(html.includes('&lt;Staff&gt;'));
    assert.ok(!html.includes('<Staff>'));
  });
});

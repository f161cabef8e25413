import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReflectionsViewState } from '../../src/protocol/reflectionsViewProtocol';
import { activateMetaHuman, eventually } from './hostApi';

suite('Reflections', () => {
  suiteSetup(async () => {
    await activateMetaHuman();
    for (const text of [
      'Moved the reflection list into its own sidebar view so thoughts stream in while I code.',
      'Decided that dreams stay labelled as imaginative wherever they are shown.',
    ])
      await vscode.commands.executeCommand<string>('metahuman.rememberThis', text);
  });

  test('Show Reflections opens the view, on screen, listing the stored thoughts', async () => {
    const show = () => Promise.resolve(vscode.commands.executeCommand<ReflectionsViewState & { visible: boolean }>('metahuman.showReflections'));
    const state = await eventually(show, (s) => s.visible, 'the reflections view on screen');
    assert.equal(state.error, undefined);
    assert.ok(Array.isArray(state.thoughts), `the thoughts are listed: ${JSON.stringify(state)}`);
  });

  test('Reflect now runs the reflector through the engine and the new reflection is listed in the view with the memories it cites', async () => {
    const before = await vscode.commands.executeCommand<ReflectionsViewState>('metahuman.reflectNow');
    assert.equal(before.running, undefined, 'the run has ended');
    assert.equal(before.error, undefined);
    const reflection = before.thoughts?.find((t) => t.kind === 'reflection' && t.source === 'agent:reflector');
    assert.ok(reflection, `a reflection is listed: ${JSON.stringify(before)}`);
    assert.ok(reflection.cites.length > 0, `it cites what it drew on: ${JSON.stringify(reflection)}`);
    assert.ok(reflection.cites.some((c) => /sidebar view|imaginative/.test(c.preview)), `the notes are among the cited: ${JSON.stringify(reflection.cites)}`);
  });

  test('Start Inner Dialogue On… a topic writes a dialogue turn listed with its topic', async () => {
    const state = await vscode.commands.executeCommand<ReflectionsViewState>('metahuman.startInnerDialogue', 'labelling dreams');
    assert.equal(state.notice, undefined, JSON.stringify(state.notice));
    const turn = state.thoughts?.find((t) => t.kind === 'dialogue' && t.topic === 'labelling dreams');
    assert.ok(turn, `the turn is listed: ${JSON.stringify(state.thoughts?.slice(0, 3))}`);
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyChatEvent, type ChatTurn } from '../../../webview/chat/chatTurn';

const fresh = (): ChatTurn => ({ question: 'What did I decide about caching?', answer: '', stages: [], citations: [], state: 'streaming' });

describe('a chat turn as the answer streams in', () => {
  it('appends tokens in order and ends with the model that answered', () => {
    let turn = fresh();
    for (const text of ['You decided ', 'to cache ', 'per file [m:01J9Z8Y7X6W5V4T3S2R1Q0P9N8].']) turn = applyChatEvent(turn, { type: 'token', text });
    turn = applyChatEvent(turn, { type: 'done', conversationId: 'c1', model: 'offline' });
    assert.equal(turn.answer, 'You decided to cache per file [m:01J9Z8Y7X6W5V4T3S2R1Q0P9N8].');
    assert.equal(turn.state, 'done');
    assert.equal(turn.model, 'offline');
  });

  it('joins streamed pieces of one thinking stage and starts a new one when the name changes', () => {
    let turn = fresh();
    turn = applyChatEvent(turn, { type: 'stage', name: 'plan', text: 'What is asked: ' });
    turn = applyChatEvent(turn, { type: 'stage', name: 'plan', text: 'a decision.' });
    turn = applyChatEvent(turn, { type: 'stage', name: 'critic 1', text: 'Cite the note.' });
    assert.deepEqual(turn.stages, [
      { name: 'plan', text: 'What is asked: a decision.' },
      { name: 'critic 1', text: 'Cite the note.' },
    ]);
  });

  it('lists each cited memory once', () => {
    let turn = fresh();
    turn = applyChatEvent(turn, { type: 'citation', id: 'A', preview: 'cache' });
    turn = applyChatEvent(turn, { type: 'citation', id: 'A', preview: 'cache' });
    turn = applyChatEvent(turn, { type: 'citation', id: 'B', preview: 'parser' });
    assert.deepEqual(turn.citations.map((c) => c.id), ['A', 'B']);
  });

  it('never mutates the previous turn object (the view re-renders on a new one)', () => {
    const before = fresh();
    const after = applyChatEvent(before, { type: 'token', text: 'x' });
    assert.notEqual(before, after);
    assert.equal(before.answer, '');
  });
});

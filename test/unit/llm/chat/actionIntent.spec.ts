import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectActionIntent, proposalAnswer } from '../../../../src/core/llm/chat/actionIntent';

function titleOf(message: string): string | undefined {
  return detectActionIntent(message)?.args.title;
}

describe('chat action intent', () => {
  it('reads a task from the ways people ask for one', () => {
    assert.equal(titleOf('remind me to call Alice tomorrow'), 'Call Alice tomorrow');
    assert.equal(titleOf('Please remind me to water the plants.'), 'Water the plants');
    assert.equal(titleOf('Can you remind me to book the dentist?'), 'Book the dentist');
    assert.equal(titleOf('Add a task: renew the TLS certificate'), 'Renew the TLS certificate');
    assert.equal(titleOf('create a task to rotate the database password'), 'Rotate the database password');
    assert.equal(titleOf('put "review Bob\'s PR" on my list'), "Review Bob's PR");
    assert.equal(titleOf('add buy oat milk to my todo list, please'), 'Buy oat milk');
    assert.deepEqual(detectActionIntent('remind me to call Alice tomorrow'), { skill: 'task', args: { action: 'create', title: 'Call Alice tomorrow' } });
  });

  it('leaves questions and statements alone', () => {
    for (const message of [
      'When is the parser release?',
      'What did I ask you to remind me to do yesterday?',
      'How do I add a task in the CLI?',
      'I put the notes on my desk',
      'Alice said to remind me to call her',
      'remind me',
      'add a task',
    ]) {
      assert.equal(detectActionIntent(message), undefined, message);
    }
  });

  it('answers plainly where the proposal stands, with its id', () => {
    const intent = { skill: 'task' as const, args: { action: 'create' as const, title: 'Call Alice' } };
    assert.match(proposalAnswer(intent, { id: 'P1', status: 'pending' }), /proposed the task "Call Alice" \(proposal P1\)\. It waits for your approval/);
    assert.match(proposalAnswer(intent, { id: 'P2', status: 'executed' }), /^Done: I created the task "Call Alice" \(proposal P2\)/);
    assert.match(proposalAnswer(intent, { id: 'P3', status: 'denied', decision: { reason: 'autonomy is paused' } }), /P3.*denied: autonomy is paused/);
  });
});

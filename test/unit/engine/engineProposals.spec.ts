import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EngineServices } from '../../../src/core/engine/engineServices';
import type { ChatMode } from '../../../src/core/llm/chat/chatTypes';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import type { ChatEvent } from '../../../src/protocol/chatProtocol';
import { tempDirsForSuite } from '../store/storeFixtures';

interface QueueLine {
  ev: string;
  id: string;
  status?: string;
  proposal?: { skill: string; args: Record<string, unknown>; source: string; reason: string };
}

/** The engine as a window runs it (offline model, lexical index), in this process; no background schedules. */
function engineOn(profilePath: string): EngineServices {
  return new EngineServices(
    { profilePath, values: { ...defaultSettings(), agentsEnabled: false }, actor: 'test' },
    { log: () => undefined, onIndexProgress: () => undefined, onMemoryChanged: () => undefined },
  );
}

async function ask(engine: EngineServices, message: string, mode: ChatMode = 'conversation'): Promise<{ answer: string; events: ChatEvent[] }> {
  const events: ChatEvent[] = [];
  for await (const event of engine.chat.ask({ message, mode }, new AbortController().signal)) events.push(event);
  return { answer: events.flatMap((e) => (e.type === 'token' ? [e.text] : [])).join(''), events };
}

/** approvals/queue.jsonl as written, one event a line. */
function queueLines(profilePath: string): QueueLine[] {
  const file = join(profilePath, 'approvals', 'queue.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as QueueLine);
}

function proposed(profilePath: string): QueueLine[] {
  return queueLines(profilePath).filter((l) => l.ev === 'proposed');
}

describe('engine: chat and agents propose through the decision engine', () => {
  const temp = tempDirsForSuite();

  it('"remind me to call Alice tomorrow" in chat becomes a pending task proposal from chat, and the answer says it waits for approval', async () => {
    const profile = temp('chat-remind');
    const engine = engineOn(profile);
    try {
      const { answer, events } = await ask(engine, 'Remind me to call Alice tomorrow');
      const [line] = proposed(profile);
      assert.ok(line?.proposal, 'one proposal in approvals/queue.jsonl');
      assert.equal(proposed(profile).length, 1);
      assert.equal(line.proposal.skill, 'task');
      assert.deepEqual(line.proposal.args, { action: 'create', title: 'Call Alice tomorrow' });
      assert.equal(line.proposal.source, 'chat');
      assert.match(line.proposal.reason, /Remind me to call Alice tomorrow/);
      const decided = queueLines(profile).find((l) => l.ev === 'decided' && l.id === line.id);
      assert.equal(decided?.status, 'pending');

      assert.ok(answer.includes(line.id), `the answer names the proposal: ${answer}`);
      assert.match(answer, /"Call Alice tomorrow"/);
      assert.match(answer, /waits for your approval/);
      assert.ok(events.some((e) => e.type === 'done'), 'the answer ends as usual');
      const store = await engine.openStore();
      assert.deepEqual(await store.tasks.list(), [], 'no task exists until the person approves');
      const turns = (await store.memory.list()).filter((r) => r.kind === 'chat');
      assert.ok(turns.some((r) => r.meta.role === 'assistant' && r.text === answer), 'the answer is remembered like any other');
    } finally {
      await engine.close();
    }
  });

  it('a normal question proposes nothing, and neither does emulation, even asked to remind', async () => {
    const profile = temp('chat-none');
    const engine = engineOn(profile);
    try {
      await engine.addNote('Alice moved the parser release to June.');
      const normal = await ask(engine, 'When is the parser release?');
      assert.doesNotMatch(normal.answer, /propos|approval/i);
      const emulated = await ask(engine, 'Remind me to call Alice tomorrow', 'emulation');
      assert.doesNotMatch(emulated.answer, /propos|approval/i);
      assert.deepEqual(proposed(profile), []);
    } finally {
      await engine.close();
    }
  });

  it('a reflector run asked of the engine proposes the TODO it found, as agent:reflector', async () => {
    const profile = temp('agent-reflector');
    const engine = engineOn(profile);
    try {
      const { id } = await engine.addNote('TODO: renew the TLS certificate');
      let summary = '';
      for await (const event of engine.agents.run('reflector', new AbortController().signal)) if (event.type === 'done') summary = event.run.summary ?? '';
      const [line] = proposed(profile);
      assert.ok(line?.proposal, `a proposal in the queue (run: ${summary})`);
      assert.equal(line.proposal.source, 'agent:reflector');
      assert.deepEqual(line.proposal.args, { action: 'create', title: 'Renew the TLS certificate' });
      assert.ok(line.proposal.reason.includes(`[m:${id}]`), line.proposal.reason);
      assert.match(summary, /proposed 1 task/);
    } finally {
      await engine.close();
    }
  });
});

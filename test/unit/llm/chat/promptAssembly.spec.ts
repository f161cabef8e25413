import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ConversationTurn, MemoryCandidate } from '../../../../src/core/llm/chat/chatTypes';
import { citedIds, parseMemoryLines } from '../../../../src/core/llm/chat/memoryLines';
import { assemblePrompt } from '../../../../src/core/llm/chat/promptAssembly';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from '../../../../src/core/llm/tokenEstimate';
import { personaTemplate } from '../../../../src/core/persona/personaStore';
import { adaPersona } from './chatFixtures';

function memory(n: number, text: string, score: number): MemoryCandidate {
  return { id: `01HZ${String(n).padStart(22, '0')}`, ts: `2024-05-${String((n % 28) + 1).padStart(2, '0')}T10:00:00.000Z`, kind: 'note', text, score };
}

const persona = adaPersona(personaTemplate());

describe('prompt assembly', () => {
  it('puts the persona parts and the memories, with their ids, into the prompt and the report', () => {
    const memories = [memory(1, 'Fixed the race condition in the parser.', 0.9), memory(2, 'Moved the release to June.', 0.4)];
    const { messages, report } = assemblePrompt({ persona, question: 'What did I fix?', mode: 'conversation', memories, turns: [], budgetTokens: 4000 });
    const system = messages[0].content;
    assert.equal(messages[0].role, 'system');
    assert.deepEqual(messages.at(-1), { role: 'user', content: 'What did I fix?' });
    for (const needle of ['Ada', 'backend engineer', 'correctness', 'Never discuss: salary negotiations', 'Never do: push to main', 'dry and direct']) assert.ok(system.includes(needle), needle);
    assert.deepEqual(report.persona, ['identity', 'boundaries', 'values', 'communication style']);
    assert.ok(system.includes(`[m:${memories[0].id}] 2024-05-02 (note): Fixed the race condition`));
    assert.deepEqual(report.memories.map((m) => [m.id, m.score]), [[memories[0].id, 0.9], [memories[1].id, 0.4]]);
    assert.deepEqual(report.dropped, { memories: 0, turns: 0 });
  });

  it('keeps within the budget with huge inputs, dropping the least relevant memories and the oldest turns first', () => {
    const memories = Array.from({ length: 200 }, (_, i) => memory(i, `Memory ${i}: ${'lorem ipsum dolor sit amet '.repeat(80)}`, i / 200));
    const turns: ConversationTurn[] = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, role: i % 2 ? 'assistant' : 'user', text: `turn ${i} ${'words '.repeat(200)}`, ts: '2024-05-01T00:00:00.000Z' }));
    const editor = { file: 'src/parser.ts', languageId: 'typescript', text: 'const x = 1;\n'.repeat(20_000) };
    const budget = 4000;
    const { messages, report } = assemblePrompt({ persona, question: `Why? ${'really '.repeat(3000)}`, mode: 'conversation', memories, turns, editor, budgetTokens: budget });
    const total = messages.reduce((sum, m) => sum + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);
    assert.ok(total <= budget, `${total} > ${budget}`);
    assert.equal(report.promptTokens, total);
    assert.ok(report.memories.length > 0 && report.dropped.memories > 0);
    // The most relevant memory is the first kept; every kept one outranks every dropped one it could replace.
    assert.equal(report.memories[0].id, memories[199].id);
    assert.ok(report.memories.every((m) => m.score >= 0.9), 'only the top-scored memories fit');
    assert.equal(report.editor?.truncated, true);
    assert.ok(report.dropped.turns > 0);
    // The newest turn is kept, and the turns start with the person, not the model.
    assert.ok(messages.some((m) => m.content.startsWith('turn 39 ')));
    assert.equal(messages[1].role, 'user');
    assert.ok(report.persona.includes('identity') && report.persona.includes('boundaries'));
  });

  it('renders citations that resolve to the memories it reports, and the offline reader reads them back', () => {
    const memories = [memory(3, 'Chose SQLite FTS5 for full-text search.\nIt runs as WebAssembly.', 0.7), memory(4, 'Tried Orama; memory grew too much.', 0.6)];
    const { messages, report } = assemblePrompt({ persona, question: 'search engine?', mode: 'emulation', memories, turns: [], budgetTokens: 2000 });
    const ids = citedIds(messages[0].content);
    assert.deepEqual(ids, report.memories.map((m) => m.id));
    assert.deepEqual(parseMemoryLines(messages[0].content).map((m) => [m.id, m.date, m.kind]), [[memories[0].id, '2024-05-04', 'note'], [memories[1].id, '2024-05-05', 'note']]);
    assert.match(messages[0].content, /You answer as Ada.*read-only/s);
  });

  it('includes editor context and says so in the report', () => {
    const { messages, report } = assemblePrompt({ persona, question: 'What does this do?', mode: 'conversation', memories: [], turns: [], editor: { file: 'src/a.ts', languageId: 'typescript', text: 'export const a = 1;' }, budgetTokens: 2000 });
    assert.match(messages[0].content, /## Editor: src\/a\.ts \(typescript\)\n```typescript\nexport const a = 1;\n```/);
    assert.deepEqual(report.editor, { file: 'src/a.ts', languageId: 'typescript', truncated: false });
  });
});

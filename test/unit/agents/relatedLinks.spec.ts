import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { organizerAgent } from '../../../src/core/agents/organizer';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture } from './agentFixtures';
import { asAda, hoursAgo, note, NOW, twinAnswer } from './agentRecords';

const makeDir = tempDirsForSuite();
const related = (r: MemoryRecord | undefined) => (r?.links ?? []).filter((l) => l.rel === 'related').map((l) => l.id);

describe('organizer, related links', () => {
  it('links a new memory to an earlier one that names the same file, and not to one that only shares words', async () => {
    const fx = await agentFixture(makeDir, {
      now: () => NOW,
      records: [
        note('Decided to keep the BM25 weights in src/core/index/ftsStore.ts for the memory index.', hoursAgo(30), { project: 'mh' }),
        note('The memory index felt slow this morning, the coffee machine too.', hoursAgo(29), { project: 'mh' }),
        { kind: 'reflection', text: 'I keep tuning src/core/index/ftsStore.ts for the memory index.', ts: hoursAgo(28), source: 'agent:reflector' },
        twinAnswer('You changed src/core/index/ftsStore.ts for the memory index last week.', hoursAgo(27)),
      ],
    });
    const ctx = asAda(fx.ctx);
    await organizerAgent.run(ctx);
    const [earlier, wordsOnly, thought, answer] = await fx.store.memory.list({ newestFirst: false });

    const [onFile, unrelated] = await fx.store.memory.appendMany([
      note('Raised the text weight for the memory index again in src/core/index/ftsStore.ts.', hoursAgo(2), { project: 'mh' }),
      note('The memory index should stay quiet during the weekly planning call.', hoursAgo(1), { project: 'mh' }),
    ]);
    const result = await organizerAgent.run(ctx);
    assert.equal(result.outcome, 'ok', result.summary);

    const linked = related(await fx.store.memory.get(onFile.id));
    assert.ok(linked.includes(earlier.id), `linked to the earlier decision on the same file: ${JSON.stringify(linked)}`);
    for (const other of [wordsOnly, thought, answer]) assert.ok(!linked.includes(other.id), `not linked to "${other.text}"`);
    assert.deepEqual(related(await fx.store.memory.get(unrelated.id)), [], 'sharing words but no name is no relation');
    assert.deepEqual(related(await fx.store.memory.get(earlier.id)), [], 'links point from the newer record to the older only');
    await fx.close();
  });
});

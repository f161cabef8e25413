import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';

describe('memory index in a worker thread', () => {
  it('opens, indexes and searches inside worker_threads, as the engine worker runs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mh-index-worker-'));
    try {
      // The worker runs TypeScript source through tsx's require hook, as the tests run everything else.
      const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(join(__dirname, '../../fixtures/index/indexWorker.ts'))});`;
      const worker = new Worker(boot, {
        eval: true,
        workerData: { dir, texts: ['fixed the parser bug', 'lunch with the team', 'wrote the release notes'] },
      });
      const message = await new Promise<{ texts?: string[]; kernel?: string; embedded?: number; error?: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      assert.equal(message.error, undefined);
      assert.equal(message.texts?.[0], 'fixed the parser bug');
      assert.equal(message.embedded, 3);
      assert.equal(message.kernel, 'simd');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { describeEngine } from '../../../webview/chat/engineLabel';

describe('describeEngine', () => {
  it('names version and runtime once the engine has answered', () => {
    const label = describeEngine({
      engine: 'ready',
      profilePath: '/p',
      status: { version: '0.1.0', profilePath: '/p', profileExists: true, runtime: 'node 20.20.2', pid: 1, uptimeMs: 5, heapUsedBytes: 1 },
    });
    assert.equal(label, 'Engine ready · MetaHuman 0.1.0 (node 20.20.2)');
  });

  it('says the engine is restarting after a crash, and stopped when it gave up', () => {
    assert.match(describeEngine({ engine: 'crashed', profilePath: '/p' }), /restarting after a crash/);
    assert.equal(describeEngine({ engine: 'failed', profilePath: '/p', error: 'x' }), 'Engine stopped');
  });

  it('says it is connecting before any state arrived', () => {
    assert.match(describeEngine(undefined), /Connecting/);
  });
});

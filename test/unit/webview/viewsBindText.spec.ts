import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..', '..');
/** Ways of turning a string into markup; the agents and approvals views have no use for any. */
const MARKUP_SINKS = /\bunsafeHTML\b|\bunsafeSVG\b|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write/;

describe('the agents, approvals and reflections views', () => {
  for (const view of ['persona', 'agents', 'approvals', 'reflections', 'memory', 'dashboard', 'tasks', 'models', 'audit']) {
    it(`bind proposal, memory and model text only as text (webview/${view})`, () => {
      const dir = join(root, 'webview', view);
      const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
      assert.ok(files.length > 0);
      const offenders = files.filter((f) => MARKUP_SINKS.test(readFileSync(join(dir, f), 'utf8')));
      assert.deepEqual(offenders, []);
    });
  }
});

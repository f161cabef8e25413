import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tempDirsForSuite } from '../store/storeFixtures';
import { auditEntries, engineFixture } from './decisionFixtures';

describe('decision engine: the audit says what was proposed and run', () => {
  const temp = tempDirsForSuite();

  it('a shell proposal names its command line and folder, with the reason', async () => {
    const f = await engineFixture(temp);
    const state = await f.engine.propose({ skill: 'shell', args: { command: 'npm test -- --grep parser', cwd: '.' }, source: 'agent:organizer', reason: 'check the parser fix', workspace: f.workspace });
    const decision = auditEntries(f.store).find((e) => e.type === 'decision' && e.proposal === state.id);
    assert.ok(decision?.type === 'decision');
    assert.equal(decision.args, 'command: "npm test -- --grep parser"; cwd: "."');
    assert.equal(decision.reason, 'check the parser fix');
    await f.close();
  });

  it('a write-file proposal names its path; a large content never reaches the audit, not even once edited', async () => {
    const f = await engineFixture(temp);
    const content = 'the whole plan, line after line\n'.repeat(5000);
    const state = await f.engine.propose({ skill: 'write-file', args: { path: 'docs/plan.md', content }, source: 'chat', reason: 'write the plan', workspace: f.workspace });
    const edited = `${content}one more line\n`;
    const done = await f.engine.approve(state.id, { path: 'docs/plan.md', content: edited });
    assert.equal(done.status, 'executed');
    const entries = auditEntries(f.store).filter((e) => 'proposal' in e && e.proposal === state.id);
    const decision = entries.find((e) => e.type === 'decision');
    assert.ok(decision?.type === 'decision');
    assert.match(decision.args ?? '', /^path: "docs\/plan\.md"; content: 160000 bytes \(content not recorded\)$/);
    const edit = entries.find((e) => e.type === 'approval' && e.action === 'edited');
    assert.ok(edit?.type === 'approval');
    assert.equal(edit.changes, 'content: 160000 bytes (content not recorded) → 160014 bytes (content not recorded)');
    const all = JSON.stringify(auditEntries(f.store));
    assert.doesNotMatch(all, /the whole plan/, 'no line of the content is in the audit');
    await f.close();
  });
});

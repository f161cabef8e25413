import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARGS_SUMMARY_LIMIT, summarizeArgs, summarizeChanges } from '../../../src/core/decisions/proposalSummary';

describe('what an audit entry says was proposed', () => {
  it('a shell proposal: the command line and its folder', () => {
    assert.equal(summarizeArgs('shell', { command: 'npm test -- --grep parser', cwd: 'packages/web' }), 'command: "npm test -- --grep parser"; cwd: "packages/web"');
  });

  it('a write-file proposal: the path and the size of the content, never the content', () => {
    const content = `${'secret plan line\n'.repeat(10_000)}`;
    const summary = summarizeArgs('write-file', { path: 'docs/plan.md', content });
    assert.equal(summary, `path: "docs/plan.md"; content: ${Buffer.byteLength(content)} bytes (content not recorded)`);
    const edits = summarizeArgs('write-file', { path: 'src/app.ts', edits: [{ find: 'const a = 1', replace: 'const a = 2' }, { find: 'x', replace: 'y' }] });
    assert.equal(edits, 'path: "src/app.ts"; edits: 2 find/replace edits, 24 bytes (text not recorded)');
    assert.doesNotMatch(edits, /const a/);
  });

  it('a calendar event: its title and time; long strings are cut, the whole is capped at 2 KB', () => {
    assert.equal(summarizeArgs('calendar-event', { title: 'Pairing', start: '2025-03-05T10:00:00Z', durationMinutes: 30 }), 'title: "Pairing"; start: "2025-03-05T10:00:00Z"; durationMinutes: 30');
    const long = summarizeArgs('notify', { message: 'x'.repeat(5000) });
    assert.match(long, /^message: "x{200}… \(4800 more characters\)"$/);
    const many = summarizeArgs('task', { action: 'create', title: 'a'.repeat(300), notes: 'b'.repeat(300), tags: Array.from({ length: 40 }, (_, i) => `${'t'.repeat(150)}${i}`) });
    assert.ok(many.length <= ARGS_SUMMARY_LIMIT, `${many.length} characters`);
    assert.match(many, /^action: "create"; title: "a{200}… \(100 more characters\)"/);
  });

  it('secrets in arguments are redacted', () => {
    const summary = summarizeArgs('shell', { command: 'curl -H "Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789" https://api.example.com' });
    assert.doesNotMatch(summary, /ghp_abcdefghijklmnopqrstuvwxyz0123456789/);
    assert.match(summary, /curl -H/);
  });

  it('edits before approval: each changed field, before → after, content sizes only', () => {
    const changes = summarizeChanges('write-file', { path: 'a.md', content: 'draft\n' }, { path: 'b.md', content: 'final text\n' }, ['content', 'path']);
    assert.equal(changes, 'content: 6 bytes (content not recorded) → 11 bytes (content not recorded); path: "a.md" → "b.md"');
    assert.equal(summarizeChanges('task', { action: 'create', title: 'x' }, { action: 'create', title: 'x', due: '2025-03-05' }, ['due']), 'due: (none) → "2025-03-05"');
  });
});

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { AuditEntryView, AuditReportView } from '../../../src/protocol/auditProtocol';
import { renderAuditEntry } from '../../../webview/audit/auditEntryCard';
import { renderAuditList, type AuditListActions, type AuditResults } from '../../../webview/audit/auditList';
import { appendPage, entryMatches, keyFields, liveMatches, NO_FILTER, toggleCategory, verifySummary } from '../../../webview/audit/auditModel';
import { renderVerifyBanner } from '../../../webview/audit/verifyBanner';
import { elementsWithClass, templateHtml, visibleText } from './templateHtml';
import { NOW, at } from './viewFixtures';

function entry(overrides: Partial<AuditEntryView> = {}): AuditEntryView {
  return {
    key: '2026-03-04#7',
    seq: 7,
    ts: at(-5),
    type: 'skill_execution',
    category: 'action',
    actor: 'vscode',
    fields: { skill: 'write-file', proposal: 'p-42', dryRun: false, decision: 'allow', outcome: 'ok', durationMs: 12 },
    ...overrides,
  };
}

const modelCall = entry({ key: '2026-03-04#8', seq: 8, type: 'model_call', category: 'model', actor: 'engine', fields: { provider: 'ollama', model: 'llama3.2', inputTokens: 10, outputTokens: 4, durationMs: 80, ok: true } });
const trust = entry({ key: '2026-03-04#9', seq: 9, type: 'trust', category: 'security', fields: { skill: 'shell', change: 'level', from: 'supervised', to: 'observe', reason: 'too many runs' } });
const write = entry({ key: '2026-03-04#10', seq: 10, type: 'write', category: 'data', actor: 'cli', fields: { target: 'memory', op: 'append', ids: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'], count: 9 } });

const report = (overrides: Partial<AuditReportView> = {}): AuditReportView => ({ ok: true, files: 3, entries: 120, warnings: [], head: 'abc', ...overrides });

const noActions: AuditListActions = { more: () => undefined, retry: () => undefined, clearFilters: () => undefined };
const results = (overrides: Partial<AuditResults> = {}): AuditResults => ({ entries: [], total: 0, held: 0, loading: false, filtered: false, fresh: new Set(), ...overrides });

describe('an audit entry', () => {
  it('shows its time, type, category label, actor and identifying fields', () => {
    const shown = visibleText(templateHtml(renderAuditEntry(entry(), NOW)));
    for (const part of ['skill execution', 'Action', '5 minutes ago', 'by vscode', 'Skill write-file', 'Proposal p-42', 'Outcome ok']) assert.ok(shown.includes(part), `"${part}" in: ${shown}`);
    assert.ok(visibleText(templateHtml(renderAuditEntry(modelCall, NOW))).includes('Model call'));
    assert.ok(visibleText(templateHtml(renderAuditEntry(trust, NOW))).includes('Security'));
    assert.ok(visibleText(templateHtml(renderAuditEntry(write, NOW))).includes('Data'));
  });

  it('names a trust change and shortens long record id lists', () => {
    assert.deepEqual(keyFields(trust).map((f) => `${f.label}: ${f.text}`), ['Skill: shell', 'Change: level', 'Reason: too many runs', 'Level: supervised → observe']);
    assert.deepEqual(keyFields(write).find((f) => f.name === 'ids')?.text, 'm1, m2, m3, m4, m5 and 4 more');
  });

  it('keeps the full entry as pretty JSON behind a disclosure', () => {
    const [json] = elementsWithClass(templateHtml(renderAuditEntry(entry(), NOW)), 'entry-json');
    assert.equal(json?.tag, 'details');
    assert.ok(visibleText(json?.inner ?? '').includes('"proposal": "p-42"'));
  });

  it('binds field values as text, never as markup', () => {
    const hostile = entry({ actor: '<b>x</b>', fields: { skill: '<img src=x onerror=alert(1)>', reason: '<script>alert(1)</script>' } });
    const html = templateHtml(renderAuditEntry(hostile, NOW));
    assert.ok(!/<img|<script|<b>/.test(html), html);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(visibleText(html).includes('Reason <script>alert(1)</script>'));
  });
});

describe('the audit filter', () => {
  it('matches words in any field and the chosen categories, like the engine search', () => {
    assert.ok(entryMatches(modelCall, NO_FILTER));
    assert.ok(entryMatches(modelCall, { text: 'OLLAMA llama3', categories: [] }));
    assert.ok(!entryMatches(modelCall, { text: 'ollama shell', categories: [] }), 'every word must be there');
    assert.ok(entryMatches(write, { text: 'cli', categories: [] }), 'the actor counts');
    const onlySecurity = toggleCategory(NO_FILTER, 'security', true);
    assert.deepEqual([modelCall, trust, write].filter((e) => entryMatches(e, onlySecurity)).map((e) => e.type), ['trust']);
    assert.deepEqual(toggleCategory(onlySecurity, 'security', false).categories, []);
  });

  it('puts live entries on top only when they match, newest first, never twice', () => {
    const shown = [entry()];
    const incoming = [modelCall, trust, entry()];
    assert.deepEqual(liveMatches(shown, incoming, NO_FILTER).map((e) => e.key), [trust.key, modelCall.key]);
    assert.deepEqual(liveMatches(shown, incoming, { text: '', categories: ['model'] }).map((e) => e.type), ['model_call']);
    assert.deepEqual(liveMatches(shown, incoming, { text: 'shell', categories: ['model'] }), []);
  });

  it('appends a further page without repeating entries a live one pushed down', () => {
    assert.deepEqual(appendPage([trust, modelCall], [modelCall, entry()]).map((e) => e.key), [trust.key, modelCall.key, entry().key]);
  });
});

describe('the audit list', () => {
  it('shows the count, newest-first entries and "Show more" while older ones remain', () => {
    const html = templateHtml(renderAuditList(results({ entries: [trust, modelCall], total: 5, fresh: new Set([trust.key]) }), NOW, noActions));
    const text = visibleText(html);
    assert.ok(text.includes('Showing 2 of 5 entries'), text);
    assert.ok(text.includes('Show more (3 older)'), text);
    assert.deepEqual(elementsWithClass(html, 'audit-entry').map((e) => e.classes.includes('fresh')), [true, false]);
    assert.ok(!visibleText(templateHtml(renderAuditList(results({ entries: [trust], total: 1 }), NOW, noActions))).includes('Show more'));
  });

  it('has a loading state, an error with Retry, and empty states that say what to do', () => {
    assert.ok(visibleText(templateHtml(renderAuditList(results({ loading: 'first' }), NOW, noActions))).includes('Reading the audit log'));
    const error = templateHtml(renderAuditList(results({ error: 'The audit log could not be searched: engine stopped' }), NOW, noActions));
    assert.ok(error.includes('role="alert"') && error.includes('id="audit-retry"'));
    const filtered = templateHtml(renderAuditList(results({ filtered: true }), NOW, noActions));
    assert.ok(visibleText(filtered).includes('No entries match') && filtered.includes('id="audit-clear-filters"'));
    assert.ok(visibleText(templateHtml(renderAuditList(results(), NOW, noActions))).includes('The audit log is empty'));
  });
});

describe("the audit log's check", () => {
  it('says an intact chain with how much was checked', () => {
    assert.deepEqual(verifySummary(report()), { tone: 'ok', title: 'Audit log intact', detail: 'The hash chain checks out: 120 entries in 3 day files.' });
    const html = templateHtml(renderVerifyBanner({ report: report({ entries: 1, files: 1 }) }, () => undefined));
    assert.ok(visibleText(html).includes('1 entry in 1 day file'));
    assert.ok(html.includes('id="audit-verify-again"'));
    assert.ok(!html.includes('role="alert"'));
  });

  it('names the broken file and line, in an error state, with what to do', () => {
    const broken = report({ ok: false, firstBreak: { file: 'audit/2026-03-04.jsonl', line: 3, reason: 'the entry was edited after it was written' } });
    const html = templateHtml(renderVerifyBanner({ report: broken }, () => undefined));
    const text = visibleText(html);
    assert.ok(text.includes('Audit log broken'), text);
    assert.ok(text.includes('audit/2026-03-04.jsonl, line 3: the entry was edited after it was written'), text);
    assert.ok(text.includes('mh audit verify'), text);
    assert.ok(html.includes('role="alert"') && html.includes('verify-bad'));
  });

  it('shows checking, and a failed check with Verify again', () => {
    assert.ok(visibleText(templateHtml(renderVerifyBanner({}, () => undefined))).includes('Checking'));
    const failed = templateHtml(renderVerifyBanner({ verifyError: 'The audit log could not be checked: engine stopped' }, () => undefined));
    assert.ok(failed.includes('role="alert"') && failed.includes('id="audit-verify-again"'));
    assert.ok(templateHtml(renderVerifyBanner({ report: report(), verifying: true }, () => undefined)).includes('Verifying…'));
  });
});

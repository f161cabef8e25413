import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ModelsViewState } from '../../../src/protocol/modelsViewProtocol';
import { renderModelsView, type ModelsActions } from '../../../webview/models/modelsView';
import { elementsWithClass, templateHtml, visibleText } from './templateHtml';
import { failedTest, offlineStatus, okTest, ollamaStatus } from './modelsFixtures';
import { needsReachabilityCheck, testKey } from '../../../src/host/models/reachabilityCheck';

const noActions: ModelsActions = { test: () => undefined, selectProvider: () => undefined, openSettings: () => undefined, retry: () => undefined, setModel: () => undefined };
const show = (state: ModelsViewState) => templateHtml(renderModelsView(state, noActions));
const roleText = (html: string, label: string) => visibleText(elementsWithClass(html, 'role-row').find((r) => r.inner.includes(`<h4>${label}</h4>`))?.inner ?? '');

describe('the models view as shown', () => {
  it('waits for the engine with a loading state, and on an error offers Retry', () => {
    assert.match(visibleText(show({})), /Reading the model settings from the engine…/);
    const html = show({ error: 'The models status is not available: the engine stopped' });
    assert.match(html, /<p class="error" role="alert">The models status is not available: the engine stopped<\/p>/);
    assert.match(html, /<vscode-button id="retry">Retry<\/vscode-button>/);
  });

  it('offline: says nothing is configured, what works offline, how to set up Ollama, and offers Select Model Provider', () => {
    const html = show({ status: offlineStatus(), editableRoles: ['reflection', 'dreaming', 'organizing'] });
    const guidance = visibleText(elementsWithClass(html, 'card').find((c) => c.inner.includes('offline-heading'))?.inner ?? '');
    assert.match(guidance, /^No model is configured: MetaHuman runs offline Nothing is contacted until you choose a provider\./);
    assert.match(guidance, /Works offline: capturing memories, search, and chat answers built from your memories with their sources\./);
    assert.match(guidance, /Waits for a model: reflections, dreams and model-written summaries\./);
    assert.match(guidance, /Install Ollama from ollama\.com and start it\. In a terminal, pull a chat model: ollama pull llama3\.2/);
    assert.match(html, /<vscode-button id="select-provider">Select Model Provider…<\/vscode-button>/);
    assert.match(visibleText(html), /Provider Offline \(no model\) Status Nothing to reach: offline mode/);
    assert.doesNotMatch(html, /provider-endpoint/, 'offline has no address');
  });

  it('lists every role, an empty one as using the chat model', () => {
    const html = show({ status: ollamaStatus({ reflection: 'qwen2.5:0.5b' }), editableRoles: ['chat', 'reflection', 'dreaming', 'organizing', 'embedding'] });
    const rows = elementsWithClass(html, 'role-row').map((r) => visibleText(r.inner));
    assert.deepEqual(
      rows.map((r) => r.replace(/ Model for .*$/, '')),
      ['Chat llama3.2', 'Reflection qwen2.5:0.5b', 'Dreaming uses the chat model (llama3.2)', 'Organizing uses the chat model (llama3.2)', 'Embedding (search) nomic-embed-text'],
    );
    const offline = show({ status: offlineStatus(), editableRoles: [] });
    assert.match(roleText(offline, 'Reflection'), /^Reflection uses the chat model \(none: offline mode\)/);
    assert.match(roleText(offline, 'Embedding (search)'), /lexical \(built in, no model\) Set in metahuman\.search\.embedder ?\./);
  });

  it('changes a role with a text field before a test, and with a select of the tested models after', () => {
    const before = show({ status: ollamaStatus(), editableRoles: ['reflection'] });
    assert.match(before, /<label for="role-reflection-model" class="sr-only">Model for reflection<\/label>\s*<input\s+type="text"\s+id="role-reflection-model"\s+name="model"/);
    assert.match(before, /placeholder="empty: uses the chat model"/);
    assert.match(before, /aria-label="Set: the reflection model"/);
    assert.doesNotMatch(before, /role-chat-model/, 'a role the host does not allow is not editable');
    const after = show({ status: ollamaStatus({ reflection: 'qwen2.5:0.5b' }), editableRoles: ['reflection'], test: okTest() });
    const select = /<select id="role-reflection-model" name="model">([\s\S]*?)<\/select>/.exec(after)?.[1] ?? '';
    assert.deepEqual(
      [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => `${m[1]}${m[2] ? '*' : ''}`),
      ['', 'qwen2.5:0.5b*', 'llama3.2:latest'],
    );
  });

  it('a successful test shows the latency and the models with their sizes', () => {
    const html = show({ status: ollamaStatus(), test: okTest() });
    assert.match(visibleText(html), /Endpoint http:\/\/127\.0\.0\.1:11434 Status Reachable \(42 ms\)/);
    const result = /<div id="test-result" role="status" aria-live="polite">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    assert.match(visibleText(result), /^Connected to Ollama in 42 ms · 2 models\. Ollama 0\.5\.1 answers at http:\/\/127\.0\.0\.1:11434\. llama3\.2:latest 2\.0 GB qwen2\.5:0\.5b 398 MB$/);
    assert.doesNotMatch(result, /retry-test/);
  });

  it('a failed test shows the error naming the address, with Test again, Select Model Provider and the settings', () => {
    const html = show({ status: ollamaStatus(), test: failedTest() });
    assert.match(visibleText(html), /Status Not reachable/);
    const outcome = elementsWithClass(html, 'test-outcome')[0];
    assert.ok(outcome?.classes.includes('error'));
    assert.match(visibleText(outcome.inner), /^Could not reach Ollama in 3 ms\. Ollama is not reachable at http:\/\/127\.0\.0\.1:11434: connection refused\. Start it with "ollama serve"\. Test again Select Model Provider… Open Model Settings$/);
  });

  it('offline Test connection reports offline mode without a way-forward alarm', () => {
    const html = show({ status: offlineStatus(), test: { provider: 'offline', contacted: false, ok: true, message: 'Offline mode: no model is contacted.', models: [] } });
    assert.match(visibleText(elementsWithClass(html, 'test-outcome')[0]?.inner ?? ''), /^Offline mode: nothing was contacted\. Offline mode: no model is contacted\.$/);
    assert.doesNotMatch(html, /retry-test/);
  });

  it('while testing, the button says so and is disabled', () => {
    assert.match(show({ status: ollamaStatus(), testing: true }), /<vscode-button id="test-connection" disabled>Testing…<\/vscode-button>/);
  });

  it('shows model names, messages and notices as text, never as markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = show({
      status: { ...ollamaStatus(), endpoint: `http://h/${evil}` },
      editableRoles: ['reflection'],
      test: okTest({ ok: false, message: evil, models: [{ name: evil, sizeBytes: 1 }] }),
      notice: { text: evil, tone: 'error' },
    });
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

describe("the models view's own reachability check", () => {
  it('shows checking, then reachable or not reachable, in the status line', () => {
    const status = (state: ModelsViewState) => visibleText(/<dd id="provider-reachability"[^>]*>([^<]*)</.exec(show(state))?.[1] ?? '');
    const checking = show({ status: ollamaStatus(), testing: true, checking: true });
    assert.equal(status({ status: ollamaStatus(), testing: true, checking: true }), 'Checking…');
    assert.match(checking, /<vscode-button id="test-connection" disabled>Checking…<\/vscode-button>/);
    assert.equal(status({ status: ollamaStatus(), test: okTest() }), 'Reachable (42 ms)');
    assert.equal(status({ status: ollamaStatus(), test: failedTest() }), 'Not reachable');
  });

  it('checks a configured Ollama or OpenAI-compatible server once per address; never offline or VS Code models', () => {
    const ollama = ollamaStatus();
    assert.equal(needsReachabilityCheck(ollama, undefined, new Set()), true, 'first shown: checks');
    assert.equal(needsReachabilityCheck(ollama, undefined, new Set([testKey(ollama)])), false, 'checked already in this window');
    assert.equal(needsReachabilityCheck(ollama, testKey(ollama), new Set()), false, 'tested by the person already');
    const moved = { ...ollama, endpoint: 'http://192.168.1.5:11434' };
    assert.equal(needsReachabilityCheck(moved, testKey(ollama), new Set([testKey(ollama)])), true, 'a new address is checked again');
    assert.equal(needsReachabilityCheck({ ...ollama, provider: 'openaiCompatible', endpoint: 'http://localhost:1234/v1' }, undefined, new Set()), true);
    assert.equal(needsReachabilityCheck(offlineStatus(), undefined, new Set()), false, 'offline has nothing to reach');
    assert.equal(needsReachabilityCheck({ ...ollama, provider: 'vscodeLm', endpoint: undefined }, undefined, new Set()), false, 'may ask for consent: waits for Test connection');
  });
});

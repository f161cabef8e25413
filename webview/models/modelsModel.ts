import type { ModelsStatus, ModelsTestResult } from '../../src/protocol/modelsProtocol';
import type { ModelsViewState } from '../../src/protocol/modelsViewProtocol';
import { formatDuration } from '../shared/relativeTime';

export type RoleRow = ModelsStatus['roles'][number];
export type Role = RoleRow['role'];

const PROVIDER_LABELS: Record<string, string> = {
  offline: 'Offline (no model)',
  ollama: 'Ollama',
  openaiCompatible: 'OpenAI-compatible server',
  vscodeLm: "VS Code's language models",
};

export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? provider;
}

const ROLE_LABELS: Record<Role, string> = {
  chat: 'Chat',
  reflection: 'Reflection',
  dreaming: 'Dreaming',
  organizing: 'Organizing',
  embedding: 'Embedding (search)',
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

/** The model a role uses, in words: "uses the chat model (llama3.2)", "none: offline mode"… */
export function roleModelText(row: RoleRow, provider: string): string {
  if (row.role === 'embedding') {
    if (row.setting === 'metahuman.search.embedder') return row.model === 'lexical' ? 'lexical (built in, no model)' : row.model === 'onnx' ? 'ONNX model from metahuman.search.onnxModelPath' : row.model;
    return row.model;
  }
  if (provider === 'offline') return row.inherits ? 'uses the chat model (none: offline mode)' : row.role === 'chat' ? 'none: offline mode' : `${row.model} (unused while offline)`;
  if (row.inherits) return row.model ? `uses the chat model (${row.model})` : 'uses the chat model';
  if (row.model) return row.model;
  if (provider === 'vscodeLm') return 'the first model VS Code offers';
  if (provider === 'openaiCompatible') return 'the first model the server lists';
  return 'not set';
}

/** How far the provider was reached, for the status line. */
export function reachability(state: ModelsViewState): { text: string; tone: 'ok' | 'bad' | 'muted' } {
  if (state.testing) return { text: state.checking ? 'Checking…' : 'Testing…', tone: 'muted' };
  const test = state.test;
  if (!test) return { text: state.status?.provider === 'offline' ? 'Nothing to reach: offline mode' : 'Not tested yet', tone: 'muted' };
  if (!test.contacted && test.provider === 'offline') return { text: 'Nothing to reach: offline mode', tone: 'muted' };
  if (test.ok) return { text: test.latencyMs !== undefined ? `Reachable (${formatDuration(test.latencyMs)})` : 'Reachable', tone: 'ok' };
  return { text: test.contacted ? 'Not reachable' : 'Not available', tone: 'bad' };
}

export interface TestSummary {
  headline: string;
  detail: string;
  tone: 'ok' | 'bad' | 'info';
  /** Failed: offer the ways forward (choose a provider, open the settings, test again). */
  failed: boolean;
}

/** A Test connection result in words. */
export function testSummary(test: ModelsTestResult): TestSummary {
  const latency = test.latencyMs !== undefined ? ` in ${formatDuration(test.latencyMs)}` : '';
  if (test.provider === 'offline' && !test.contacted) return { headline: 'Offline mode: nothing was contacted.', detail: test.message, tone: 'info', failed: false };
  if (test.ok) {
    const found = test.models.length > 0 ? ` · ${test.models.length === 1 ? '1 model' : `${test.models.length} models`}` : '';
    return { headline: `${test.contacted ? `Connected to ${providerLabel(test.provider)}` : `Listed by ${providerLabel(test.provider)}`}${latency}${found}.`, detail: test.message, tone: 'ok', failed: false };
  }
  return { headline: test.contacted ? `Could not reach ${providerLabel(test.provider)}${latency}.` : `${providerLabel(test.provider)}: no model available.`, detail: test.message, tone: 'bad', failed: true };
}

/** A size on disk as Ollama shows it: "4.7 GB", "274 MB". */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** The models a role's select offers: the tested provider's (or the editor's), with the current one kept. */
export function modelChoices(state: ModelsViewState, row: RoleRow): string[] {
  const names = [...(state.test?.ok ? state.test.models.map((m) => m.name) : []), ...(state.editorModels ?? []).map((m) => m.id)];
  if (names.length === 0) return [];
  if (!row.inherits && row.model) names.unshift(row.model);
  return [...new Set(names)];
}

/** Whether the view shows the "nothing configured" guidance. */
export function isOffline(state: ModelsViewState): boolean {
  return state.status?.provider === 'offline';
}

import type { ModelsStatus, ModelsTestResult } from '../../../src/protocol/modelsProtocol';

/** Builders of the models status and test results the host pushes to the models view. */

export function offlineStatus(): ModelsStatus {
  return {
    provider: 'offline',
    roles: [
      { role: 'chat', setting: 'metahuman.llm.ollama.model', model: '', inherits: false },
      { role: 'reflection', setting: 'metahuman.llm.reflectionModel', model: '', inherits: true },
      { role: 'dreaming', setting: 'metahuman.llm.dreamingModel', model: '', inherits: true },
      { role: 'organizing', setting: 'metahuman.llm.organizingModel', model: '', inherits: true },
      { role: 'embedding', setting: 'metahuman.search.embedder', model: 'lexical', inherits: false },
    ],
  };
}

export function ollamaStatus(overrides: { reflection?: string } = {}): ModelsStatus {
  return {
    provider: 'ollama',
    endpoint: 'http://127.0.0.1:11434',
    roles: [
      { role: 'chat', setting: 'metahuman.llm.ollama.model', model: 'llama3.2', inherits: false },
      { role: 'reflection', setting: 'metahuman.llm.reflectionModel', model: overrides.reflection ?? 'llama3.2', inherits: overrides.reflection === undefined },
      { role: 'dreaming', setting: 'metahuman.llm.dreamingModel', model: 'llama3.2', inherits: true },
      { role: 'organizing', setting: 'metahuman.llm.organizingModel', model: 'llama3.2', inherits: true },
      { role: 'embedding', setting: 'metahuman.search.ollamaModel', model: 'nomic-embed-text', inherits: false },
    ],
  };
}

export function okTest(overrides: Partial<ModelsTestResult> = {}): ModelsTestResult {
  return {
    provider: 'ollama',
    contacted: true,
    ok: true,
    message: 'Ollama 0.5.1 answers at http://127.0.0.1:11434.',
    latencyMs: 42,
    models: [
      { name: 'llama3.2:latest', sizeBytes: 2_019_393_189 },
      { name: 'qwen2.5:0.5b', sizeBytes: 397_821_319 },
    ],
    ...overrides,
  };
}

export function failedTest(): ModelsTestResult {
  return {
    provider: 'ollama',
    contacted: true,
    ok: false,
    message: 'Ollama is not reachable at http://127.0.0.1:11434: connection refused. Start it with "ollama serve".',
    latencyMs: 3,
    models: [],
  };
}

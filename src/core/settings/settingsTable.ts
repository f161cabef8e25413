/**
 * Every `metahuman.*` setting, declared once: key, type, default and description. The host reads
 * VS Code's configuration through this table, the CLI reads the copy VS Code keeps in the profile
 * (settings/profileSettings.ts) or the defaults, and a test checks the
 * table against package.json's `contributes.configuration` so the two never drift.
 */
export interface SettingSpec<T> {
  /** Key below `metahuman.`. */
  key: string;
  /** `array` is a list of strings. */
  type: 'string' | 'number' | 'boolean' | 'array';
  default: T;
  description: string;
  enum?: readonly T[];
  minimum?: number;
  maximum?: number;
  /** `machine`: the folder differs per machine and is never synced; `window`: per window. */
  scope: 'application' | 'machine' | 'window' | 'resource';
}

function spec<T>(s: SettingSpec<T>): SettingSpec<T> {
  return s;
}

export const SETTINGS = {
  profilePath: spec<string>({
    key: 'profilePath',
    type: 'string',
    default: '',
    description: 'Folder that holds your profile (persona, memories, audit). Empty: $MH_PROFILE, else ~/.metahuman. The `mh` CLI uses the same folder.',
    scope: 'machine',
  }),
  requestTimeoutSeconds: spec<number>({
    key: 'engine.requestTimeoutSeconds',
    type: 'number',
    default: 30,
    minimum: 1,
    maximum: 600,
    description: 'How long the editor waits for the background engine to answer a request before reporting an error.',
    scope: 'application',
  }),
  searchEmbedder: spec<string>({
    key: 'search.embedder',
    type: 'string',
    default: 'lexical',
    enum: ['lexical', 'onnx', 'ollama'],
    description: 'How memories become vectors for search. `lexical`: built in, offline, matches words and word pieces. `onnx`: a local sentence-embedding model from `#metahuman.search.onnxModelPath#`. `ollama`: `#metahuman.search.ollamaModel#` on `#metahuman.search.ollamaHost#`. Changing it re-embeds in the background.',
    scope: 'application',
  }),
  searchOnnxModelPath: spec<string>({
    key: 'search.onnxModelPath',
    type: 'string',
    default: '',
    description: 'Folder of a sentence-embedding model exported to ONNX (config.json, tokenizer.json, onnx/model.onnx), used when `#metahuman.search.embedder#` is `onnx`. Nothing is downloaded.',
    scope: 'machine',
  }),
  searchOllamaHost: spec<string>({
    key: 'search.ollamaHost',
    type: 'string',
    default: 'http://127.0.0.1:11434',
    description: 'Ollama server used for embeddings when `#metahuman.search.embedder#` is `ollama`.',
    scope: 'application',
  }),
  searchOllamaModel: spec<string>({
    key: 'search.ollamaModel',
    type: 'string',
    default: 'nomic-embed-text',
    description: 'Ollama embedding model used when `#metahuman.search.embedder#` is `ollama`.',
    scope: 'application',
  }),
  searchRecencyWeight: spec<number>({
    key: 'search.recencyWeight',
    type: 'number',
    default: 0.2,
    minimum: 0,
    maximum: 1,
    description: 'How much newer memories are preferred in search: 0 ignores age, 1 lets an old memory fall to nothing.',
    scope: 'application',
  }),
  searchRecencyHalfLifeDays: spec<number>({
    key: 'search.recencyHalfLifeDays',
    type: 'number',
    default: 180,
    minimum: 1,
    maximum: 36500,
    description: 'Age in days at which the recency preference has fallen halfway.',
    scope: 'application',
  }),
  searchImportanceWeight: spec<number>({
    key: 'search.importanceWeight',
    type: 'number',
    default: 0.2,
    minimum: 0,
    maximum: 1,
    description: 'How much important memories are preferred in search: 0 ignores importance.',
    scope: 'application',
  }),
  searchEntityBoost: spec<number>({
    key: 'search.entityBoost',
    type: 'number',
    default: 0.25,
    minimum: 0,
    maximum: 5,
    description: 'Extra weight for a memory that mentions a project, file, person or library named in the search.',
    scope: 'application',
  }),
  llmProvider: spec<string>({
    key: 'llm.provider',
    type: 'string',
    default: 'offline',
    enum: ['offline', 'ollama', 'openaiCompatible', 'vscodeLm'],
    description: 'Where chat answers come from. `offline`: no model; answers are built from your memories, with sources. `ollama`: a local Ollama server (`#metahuman.llm.ollama.host#`). `openaiCompatible`: LM Studio, llama.cpp or vLLM at `#metahuman.llm.openai.baseUrl#`. `vscodeLm`: a chat model the editor offers (e.g. Copilot), after you consent. Nothing is contacted unless you choose it here.',
    scope: 'application',
  }),
  llmOllamaHost: spec<string>({
    key: 'llm.ollama.host',
    type: 'string',
    default: 'http://127.0.0.1:11434',
    description: 'Ollama server used when `#metahuman.llm.provider#` is `ollama`.',
    scope: 'application',
  }),
  llmOllamaModel: spec<string>({
    key: 'llm.ollama.model',
    type: 'string',
    default: 'llama3.2',
    description: 'Ollama chat model (a name from `ollama list`). Its context window is checked against each prompt and enlarged when the model allows.',
    scope: 'application',
  }),
  llmOpenAiBaseUrl: spec<string>({
    key: 'llm.openai.baseUrl',
    type: 'string',
    default: '',
    description: 'Base URL of an OpenAI-compatible server used when `#metahuman.llm.provider#` is `openaiCompatible`, e.g. `http://127.0.0.1:1234/v1` (LM Studio) or `http://127.0.0.1:8080/v1` (llama.cpp). The API key, if the server needs one, is kept in the editor\'s secret storage (command "MetaHuman: Set API Key for OpenAI-Compatible Endpoint"), never here.',
    scope: 'application',
  }),
  llmOpenAiModel: spec<string>({
    key: 'llm.openai.model',
    type: 'string',
    default: '',
    description: 'Model id on the OpenAI-compatible server. Empty: the first model the server lists.',
    scope: 'application',
  }),
  llmReflectionModel: spec<string>({
    key: 'llm.reflectionModel',
    type: 'string',
    default: '',
    description: 'Model for background reflection (the twin thinking over recent memories), on the provider chosen in `#metahuman.llm.provider#`. Empty: the chat model. A smaller model here keeps background work cheap.',
    scope: 'application',
  }),
  llmDreamingModel: spec<string>({
    key: 'llm.dreamingModel',
    type: 'string',
    default: '',
    description: 'Model for dreaming (the twin recombining old memories overnight), on the provider chosen in `#metahuman.llm.provider#`. Empty: the chat model. A smaller model here keeps background work cheap.',
    scope: 'application',
  }),
  llmOrganizingModel: spec<string>({
    key: 'llm.organizingModel',
    type: 'string',
    default: '',
    description: 'Model for organizing memories (tagging, linking, summarizing), on the provider chosen in `#metahuman.llm.provider#`. Empty: the chat model. A smaller model here keeps background work cheap.',
    scope: 'application',
  }),
  captureEnabled: spec<boolean>({
    key: 'capture.enabled',
    type: 'boolean',
    default: true,
    description: 'Remember your coding sessions (files, commits, commands, errors fixed) as episodic memories. Nothing is captured in an untrusted workspace, and nothing leaves this machine.',
    scope: 'window',
  }),
  captureFiles: spec<boolean>({
    key: 'capture.files.enabled',
    type: 'boolean',
    default: true,
    description: 'Capture files opened, edited (one record per file per burst, lines added/removed, never the content), saved, created, renamed and deleted.',
    scope: 'window',
  }),
  captureGit: spec<boolean>({
    key: 'capture.git.enabled',
    type: 'boolean',
    default: true,
    description: 'Capture commits (message, files, branch), branch switches, pulls and pushes through the built-in git extension.',
    scope: 'window',
  }),
  captureTerminal: spec<boolean>({
    key: 'capture.terminal.enabled',
    type: 'boolean',
    default: true,
    description: 'Capture terminal command lines and their exit codes where shell integration reports them. Secrets in them are redacted before they are stored.',
    scope: 'window',
  }),
  captureDiagnostics: spec<boolean>({
    key: 'capture.diagnostics.enabled',
    type: 'boolean',
    default: true,
    description: 'Capture errors that appear and get fixed (count and first message per file).',
    scope: 'window',
  }),
  captureDebugAndTasks: spec<boolean>({
    key: 'capture.debugAndTasks.enabled',
    type: 'boolean',
    default: true,
    description: 'Capture debug sessions and tasks started and ended, with their outcome.',
    scope: 'window',
  }),
  captureFocus: spec<boolean>({
    key: 'capture.focus.enabled',
    type: 'boolean',
    default: true,
    description: 'Use the window gaining and losing focus to measure active time in a session.',
    scope: 'window',
  }),
  captureIdleMinutes: spec<number>({
    key: 'capture.idleMinutes',
    type: 'number',
    default: 30,
    minimum: 1,
    maximum: 1440,
    description: 'A pause this long without activity ends a coding session; the session then becomes one summary memory.',
    scope: 'application',
  }),
  captureExcludeGlobs: spec<string[]>({
    key: 'capture.excludeGlobs',
    type: 'array',
    default: ['.env*', '*.pem', '*.key', '*.p12', '*.pfx', '*.keystore', '*.jks', 'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*', '.npmrc', '.pypirc', '.netrc', '.git-credentials', 'credentials.json', '*.tfstate', '*.tfvars', '**/.aws/**', '**/.ssh/**', '**/secrets/**', '**/.secrets/**'],
    description: 'Files never captured: glob patterns matched against the path inside the workspace; a pattern without `/` matches the file name in any folder, as in `.gitignore`. Files matched by `.gitignore` or `files.exclude` are never captured either.',
    scope: 'application',
  }),
  captureHashPaths: spec<boolean>({
    key: 'capture.hashPaths',
    type: 'boolean',
    default: false,
    description: 'Store file paths as salted hashes instead of in clear: the same file still groups together, but its name is not written to your profile.',
    scope: 'application',
  }),
  captureOptOutFolders: spec<string[]>({
    key: 'capture.optOutFolders',
    type: 'array',
    default: [],
    description: 'Workspace folders never captured ("never capture this project"). Kept here rather than in the workspace so opting out leaves no trace in the repository.',
    scope: 'application',
  }),
  agentsEnabled: spec<boolean>({
    key: 'agents.enabled',
    type: 'boolean',
    default: true,
    description: 'Let the background agents (organizer, reflector, dreamer, boredom, sleep, ingestor) run on their schedules. Only one window, the profile\'s leader, runs them; `MetaHuman: Run Agent…` works either way.',
    scope: 'application',
  }),
  agentsModelCallsPerHour: spec<number>({
    key: 'agents.modelCallsPerHour',
    type: 'number',
    default: 30,
    minimum: 0,
    maximum: 10000,
    description: 'Most model calls all agents together may make in an hour. Past it, agents fall back to their offline methods until the hour turns. 0: agents never call a model.',
    scope: 'application',
  }),
  agentsReflectEveryHours: spec<number>({
    key: 'agents.reflectEveryHours',
    type: 'number',
    default: 3,
    minimum: 0.25,
    maximum: 168,
    description: 'The reflector writes a reflection after this many hours of activity since the last one.',
    scope: 'application',
  }),
  agentsBoredom: spec<string>({
    key: 'agents.boredom',
    type: 'string',
    default: 'low',
    enum: ['off', 'low', 'medium', 'high'],
    description: 'How soon after the editors fall idle the twin thinks on its own (a reflection or an inner-dialogue turn on an open goal): `high` after 10 minutes, `medium` 30, `low` 90, `off` never. Never during quiet hours.',
    scope: 'application',
  }),
  agentsBoredomMaxPerDay: spec<number>({
    key: 'agents.boredomMaxPerDay',
    type: 'number',
    default: 3,
    minimum: 0,
    maximum: 100,
    description: 'Most idle-time thoughts the boredom service starts in a day.',
    scope: 'application',
  }),
  agentsInboxPath: spec<string>({
    key: 'agents.inboxPath',
    type: 'string',
    default: '',
    description: 'Folder the ingestor watches for notes and documents to take in (Markdown, text, JSON/JSONL, PDF). Empty: `inbox` in the profile folder. Files move to `done/` or `failed/` beside them.',
    scope: 'machine',
  }),
  agentsInboxMaxFileMegabytes: spec<number>({
    key: 'agents.inboxMaxFileMegabytes',
    type: 'number',
    default: 20,
    minimum: 1,
    maximum: 1024,
    description: 'Inbox files larger than this are not read; they move to `failed/` with the reason.',
    scope: 'application',
  }),
  agentsBackupCount: spec<number>({
    key: 'agents.backupCount',
    type: 'number',
    default: 7,
    minimum: 0,
    maximum: 365,
    description: 'How many nightly profile backups the sleep service keeps (the oldest is removed first). 0: no backups.',
    scope: 'application',
  }),
  agentsBackupPath: spec<string>({
    key: 'agents.backupPath',
    type: 'string',
    default: '',
    description: 'Folder for nightly profile backups. Empty: `backups` in the profile folder (never itself backed up).',
    scope: 'machine',
  }),
  decisionsDryRun: spec<boolean>({
    key: 'decisions.dryRun',
    type: 'boolean',
    default: false,
    description: 'Dry-run everything: every action the twin proposes is only previewed (file diffs, command lines, calendar entries), never performed.',
    scope: 'application',
  }),
  decisionsApprovalExpiryHours: spec<number>({
    key: 'decisions.approvalExpiryHours',
    type: 'number',
    default: 24,
    minimum: 0.1,
    maximum: 720,
    description: 'Proposals still waiting for your approval after this many hours expire and are never run.',
    scope: 'application',
  }),
  decisionsExecutionTimeoutSeconds: spec<number>({
    key: 'decisions.executionTimeoutSeconds',
    type: 'number',
    default: 60,
    minimum: 1,
    maximum: 3600,
    description: 'Every action (a command, a task, a file write) is stopped after this long and recorded as failed.',
    scope: 'application',
  }),
  decisionsSuggestTrustAfter: spec<number>({
    key: 'decisions.suggestTrustAfter',
    type: 'number',
    default: 5,
    minimum: 2,
    maximum: 100,
    description: 'After this many identical approvals in a row the twin suggests raising that skill\'s trust (never raises it by itself).',
    scope: 'application',
  }),
} as const;

export type SettingsKey = keyof typeof SETTINGS;
export type SettingsSnapshot = { [K in SettingsKey]: (typeof SETTINGS)[K]['default'] };

/** The defaults as a plain snapshot (for the CLI and tests). */
export function defaultSettings(): SettingsSnapshot {
  const entries = Object.entries(SETTINGS).map(([name, s]) => [name, s.default]);
  return Object.fromEntries(entries) as SettingsSnapshot;
}

/** Reads a snapshot through any getter (VS Code's configuration in the host). */
export function readSettings(get: (key: string) => unknown): SettingsSnapshot {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(SETTINGS) as Array<[string, SettingSpec<unknown>]>) {
    const value = get(s.key);
    const typed = s.type === 'array' ? Array.isArray(value) && value.every((x) => typeof x === 'string') : typeof value === s.type;
    const inRange = typeof value !== 'number' || ((s.minimum === undefined || value >= s.minimum) && (s.maximum === undefined || value <= s.maximum));
    out[name] = typed && inRange && (!s.enum || s.enum.includes(value)) ? value : s.default;
  }
  return out as SettingsSnapshot;
}

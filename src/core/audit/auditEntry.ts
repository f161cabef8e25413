/** Who wrote an audit entry. */
export interface AuditActor {
  pid: number;
  host: string;
  /** The program: `cli`, `vscode`, `engine`, `test`… */
  name: string;
}

/** A write to the profile: which records or files, never their content. */
export interface WriteAudit {
  type: 'write';
  target: 'memory' | 'task' | 'persona' | 'profile';
  op: 'append' | 'edit' | 'compact' | 'save' | 'rollback' | 'create' | 'import' | 'repair' | 'migrate' | 'task_event';
  /** Ids written (at most 100; `count` tells the total). */
  ids?: string[];
  count?: number;
  kinds?: string[];
  files?: string[];
  /** An edit op, a task event, a note: never memory text. */
  detail?: string;
  /** Persona field paths that changed (never their values). */
  fields?: string[];
  revision?: number;
}

/** A forget: that it happened and to which id, never what was forgotten. */
export interface ForgetAudit {
  type: 'forget';
  target: 'memory' | 'task';
  id: string;
  kind?: string;
}

/** One call to a language model. Prompt, answer and credentials are never recorded. */
export interface ModelCallAudit {
  type: 'model_call';
  provider: string;
  model: string;
  role?: string;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  ok: boolean;
  /** Short error message; secrets are redacted before it is written. */
  error?: string;
}

export interface AgentRunAudit {
  type: 'agent_run';
  agent: string;
  runId: string;
  phase: 'start' | 'end';
  outcome?: 'ok' | 'error' | 'cancelled' | 'skipped';
  durationMs?: number;
  modelCalls?: number;
  recordsWritten?: number;
  error?: string;
}

export interface SkillExecutionAudit {
  type: 'skill_execution';
  skill: string;
  runId?: string;
  dryRun: boolean;
  decision: 'allow' | 'ask' | 'deny';
  outcome: 'ok' | 'error' | 'rejected' | 'preview';
  durationMs?: number;
  error?: string;
}

/** The whole profile was read out into an archive. */
export interface ExportAudit {
  type: 'export';
  files: number;
  bytes: number;
}

/** What a caller hands to the audit log; sequence, time, actor and hashes are added on append. */
export type AuditInput = WriteAudit | ForgetAudit | ModelCallAudit | AgentRunAudit | SkillExecutionAudit | ExportAudit;

/** An entry as stored: one line of `audit/YYYY-MM-DD.jsonl`. */
export type AuditEntry = AuditInput & {
  /** 1-based position within its day. */
  seq: number;
  ts: string;
  actor: AuditActor;
  /** SHA-256 of the line before (the day header for the first entry). */
  prev: string;
  /** SHA-256 of this line without its `hash` field. */
  hash: string;
};

const SECRET_PATTERNS: RegExp[] = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(api[_-]?key|token|secret|password|authorization)\s*[:=]\s*\S+/gi,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
];

/** Error messages from providers sometimes echo a key or a header: strip anything that looks like one. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out.length > 500 ? `${out.slice(0, 497)}...` : out;
}

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
  /** What started it: `schedule`, `manual`, `idle`, `session-end`, `inbox`… */
  trigger?: string;
  outcome?: 'ok' | 'error' | 'cancelled' | 'skipped';
  durationMs?: number;
  modelCalls?: number;
  recordsWritten?: number;
  /** Ids of the records the run wrote or patched (at most 100; `recordsWritten` tells the total). */
  ids?: string[];
  error?: string;
}

/** A skill ran (or previewed). `output` is the command's or executor's output, secrets redacted, capped. */
export interface SkillExecutionAudit {
  type: 'skill_execution';
  skill: string;
  runId?: string;
  /** The proposal in `approvals/queue.jsonl` this execution belongs to. */
  proposal?: string;
  dryRun: boolean;
  decision: 'allow' | 'ask' | 'deny';
  outcome: 'ok' | 'error' | 'rejected' | 'preview' | 'undone';
  durationMs?: number;
  exitCode?: number;
  output?: string;
  error?: string;
}

/** The decision engine ruled on a proposal: which rule decided, at which trust level. */
export interface DecisionAudit {
  type: 'decision';
  proposal: string;
  skill: string;
  /** Who proposed: `chat`, `agent:<id>`, `cli`, `person`… */
  source: string;
  decision: 'allow' | 'ask' | 'deny';
  /** The policy rule or trust check that decided, e.g. `rule:workspace-files`, `trust:supervised`. */
  rule: string;
  trust: string;
  dryRun: boolean;
  /** Why the proposer wants it, redacted and capped. */
  reason?: string;
  /** What was proposed: the arguments summarized (a command line and folder, a path and content size…), secrets redacted, at most 2 KB, never a file's content. */
  args?: string;
}

/** The person (or the clock) acted on a proposal. `reason` is theirs, redacted and capped. */
export interface ApprovalAudit {
  type: 'approval';
  proposal: string;
  skill: string;
  /** `accepted` and `dismissed` are the person's answers to a suggestion (trust `suggest`). */
  action: 'approved' | 'rejected' | 'edited' | 'expired' | 'cancelled' | 'undone' | 'accepted' | 'dismissed';
  reason?: string;
  /** For `accepted`: the person's own run the suggestion became. */
  run?: string;
  /** Argument names the person changed before approving. */
  fields?: string[];
  /** For `edited`: the changed values, `field: before → after`, summarized as `DecisionAudit.args` (never a file's content). */
  changes?: string;
}

/** Trust or autonomy changed: a skill's level moved, a skill was enabled or disabled, autonomy paused. */
export interface TrustAudit {
  type: 'trust';
  /** A skill id, or `*` for the global autonomy switch. */
  skill: string;
  change: 'level' | 'ceiling' | 'enabled' | 'disabled' | 'paused' | 'resumed' | 'suggested';
  from?: string;
  to?: string;
  reason?: string;
}

/** The whole profile was read out into an archive. */
export interface ExportAudit {
  type: 'export';
  files: number;
  bytes: number;
}

/** What a caller hands to the audit log; sequence, time, actor and hashes are added on append. */
export type AuditInput = WriteAudit | ForgetAudit | ModelCallAudit | AgentRunAudit | SkillExecutionAudit | DecisionAudit | ApprovalAudit | TrustAudit | ExportAudit;

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
export function redactSecrets(text: string, maxLength = 500): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out.length > maxLength ? `${out.slice(0, maxLength - 3)}...` : out;
}

/** The most of a skill's output the audit keeps. */
export const AUDIT_OUTPUT_LIMIT = 4000;

/** Free text fields an entry may carry (errors, the person's reasons, command output), redacted and capped before writing. */
export function redactEntry(input: AuditInput): AuditInput {
  const out: Record<string, unknown> = { ...input };
  for (const field of ['error', 'reason', 'args', 'changes'] as const) if (typeof out[field] === 'string') out[field] = redactSecrets(out[field]);
  if (typeof out.output === 'string') out.output = redactSecrets(out.output, AUDIT_OUTPUT_LIMIT);
  return out as unknown as AuditInput;
}

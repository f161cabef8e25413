import type { AgentContext } from '../../../src/core/agents/agentTypes';
import type { NewMemoryRecord } from '../../../src/core/memory/memoryLog';
import type { MemoryRecord } from '../../../src/core/memory/record';
import type { Persona } from '../../../src/core/persona/persona';

/**
 * Memories as the capture pipeline, the chat and the person write them, for agent specs: the
 * same tags, sources and `meta` shapes, with times relative to a fixed "now".
 */
export const NOW = new Date('2024-06-03T18:00:00.000Z');

export function hoursAgo(hours: number, from: Date = NOW): string {
  return new Date(from.getTime() - hours * 3_600_000).toISOString();
}

export function note(text: string, ts: string, extra: Partial<NewMemoryRecord> = {}): NewMemoryRecord {
  return { kind: 'note', text, ts, source: 'vscode:note', ...extra };
}

export function userChat(text: string, ts: string, conversation = 'conv-1'): NewMemoryRecord {
  return { kind: 'chat', text, ts, source: 'vscode:chat', meta: { conversation, role: 'user', mode: 'conversation' } };
}

export function twinAnswer(text: string, ts: string, conversation = 'conv-1'): NewMemoryRecord {
  return { kind: 'chat', text, ts, source: 'vscode:chat', meta: { conversation, role: 'assistant', mode: 'conversation', model: 'ollama/llama3.2' } };
}

function captured(area: string, text: string, ts: string, tags: string[], entities: string[], meta: Record<string, unknown>, session: string, project = 'mh'): NewMemoryRecord {
  return { kind: 'event', text, ts, source: `vscode:${area}`, project, tags: ['capture', ...tags], entities, meta: { session, ...meta } };
}

export function commit(subject: string, files: string[], ts: string, session = 's1'): NewMemoryRecord {
  const sha = (subject.length.toString(16) + 'abcdef0123456789').slice(0, 12);
  return captured('git', `Committed ${sha.slice(0, 7)} on main: ${subject}\n\n(${files.length} files: ${files.join(', ')})`, ts, ['commit'], ['main', ...files], {
    capture: 'git/commit',
    sha,
    subject,
    branch: 'main',
    files: files.map((path) => ({ path, added: 10, deleted: 2 })),
    filesTotal: files.length,
    linesAdded: 10 * files.length,
    linesDeleted: 2 * files.length,
  }, session);
}

export function opened(file: string, ts: string, session = 's1'): NewMemoryRecord {
  return captured('editor', `Opened ${file}`, ts, ['opened'], [file], { capture: 'file/opened', file }, session);
}

export function edited(file: string, ts: string, session = 's1'): NewMemoryRecord {
  return captured('editor', `Edited ${file} (+12/-3 lines over 4m, saved)`, ts, ['edit'], [file], { capture: 'file/edited', file, edits: 9, linesAdded: 12, linesRemoved: 3, saved: true }, session);
}

export function command(commandLine: string, exitCode: number, ts: string, session = 's1'): NewMemoryRecord {
  return captured('terminal', `Ran \`${commandLine}\`${exitCode === 0 ? ' (ok)' : ` (exit ${exitCode})`}`, ts, ['command', ...(exitCode ? ['failed'] : [])], [], { capture: 'terminal/command', commandLine, exitCode }, session);
}

export function fixedErrors(file: string, count: number, message: string, ts: string, session = 's1'): NewMemoryRecord {
  return captured('diagnostics', `Fixed ${count} errors in ${file}: ${message}`, ts, ['error-fixed'], [file], { capture: 'diagnostics/fixed', file, count, firstMessage: message }, session);
}

/** A session summary as capture writes it, linking the session's events with `summarizes`. */
export function sessionSummary(text: string, ts: string, events: MemoryRecord[], summary: Record<string, unknown> = {}, session = 's1'): NewMemoryRecord {
  return {
    ...captured('session', text, ts, ['session-summary'], [], { capture: 'session', summary: { activeMs: 3_600_000, commitsTotal: 1, errorsLeft: 0, ...summary } }, session),
    links: events.map((e) => ({ rel: 'summarizes', id: e.id })),
  };
}

/** Ada: a persona with a name, a voice, a colleague and a project the agents can recognise. */
export function adaPersona(base: Persona): Persona {
  return {
    ...base,
    identity: { name: 'Ada', role: 'backend engineer', purpose: 'ship a reliable parser', aliases: [] },
    personality: { ...base.personality, communication: { tone: 'dry and direct', formality: 'casual', verbosity: 'balanced', humour: 'light' } },
    relationships: [{ name: 'Alice', relation: 'colleague', address: 'Alice' }],
    context: { ...base.context, projects: [{ name: 'mh', status: 'active' }], currentFocus: 'the parser' },
  };
}

/** The fixture's context speaking as Ada. */
export function asAda(ctx: AgentContext): AgentContext {
  return { ...ctx, persona: adaPersona(ctx.persona) };
}

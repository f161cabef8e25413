import { redact } from '../capture/redaction/redactSecrets';

/** The most of a proposal's arguments an audit entry keeps. */
export const ARGS_SUMMARY_LIMIT = 2048;
/** Longer string arguments are cut to this many characters. */
const STRING_LIMIT = 200;
/** A command line is what the person must be able to read back, so it keeps more. */
const COMMAND_LIMIT = 1000;

/**
 * What a proposal asks for, for its audit entry: enough to say afterwards what the twin proposed
 * and ran, never a file's content. `shell`: the command line and folder; `write-file`: the path and
 * the size of the content or of the edits; anything else: its arguments as JSON with long strings
 * cut. Secrets are redacted (the capture redactor) and the whole is capped at 2 KB.
 */
export function summarizeArgs(skill: string, args: Record<string, unknown>): string {
  return finish(Object.keys(args).map((name) => `${name}: ${summarizeValue(skill, name, args[name])}`).join('; '));
}

/** The arguments the person changed before approving, each `field: before → after`, summarized the same way. */
export function summarizeChanges(skill: string, before: Record<string, unknown>, after: Record<string, unknown>, fields: string[]): string {
  const side = (args: Record<string, unknown>, name: string) => (name in args ? summarizeValue(skill, name, args[name]) : '(none)');
  return finish(fields.map((name) => `${name}: ${side(before, name)} → ${side(after, name)}`).join('; '));
}

function summarizeValue(skill: string, name: string, value: unknown): string {
  if (skill === 'write-file' && name === 'content') return typeof value === 'string' ? `${Buffer.byteLength(value, 'utf8')} bytes (content not recorded)` : typeof value;
  if (skill === 'write-file' && name === 'edits') {
    const edits = Array.isArray(value) ? (value as Array<{ find?: unknown; replace?: unknown }>) : [];
    const bytes = edits.reduce((sum, e) => sum + textBytes(e?.find) + textBytes(e?.replace), 0);
    return `${edits.length} find/replace edit${edits.length === 1 ? '' : 's'}, ${bytes} bytes (text not recorded)`;
  }
  if (typeof value === 'string') return JSON.stringify(cut(value, skill === 'shell' && name === 'command' ? COMMAND_LIMIT : STRING_LIMIT));
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? cut(v, STRING_LIMIT) : v)) ?? 'undefined';
}

function textBytes(value: unknown): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
}

/** Redacted before it is cut, so a secret split by the cut is still recognised whole. */
function cut(raw: string, limit: number): string {
  const text = redact(raw);
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
}

function finish(summary: string): string {
  const clean = redact(summary);
  return clean.length > ARGS_SUMMARY_LIMIT ? `${clean.slice(0, ARGS_SUMMARY_LIMIT - 1)}…` : clean;
}

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NewMemoryRecord } from '../memory/memoryLog';
import type { SettingsSnapshot } from '../settings/settingsTable';
import type { Agent, AgentContext, AgentResult } from './agentTypes';
import { auditInboxFile } from './ingest/ingestAudit';
import { DONE_DIR, FAILED_DIR, listInbox, looksInProgress, moveKeepingBoth, statEntry, writeFailureNote, type InboxEntry } from './ingest/inboxFiles';
import { formatOf, parseInboxFile, SUPPORTED_EXTENSIONS } from './ingest/ingestFormats';
import { INGESTOR_SOURCE, openIngestLedger, type IngestLedger } from './ingest/ingestLedger';
import { IngestProblem } from './ingest/ingestProblem';

/**
 * The ingestor (DESIGN.md, "Agents"): files dropped into the inbox become `note` memories, cut
 * where the file's structure allows (Markdown headings, paragraphs, JSON items, PDF pages), and
 * then move to `done/` — or to `failed/` with a `<name>.error.txt` saying why. A file is never
 * lost or overwritten, one still being copied waits, and a file already taken in (same bytes) is
 * never taken in twice, even after a crash between writing its notes and moving it.
 */

export interface IngestorOptions {
  /** Pause between the two stats that tell a finished file from one still being written. */
  settleMs?: number;
  /** Waits `ms` (tests pass one that writes to a file meanwhile). */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Moves a file (tests pass one that fails, as a crash would). */
  rename?: (from: string, to: string) => void;
}

/** The inbox folder: setting `agents.inboxPath` (`~` and paths relative to the profile allowed), else `<profile>/inbox`. */
export function inboxFolder(settings: Pick<SettingsSnapshot, 'agentsInboxPath'>, profileDir: string): string {
  const chosen = settings.agentsInboxPath.trim();
  if (!chosen) return join(resolve(profileDir), 'inbox');
  const expanded = chosen === '~' ? homedir() : chosen.startsWith('~/') ? join(homedir(), chosen.slice(2)) : chosen;
  return isAbsolute(expanded) ? resolve(expanded) : resolve(profileDir, expanded);
}

type FileOutcome = { name: string; status: 'done'; notes: number; skippedItems: number } | { name: string; status: 'duplicate' } | { name: string; status: 'failed'; reason: string } | { name: string; status: 'waiting' };

export function createIngestorAgent(options: IngestorOptions = {}): Agent {
  const settleMs = options.settleMs ?? 1_000;
  const wait = options.wait ?? ((ms, signal) => sleep(ms, undefined, { signal }));
  return {
    id: 'ingestor',
    title: 'Ingestor',
    description: 'Takes in the notes and documents you drop into the inbox folder (Markdown, text, JSON/JSONL exports, PDF) as note memories.',
    schedule: '*/10 * * * *',
    async run(ctx) {
      const dir = inboxFolder(ctx.settings, ctx.store.dir);
      for (const sub of ['', DONE_DIR, FAILED_DIR]) mkdirSync(join(dir, sub), { recursive: true });
      const seen = listInbox(dir);
      if (seen.length === 0) return { outcome: 'skipped', summary: `The inbox is empty (${dir}).` };
      // Two stats a moment apart: a file whose size or time moved is still being written.
      await wait(settleMs, ctx.signal);
      const outcomes: FileOutcome[] = [];
      const ready: InboxEntry[] = [];
      for (const first of seen) {
        const now = statEntry(dir, first.name);
        if (!now) continue;
        if (looksInProgress(first.name) || now.size !== first.size || now.mtimeMs !== first.mtimeMs) outcomes.push({ name: first.name, status: 'waiting' });
        else ready.push(now);
      }
      if (ready.length > 0) {
        const ledger = await openIngestLedger(ctx);
        for (const [i, entry] of ready.entries()) {
          ctx.signal.throwIfAborted();
          ctx.emit({ type: 'progress', message: `Taking in ${entry.name}`, fraction: i / ready.length });
          outcomes.push(await ingestFile(ctx, dir, entry, ledger, options.rename));
        }
        await ledger.save();
      }
      return summarize(outcomes);
    },
  };
}

export const ingestorAgent: Agent = createIngestorAgent();

async function ingestFile(ctx: AgentContext, dir: string, entry: InboxEntry, ledger: IngestLedger, rename?: (from: string, to: string) => void): Promise<FileOutcome> {
  const fail = async (reason: string): Promise<FileOutcome> => {
    const failedDir = join(dir, FAILED_DIR);
    const moved = moveKeepingBoth(entry.path, failedDir, entry.name, rename);
    writeFailureNote(failedDir, moved, entry.name, reason, ctx.now());
    ctx.log('warn', `Inbox: ${entry.name} moved to failed/: ${reason}`);
    await auditInboxFile(ctx.store, dir, {
      status: 'failed',
      name: entry.name,
      size: entry.size,
      reason,
      movedTo: `${FAILED_DIR}/${moved}`,
      errorNote: `${FAILED_DIR}/${moved}.error.txt`,
    });
    return { name: entry.name, status: 'failed', reason };
  };
  const limitMb = ctx.settings.agentsInboxMaxFileMegabytes;
  if (entry.size > limitMb * 1024 * 1024) {
    return fail(`too large: ${(entry.size / 1024 / 1024).toFixed(1)} MB is over the limit of ${limitMb} MB (setting metahuman.agents.inboxMaxFileMegabytes). Split it, or raise the limit.`);
  }
  if (entry.size === 0) return fail('empty: the file has no content');
  const format = formatOf(entry.name);
  if (!format) return fail(`unsupported file type "${extname(entry.name) || 'no extension'}": the inbox takes ${SUPPORTED_EXTENSIONS.join(', ')}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(entry.path);
  } catch (error) {
    // Taken back out of the inbox since the listing: nothing to do with it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { name: entry.name, status: 'waiting' };
    throw error;
  }
  if (bytes.length !== entry.size) return { name: entry.name, status: 'waiting' };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (ledger.has(sha256)) {
    const moved = moveKeepingBoth(entry.path, join(dir, DONE_DIR), entry.name, rename);
    await auditInboxFile(ctx.store, dir, { status: 'duplicate', name: entry.name, size: entry.size, sha256, movedTo: `${DONE_DIR}/${moved}` });
    return { name: entry.name, status: 'duplicate' };
  }
  let parsed;
  try {
    parsed = await parseInboxFile(format, bytes);
  } catch (error) {
    if (error instanceof IngestProblem) return fail(error.message);
    return fail(`could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  ctx.signal.throwIfAborted();
  const total = parsed.chunks.length;
  const records: NewMemoryRecord[] = parsed.chunks.map((chunk, i) => ({
    kind: 'note',
    text: chunk.text,
    source: INGESTOR_SOURCE,
    ...(chunk.ts ? { ts: chunk.ts } : {}),
    tags: ['inbox', format],
    meta: { file: entry.name, chunk: i + 1, chunks: total, format, sha256, ...chunk.meta },
  }));
  const written = await ctx.store.memory.appendMany(records);
  for (const record of written) ctx.wrote(record.id);
  ledger.add(sha256);
  const moved = moveKeepingBoth(entry.path, join(dir, DONE_DIR), entry.name, rename);
  await auditInboxFile(ctx.store, dir, { status: 'done', name: entry.name, size: entry.size, sha256, ids: written.map((r) => r.id), movedTo: `${DONE_DIR}/${moved}` });
  return { name: entry.name, status: 'done', notes: written.length, skippedItems: parsed.skipped };
}

function summarize(outcomes: FileOutcome[]): AgentResult {
  const done = outcomes.filter((o) => o.status === 'done');
  const duplicates = outcomes.filter((o) => o.status === 'duplicate');
  const failed = outcomes.filter((o) => o.status === 'failed');
  const waiting = outcomes.filter((o) => o.status === 'waiting');
  const parts: string[] = [];
  if (done.length) {
    const notes = done.reduce((n, o) => n + o.notes, 0);
    const skipped = done.reduce((n, o) => n + o.skippedItems, 0);
    parts.push(`Took in ${plural(done.length, 'file')} as ${plural(notes, 'note')}${skipped ? ` (${plural(skipped, 'item')} without text skipped)` : ''}`);
  }
  if (duplicates.length) parts.push(`${plural(duplicates.length, 'file')} already taken in earlier (${names(duplicates)}) moved to done/`);
  if (failed.length) parts.push(`${failed.length} failed: ${failed.map((f) => `${f.name} (${f.reason})`).join('; ')}`);
  if (waiting.length) parts.push(`${plural(waiting.length, 'file')} still being written (${names(waiting)}) wait for the next run`);
  const acted = done.length + duplicates.length + failed.length > 0;
  return { outcome: acted ? 'ok' : 'skipped', summary: `${parts.join('; ')}.` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function names(outcomes: FileOutcome[]): string {
  return outcomes.map((o) => o.name).join(', ');
}

import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { captureSettingsFrom, type CaptureSettings } from '../../core/capture/captureSettings';
import type { CaptureSink } from '../../core/capture/captureWriter';
import { loadGitignores } from '../../core/capture/privacy/gitignoreLoader';
import { readOrCreatePathSalt } from '../../core/capture/privacy/pathHasher';
import type { BadLine, HistoryCommit } from '../../core/capture/replay/commitHistory';
import { parseCommitHistory } from '../../core/capture/replay/commitHistory';
import { importGitRepository } from '../../core/capture/replay/gitLog';
import { replayCommits, writeReplay, type ReplayReport } from '../../core/capture/replay/replayCommitHistory';
import type { ProfileStore } from '../../core/profile/profileStore';
import type { CliContext } from '../cliContext';
import { withStore } from './withStore';

/** Records per append: one lock and one write each, so a long history never holds the lock for long. */
const CHUNK = 2000;

interface ReplayOpts {
  project?: string;
  author?: string;
  idleMinutes?: string;
  hashPaths?: boolean;
  json?: boolean;
}

export function registerCaptureCommand(program: Command, ctx: CliContext): void {
  const capture = program.command('capture').description('fill episodic memory from coding history, or forget what was captured');

  withReplayOptions(
    capture
      .command('replay')
      .description('replay a commit history (JSON lines: sha, author, date, subject, body, files[{path, added, deleted}]) through the session logic of live capture')
      .argument('<history.jsonl>', 'commit history file'),
  ).action(async (file: string, opts: ReplayOpts, command: Command) => {
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (error) {
      return command.error(`Cannot read ${file}: ${message(error)}`);
    }
    const { commits, bad } = parseCommitHistory(text);
    for (const b of bad) ctx.err(`${file}:${b.line}: skipped: ${b.reason}`);
    const project = opts.project ?? basename(file).replace(/\.jsonl?$/i, '').replace(/[-_.]history$/i, '');
    const report = await replayIntoProfile(ctx, commits, bad, { folder: resolve(file), name: project }, opts);
    print(ctx, report, project, opts.json);
    if (report.events === 0 && bad.length > 0) command.error('Nothing replayed.', { exitCode: 1 });
  });

  withReplayOptions(
    capture
      .command('import-git')
      .description("replay a git repository's history (git log --numstat) into episodic memory")
      .argument('<repo>', 'path of a git repository')
      .option('--max <n>', 'newest N commits only'),
  ).action(async (repo: string, opts: ReplayOpts & { max?: string }, command: Command) => {
    const path = resolve(repo);
    if (!isDirectory(path)) return command.error(`Not a folder: ${repo}`);
    const max = opts.max === undefined ? undefined : Number(opts.max);
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) return command.error('--max must be a positive whole number');
    let history: { commits: HistoryCommit[]; bad: BadLine[] };
    try {
      history = await importGitRepository(path, { max });
    } catch (error) {
      return command.error(message(error));
    }
    for (const b of history.bad) ctx.err(`${repo}: git log record ${b.line}: skipped: ${b.reason}`);
    const project = opts.project ?? basename(path);
    const gitignores = await loadGitignores(path);
    const report = await replayIntoProfile(ctx, history.commits, history.bad, { folder: path, name: project }, opts, gitignores);
    print(ctx, report, project, opts.json);
  });

  capture
    .command('forget-last')
    .description('forget everything capture recorded in the last hours (by when it happened)')
    .option('--hours <n>', 'how far back', '1')
    .option('--dry-run', 'only count what would be forgotten')
    .action(async (opts: { hours: string; dryRun?: boolean }, command: Command) => {
      const hours = Number(opts.hours);
      if (!(hours > 0)) return command.error('--hours must be a positive number');
      const since = Date.now() - hours * 3600_000;
      const forgotten = await withStore(ctx, async (store) => {
        const records = (await store.memory.list({ tag: 'capture' })).filter((r) => Date.parse(r.ts) >= since);
        if (!opts.dryRun) for (const r of records) await store.memory.forget(r.id, `capture forget-last ${hours}h`);
        return records.length;
      });
      ctx.out(`${opts.dryRun ? 'would forget' : 'forgot'} ${forgotten} captured record${forgotten === 1 ? '' : 's'} from the last ${hours} hour${hours === 1 ? '' : 's'}`);
    });
}

function withReplayOptions(command: Command): Command {
  return command
    .option('--project <name>', 'project the memories belong to (default: the repository or file name)')
    .option('--author <text>', 'only commits whose author contains this (your own history)')
    .option('--idle-minutes <n>', 'a gap this long between commits starts a new session (default: the capture.idleMinutes setting)')
    .option('--hash-paths', 'store file paths hashed instead of in clear')
    .option('--json', 'print the report as JSON');
}

async function replayIntoProfile(
  ctx: CliContext,
  commits: HistoryCommit[],
  bad: BadLine[],
  workspace: { folder: string; name: string },
  opts: ReplayOpts,
  gitignores?: Awaited<ReturnType<typeof loadGitignores>>,
): Promise<ReplayReport> {
  const settings = cliCaptureSettings(ctx, opts);
  return withStore(ctx, async (store) => {
    const pathSalt = settings.hashPaths ? readOrCreatePathSalt(store.dir) : undefined;
    const result = replayCommits(commits, { workspace, settings, pathSalt, gitignores, author: opts.author }, bad);
    return writeReplay(chunked(store), result);
  });
}

/** The person's capture settings (their exclusions and privacy rules, as VS Code saved them), with the command's options on top. */
function cliCaptureSettings(ctx: CliContext, opts: ReplayOpts): CaptureSettings {
  const settings = captureSettingsFrom(ctx.settings());
  const idle = opts.idleMinutes === undefined ? undefined : Number(opts.idleMinutes);
  if (idle !== undefined && !(idle > 0)) throw new Error('--idle-minutes must be a positive number');
  // Replay is an explicit request: the master switch and the git source are on for it.
  return {
    ...settings,
    privacy: { ...settings.privacy, enabled: true, sources: { ...settings.privacy.sources, git: true } },
    ...(idle !== undefined ? { idleMs: idle * 60_000 } : {}),
    ...(opts.hashPaths ? { hashPaths: true } : {}),
  };
}

function chunked(store: ProfileStore): CaptureSink {
  return {
    async appendMany(inputs) {
      const out = [];
      for (let i = 0; i < inputs.length; i += CHUNK) out.push(...(await store.memory.appendMany(inputs.slice(i, i + CHUNK))));
      return out;
    },
  };
}

function print(ctx: CliContext, report: ReplayReport, project: string, json?: boolean): void {
  if (json) return ctx.out(JSON.stringify({ project, ...report, skipped: report.skipped.length, badLines: report.skipped }, null, 2));
  const parts = [`${report.events} event${report.events === 1 ? '' : 's'}`, `${report.sessions} session${report.sessions === 1 ? '' : 's'}`];
  if (report.filtered) parts.push(`${report.filtered} commit${report.filtered === 1 ? '' : 's'} filtered out`);
  parts.push(`${report.skipped.length} skipped line${report.skipped.length === 1 ? '' : 's'}`);
  ctx.out(`${project}: ${parts.join(', ')}`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

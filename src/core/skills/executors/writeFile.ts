import { chmod, mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { createTwoFilesPatch, structuredPatch } from 'diff';
import { resolveInsideWorkspace } from '../../decisions/workspacePaths';
import { sha256Hex } from '../fileBackups';
import { requireWorkspace } from '../skillWorkspace';
import { SkillInputError, type SkillContext, type SkillExecutor, type SkillPreview } from '../skillTypes';

export type WriteFileArgs = {
  path: string;
  content?: string;
  edits?: Array<{ find: string; replace: string }>;
};

/** What the write would do: the file, its text before (undefined: it does not exist) and after. */
interface PlannedWrite {
  absPath: string;
  relPath: string;
  before: string | undefined;
  after: string;
}

/**
 * `write-file`: writes a whole file or applies exact find/replace edits, inside the workspace only
 * (`..`, absolute paths elsewhere and symlinks out are refused). The preview is a unified diff; the
 * execution backs the file up first and returns what undo needs.
 */
export const writeFileExecutor: SkillExecutor<WriteFileArgs> = {
  async check(args, ctx) {
    await plan(args, ctx);
  },

  async preview(args, ctx) {
    return toPreview(await plan(args, ctx));
  },

  async execute(args, ctx) {
    const planned = await plan(args, ctx);
    const undoFile = await ctx.backups.backup(ctx.proposalId, planned.absPath);
    await mkdir(dirname(planned.absPath), { recursive: true });
    await writeThroughTemp(planned.absPath, planned.after);
    const { summary } = toPreview(planned);
    return { ok: true, output: summary.replace(/^(Create|Write)/, (verb) => (verb === 'Create' ? 'Created' : 'Wrote')), undo: { files: [{ ...undoFile, writtenSha256: sha256Hex(planned.after) }] } };
  },
};

async function plan(args: WriteFileArgs, ctx: SkillContext): Promise<PlannedWrite> {
  const workspace = requireWorkspace(ctx, 'write-file');
  if (args.content !== undefined && args.edits !== undefined) throw new SkillInputError('Give either content (the whole file) or edits, not both.', 'edits');
  if (args.content === undefined && args.edits === undefined) throw new SkillInputError('Give content (the whole file) or edits.', 'content');
  const absPath = await resolveInsideWorkspace(workspace, args.path, 'path');
  const before = await readExisting(absPath, args.path);
  // The guard returns a symlink-free path, so it is shown relative to the workspace's real path.
  const relPath = relative(await realpath(workspace), absPath) || basename(absPath);
  if (args.content !== undefined) return { absPath, relPath, before, after: args.content };
  if (before === undefined) throw new SkillInputError(`path "${args.path}" does not exist, so there is nothing to edit; give content to create it.`, 'path');
  return { absPath, relPath, before, after: applyEdits(before, args.edits ?? []) };
}

async function readExisting(absPath: string, shown: string): Promise<string | undefined> {
  const info = await stat(absPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info) return undefined;
  if (!info.isFile()) throw new SkillInputError(`path "${shown}" is not a file.`, 'path');
  const text = await readFile(absPath, 'utf8');
  if (text.includes('\0')) throw new SkillInputError(`path "${shown}" is a binary file; write-file only writes text.`, 'path');
  return text;
}

function applyEdits(text: string, edits: Array<{ find: string; replace: string }>): string {
  edits.forEach(({ find, replace }, index) => {
    const first = text.indexOf(find);
    const field = `edits[${index}].find`;
    if (first < 0) throw new SkillInputError(`${field} does not occur in the file${index > 0 ? ' (after the earlier edits)' : ''}.`, field);
    if (text.indexOf(find, first + 1) >= 0) throw new SkillInputError(`${field} occurs more than once in the file; include more of the surrounding text so it matches one place.`, field);
    text = text.slice(0, first) + replace + text.slice(first + find.length);
  });
  return text;
}

function toPreview(planned: PlannedWrite): SkillPreview {
  const { before, after, relPath, absPath } = planned;
  const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${relPath}`, `b/${relPath}`, before ?? '', after, undefined, undefined, { context: 3 });
  const { added, removed } = countChanges(before ?? '', after);
  const verb = before === undefined ? 'Create' : 'Write';
  const unchanged = before === after ? ' (no change)' : '';
  return { summary: `${verb} ${relPath} (+${added} −${removed} lines)${unchanged}`, details: patch, kind: 'diff', files: [absPath] };
}

function countChanges(before: string, after: string): { added: number; removed: number } {
  const lines = structuredPatch('a', 'b', before, after, undefined, undefined, { context: 0 }).hunks.flatMap((h) => h.lines);
  return { added: lines.filter((l) => l.startsWith('+')).length, removed: lines.filter((l) => l.startsWith('-')).length };
}

/** A crash leaves the old file or the new one, never half; an existing file keeps its mode (an executable script stays one). */
async function writeThroughTemp(absPath: string, text: string): Promise<void> {
  const mode = (await stat(absPath).catch(() => undefined))?.mode;
  const temp = join(dirname(absPath), `.${basename(absPath)}.mh-write-${process.pid}`);
  await writeFile(temp, text);
  if (mode !== undefined) await chmod(temp, mode & 0o7777);
  await rename(temp, absPath);
}

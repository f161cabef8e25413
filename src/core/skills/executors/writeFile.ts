import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { createTwoFilesPatch, structuredPatch } from 'diff';
import { sensitiveReason } from '../../decisions/sensitivePaths';
import { refuseProfilePath, resolveInsideWorkspace } from '../../decisions/workspacePaths';
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
  /** Set when the file is one where a write becomes code run or a secret (`sensitivePaths.ts`). */
  sensitive?: string;
}

/**
 * `write-file`: writes a whole file or applies exact find/replace edits, inside the workspace only
 * (`..`, absolute paths elsewhere and symlinks out are refused), never inside the profile folder.
 * The preview is a unified diff, flagged `sensitive` for git, editor, CI, package and environment
 * files (the engine then always asks); the execution backs the file up first and returns what undo needs.
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
  await refuseProfilePath(ctx.store.dir, absPath, args.path);
  const before = await readExisting(absPath, args.path);
  // The guard returns a symlink-free path, so it is shown relative to the workspace's real path.
  const root = await realpath(workspace);
  const relPath = relative(root, absPath) || basename(absPath);
  const sensitive = sensitiveReason(root, absPath);
  const where = { absPath, relPath, ...(sensitive ? { sensitive } : {}) };
  if (args.content !== undefined) return { ...where, before, after: args.content };
  if (before === undefined) throw new SkillInputError(`path "${args.path}" does not exist, so there is nothing to edit; give content to create it.`, 'path');
  return { ...where, before, after: applyEdits(before, args.edits ?? []) };
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
  return { summary: `${verb} ${relPath} (+${added} −${removed} lines)${unchanged}`, details: patch, kind: 'diff', files: [absPath], ...(planned.sensitive ? { sensitive: planned.sensitive } : {}) };
}

function countChanges(before: string, after: string): { added: number; removed: number } {
  const lines = structuredPatch('a', 'b', before, after, undefined, undefined, { context: 0 }).hunks.flatMap((h) => h.lines);
  return { added: lines.filter((l) => l.startsWith('+')).length, removed: lines.filter((l) => l.startsWith('-')).length };
}

/**
 * A crash leaves the old file or the new one, never half; an existing file keeps its mode (an
 * executable script stays one). The temp name is random and created exclusively (`wx`), so a
 * symlink or file planted beside the target is never written through; the mode is set on the open
 * handle, not by path.
 */
async function writeThroughTemp(absPath: string, text: string): Promise<void> {
  const mode = (await stat(absPath).catch(() => undefined))?.mode;
  const temp = join(dirname(absPath), `.${basename(absPath)}.mh-write-${randomBytes(8).toString('hex')}`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(text);
    if (mode !== undefined) await handle.chmod(mode & 0o7777);
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, absPath);
}

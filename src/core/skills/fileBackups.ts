import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { realpathOfNearest } from '../decisions/workspacePaths';
import { UndoConflictError, UndoPathError, type FileBackups, type UndoFile, type UndoInfo } from './skillTypes';

/** Hex SHA-256 of file bytes; skills record it for what they wrote (`UndoFile.writtenSha256`). */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

interface BackupNote {
  path: string;
  backup?: string;
  takenAt: string;
}

/**
 * Backups for undo, under `dir/<proposalId>/`: for each file a skill is about to write, a copy
 * (`<key>-<name>`) or a note that it did not exist (`<key>.json`, written after the copy, so a note
 * always means the copy is whole). The first backup of a path in a proposal wins: it is the state
 * before the proposal, whatever the proposal then wrote.
 *
 * `restore` puts the earlier state back: copies return, files that did not exist are deleted. A file
 * someone changed after the skill wrote it (its hash differs from `writtenSha256`) is not silently
 * overwritten: the whole undo is refused with `UndoConflictError` and nothing is touched, unless
 * `force`. Files already back in their earlier state count as restored. Copies are kept after a
 * restore (they are the person's data; the backup folder is theirs to clear).
 *
 * Before anything is read or touched, every recorded path is resolved again: the skill recorded a
 * symlink-free path, so if it now leads elsewhere (a folder on the way swapped for a symlink since
 * the write, which could lead out of the workspace), the whole undo is refused (`UndoPathError`)
 * rather than writing or deleting there.
 */
export function createFileBackups(dir: string): FileBackups {
  return {
    async backup(proposalId, absPath) {
      if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(proposalId)) throw new Error(`Cannot back up for proposal "${proposalId}": not a usable folder name.`);
      if (!isAbsolute(absPath)) throw new Error(`Cannot back up ${absPath}: the path must be absolute.`);
      const folder = join(dir, proposalId);
      const key = sha256Hex(absPath).slice(0, 16);
      const notePath = join(folder, `${key}.json`);
      const earlier = await readNote(notePath);
      if (earlier) return toUndoFile(earlier);
      await mkdir(folder, { recursive: true });
      const stat = await lstat(absPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (stat && !stat.isFile()) throw new Error(`Cannot back up ${absPath}: it is not a regular file.`);
      const note: BackupNote = { path: absPath, takenAt: new Date().toISOString() };
      if (stat) {
        note.backup = join(folder, `${key}-${basename(absPath)}`);
        await copyFile(absPath, note.backup);
      }
      await writeFile(notePath, `${JSON.stringify(note)}\n`);
      return toUndoFile(note);
    },

    async restore(undo: UndoInfo, options = {}) {
      for (const file of undo.files) await stillWhereWritten(file.path);
      const plans = await Promise.all(undo.files.map(planRestore));
      const conflicts = plans.filter((p) => p.conflict).map((p) => p.file.path);
      if (conflicts.length > 0 && !options.force) throw new UndoConflictError(conflicts);
      for (const { file, upToDate } of plans) {
        if (upToDate) continue;
        if (file.backup) await putBack(file.backup, file.path);
        else await rm(file.path, { force: true });
      }
      return plans.map((p) => p.file.path);
    },
  };
}

async function planRestore(file: UndoFile): Promise<{ file: UndoFile; upToDate: boolean; conflict: boolean }> {
  const earlier = file.backup ? await readFile(file.backup).catch(() => { throw new Error(`Cannot undo ${file.path}: its backup copy ${file.backup} is gone.`); }) : undefined;
  const now = await readFile(file.path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const upToDate = earlier === undefined ? now === undefined : now !== undefined && earlier.equals(now);
  const changedSince = file.writtenSha256 !== undefined && (now === undefined || sha256Hex(now) !== file.writtenSha256);
  return { file, upToDate, conflict: !upToDate && changedSince };
}

/**
 * The workspace guard again, at undo time: skills record the symlink-free path they wrote (inside
 * the workspace, by `resolveInsideWorkspace`), so the path must still resolve to itself. If a folder
 * on the way (or the workspace itself) became a symlink, it would now lead out: refused.
 */
async function stillWhereWritten(path: string): Promise<void> {
  const now = await realpathOfNearest(path);
  if (now !== path) throw new UndoPathError(path, now);
}

/**
 * Through a temp file beside the target, so a crash leaves the old or the restored file, never half
 * of one; the temp name is random and must not exist (a planted symlink is not followed).
 */
async function putBack(copy: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.mh-undo-${randomBytes(8).toString('hex')}`);
  await copyFile(copy, temp, constants.COPYFILE_EXCL);
  await rename(temp, target);
}

async function readNote(path: string): Promise<BackupNote | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as BackupNote;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function toUndoFile(note: BackupNote): UndoFile {
  return note.backup ? { path: note.path, backup: note.backup } : { path: note.path };
}

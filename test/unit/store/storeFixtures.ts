import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { NewMemoryRecord } from '../../../src/core/memory/memoryLog';
import type { MemoryKind } from '../../../src/core/memory/record';
import { openProfileStore, type ProfileStore, type ProfileStoreOptions } from '../../../src/core/profile/profileStore';
import { nodeStoreFs, type StoreFs } from '../../../src/core/profile/storeFs';
import { after } from 'node:test';

/** A fresh, empty temp folder; removed by `cleanup`. */
export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `mh-${label}-`));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A temp-dir maker for one `describe`: every folder it made is removed after the suite. */
export function tempDirsForSuite(): (label: string) => string {
  const dirs: string[] = [];
  after(() => dirs.forEach(cleanup));
  return (label) => {
    const dir = tempDir(label);
    dirs.push(dir);
    return dir;
  };
}

/** Warnings the store reported, for assertions. */
export interface CapturedLog {
  warnings: string[];
  infos: string[];
  logger: { warn(message: string): void; info(message: string): void };
}

export function captureLog(): CapturedLog {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, logger: { warn: (m) => warnings.push(m), info: (m) => infos.push(m) } };
}

/** Opens a profile for a test: non-durable (fsync proves nothing about process crashes) and quick to time out. */
export function openTestStore(dir: string, options: ProfileStoreOptions = {}): Promise<ProfileStore> {
  return openProfileStore(dir, { actor: 'test', durable: false, lockTimeoutMs: 10_000, ...options });
}

/** A realistic new record of the given kind. */
export function newRecord(kind: MemoryKind, text: string, extra: Partial<NewMemoryRecord> = {}): NewMemoryRecord {
  return { kind, text, source: `test:${kind}`, ...extra };
}

/** Every file under a folder, relative, sorted. */
export function allFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** Files of the profile whose bytes contain `needle` (a `grep -rl`). */
export function filesContaining(dir: string, needle: string): string[] {
  return allFiles(dir).filter((rel) => readFileSync(join(dir, rel)).includes(needle));
}

export function readLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
}

export function rel(dir: string, path: string): string {
  return relative(dir, path);
}

/**
 * A file system that fails one operation with an errno, to test disk-full and permission paths
 * without a full disk or a non-root user. `when` picks the call; `partial` writes half the bytes
 * first, as a real ENOSPC mid-write does.
 */
export function faultyFs(fault: { op: keyof StoreFs; code: string; when: (path: string) => boolean; partial?: boolean }): StoreFs & { armed: boolean } {
  const fdPaths = new Map<number, string>();
  const fail = () => Object.assign(new Error(`${fault.code}: injected failure`), { code: fault.code });
  const fs: StoreFs & { armed: boolean } = {
    ...nodeStoreFs,
    armed: true,
    openSync: (path, flags, mode) => {
      if (fs.armed && fault.op === 'openSync' && fault.when(String(path))) throw fail();
      const fd = nodeStoreFs.openSync(path, flags, mode);
      fdPaths.set(fd, String(path));
      return fd;
    },
    writeSync: (fd, buffer, offset = 0, length = buffer.length - offset) => {
      if (fs.armed && fault.op === 'writeSync' && fault.when(fdPaths.get(fd) ?? '')) {
        if (fault.partial) nodeStoreFs.writeSync(fd, buffer, offset, Math.floor(length / 2));
        throw fail();
      }
      return nodeStoreFs.writeSync(fd, buffer, offset, length);
    },
    renameSync: (from, to) => {
      if (fs.armed && fault.op === 'renameSync' && fault.when(String(to))) throw fail();
      nodeStoreFs.renameSync(from, to);
    },
  };
  return fs;
}

/** Runs a child script with tsx, collecting stdout lines. */
export function runChild(script: string, args: string[]): { child: ChildProcess; lines: string[]; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'children', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(`child ${script} exited ${code}: ${stderr}\n`);
      resolve(code);
    }),
  );
  return { child, lines, exit };
}

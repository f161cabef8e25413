import * as nodeFs from 'node:fs';

/**
 * The file operations the store uses, as a port: production passes `node:fs`, tests wrap it to
 * inject disk-full or permission failures at an exact call without needing a full disk or a
 * non-root user.
 */
export interface StoreFs {
  openSync: typeof nodeFs.openSync;
  closeSync: typeof nodeFs.closeSync;
  writeSync: (fd: number, buffer: Uint8Array, offset?: number, length?: number) => number;
  readSync: (fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null) => number;
  fsyncSync: typeof nodeFs.fsyncSync;
  fdatasyncSync: typeof nodeFs.fdatasyncSync;
  ftruncateSync: typeof nodeFs.ftruncateSync;
  fstatSync: (fd: number) => nodeFs.Stats;
  statSync: (path: string) => nodeFs.Stats;
  readFileSync: (path: string) => Buffer;
  readdirSync: (path: string) => string[];
  mkdirSync: (path: string, options: { recursive: true }) => unknown;
  renameSync: typeof nodeFs.renameSync;
  unlinkSync: typeof nodeFs.unlinkSync;
  rmSync: typeof nodeFs.rmSync;
  existsSync: typeof nodeFs.existsSync;
}

export const nodeStoreFs: StoreFs = {
  openSync: nodeFs.openSync,
  closeSync: nodeFs.closeSync,
  writeSync: (fd, buffer, offset, length) => nodeFs.writeSync(fd, buffer, offset, length),
  readSync: (fd, buffer, offset, length, position) => nodeFs.readSync(fd, buffer, offset, length, position),
  fsyncSync: nodeFs.fsyncSync,
  fdatasyncSync: nodeFs.fdatasyncSync,
  ftruncateSync: nodeFs.ftruncateSync,
  fstatSync: (fd) => nodeFs.fstatSync(fd),
  statSync: (path) => nodeFs.statSync(path),
  readFileSync: (path) => nodeFs.readFileSync(path),
  readdirSync: (path) => nodeFs.readdirSync(path),
  mkdirSync: (path, options) => nodeFs.mkdirSync(path, options),
  renameSync: nodeFs.renameSync,
  unlinkSync: nodeFs.unlinkSync,
  rmSync: nodeFs.rmSync,
  existsSync: nodeFs.existsSync,
};

/** True when `error` is a Node system error with this code (ENOENT, EEXIST…). */
export function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

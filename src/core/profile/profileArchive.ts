import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { openProfileStore, type ProfileStore, type ProfileStoreOptions } from './profileStore';
import { StoreError, writeError } from './storeError';
import { isErrno, nodeStoreFs, type StoreFs } from './storeFs';

/** Line 1 of a bundle. */
interface BundleHeader {
  format: 'metahuman.bundle';
  version: number;
  exportedAt: string;
  files: number;
  bytes: number;
}

/** One piece of one file (files over 1 MiB span several lines). */
interface BundleChunk {
  path: string;
  chunk: number;
  chunks: number;
  size: number;
  sha256: string;
  encoding: 'utf8' | 'base64';
  data: string;
}

export interface ArchiveReport {
  bundle: string;
  files: number;
  bytes: number;
}

const BUNDLE_VERSION = 1;
const CHUNK_BYTES = 1 << 20;
/** Runtime state and derived caches: never part of a person's data. */
const SKIPPED = (rel: string) => rel === '.lock' || rel === '.lock.break' || rel === '.leader' || rel === 'agents/running' || rel.startsWith('agents/running/') || rel === 'index' || rel.startsWith('index/') || rel.includes('.tmp-');

/**
 * Writes the whole profile as one JSONL bundle: a header, then every file (persona, history,
 * memory logs, audit, quarantine) as checksummed chunks, then an end line so a truncated copy is
 * refused. Taken under the lock, so no write lands half in and half out. The export itself is
 * audited (before the snapshot, so the bundle holds that entry too).
 */
export async function exportProfile(store: ProfileStore, bundlePath: string): Promise<ArchiveReport> {
  const fs = store.files.fs;
  return store.lock.withLock('export', () => {
    const before = listFiles(fs, store.dir);
    store.audit.appendLocked({ type: 'export', files: before.length, bytes: before.reduce((n, f) => n + fs.statSync(join(store.dir, f)).size, 0) });
    const files = listFiles(fs, store.dir);
    const lines: string[] = [];
    let bytes = 0;
    for (const rel of files) {
      store.lock.touch();
      const data = fs.readFileSync(join(store.dir, rel));
      bytes += data.length;
      lines.push(...chunksOf(rel, data));
    }
    const header: BundleHeader = { format: 'metahuman.bundle', version: BUNDLE_VERSION, exportedAt: store.files.clock().toISOString(), files: files.length, bytes };
    writeFileDurably(fs, resolve(bundlePath), `${[JSON.stringify(header), ...lines, JSON.stringify({ end: true, files: files.length })].join('\n')}\n`);
    return { bundle: resolve(bundlePath), files: files.length, bytes };
  });
}

/**
 * Restores a bundle into an empty (or missing) profile folder. Every checksum is verified before
 * anything is written; the files go to a staging folder beside the target that is renamed into
 * place at the end, so a failed import leaves no half profile behind.
 */
export async function importProfile(bundlePath: string, profileDir: string, options: ProfileStoreOptions = {}): Promise<ArchiveReport> {
  const fs = options.fs ?? nodeStoreFs;
  const target = resolve(profileDir);
  const files = readBundle(fs, resolve(bundlePath));
  let targetExists = false;
  try {
    const entries = fs.readdirSync(target);
    if (entries.length > 0) throw new StoreError('NOT_EMPTY', `Will not import into ${target}: the folder is not empty (${entries.slice(0, 3).join(', ')}…). Choose an empty or new folder.`);
    targetExists = true;
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  const staging = `${target}.import-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    let bytes = 0;
    for (const [rel, data] of files) {
      const path = join(staging, rel);
      fs.mkdirSync(dirname(path), { recursive: true });
      writeFileDurably(fs, path, data);
      bytes += data.length;
    }
    fs.mkdirSync(staging, { recursive: true });
    if (targetExists) fs.rmSync(target, { recursive: true }); // checked empty above
    fs.mkdirSync(dirname(target), { recursive: true });
    fs.renameSync(staging, target);
    const store = await openProfileStore(target, options);
    try {
      await store.audit.record({ type: 'write', target: 'profile', op: 'import', count: files.size, detail: basename(bundlePath).slice(0, 200) });
    } finally {
      await store.close();
    }
    return { bundle: resolve(bundlePath), files: files.size, bytes };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error instanceof StoreError ? error : writeError(error, target, 'importing into');
  }
}

function readBundle(fs: StoreFs, path: string): Map<string, Buffer> {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(path);
  } catch (error) {
    throw new StoreError('NOT_FOUND', `Cannot read the bundle ${path}: ${(error as Error).message}`, path, { cause: error });
  }
  const lines = raw.toString('utf8').split('\n').filter((l) => l.length > 0);
  const bad = (why: string) => new StoreError('CORRUPT', `${path} is not a usable MetaHuman bundle: ${why}. Nothing was imported.`, path);
  const header = parse(lines[0]) as Partial<BundleHeader> | undefined;
  if (header?.format !== 'metahuman.bundle') throw bad('no bundle header');
  if (header.version !== BUNDLE_VERSION) throw bad(`bundle version ${String(header.version)} is not supported`);
  const end = parse(lines.at(-1)) as { end?: boolean; files?: number } | undefined;
  if (!end?.end) throw bad('it is truncated (no end line)');
  const parts = new Map<string, { chunk: BundleChunk; data: Buffer[] }>();
  for (const line of lines.slice(1, -1)) {
    const chunk = parse(line) as BundleChunk | undefined;
    if (!chunk || typeof chunk.path !== 'string' || typeof chunk.data !== 'string') throw bad('a damaged line');
    if (!isSafeRelative(chunk.path)) throw bad(`unsafe path ${JSON.stringify(chunk.path)}`);
    const entry = parts.get(chunk.path) ?? { chunk, data: [] };
    if (chunk.chunk !== entry.data.length) throw bad(`chunks of ${chunk.path} out of order`);
    entry.data.push(Buffer.from(chunk.data, chunk.encoding === 'base64' ? 'base64' : 'utf8'));
    parts.set(chunk.path, entry);
  }
  const files = new Map<string, Buffer>();
  for (const [rel, { chunk, data }] of parts) {
    const whole = Buffer.concat(data);
    if (data.length !== chunk.chunks || whole.length !== chunk.size) throw bad(`${rel} is incomplete`);
    if (createHash('sha256').update(whole).digest('hex') !== chunk.sha256) throw bad(`${rel} fails its checksum`);
    files.set(rel, whole);
  }
  if (files.size !== end.files || files.size !== header.files) throw bad(`it lists ${String(header.files)} files but holds ${files.size}`);
  return files;
}

function chunksOf(rel: string, data: Buffer): string[] {
  const sha256 = createHash('sha256').update(data).digest('hex');
  // Text is kept readable; anything that would not survive a UTF-8 round trip goes as base64.
  const encoding = Buffer.from(data.toString('utf8'), 'utf8').equals(data) ? 'utf8' : 'base64';
  const pieces: Buffer[] = [];
  let start = 0;
  do {
    let end = Math.min(data.length, start + CHUNK_BYTES);
    // Never split a UTF-8 character between two chunks: step back off continuation bytes.
    if (encoding === 'utf8') while (end < data.length && end > start + 1 && ((data[end] ?? 0) & 0xc0) === 0x80) end--;
    pieces.push(data.subarray(start, end));
    start = end;
  } while (start < data.length);
  return pieces.map((piece, chunk) =>
    JSON.stringify({ path: rel, chunk, chunks: pieces.length, size: data.length, sha256, encoding, data: piece.toString(encoding) } satisfies BundleChunk),
  );
}

function listFiles(fs: StoreFs, root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(join(root, rel)).sort()) {
    const sub = rel ? `${rel}/${name}` : name;
    if (SKIPPED(sub)) continue;
    if (fs.statSync(join(root, sub)).isDirectory()) out.push(...listFiles(fs, root, sub));
    else out.push(sub);
  }
  return out;
}

function writeFileDurably(fs: StoreFs, path: string, data: string | Buffer): void {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const fd = fs.openSync(temp, 'wx');
    try {
      const buffer = typeof data === 'string' ? Buffer.from(data) : data;
      for (let done = 0; done < buffer.length; ) done += fs.writeSync(fd, buffer, done, buffer.length - done);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw writeError(error, path, 'writing');
  }
}

function isSafeRelative(rel: string): boolean {
  if (!rel || isAbsolute(rel) || rel.includes('\\') || rel.includes('\0')) return false;
  const clean = normalize(rel);
  return clean === rel.split('/').join(sep) && !clean.split(sep).includes('..');
}

function parse(line: string | undefined): unknown {
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

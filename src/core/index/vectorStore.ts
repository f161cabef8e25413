import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createInt8DotKernel, type Int8DotKernel } from './int8Dot';

/**
 * The vector half of the index: one int8-quantised row per record, in one file, scanned in full
 * by a WebAssembly SIMD kernel (1–2 ms per 100k × 256 rows on a laptop core) with cheap
 * prefilters on time, kind and project held beside the rows in typed arrays.
 *
 * File `vectors.bin`: a 64-byte header (magic, format, dimension, row size, embedder hash, layout),
 * then rows of [ts f64 | scale f32 | project i32 | kind u8 | live u8 | 6 pad | dimPadded int8].
 * Rows are rewritten in place (a slot is reused after a remove), so an append or forget costs one
 * positional write, never a rewrite of the file. Compaction (`planCompaction`, `writeCompacted`,
 * `adoptCompacted`) is the one rewrite: it drops the empty rows and renumbers the slots, and bumps
 * the layout number that SQLite keeps too, so a crash between the two leaves a mismatch that is
 * noticed (and re-embedded), never vectors paired with the wrong records. The rows live in WebAssembly memory, outside
 * the JS heap, which is what keeps 100k records at a few MB of heap.
 */
export interface SlotMeta {
  /** Milliseconds since the epoch. */
  ts: number;
  /** 1-based code of the record's kind (0 = unknown). */
  kind: number;
  /** Project id from the metadata store (0 = none). */
  project: number;
}

/** Which rows a vector query may return; every part is optional. */
export interface SlotFilter {
  /** kindAllowed[code] = 1 for the kinds wanted. */
  kindAllowed?: Uint8Array;
  project?: number;
  since?: number;
  until?: number;
  /** Only these slots (from a tag or file filter resolved in SQLite). */
  slots?: Int32Array;
}

export interface VectorHit {
  slot: number;
  /** Cosine similarity, approximately (int8 quantisation error is below 1%). */
  similarity: number;
}

const MAGIC = 0x4d485643; // "MHVC"
const FORMAT = 1;
const HEADER = 64;
const META = 24;
/** Query bytes live at 0; rows start at the second 64 KiB page. */
const ROWS_AT = 65536;
const PAGE = 65536;

export class VectorStore {
  private readonly kernel: Int8DotKernel;
  private readonly dimPadded: number;
  private readonly rowBytes: number;
  private capacity = 0;
  /** Slots ever used; rows at or past this are unused. */
  private high = 0;
  private live = 0;
  private free: number[] = [];
  private ts = new Float64Array(0);
  private scale = new Float32Array(0);
  private project = new Int32Array(0);
  private kind = new Uint8Array(0);
  private dirty = new Set<number>();
  private fd: number | undefined;
  /** Bumped by each compaction; SQLite's `meta.vector_layout` must match (0 in files from before compaction). */
  private layoutNumber = 0;

  private constructor(
    private readonly path: string,
    readonly dimension: number,
    private readonly embedderHash: number,
    options: { forceJs?: boolean },
  ) {
    this.kernel = createInt8DotKernel(options);
    this.dimPadded = Math.ceil(dimension / 16) * 16;
    this.rowBytes = META + this.dimPadded;
  }

  /**
   * Opens the store at `path`, or starts an empty one when the file is missing, unreadable, of
   * another format, dimension or embedder; `reset` then says why (the caller re-embeds).
   */
  static open(path: string, dimension: number, embedderId: string, options: { forceJs?: boolean } = {}): { store: VectorStore; reset?: string } {
    const store = new VectorStore(path, dimension, hashId(embedderId), options);
    const reset = store.load();
    return { store, ...(reset ? { reset } : {}) };
  }

  get size(): number {
    return this.live;
  }

  get kernelKind(): 'simd' | 'js' {
    return this.kernel.kind;
  }

  /** Bytes on disk once flushed. */
  get fileBytes(): number {
    return HEADER + this.high * this.rowBytes;
  }

  get layout(): number {
    return this.layoutNumber;
  }

  /** Empty rows below the highest used slot: what a compaction would drop. */
  get holes(): number {
    return this.high - this.live;
  }

  /** Where each live row goes when the empty rows are dropped (old slot → new slot, order kept). */
  planCompaction(): Map<number, number> {
    const plan = new Map<number, number>();
    for (let s = 0; s < this.high; s++) if (this.scale[s] > 0) plan.set(s, plan.size);
    return plan;
  }

  /** Writes the compacted file beside the live one (`<path>.compact`), with the next layout number; changes nothing else. */
  writeCompacted(plan: Map<number, number>): void {
    this.flush();
    const tmp = `${this.path}.compact`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, this.headerBytes(this.layoutNumber + 1), 0, HEADER, 0);
      const chunkRows = 4096;
      const slots = [...plan.keys()];
      for (let i = 0; i < slots.length; i += chunkRows) {
        const part = slots.slice(i, i + chunkRows);
        const buf = Buffer.alloc(part.length * this.rowBytes);
        part.forEach((s, j) => this.encodeRow(s, buf, j * this.rowBytes));
        writeSync(fd, buf, 0, buf.length, HEADER + i * this.rowBytes);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Drops a compacted file that will not be adopted (SQLite could not take the new slots). */
  discardCompacted(): void {
    rmSync(`${this.path}.compact`, { force: true });
  }

  /** Moves the rows in memory as `plan` says and puts the compacted file in place of the old one. */
  adoptCompacted(plan: Map<number, number>): void {
    const mem = new Uint8Array(this.kernel.memory.buffer);
    for (const [from, to] of plan) {
      if (from === to) continue;
      mem.copyWithin(ROWS_AT + to * this.dimPadded, ROWS_AT + from * this.dimPadded, ROWS_AT + (from + 1) * this.dimPadded);
      this.ts[to] = this.ts[from];
      this.scale[to] = this.scale[from];
      this.project[to] = this.project[from];
      this.kind[to] = this.kind[from];
    }
    const kept = plan.size;
    mem.fill(0, ROWS_AT + kept * this.dimPadded, ROWS_AT + this.high * this.dimPadded);
    this.scale.fill(0, kept, this.high);
    this.high = kept;
    this.free = [];
    this.dirty.clear();
    this.layoutNumber++;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    renameSync(`${this.path}.compact`, this.path);
  }

  has(slot: number): boolean {
    return slot >= 0 && slot < this.high && this.scale[slot] > 0;
  }

  /** Writes `vector` into `slot` (or a free slot when undefined) and returns the slot. */
  put(slot: number | undefined, vector: Float32Array, meta: SlotMeta): number {
    if (vector.length !== this.dimension) throw new Error(`Vector of length ${vector.length} in a store of dimension ${this.dimension}.`);
    const s = slot ?? this.allocate();
    if (s >= this.capacity) this.grow(s + 1);
    if (s >= this.high) this.high = s + 1;
    if (!(this.scale[s] > 0)) this.live++;
    const row = new Int8Array(this.kernel.memory.buffer, ROWS_AT + s * this.dimPadded, this.dimPadded);
    this.scale[s] = quantize(vector, row);
    this.setMeta(s, meta);
    return s;
  }

  /** Moves a row's time, kind or project without touching its vector. */
  setMeta(slot: number, meta: SlotMeta): void {
    this.ts[slot] = meta.ts;
    this.kind[slot] = meta.kind;
    this.project[slot] = meta.project;
    this.dirty.add(slot);
  }

  remove(slot: number): void {
    if (!this.has(slot)) return;
    this.scale[slot] = 0;
    // Forgetting is real: the row's bytes are zeroed on disk too, not just marked free.
    new Int8Array(this.kernel.memory.buffer, ROWS_AT + slot * this.dimPadded, this.dimPadded).fill(0);
    this.live--;
    this.free.push(slot);
    this.dirty.add(slot);
  }

  /** Forgets every row (used when the embedder changed); the file is truncated on flush. */
  clear(): void {
    this.high = 0;
    this.live = 0;
    this.free = [];
    this.dirty.clear();
    this.scale.fill(0);
    this.writeHeader(true);
  }

  /** The `k` rows most similar to `query` that pass `filter`, best first. */
  search(query: Float32Array, k: number, filter: SlotFilter = {}): VectorHit[] {
    if (this.live === 0 || k <= 0) return [];
    const bytes = new Int8Array(this.kernel.memory.buffer);
    const queryRow = bytes.subarray(0, this.dimPadded);
    const queryScale = quantize(query, queryRow);
    if (queryScale === 0) return [];
    const outAt = ROWS_AT + this.capacity * this.dimPadded;
    const top = new TopK(k, this.ts);
    const accept = (s: number) =>
      this.scale[s] > 0 &&
      (filter.kindAllowed === undefined || filter.kindAllowed[this.kind[s]] === 1) &&
      (filter.project === undefined || this.project[s] === filter.project) &&
      (filter.since === undefined || this.ts[s] >= filter.since) &&
      (filter.until === undefined || this.ts[s] < filter.until);
    if (filter.slots && filter.slots.length < this.high / 8) {
      // A selective slot list (tag or file filter): score only those rows.
      const out = new Int32Array(this.kernel.memory.buffer, outAt, 1);
      for (const s of filter.slots) {
        if (s >= this.high || !accept(s)) continue;
        this.kernel.dots(0, ROWS_AT + s * this.dimPadded, this.dimPadded, this.dimPadded, 1, outAt);
        top.offer(s, out[0] * this.scale[s] * queryScale);
      }
      return top.sorted();
    }
    this.kernel.dots(0, ROWS_AT, this.dimPadded, this.dimPadded, this.high, outAt);
    const dots = new Int32Array(this.kernel.memory.buffer, outAt, this.high);
    const allowed = filter.slots ? slotMask(filter.slots, this.high) : undefined;
    const scale = this.scale;
    const plain = !filter.kindAllowed && filter.project === undefined && filter.since === undefined && filter.until === undefined && !allowed;
    for (let s = 0; s < this.high; s++) {
      const sc = scale[s];
      if (sc === 0) continue;
      const score = dots[s] * sc * queryScale;
      // Cheapest test first: once k rows are held, most rows fall below the k-th best.
      if (score <= top.floor) continue;
      if (!plain && (!accept(s) || (allowed && allowed[s] === 0))) continue;
      top.offer(s, score);
    }
    return top.sorted();
  }

  /** Writes changed rows (adjacent ones in one write) and the header. */
  flush(): void {
    if (this.dirty.size === 0) return;
    const fd = this.handle();
    const slots = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    let i = 0;
    while (i < slots.length) {
      let j = i;
      while (j + 1 < slots.length && slots[j + 1] === slots[j] + 1 && j - i < 4095) j++;
      const first = slots[i];
      const buf = Buffer.alloc((j - i + 1) * this.rowBytes);
      for (let s = first; s <= slots[j]; s++) this.encodeRow(s, buf, (s - first) * this.rowBytes);
      writeSync(fd, buf, 0, buf.length, HEADER + first * this.rowBytes);
      i = j + 1;
    }
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private allocate(): number {
    return this.free.pop() ?? this.high;
  }

  private grow(needed: number): void {
    const capacity = Math.max(needed, 1024, Math.ceil(this.capacity * 1.5));
    const bytesNeeded = ROWS_AT + capacity * this.dimPadded + capacity * 4;
    const have = this.kernel.memory.buffer.byteLength;
    if (bytesNeeded > have) this.kernel.memory.grow(Math.ceil((bytesNeeded - have) / PAGE));
    const widen = <T extends Float64Array | Float32Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.ts = widen(this.ts, (n) => new Float64Array(n));
    this.scale = widen(this.scale, (n) => new Float32Array(n));
    this.project = widen(this.project, (n) => new Int32Array(n));
    this.kind = widen(this.kind, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }

  private encodeRow(slot: number, buf: Buffer, at: number): void {
    buf.writeDoubleLE(this.ts[slot], at);
    buf.writeFloatLE(this.scale[slot], at + 8);
    buf.writeInt32LE(this.project[slot], at + 12);
    buf[at + 16] = this.kind[slot]!;
    buf[at + 17] = this.scale[slot] > 0 ? 1 : 0;
    const row = new Uint8Array(this.kernel.memory.buffer, ROWS_AT + slot * this.dimPadded, this.dimPadded);
    buf.set(row, at + META);
  }

  private handle(): number {
    if (this.fd === undefined) {
      this.fd = openSync(this.path, existsSync(this.path) ? 'r+' : 'w+');
      if (fstatSync(this.fd).size < HEADER) this.writeHeader(false);
    }
    return this.fd;
  }

  private writeHeader(truncate: boolean): void {
    const fd = this.handle();
    writeSync(fd, this.headerBytes(this.layoutNumber), 0, HEADER, 0);
    if (truncate) ftruncateSync(fd, HEADER);
  }

  private headerBytes(layout: number): Buffer {
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(FORMAT, 4);
    header.writeUInt32LE(this.dimension, 8);
    header.writeUInt32LE(this.rowBytes, 12);
    header.writeUInt32LE(this.embedderHash, 16);
    header.writeUInt32LE(layout, 20);
    return header;
  }

  /** Returns why the file could not be used, or undefined when it was loaded. */
  private load(): string | undefined {
    rmSync(`${this.path}.compact`, { force: true }); // a compaction that never got to adopt its file
    if (!existsSync(this.path)) return this.resetFile('no vector file');
    const fd = openSync(this.path, 'r+');
    this.fd = fd;
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(HEADER);
    if (size < HEADER || readSync(fd, header, 0, HEADER, 0) !== HEADER) return this.resetFile('vector file too short');
    if (header.readUInt32LE(0) !== MAGIC || header.readUInt32LE(4) !== FORMAT) return this.resetFile('vector file of another format');
    if (header.readUInt32LE(8) !== this.dimension || header.readUInt32LE(12) !== this.rowBytes) return this.resetFile('vector file of another dimension');
    if (header.readUInt32LE(16) !== this.embedderHash) return this.resetFile('vector file built by another embedder');
    if ((size - HEADER) % this.rowBytes !== 0) return this.resetFile('vector file has a torn row');
    this.layoutNumber = header.readUInt32LE(20);
    const rows = (size - HEADER) / this.rowBytes;
    this.grow(rows);
    // Read in chunks so a large file never needs one big Buffer beside the WebAssembly copy.
    const chunkRows = 4096;
    const buf = Buffer.alloc(chunkRows * this.rowBytes);
    for (let first = 0; first < rows; first += chunkRows) {
      const n = Math.min(chunkRows, rows - first);
      readSync(fd, buf, 0, n * this.rowBytes, HEADER + first * this.rowBytes);
      const mem = new Uint8Array(this.kernel.memory.buffer);
      for (let r = 0; r < n; r++) {
        const at = r * this.rowBytes;
        const s = first + r;
        const isLive = buf[at + 17] === 1;
        this.ts[s] = buf.readDoubleLE(at);
        this.scale[s] = isLive ? buf.readFloatLE(at + 8) : 0;
        this.project[s] = buf.readInt32LE(at + 12);
        this.kind[s] = buf[at + 16]!;
        mem.set(buf.subarray(at + META, at + META + this.dimPadded), ROWS_AT + s * this.dimPadded);
        if (isLive) this.live++;
        else this.free.push(s);
      }
    }
    this.high = rows;
    this.free.reverse();
    return undefined;
  }

  private resetFile(reason: string): string {
    this.clear();
    return reason;
  }
}

/** Symmetric int8 quantisation with one scale per row: v ≈ scale × q. Returns the scale. */
function quantize(v: Float32Array, out: Int8Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > max) max = a;
  }
  out.fill(0);
  if (max === 0 || !Number.isFinite(max)) return 0;
  const inv = 127 / max;
  for (let i = 0; i < v.length; i++) out[i] = Math.round(v[i] * inv);
  return max / 127;
}

function slotMask(slots: Int32Array, high: number): Uint8Array {
  const mask = new Uint8Array(high);
  for (const s of slots) if (s < high) mask[s] = 1;
  return mask;
}

/** 32-bit FNV-1a of the embedder id, kept in the header to notice a swapped embedder. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The best `k` (slot, score) pairs seen, kept sorted descending; `floor` is the score to beat.
 * Equal scores go to the newer row, so the order never depends on which slot a record landed in
 * (slots are reused), and an incremental index ranks like a rebuilt one.
 */
class TopK {
  private readonly slots: number[] = [];
  private readonly scores: number[] = [];
  floor = -Infinity;

  constructor(
    private readonly k: number,
    private readonly ts: Float64Array,
  ) {}

  offer(slot: number, score: number): void {
    const full = this.scores.length === this.k;
    if (full && !this.before(score, slot, this.k - 1)) return;
    let i = this.scores.length;
    while (i > 0 && this.before(score, slot, i - 1)) i--;
    this.slots.splice(i, 0, slot);
    this.scores.splice(i, 0, score);
    if (this.scores.length > this.k) {
      this.slots.pop();
      this.scores.pop();
    }
    // Strictly below the k-th best can never enter; equal may (it may be newer), so step just under.
    if (this.scores.length === this.k) this.floor = this.scores[this.k - 1] - Number.EPSILON * Math.abs(this.scores[this.k - 1]);
  }

  sorted(): VectorHit[] {
    return this.slots.map((slot, i) => ({ slot, similarity: this.scores[i] }));
  }

  /** True when (score, slot) ranks ahead of the entry at `i`. */
  private before(score: number, slot: number, i: number): boolean {
    const other = this.scores[i];
    if (score !== other) return score > other;
    const a = this.ts[slot];
    const b = this.ts[this.slots[i]];
    return a !== b ? a > b : slot < this.slots[i];
  }
}

/**
 * Dot products of one int8 query against many int8 rows, the inner loop of the vector scan.
 *
 * WebAssembly SIMD does 16 int8 multiply-adds per instruction (widen to int16, then
 * `i32x4.dot_i16x8_s`), several times faster than the JavaScript loop over the same data;
 * the module is 150 bytes, assembled here so there is no build step or binary file to ship.
 * Where SIMD is unavailable the same function runs in plain JavaScript.
 */
export interface Int8DotKernel {
  /** `simd` or `js`, for diagnostics and the benchmark. */
  readonly kind: 'simd' | 'js';
  /** Linear memory that holds the query and rows; grows on demand (views must be re-taken after). */
  readonly memory: WebAssembly.Memory;
  /**
   * For `count` rows starting at byte `rowsPtr`, `stride` bytes apart, writes the int32 dot product
   * of the first `dim` bytes (a multiple of 16) with the query at `queryPtr` into int32s at `outPtr`.
   */
  dots(queryPtr: number, rowsPtr: number, stride: number, dim: number, count: number, outPtr: number): void;
}

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02, loop: 0x03, end: 0x0b, br: 0x0c, brIf: 0x0d,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Store: 0x36, i32Const: 0x41, i32Eqz: 0x45, i32LtU: 0x49, i32Add: 0x6a, i32Sub: 0x6b,
} as const;
/** SIMD opcodes: prefix 0xfd, then the LEB128 sub-opcode. */
const simd = {
  load: [0xfd, 0x00, 0x00, 0x00], // v128.load align=1 offset=0
  const0: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  extendLowS: [0xfd, 0x87, 0x01], // i16x8.extend_low_i8x16_s
  extendHighS: [0xfd, 0x88, 0x01], // i16x8.extend_high_i8x16_s
  dot: [0xfd, 0xba, 0x01], // i32x4.dot_i16x8_s
  add: [0xfd, 0xae, 0x01], // i32x4.add
  lane: (i: number) => [0xfd, 0x1b, i], // i32x4.extract_lane
};

// Parameters 0..5: query, rows, stride, dim, count, out. Locals: 6 = d (i32), 7 acc, 8 a, 9 b (v128).
const [Q, ROW, STRIDE, DIM, COUNT, OUT, D, ACC, A, B] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const get = (i: number) => [op.localGet, i];
const set = (i: number) => [op.localSet, i];

function body(): number[] {
  return [
    op.block, 0x40,
    op.loop, 0x40,
    ...get(COUNT), op.i32Eqz, op.brIf, 1,
    ...simd.const0, ...set(ACC),
    op.i32Const, 0, ...set(D),
    op.loop, 0x40,
    ...get(Q), ...get(D), op.i32Add, ...simd.load, ...set(A),
    ...get(ROW), ...get(D), op.i32Add, ...simd.load, ...set(B),
    ...get(ACC),
    ...get(A), ...simd.extendLowS, ...get(B), ...simd.extendLowS, ...simd.dot, ...simd.add,
    ...get(A), ...simd.extendHighS, ...get(B), ...simd.extendHighS, ...simd.dot, ...simd.add,
    ...set(ACC),
    ...get(D), op.i32Const, 16, op.i32Add, op.localTee, D, ...get(DIM), op.i32LtU, op.brIf, 0,
    op.end,
    ...get(OUT),
    ...get(ACC), ...simd.lane(0), ...get(ACC), ...simd.lane(1), op.i32Add,
    ...get(ACC), ...simd.lane(2), op.i32Add, ...get(ACC), ...simd.lane(3), op.i32Add,
    op.i32Store, 0x02, 0x00,
    ...get(OUT), op.i32Const, 4, op.i32Add, ...set(OUT),
    ...get(ROW), ...get(STRIDE), op.i32Add, ...set(ROW),
    ...get(COUNT), op.i32Const, 1, op.i32Sub, ...set(COUNT),
    op.br, 0,
    op.end,
    op.end,
    op.end,
  ];
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

export function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  const code = [0x02, 0x01, I32, 0x03, V128, ...body()];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x06, I32, I32, I32, I32, I32, I32, 0x00]),
    ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name('dots'), 0x00, 0x00]),
    ...section(10, [0x01, ...leb(code.length), ...code]),
  ]);
}

/** The SIMD kernel when the runtime supports it (Node 16.4+, every VS Code since 1.60), else JavaScript. */
export function createInt8DotKernel(options: { forceJs?: boolean } = {}): Int8DotKernel {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const bytes = simdModuleBytes();
  if (!options.forceJs && WebAssembly.validate(bytes)) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const dots = instance.exports.dots as (q: number, r: number, s: number, d: number, c: number, o: number) => void;
    return { kind: 'simd', memory, dots };
  }
  return { kind: 'js', memory, dots: (q, r, s, d, c, o) => jsDots(memory, q, r, s, d, c, o) };
}

function jsDots(memory: WebAssembly.Memory, queryPtr: number, rowsPtr: number, stride: number, dim: number, count: number, outPtr: number): void {
  const bytes = new Int8Array(memory.buffer);
  const out = new Int32Array(memory.buffer, outPtr, count);
  for (let n = 0, row = rowsPtr; n < count; n++, row += stride) {
    let s0 = 0;
    let s1 = 0;
    for (let d = 0; d < dim; d += 2) {
      s0 += bytes[queryPtr + d] * bytes[row + d];
      s1 += bytes[queryPtr + d + 1] * bytes[row + d + 1];
    }
    out[n] = s0 + s1;
  }
}

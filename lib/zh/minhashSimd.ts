// The MinHash inner loop in WebAssembly SIMD (i32x4: four permutations per instruction), written
// out as bytes here so that no toolchain or extra file is needed. It computes exactly what
// MinHasher.signatureOfHashes does in plain JavaScript — per permutation i the unsigned minimum of
// (a_i·x + b_i) mod 2^32 over the shingle hashes x — and the tests check the two agree.
//
// minhash(hashesPtr, n, abPtr, outPtr, groups): for each group g of 16 permutations, a and b are
// loaded from abPtr (a: numPerm int32, then b: numPerm int32), the running minima start at
// 0xffffffff, and the loop over the n hashes keeps four v128 minima in registers.

const OP = {
  block: 0x02, loop: 0x03, end: 0x0b, br: 0x0c, brIf: 0x0d,
  get: 0x20, set: 0x21,
  i32const: 0x41, i32geU: 0x4f, i32add: 0x6a, i32shl: 0x74,
  simd: 0xfd,
};
const SIMD = { load: [0x00], load32Splat: [0x09], store: [0x0b], const: [0x0c], i32x4Add: [0xae, 0x01], i32x4Mul: [0xb5, 0x01], i32x4MinU: [0xb7, 0x01] };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function str(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

function buildModule(): Uint8Array {
  // locals: params 0 hp, 1 n, 2 ab, 3 out, 4 groups; i32: 5 g, 6 end, 7 p, 8 aoff; v128: 9–12 a, 13–16 b, 17–20 m, 21 x
  const [HP, N, AB, OUT, GROUPS, G, END, P, AOFF] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const A = [9, 10, 11, 12], B = [13, 14, 15, 16], M = [17, 18, 19, 20], X = 21;
  const c: number[] = [];
  const get = (i: number) => c.push(OP.get, i);
  const set = (i: number) => c.push(OP.set, i);
  const i32 = (v: number) => c.push(OP.i32const, ...uleb(v)); // small non-negative constants only (< 64)
  const simd = (op: number[], memarg?: [number, number]) => c.push(OP.simd, ...op, ...(memarg ? [...uleb(memarg[0]), ...uleb(memarg[1])] : []));
  c.push(OP.block, 0x40, OP.loop, 0x40);
  get(G); get(GROUPS); c.push(OP.i32geU, OP.brIf, 1);
  get(AB); get(G); i32(6); c.push(OP.i32shl, OP.i32add); set(AOFF);
  for (let k = 0; k < 4; k++) { get(AOFF); simd(SIMD.load, [0, 16 * k]); set(A[k]); }
  get(AOFF); get(GROUPS); i32(6); c.push(OP.i32shl, OP.i32add); set(P);
  for (let k = 0; k < 4; k++) { get(P); simd(SIMD.load, [0, 16 * k]); set(B[k]); }
  for (let k = 0; k < 4; k++) { simd(SIMD.const); c.push(...new Array(16).fill(0xff)); set(M[k]); }
  get(HP); set(P);
  get(HP); get(N); i32(2); c.push(OP.i32shl, OP.i32add); set(END);
  c.push(OP.block, 0x40, OP.loop, 0x40);
  get(P); get(END); c.push(OP.i32geU, OP.brIf, 1);
  get(P); simd(SIMD.load32Splat, [0, 0]); set(X);
  for (let k = 0; k < 4; k++) {
    get(M[k]); get(A[k]); get(X); simd(SIMD.i32x4Mul); get(B[k]); simd(SIMD.i32x4Add); simd(SIMD.i32x4MinU); set(M[k]);
  }
  get(P); i32(4); c.push(OP.i32add); set(P);
  c.push(OP.br, 0, OP.end, OP.end);
  get(OUT); get(G); i32(6); c.push(OP.i32shl, OP.i32add); set(P);
  for (let k = 0; k < 4; k++) { get(P); get(M[k]); simd(SIMD.store, [0, 16 * k]); }
  get(G); i32(1); c.push(OP.i32add); set(G);
  c.push(OP.br, 0, OP.end, OP.end, OP.end);
  const body = [2, 4, 0x7f, 13, 0x7b, ...c];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...str("memory"), 2, 0, ...str("minhash"), 0, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

// The few WebAssembly JS-API pieces used here (the project's TypeScript lib has no DOM / wasm types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;

function module(): WasmModule | null {
  if (compiled === undefined) {
    const bytes = buildModule();
    compiled = WA && WA.validate(bytes) ? new WA.Module(bytes) : null;
  }
  return compiled;
}

/** True when this JavaScript engine runs WebAssembly SIMD (Node ≥ 16.4). */
export function simdAvailable(): boolean {
  return module() !== null;
}

/** A SIMD MinHash kernel for fixed permutation parameters; numPerm must be a multiple of 16. */
export class SimdMinHash {
  readonly numPerm: number;
  private readonly memory: WasmMemory;
  private readonly fn: (hp: number, n: number, ab: number, out: number, groups: number) => void;
  private readonly outPtr: number;
  private readonly hashPtr: number;
  private heap32!: Int32Array;
  private heapU32!: Uint32Array;

  constructor(a: Int32Array, b: Int32Array) {
    const mod = module();
    if (!mod) throw new Error("WebAssembly SIMD is not available");
    if (a.length % 16 !== 0 || a.length !== b.length) throw new Error(`SIMD MinHash needs numPerm a multiple of 16, got ${a.length}`);
    this.numPerm = a.length;
    const inst = new WA!.Instance(mod, {});
    this.memory = inst.exports.memory as WasmMemory;
    this.fn = inst.exports.minhash as SimdMinHash["fn"];
    this.outPtr = this.numPerm * 8;
    this.hashPtr = this.numPerm * 12;
    this.views();
    this.heap32.set(a, 0);
    this.heap32.set(b, this.numPerm);
  }

  private views(): void {
    this.heap32 = new Int32Array(this.memory.buffer);
    this.heapU32 = new Uint32Array(this.memory.buffer);
  }

  /** Signature of hashes[0..n) into out (uint32 values). An empty set gives all 0xffffffff. */
  signature(hashes: Int32Array, n: number, out: Uint32Array): Uint32Array {
    const need = this.hashPtr + n * 4;
    if (need > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / 65536));
      this.views();
    }
    this.heap32.set(hashes.subarray(0, n), this.hashPtr >> 2);
    this.fn(this.hashPtr, n, 0, this.outPtr, this.numPerm >> 4);
    out.set(this.heapU32.subarray(this.outPtr >> 2, (this.outPtr >> 2) + this.numPerm));
    return out;
  }
}

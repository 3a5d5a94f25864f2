// Small fast 32-bit hashes for dedup: FNV-1a over UTF-16 code units, murmur3's fmix32 finaliser,
// and a seeded generator (splitmix32) for reproducible permutation parameters.

/** murmur3's 32-bit finaliser: full avalanche of a 32-bit value. Returns a signed int32. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over the UTF-16 code units of `s` (each unit fed as two bytes), as uint32. */
export function fnv1a32(s: string, seed = 0x811c9dc5): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c & 0xff), 0x01000193);
    h = Math.imul(h ^ (c >>> 8), 0x01000193);
  }
  return h >>> 0;
}

/** A 53-bit key of a code-unit sequence from two independent 32-bit hashes (a safe integer, so a
 * Set<number> holds it without strings). Collision odds for n documents ≈ n² / 2^54: 5·10⁻⁵ at a
 * million documents. */
export function key53(codes: Int32Array | Uint16Array, n: number): number {
  const [h1, h2] = key64(codes, n, key53Scratch);
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}
const key53Scratch = new Int32Array(2);

/** splitmix32: a seeded generator of uint32 values. */
export function splitmix32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A set of 64-bit keys (two int32 halves) with an int32 value each, open addressing on typed
 * arrays: 12 bytes a slot, no objects per key (a Map of 53-bit numbers holds a heap number each). */
export class KeyTable {
  private hi = new Int32Array(1024);
  private lo = new Int32Array(1024);
  private val = new Int32Array(1024).fill(-1);
  private mask = 1023;
  size = 0;

  /** The value stored under (hi, lo), or -1. */
  get(hi: number, lo: number): number {
    let s = fmix32(hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const v = this.val[s];
      if (v < 0) return -1;
      if (this.hi[s] === hi && this.lo[s] === lo) return v;
      s = (s + 1) & this.mask;
    }
  }

  /** Store value (≥ 0) under (hi, lo); an existing key keeps its first value. */
  set(hi: number, lo: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    let s = fmix32(hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      if (this.val[s] < 0) {
        this.hi[s] = hi;
        this.lo[s] = lo;
        this.val[s] = value;
        this.size++;
        return;
      }
      if (this.hi[s] === hi && this.lo[s] === lo) return;
      s = (s + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hi, lo, val } = this;
    const n = (this.mask + 1) * 2;
    this.hi = new Int32Array(n);
    this.lo = new Int32Array(n);
    this.val = new Int32Array(n).fill(-1);
    this.mask = n - 1;
    this.size = 0;
    for (let i = 0; i < val.length; i++) if (val[i] >= 0) this.set(hi[i], lo[i], val[i]);
  }
}

/** Two independent 32-bit hashes of a code-unit sequence (a 64-bit key for exact dedup).
 * Collision odds for n documents ≈ n² / 2^65. */
export function key64(codes: Int32Array | Uint16Array, n: number, out: Int32Array): Int32Array {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out[0] = fmix32(h1 ^ n);
  out[1] = fmix32(h2 ^ Math.imul(n, 0x9e3779b1));
  return out;
}

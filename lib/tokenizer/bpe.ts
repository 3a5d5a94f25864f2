// The fast byte-pair encoder for tiktoken-style mergeable ranks (rank = token id, dense 0..n-1).
// Same result as tiktoken's `_byte_pair_merge`: repeatedly merge the adjacent pair whose
// concatenated bytes have the lowest rank, leftmost on ties; a piece that is itself a token is
// returned whole. Speed: a piece cache (string → ids, pre-filled with every token that is valid
// UTF-8), merges on typed arrays through a (left id, right id) → merged id table (./pairTable),
// a linear scan for short pieces and a binary heap over a linked list for long ones.
import { PairTable } from "./pairTable";

const NONE = 0x7fffffff;
/** Pieces longer than this (in bytes) use the heap merge. */
const HEAP_MIN_BYTES = 48;
/** Extra cache entries (beyond the whole-token entries) kept per encoder. */
const CACHE_EXTRA = 1 << 18;

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

export class BytePairEncoder {
  /** bytes of each mergeable token, by id. */
  readonly tokens: Uint8Array[];
  readonly pairs: PairTable;
  /** id of each single byte. */
  readonly byteId = new Int32Array(256);
  private cache = new Map<string, number | number[]>();
  private cacheBase: number;
  // scratch buffers, grown on demand
  private buf = new Uint8Array(1024);
  private tok = new Int32Array(1024);
  private rank = new Int32Array(1024);
  private nxt = new Int32Array(1024);
  private prv = new Int32Array(1024);
  private heap = new Float64Array(1024);

  constructor(tokens: Uint8Array[]) {
    this.tokens = tokens;
    const byKey = new Map<string, number>();
    const keys: string[] = new Array(tokens.length);
    for (let id = 0; id < tokens.length; id++) {
      const t = tokens[id];
      if (!t || t.length === 0) throw new Error(`mergeable ranks: token ${id} is missing or empty (ranks must be dense 0..${tokens.length - 1})`);
      const key = latin1(t);
      if (byKey.has(key)) throw new Error(`mergeable ranks: bytes of token ${id} repeat token ${byKey.get(key)}`);
      byKey.set(key, id);
      keys[id] = key;
    }
    for (let b = 0; b < 256; b++) {
      const id = byKey.get(String.fromCharCode(b));
      if (id === undefined) throw new Error(`mergeable ranks: single byte 0x${b.toString(16).padStart(2, "0")} has no token`);
      this.byteId[b] = id;
    }
    this.pairs = new PairTable(tokens.length * 4);
    const dec = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    for (let id = 0; id < tokens.length; id++) {
      const key = keys[id];
      for (let k = 1; k < key.length; k++) {
        const a = byKey.get(key.slice(0, k));
        if (a === undefined) continue;
        const b = byKey.get(key.slice(k));
        if (b !== undefined) this.pairs.setIfAbsent(a, b, id);
      }
      try {
        this.cache.set(dec.decode(tokens[id]), id);
      } catch {
        // not valid UTF-8 alone: can never be a whole piece
      }
    }
    this.cacheBase = this.cache.size;
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Append the ids of one pre-token to `out`. */
  encodePiece(piece: string, out: number[]): void {
    const hit = this.cache.get(piece);
    if (hit !== undefined) {
      if (typeof hit === "number") out.push(hit);
      else for (let i = 0; i < hit.length; i++) out.push(hit[i]);
      return;
    }
    const n = this.utf8(piece);
    const start = out.length;
    if (n === 1) out.push(this.byteId[this.buf[0]]);
    else if (n < HEAP_MIN_BYTES) this.mergeLinear(n, out);
    else this.mergeHeap(n, out);
    if (this.cache.size < this.cacheBase + CACHE_EXTRA) this.cache.set(piece, out.slice(start));
  }

  /** Encode a byte string (no cache): the ids BPE gives for exactly these bytes. */
  encodeBytes(bytes: Uint8Array, out: number[] = []): number[] {
    this.ensure(bytes.length);
    this.buf.set(bytes);
    const n = bytes.length;
    if (n === 0) return out;
    const id = this.wholeToken(n);
    if (id >= 0) out.push(id);
    else if (n < HEAP_MIN_BYTES) this.mergeLinear(n, out);
    else this.mergeHeap(n, out);
    return out;
  }

  private wholeToken(n: number): number {
    // only used by encodeBytes; pieces go through the string cache instead
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.buf[i]);
    return this.latinIndex().get(s) ?? -1;
  }

  private latinMap: Map<string, number> | null = null;
  private latinIndex(): Map<string, number> {
    if (!this.latinMap) {
      this.latinMap = new Map();
      for (let id = 0; id < this.tokens.length; id++) this.latinMap.set(latin1(this.tokens[id]), id);
    }
    return this.latinMap;
  }

  private ensure(n: number): void {
    if (n <= this.tok.length && n * 4 <= this.buf.length) return;
    let cap = this.tok.length;
    while (cap < n) cap <<= 1;
    this.buf = new Uint8Array(Math.max(cap * 4, this.buf.length));
    this.tok = new Int32Array(cap);
    this.rank = new Int32Array(cap);
    this.nxt = new Int32Array(cap);
    this.prv = new Int32Array(cap);
    this.heap = new Float64Array(cap);
  }

  /** UTF-8 encode `s` into this.buf (lone surrogates → U+FFFD, as TextEncoder does); returns the byte length. */
  private utf8(s: string): number {
    this.ensure(s.length * 3);
    const buf = this.buf;
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) buf[n++] = c;
      else if (c < 0x800) {
        buf[n++] = 0xc0 | (c >> 6);
        buf[n++] = 0x80 | (c & 63);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = s.charCodeAt(i + 1);
          if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
            buf[n++] = 0xf0 | (c >> 18);
            buf[n++] = 0x80 | ((c >> 12) & 63);
            buf[n++] = 0x80 | ((c >> 6) & 63);
            buf[n++] = 0x80 | (c & 63);
            continue;
          }
          c = 0xfffd;
        }
        buf[n++] = 0xe0 | (c >> 12);
        buf[n++] = 0x80 | ((c >> 6) & 63);
        buf[n++] = 0x80 | (c & 63);
      }
    }
    return n;
  }

  /** O(n²) merge on arrays: best for short pieces (most English words). */
  private mergeLinear(n: number, out: number[]): void {
    const tok = this.tok;
    const rank = this.rank;
    const buf = this.buf;
    const pairs = this.pairs;
    const byteId = this.byteId;
    for (let i = 0; i < n; i++) tok[i] = byteId[buf[i]];
    let m = n;
    for (let i = 0; i < m - 1; i++) {
      const r = pairs.get(tok[i], tok[i + 1]);
      rank[i] = r < 0 ? NONE : r;
    }
    for (;;) {
      let best = NONE;
      let at = -1;
      for (let i = 0; i < m - 1; i++) {
        if (rank[i] < best) {
          best = rank[i];
          at = i;
        }
      }
      if (at < 0) break;
      tok[at] = best;
      tok.copyWithin(at + 1, at + 2, m);
      rank.copyWithin(at + 1, at + 2, m - 1);
      m--;
      if (at + 1 < m) {
        const r = pairs.get(tok[at], tok[at + 1]);
        rank[at] = r < 0 ? NONE : r;
      } else rank[at] = NONE;
      if (at > 0) {
        const r = pairs.get(tok[at - 1], tok[at]);
        rank[at - 1] = r < 0 ? NONE : r;
      }
    }
    for (let i = 0; i < m; i++) out.push(tok[i]);
  }

  /** O(n log n) merge: a linked list of parts and a min-heap keyed (rank, position) with lazy deletion. */
  private mergeHeap(n: number, out: number[]): void {
    if (this.heap.length < 3 * n) this.heap = new Float64Array(3 * n);
    const heap = this.heap;
    const tok = this.tok;
    const rank = this.rank;
    const nxt = this.nxt;
    const prv = this.prv;
    const TWO32 = 4294967296;
    let size = 0;
    for (let i = 0; i < n; i++) {
      tok[i] = this.byteId[this.buf[i]];
      nxt[i] = i + 1;
      prv[i] = i - 1;
    }
    nxt[n - 1] = -1;
    rank[n - 1] = NONE;
    for (let i = 0; i < n - 1; i++) {
      const r = this.pairs.get(tok[i], tok[i + 1]);
      rank[i] = r < 0 ? NONE : r;
      if (r >= 0) heap[size++] = r * TWO32 + i;
    }
    // heapify
    for (let s = (size >> 1) - 1; s >= 0; s--) {
      const key = heap[s];
      let i = s;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && heap[c + 1] < heap[c]) c++;
        if (heap[c] >= key) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = key;
    }
    this.mergeHeapFrom(out, heap, size);
  }

  private mergeHeapFrom(out: number[], heap: Float64Array, size: number): void {
    const tok = this.tok;
    const rank = this.rank;
    const nxt = this.nxt;
    const prv = this.prv;
    const pairs = this.pairs;
    const TWO32 = 4294967296;
    const push = (key: number): void => {
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (heap[p] <= key) break;
        heap[i] = heap[p];
        i = p;
      }
      heap[i] = key;
    };
    while (size > 0) {
      // pop
      const top = heap[0];
      const last = heap[--size];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && heap[c + 1] < heap[c]) c++;
        if (heap[c] >= last) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
      const r = Math.floor(top / TWO32);
      const pos = top - r * TWO32;
      if (rank[pos] !== r) continue; // stale (or removed: removed positions have rank NONE)
      const j = nxt[pos];
      tok[pos] = r;
      // unlink j
      const k = nxt[j];
      nxt[pos] = k;
      if (k >= 0) prv[k] = pos;
      rank[j] = NONE;
      if (k >= 0) {
        const nr = pairs.get(r, tok[k]);
        rank[pos] = nr < 0 ? NONE : nr;
        if (nr >= 0) push(nr * TWO32 + pos);
      } else rank[pos] = NONE;
      const p = prv[pos];
      if (p >= 0) {
        const nr = pairs.get(tok[p], r);
        rank[p] = nr < 0 ? NONE : nr;
        if (nr >= 0) push(nr * TWO32 + p);
      }
    }
    for (let i = 0; i >= 0; i = nxt[i]) out.push(tok[i]);
  }
}

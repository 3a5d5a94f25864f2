// The fast byte-pair encoder for tiktoken-style mergeable ranks (rank = token id, dense 0..n-1).
// Same result as tiktoken's `_byte_pair_merge`: repeatedly merge the adjacent pair whose
// concatenated bytes have the lowest rank, leftmost on ties; a piece that is itself a token is
// returned whole. Speed: a byte-keyed piece table (./byteMap: every token, plus a cache of
// pieces), merges on typed arrays through a (left id, right id) → merged id table (./pairTable),
// a linear scan for short pieces and a binary heap over a linked list for long ones.
// Long pieces (a Chinese clause is one piece) are first cut at every byte position that no token
// of the vocabulary can cross (found with a byte trie of the tokens): BPE never merges across such
// a position, and the two sides evolve independently (a merge on one side never changes a pair
// rank on the other), so the result is the concatenation of the segments' merges. Short segments
// (mostly single characters) are memoised.
import { ByteMap, hashBytes } from "./byteMap";
import { PairTable } from "./pairTable";

const NONE = 0x7fffffff;
/** Pieces longer than this (in bytes) use the heap merge. */
const HEAP_MIN_BYTES = 24;
/** Extra cache entries (beyond the whole-token entries) kept per encoder. */
const CACHE_EXTRA = 1 << 17;
/** Uncached pieces of at least this many bytes are first cut where no token can cross. */
const SPLIT_MIN_BYTES = 10;
/** Segments up to this many bytes are memoised by a numeric key. */
const MEMO_MAX_BYTES = 6;
/** Pieces longer than this (bytes) are not cached: long Chinese clauses rarely repeat. */
const CACHE_MAX_BYTES = 36;

/** Options for vocabularies that are not tiktoken ranks (./hfTokenizerJson). */
export interface BpeOptions {
  /**
   * Merges as (left id, right id, merged id) triples in priority order, merged ids increasing: only
   * these pairs merge (Hugging Face BPE). Default: every split of a token into two tokens (tiktoken).
   */
  merges?: Int32Array;
  /** A piece that is itself a token is returned whole (tiktoken; HF's ignore_merges). Default true. */
  wholeTokens?: boolean;
  /** Empty entries are holes (ids a special token holds); default false: every id needs bytes. */
  holes?: boolean;
}

function concatIs(a: Uint8Array, b: Uint8Array, ab: Uint8Array): boolean {
  if (ab.length !== a.length + b.length || a.length === 0 || b.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (ab[i] !== a[i]) return false;
  for (let i = 0; i < b.length; i++) if (ab[a.length + i] !== b[i]) return false;
  return true;
}

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
  /** merged id of two single bytes, indexed (x << 8) | y, or -1: the most frequent lookup, kept small. */
  private bytePair = new Int32Array(65536);
  /** Every token's bytes → its id, plus a cache of pieces → ids. */
  private pieces: ByteMap;
  /** (trie node, byte) → child node; node 0 is the root. Built on first use. */
  private trie: PairTable | null = null;
  private trieToken: Uint8Array = new Uint8Array(0);
  /** trie node after two bytes, indexed (x << 8) | y, or -1 (the first two steps of every walk). */
  private trie2 = new Int32Array(0);
  /** Per trie node, the length of the longest token through it (walks that cannot raise the cover are skipped). */
  private trieMaxLen = new Int32Array(0);
  /** BPE (no whole-piece shortcut) of short segments, keyed by their bytes as a number. */
  private memo = new Map<number, number | number[]>();
  // scratch buffers, grown on demand
  private buf = new Uint8Array(1024);
  private tok = new Int32Array(1024);
  private rank = new Int32Array(1024);
  private nxt = new Int32Array(1024);
  private prv = new Int32Array(1024);
  private heap = new Float64Array(1024);

  constructor(tokens: Uint8Array[], opts: BpeOptions = {}) {
    this.tokens = tokens;
    const byKey = new Map<string, number>();
    const keys: string[] = new Array(tokens.length);
    for (let id = 0; id < tokens.length; id++) {
      const t = tokens[id];
      if (opts.holes && t && t.length === 0) continue;
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
    this.pieces = new ByteMap(tokens.length + CACHE_EXTRA);
    const one = [0];
    const wholeTokens = opts.wholeTokens ?? true;
    for (let id = 0; id < tokens.length; id++) {
      const key = keys[id];
      if (key === undefined) continue; // a hole
      if (!opts.merges)
        for (let k = 1; k < key.length; k++) {
          const a = byKey.get(key.slice(0, k));
          if (a === undefined) continue;
          const b = byKey.get(key.slice(k));
          if (b !== undefined) this.pairs.setIfAbsent(a, b, id);
        }
      if (!wholeTokens) continue;
      const t = tokens[id];
      one[0] = id;
      this.pieces.set(t, t.length, hashBytes(t, t.length), one, 0, 1);
    }
    if (opts.merges) this.setMerges(opts.merges);
    for (let x = 0; x < 256; x++) for (let y = 0; y < 256; y++) this.bytePair[(x << 8) | y] = this.pairs.get(this.byteId[x], this.byteId[y]);
  }

  /** The pair table from explicit merges; the encoder uses the merged id as the priority, so ids must rise with it. */
  private setMerges(m: Int32Array): void {
    let prev = -1;
    for (let i = 0; i + 2 < m.length; i += 3) {
      const merged = m[i + 2];
      if (merged <= prev) throw new Error(`merge #${i / 3} makes id ${merged} after id ${prev}: merged ids must increase with merge priority`);
      const [a, b] = [m[i], m[i + 1]];
      const ta = this.tokens[a];
      const tb = this.tokens[b];
      const tm = this.tokens[merged];
      if (!ta || !tb || !tm || !concatIs(ta, tb, tm)) throw new Error(`merge #${i / 3} (${a}, ${b}) → ${merged}: the bytes do not add up`);
      this.pairs.setIfAbsent(a, b, merged);
      prev = merged;
    }
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Append the ids of one pre-token to `out`. */
  encodePiece(piece: string, out: number[]): void {
    const n = this.utf8(piece);
    this.encodeBuffered(n, out, true);
  }

  /** Encode a byte string: the ids tiktoken gives for a piece with exactly these bytes. */
  encodeBytes(bytes: Uint8Array, out: number[] = []): number[] {
    if (bytes.length === 0) return out;
    this.ensure(bytes.length);
    this.buf.set(bytes);
    this.encodeBuffered(bytes.length, out, false);
    return out;
  }

  /** buf[0, n): a whole token stays whole (tiktoken's shortcut), else BPE; optionally cached. */
  private encodeBuffered(n: number, out: number[], cache: boolean): void {
    const buf = this.buf;
    const h = hashBytes(buf, n);
    if (this.pieces.getInto(buf, n, h, out)) return;
    const start = out.length;
    if (n === 1) out.push(this.byteId[buf[0]]);
    else if (n >= SPLIT_MIN_BYTES) this.mergeSplit(n, out);
    else this.mergeLinear(0, n, out);
    if (cache && n <= CACHE_MAX_BYTES) this.pieces.set(buf, n, h, out, start, out.length);
  }

  private buildTrie(): void {
    let total = 0;
    for (const t of this.tokens) total += t.length;
    const trie = new PairTable(total);
    let isTok = new Uint8Array(total + 1);
    let maxLen = new Int32Array(total + 1);
    let next = 1;
    for (const t of this.tokens) {
      if (t.length === 0) continue; // a hole
      let node = 0;
      for (let i = 0; i < t.length; i++) {
        let child = trie.get(node, t[i]);
        if (child < 0) {
          child = next++;
          trie.setIfAbsent(node, t[i], child);
        }
        node = child;
        if (maxLen[node] < t.length) maxLen[node] = t.length;
      }
      isTok[node] = 1;
    }
    if (isTok.length > next) {
      isTok = isTok.slice(0, next);
      maxLen = maxLen.slice(0, next);
    }
    this.trie = trie;
    this.trieToken = isTok;
    this.trieMaxLen = maxLen;
    this.trie2 = new Int32Array(65536).fill(-1);
    for (let x = 0; x < 256; x++) {
      const a = trie.get(0, x);
      if (a >= 0) for (let y = 0; y < 256; y++) this.trie2[(x << 8) | y] = trie.get(a, y);
    }
  }

  /** BPE of buf[0, n) cut at the positions no token crosses (see header). */
  private mergeSplit(n: number, out: number[]): void {
    if (!this.trie) this.buildTrie();
    const trie = this.trie!;
    const isTok = this.trieToken;
    const trie2 = this.trie2;
    const maxLen = this.trieMaxLen;
    const buf = this.buf;
    let segStart = 0;
    let cover = 0; // max end of a token starting before i
    for (let i = 0; i < n; i++) {
      if (cover <= i && i > segStart) {
        this.mergeSegment(segStart, i - segStart, out);
        segStart = i;
      }
      // every single byte is a token: reach ≥ i + 1; the first two steps use the direct table
      let reach = i + 1;
      if (i + 1 < n) {
        let node = trie2[(buf[i] << 8) | buf[i + 1]];
        // no token through this node reaches past the cover: the walk cannot change it
        if (node >= 0 && i + maxLen[node] > cover) {
          let j = i + 2;
          if (isTok[node] === 1) reach = j;
          while (j < n) {
            node = trie.get(node, buf[j]);
            if (node < 0) break;
            j++;
            if (isTok[node] === 1) reach = j;
          }
        }
      }
      if (reach > cover) cover = reach;
    }
    this.mergeSegment(segStart, n - segStart, out);
  }

  /** BPE (no whole-piece shortcut) of buf[off, off + len), memoised for short segments. */
  private mergeSegment(off: number, len: number, out: number[]): void {
    const buf = this.buf;
    if (len === 1) {
      out.push(this.byteId[buf[off]]);
      return;
    }
    if (len > MEMO_MAX_BYTES) {
      if (len < HEAP_MIN_BYTES) this.mergeLinear(off, len, out);
      else this.mergeHeap(off, len, out);
      return;
    }
    let key = 1;
    for (let i = off + len - 1; i >= off; i--) key = key * 256 + buf[i];
    const hit = this.memo.get(key);
    if (hit !== undefined) {
      if (typeof hit === "number") out.push(hit);
      else for (let i = 0; i < hit.length; i++) out.push(hit[i]);
      return;
    }
    const start = out.length;
    this.mergeLinear(off, len, out);
    if (this.memo.size < CACHE_EXTRA) this.memo.set(key, out.length - start === 1 ? out[start] : out.slice(start));
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
  private mergeLinear(off: number, n: number, out: number[]): void {
    const tok = this.tok;
    const rank = this.rank;
    const buf = this.buf;
    const pairs = this.pairs;
    const byteId = this.byteId;
    for (let i = 0; i < n; i++) tok[i] = byteId[buf[off + i]];
    let m = n;
    const bytePair = this.bytePair;
    for (let i = 0; i < m - 1; i++) {
      const r = bytePair[(buf[off + i] << 8) | buf[off + i + 1]];
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
      // shift left by one (manual loops beat copyWithin's call overhead on short arrays)
      for (let i = at + 1; i < m - 1; i++) {
        tok[i] = tok[i + 1];
        rank[i] = rank[i + 1];
      }
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
  private mergeHeap(off: number, n: number, out: number[]): void {
    if (this.heap.length < 3 * n) this.heap = new Float64Array(3 * n);
    const heap = this.heap;
    const tok = this.tok;
    const rank = this.rank;
    const nxt = this.nxt;
    const prv = this.prv;
    const TWO32 = 4294967296;
    let size = 0;
    for (let i = 0; i < n; i++) {
      tok[i] = this.byteId[this.buf[off + i]];
      nxt[i] = i + 1;
      prv[i] = i - 1;
    }
    nxt[n - 1] = -1;
    rank[n - 1] = NONE;
    const buf = this.buf;
    const bytePair = this.bytePair;
    for (let i = 0; i < n - 1; i++) {
      const r = bytePair[(buf[off + i] << 8) | buf[off + i + 1]];
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

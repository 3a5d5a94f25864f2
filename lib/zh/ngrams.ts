// Gopher's repetition measures over a token stream (characters for Chinese, words for English):
// the top n-gram's character fraction and the duplicated n-gram character fraction
// (Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher",
// appendix A). Hash tables on typed arrays; n-grams are 32-bit hashes (a collision inside one
// document merges two n-grams' counts — odds ≈ count²/2^33, a few characters at most).
import { fmix32 } from "./hash";

/** A token stream: token ids (any int32, e.g. code units or word hashes) and their lengths in characters. */
export interface TokenStream {
  ids: Int32Array;
  /** null when every token is one character. */
  lens: Int32Array | null;
  count: number;
}

class Table {
  keys = new Int32Array(1024);
  counts = new Int32Array(1024);
  used = new Uint8Array(1024);
  mask = 1023;
  reset(n: number): void {
    let size = 1024;
    while (size < 2 * n) size *= 2;
    if (size > this.keys.length) {
      this.keys = new Int32Array(size);
      this.counts = new Int32Array(size);
      this.used = new Uint8Array(size);
    } else this.used.fill(0, 0, size);
    this.mask = size - 1;
  }
  /** Add one to `key`'s count; returns the slot. */
  add(key: number): number {
    let s = key & this.mask;
    for (;;) {
      if (!this.used[s]) {
        this.used[s] = 1;
        this.keys[s] = key;
        this.counts[s] = 1;
        return s;
      }
      if (this.keys[s] === key) {
        this.counts[s]++;
        return s;
      }
      s = (s + 1) & this.mask;
    }
  }
}

const table = new Table();
let gramBuf = new Int32Array(1024);
let slotBuf = new Int32Array(1024);
let covered = new Uint8Array(1024);

function ensure(n: number): void {
  if (gramBuf.length < n) {
    let m = gramBuf.length;
    while (m < n) m *= 2;
    gramBuf = new Int32Array(m);
    slotBuf = new Int32Array(m);
    covered = new Uint8Array(m);
  }
}

function totalChars(t: TokenStream): number {
  if (!t.lens) return t.count;
  let s = 0;
  for (let i = 0; i < t.count; i++) s += t.lens[i];
  return s;
}

/** Hash every n-gram into gramBuf and count them in the table; returns the number of n-grams. */
function countGrams(t: TokenStream, n: number): number {
  const g = t.count - n + 1;
  if (g <= 0) return 0;
  ensure(g);
  table.reset(g);
  const ids = t.ids;
  // rolling polynomial hash mod 2^32: h_i = Σ ids[i+j]·B^(n−1−j), then fmix32 for the table key
  const B = 0x01000193;
  let pow = 1;
  for (let j = 0; j < n - 1; j++) pow = Math.imul(pow, B);
  let h = 0;
  for (let j = 0; j < n; j++) h = (Math.imul(h, B) + ids[j]) | 0;
  const salt = Math.imul(n, 0x9e3779b1);
  for (let i = 0; i < g; i++) {
    const key = fmix32(h ^ salt);
    gramBuf[i] = key;
    slotBuf[i] = table.add(key);
    if (i + 1 < g) h = (Math.imul((h - Math.imul(ids[i], pow)) | 0, B) + ids[i + n]) | 0;
  }
  return g;
}

/** Characters in the most frequent n-gram (all its occurrences) / all characters. */
export function topNgramCharFraction(t: TokenStream, n: number): number {
  return topNgram(t, n).frac;
}

/** The top n-gram's character fraction and its count. */
export function topNgram(t: TokenStream, n: number): { frac: number; count: number } {
  const g = countGrams(t, n);
  if (g === 0) return { frac: 0, count: 0 };
  let bestSlot = -1;
  let best = 1;
  for (let i = 0; i < g; i++) {
    const c = table.counts[slotBuf[i]];
    if (c > best) {
      best = c;
      bestSlot = slotBuf[i];
    }
  }
  if (bestSlot < 0) return { frac: 0, count: 1 }; // nothing repeats
  // characters of one occurrence of the top n-gram
  let first = 0;
  while (slotBuf[first] !== bestSlot) first++;
  let chars = n;
  if (t.lens) {
    chars = 0;
    for (let j = first; j < first + n; j++) chars += t.lens[j];
  }
  return { frac: (best * chars) / totalChars(t), count: best };
}

/** Characters covered by any n-gram that occurs more than once / all characters. */
export function dupNgramCharFraction(t: TokenStream, n: number): number {
  const g = countGrams(t, n);
  if (g === 0) return 0;
  ensure(t.count);
  covered.fill(0, 0, t.count);
  for (let i = 0; i < g; i++) {
    if (table.counts[slotBuf[i]] > 1) for (let j = i; j < i + n; j++) covered[j] = 1;
  }
  let c = 0;
  if (t.lens) {
    for (let i = 0; i < t.count; i++) if (covered[i]) c += t.lens[i];
  } else for (let i = 0; i < t.count; i++) c += covered[i];
  return c / totalChars(t);
}

/** Characters (code units) of `text` without whitespace, as a token stream. */
export function charTokens(text: string): TokenStream {
  const ids = new Int32Array(text.length);
  let m = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x3000 || c === 0x0d) continue;
    ids[m++] = c;
  }
  return { ids, lens: null, count: m };
}

/** Whitespace-separated words of `text`, hashed, as a token stream. */
export function wordTokens(text: string): TokenStream {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const ids = new Int32Array(words.length);
  const lens = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i].toLowerCase();
    let h = 0x811c9dc5 | 0;
    for (let j = 0; j < w.length; j++) h = Math.imul(h ^ w.charCodeAt(j), 0x01000193);
    ids[i] = fmix32(h);
    lens[i] = w.length;
  }
  return { ids, lens, count: words.length };
}

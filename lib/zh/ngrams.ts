// Gopher's repetition measures over a token stream (characters for Chinese, words for English):
// the top n-gram's character fraction and the duplicated n-gram character fraction
// (Rae et al. 2021, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher",
// appendix A). Hash tables on typed arrays; n-grams are 32-bit hashes (a collision inside one
// document merges two n-grams' counts — odds ≈ count²/2^33, a few characters at most).

/** A token stream: token ids (any int32, e.g. code units or word hashes) and their lengths in characters. */

// A module-local copy of hash.ts's fmix32: hot loops call it per character, and a call through
// an imported binding is not inlined under tsx's ESM loader (measured: most of the loop's time).
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export interface TokenStream {
  ids: Int32Array;
  /** null when every token is one character. */
  lens: Int32Array | null;
  count: number;
}

/** Open addressing with linear probing. Each slot is four int32 in one array — stamp, key, count,
 * spare — so a probe touches one cache line; a slot is live when its stamp equals the current
 * generation, so a reset costs nothing (no clearing between documents). */
class Table {
  data = new Int32Array(4 * 1024);
  gen = 0;
  mask = 1023;
  reset(n: number): void {
    let size = 1024;
    while (size < 2 * n) size *= 2;
    if (4 * size > this.data.length) {
      this.data = new Int32Array(4 * size);
      this.gen = 0;
    }
    this.mask = size - 1;
    this.gen++;
    if (this.gen === 0x7fffffff) {
      this.data.fill(0);
      this.gen = 1;
    }
  }
  /** Add one to `key`'s count; returns the slot. */
  add(key: number): number {
    const gen = this.gen;
    const mask = this.mask;
    const d = this.data;
    let s = key & mask;
    for (;;) {
      const o = s << 2;
      if (d[o] !== gen) {
        d[o] = gen;
        d[o + 1] = key;
        d[o + 2] = 1;
        return s;
      }
      if (d[o + 1] === key) {
        d[o + 2]++;
        return s;
      }
      s = (s + 1) & mask;
    }
  }
  count(slot: number): number {
    return this.data[(slot << 2) + 2];
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
  const B = 0x9e3779b1 | 0;
  let pow = 1;
  for (let j = 0; j < n - 1; j++) pow = Math.imul(pow, B);
  let h = 0;
  for (let j = 0; j < n; j++) h = (Math.imul(h, B) + ids[j]) | 0;
  const salt = Math.imul(n, 0x9e3779b1);
  for (let i = 0; i < g; i++) {
    const key = fmix(h ^ salt);
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
    const c = table.count(slotBuf[i]);
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
    if (table.count(slotBuf[i]) > 1) for (let j = i; j < i + n; j++) covered[j] = 1;
  }
  let c = 0;
  if (t.lens) {
    for (let i = 0; i < t.count; i++) if (covered[i]) c += t.lens[i];
  } else for (let i = 0; i < t.count; i++) c += covered[i];
  return c / totalChars(t);
}

/** Characters (code units) of `text` without whitespace, as a token stream. With `scratch`, the
 * ids live in that shared buffer (grown as needed) and are valid until its next use. */
export function charTokens(text: string, scratch?: { buf: Int32Array }): TokenStream {
  let ids: Int32Array;
  if (scratch) {
    if (scratch.buf.length < text.length) scratch.buf = new Int32Array(Math.max(text.length, scratch.buf.length * 2));
    ids = scratch.buf;
  } else ids = new Int32Array(text.length);
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
    ids[i] = fmix(h);
    lens[i] = w.length;
  }
  return { ids, lens, count: words.length };
}

/** One pass computing what the repetition rules look at first: the top `nTop`-gram (fraction and
 * count) and the duplicated `nDup`-gram character fraction, with both rolling hashes in the same
 * loop and the two hash tables probed inline. Equal to topNgram(t, nTop) and
 * dupNgramCharFraction(t, nDup) (the tests check). Character tokens only (lens null). */
export function repetitionFirstPass(t: TokenStream, nTop: number, nDup: number): { topFrac: number; topCount: number; dupFrac: number } {
  if (t.lens) throw new Error("repetitionFirstPass: character tokens only");
  const count = t.count;
  const gTop = count - nTop + 1;
  const gDup = count - nDup + 1;
  if (gTop <= 0 || gDup <= 0) {
    const top = topNgram(t, nTop);
    return { topFrac: top.frac, topCount: top.count, dupFrac: dupNgramCharFraction(t, nDup) };
  }
  ensure(count);
  ensureFused(count);
  table.reset(gTop);
  table2.reset(gDup);
  const ids = t.ids;
  const slots = slotBuf2;
  const B = 0x9e3779b1 | 0;
  let powT = 1;
  for (let j = 0; j < nTop - 1; j++) powT = Math.imul(powT, B);
  let powD = 1;
  for (let j = 0; j < nDup - 1; j++) powD = Math.imul(powD, B);
  let hT = 0;
  for (let j = 0; j < nTop; j++) hT = (Math.imul(hT, B) + ids[j]) | 0;
  let hD = 0;
  for (let j = 0; j < nDup; j++) hD = (Math.imul(hD, B) + ids[j]) | 0;
  const saltT = Math.imul(nTop, 0x9e3779b1);
  const saltD = Math.imul(nDup, 0x9e3779b1);
  const dT = table.data, mT = table.mask, genT = table.gen;
  const dD = table2.data, mD = table2.mask, genD = table2.gen;
  let best = 1;
  for (let i = 0; i < gTop; i++) {
    const kT = fmix(hT ^ saltT);
    let s = kT & mT;
    for (;;) {
      const o = s << 2;
      if (dT[o] !== genT) {
        dT[o] = genT;
        dT[o + 1] = kT;
        dT[o + 2] = 1;
        break;
      }
      if (dT[o + 1] === kT) {
        const c = ++dT[o + 2];
        if (c > best) best = c;
        break;
      }
      s = (s + 1) & mT;
    }
    if (i + 1 < gTop) hT = (Math.imul((hT - Math.imul(ids[i], powT)) | 0, B) + ids[i + nTop]) | 0;
    if (i < gDup) {
      const kD = fmix(hD ^ saltD);
      let q = kD & mD;
      for (;;) {
        const o = q << 2;
        if (dD[o] !== genD) {
          dD[o] = genD;
          dD[o + 1] = kD;
          dD[o + 2] = 1;
          break;
        }
        if (dD[o + 1] === kD) {
          dD[o + 2]++;
          break;
        }
        q = (q + 1) & mD;
      }
      slots[i] = q;
      if (i + 1 < gDup) hD = (Math.imul((hD - Math.imul(ids[i], powD)) | 0, B) + ids[i + nDup]) | 0;
    }
  }
  const topFrac = best > 1 ? (best * nTop) / count : 0;
  const cov = covered;
  cov.fill(0, 0, count);
  for (let i = 0; i < gDup; i++) if (dD[(slots[i] << 2) + 2] > 1) cov.fill(1, i, i + nDup);
  let c = 0;
  for (let i = 0; i < count; i++) c += cov[i];
  return { topFrac, topCount: best, dupFrac: c / count };
}

const table2 = new Table();
let slotBuf2 = new Int32Array(1024);
function ensureFused(n: number): void {
  if (slotBuf2.length < n) {
    let m = slotBuf2.length;
    while (m < n) m *= 2;
    slotBuf2 = new Int32Array(m);
  }
}

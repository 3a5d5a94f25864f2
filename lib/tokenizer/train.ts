// Byte-level BPE training with rustbpe's rule (reference §4):
// split documents with the pattern, count unique chunks; each chunk is a "word" of byte ids 0..255
// with a count; repeatedly merge the pair with the highest count (overlapping neighbours counted,
// weighted by chunk count; ties to the smallest (left, right)), merging non-overlapping occurrences
// left to right; merge k gets id 256 + k. Pair counts are updated incrementally with a max-heap and
// lazy refresh. Exact: a pair only gains occurrences in the merge that creates its newest id, so the
// word list collected then is complete, and stored heap counts only ever overestimate.
//
// Fewer possible merges than requested (a tiny corpus): training stops early with a warning and a
// smaller vocabulary (256 + merges done + specials) — the same as rustbpe, whose heap runs dry.
import { progress } from "../util/progress";
import { EntryBuffer, MergeHeap, PairIndex } from "./pairIndex";
import { patternInfo } from "./patterns";
import { pretokenizer } from "./pretokenize";
import { specialIds, specialsList } from "./specials";
import { Tokenizer } from "./tokenizer";
import { codePointLength } from "../util/text";

export interface TrainOptions {
  /** Total vocabulary including specials: merges = vocabSize − 256 − specials. */
  vocabSize: number;
  pattern?: string;
  specials?: string;
  /** Characters kept per document (nanochat tok_train doc_cap). */
  docCap?: number;
  /** Stop reading once the character total exceeds this (the document that crosses is kept). */
  maxChars?: number;
  /** Progress lines (default stderr); pass () => {} to silence. */
  log?: (line: string) => void;
  /** Called after each merge with the number of merges done (the vocabulary ladder times its sizes with it). */
  onMerge?: (done: number) => void;
  name?: string;
}

export interface ChunkCounts {
  counts: Map<string, number>;
  docs: number;
  /** Characters (code points) trained on: each document after the doc cap. */
  chars: number;
  /** Characters read: each document before the doc cap. */
  charsRead: number;
  /** Documents the doc cap cut. */
  docsCapped: number;
}

/** Share of the characters read that the doc cap may drop before training warns. */
export const DOC_CAP_WARN_SHARE = 0.05;

export interface TrainStats {
  docs: number;
  /** Characters trained on (after the doc cap). */
  chars: number;
  /** Characters read (before the doc cap); chars < charsRead when the cap cut documents. */
  charsRead: number;
  docsCapped: number;
  uniqueChunks: number;
  mergesRequested: number;
  mergesDone: number;
  countSeconds: number;
  mergeSeconds: number;
  seconds: number;
}

export interface TrainResult {
  tokenizer: Tokenizer;
  /** Merge k: the pair (left id, right id) that became id 256 + k. */
  merges: [number, number][];
  stats: TrainStats;
  warnings: string[];
}

/** Crop to the first `cap` code points (Python's doc[:cap]). */
export function capCodePoints(text: string, cap: number): string {
  if (text.length <= cap) return text;
  let i = 0;
  for (let k = 0; k < cap && i < text.length; k++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return text.slice(0, i);
}

export { codePointLength };

/** Count each pre-token over the documents (docCap / maxChars as nanochat's tok_train). */
export function countChunks(docs: Iterable<string>, opts: { pattern?: string; docCap?: number; maxChars?: number; log?: (l: string) => void } = {}): ChunkCounts {
  const pre = pretokenizer(opts.pattern ?? "nanochat");
  const docCap = opts.docCap ?? 10_000;
  const maxChars = opts.maxChars ?? 2_000_000_000;
  const counts = new Map<string, number>();
  const p = progress({ label: "tok train: reading", unit: "docs", intervalMs: 3000, write: opts.log });
  let n = 0;
  let chars = 0;
  let charsRead = 0;
  let docsCapped = 0;
  const add = (piece: string): void => {
    counts.set(piece, (counts.get(piece) ?? 0) + 1);
  };
  for (const raw of docs) {
    const doc = capCodePoints(raw, docCap);
    n++;
    const kept = codePointLength(doc);
    chars += kept;
    if (doc.length === raw.length) charsRead += kept;
    else {
      charsRead += codePointLength(raw);
      docsCapped++;
    }
    pre.forEach(doc, add);
    p.tick();
    if (chars > maxChars) break;
  }
  return { counts, docs: n, chars, charsRead, docsCapped };
}

/** The merges (rustbpe rule) for chunk counts: pairs of ids, merge k → id 256 + k. */
export function learnMerges(counts: Map<string, number>, numMerges: number, log?: (l: string) => void, opts: { consume?: boolean; onMerge?: (done: number) => void } = {}): [number, number][] {
  // words in one flat array: word w occupies sym[start[w] .. start[w] + len[w])
  let total = 0;
  let nWords = 0;
  for (const chunk of counts.keys()) {
    const n = Buffer.byteLength(chunk, "utf8");
    if (n < 2) continue; // no pairs
    total += n;
    nWords++;
  }
  const sym = new Int32Array(total);
  const start = new Int32Array(nWords);
  const len = new Int32Array(nWords);
  const cnt = new Float64Array(nWords);
  const enc = new TextEncoder();
  let scratch = new Uint8Array(1 << 16);
  let o = 0;
  let w = 0;
  for (const [chunk, c] of counts) {
    if (chunk.length * 3 > scratch.length) scratch = new Uint8Array(chunk.length * 3);
    const n = enc.encodeInto(chunk, scratch).written;
    if (n < 2) continue;
    start[w] = o;
    len[w] = n;
    cnt[w] = c;
    for (let i = 0; i < n; i++) sym[o + i] = scratch[i];
    o += n;
    w++;
  }
  // the trainer owns its counts: free the chunk strings (and the documents they point into)
  if (opts.consume) counts.clear();

  const pairs = new PairIndex(1 << 16);
  const entries = new EntryBuffer();
  const mark = (): Int32Array => pairs.mark;
  for (let w = 0; w < nWords; w++) {
    const s = start[w];
    const e = s + len[w];
    const c = cnt[w];
    for (let i = s; i < e - 1; i++) {
      const slot = pairs.slot(sym[i], sym[i + 1]);
      pairs.count[slot] += c;
      const m = mark();
      if (m[slot] !== w) {
        m[slot] = w;
        entries.push(slot, w);
      }
    }
  }
  pairs.appendLists(0, entries.data, entries.n);
  entries.n = 0;
  const heap = new MergeHeap(pairs);
  for (let s = 0; s < pairs.size; s++) if (pairs.count[s] > 0) heap.push(s, pairs.count[s]);

  const merges: [number, number][] = [];
  const p = progress({ label: "tok train: merging", total: numMerges, unit: "merges", intervalMs: 3000, write: log });
  // a new pair (it contains the new id) collects its words in `entries` during its merge step
  const gain = (x: number, y: number, c: number, w: number): void => {
    const sl = pairs.slot(x, y);
    pairs.count[sl] += c;
    const m = mark();
    if (m[sl] !== w) {
      m[sl] = w;
      entries.push(sl, w);
    }
  };
  while (merges.length < numMerges && heap.size > 0) {
    const top = heap.pop();
    const stored = heap.poppedCount;
    const current = pairs.count[top];
    if (current <= 0) continue;
    if (stored !== current) {
      heap.push(top, current);
      continue;
    }
    const a = pairs.a[top];
    const b = pairs.b[top];
    const id = 256 + merges.length;
    merges.push([a, b]);
    const firstNew = pairs.size;
    const listOff = pairs.whereOff[top];
    const listLen = pairs.whereLen[top];
    pairs.dropWhere(top);
    for (let k = 0; k < listLen; k++) {
      const w = pairs.arena[listOff + k];
      const s = start[w];
      const n = len[w];
      if (n < 2) continue;
      const c = cnt[w];
      let r = s; // read
      let out = s; // write (in place, out ≤ r)
      const e = s + n;
      let changed = false;
      while (r < e) {
        if (r + 1 < e && sym[r] === a && sym[r + 1] === b) {
          changed = true;
          if (out > s) {
            const x = sym[out - 1];
            pairs.count[pairs.find(x, a)] -= c;
            gain(x, id, c, w);
          }
          pairs.count[top] -= c;
          if (r + 2 < e) {
            const y = sym[r + 2];
            pairs.count[pairs.find(b, y)] -= c;
            gain(id, y, c, w);
          }
          sym[out++] = id;
          r += 2;
        } else sym[out++] = sym[r++];
      }
      if (changed) len[w] = out - s;
    }
    // the arena may move while lists are appended: the merged pair's list was read above
    pairs.appendLists(firstNew, entries.data, entries.n);
    entries.n = 0;
    for (let sl = firstNew; sl < pairs.size; sl++) if (pairs.count[sl] > 0) heap.push(sl, pairs.count[sl]);
    p.tick();
    opts.onMerge?.(merges.length);
  }
  p.done();
  return merges;
}

/** Token bytes by id for byte tokens 0..255 followed by the merges. */
export function tokensFromMerges(merges: [number, number][]): Uint8Array[] {
  const tokens: Uint8Array[] = [];
  for (let b = 0; b < 256; b++) tokens.push(Uint8Array.of(b));
  for (const [a, b] of merges) {
    const x = tokens[a];
    const y = tokens[b];
    const t = new Uint8Array(x.length + y.length);
    t.set(x);
    t.set(y, x.length);
    tokens.push(t);
  }
  return tokens;
}

/** Train a byte-level BPE tokenizer on documents (any iterable of strings, streamed once). */
export function trainBpe(docs: Iterable<string>, opts: TrainOptions): TrainResult {
  const t0 = Date.now();
  const patternName = opts.pattern ?? "nanochat";
  patternInfo(patternName); // unknown pattern → error before reading anything
  const specials = specialsList(opts.specials ?? "nanochat");
  const minVocab = 256 + specials.length;
  if (!Number.isInteger(opts.vocabSize) || opts.vocabSize < minVocab)
    throw new Error(`vocab size ${opts.vocabSize} is below 256 bytes + ${specials.length} specials = ${minVocab}`);
  const numMerges = opts.vocabSize - minVocab;
  const counted = countChunks(docs, { pattern: patternName, docCap: opts.docCap, maxChars: opts.maxChars, log: opts.log });
  let nonSpace = false;
  for (const chunk of counted.counts.keys())
    if (/\S/u.test(chunk)) {
      nonSpace = true;
      break;
    }
  if (!nonSpace) throw new Error(`corpus is empty: ${counted.docs} documents, ${counted.chars} characters, no non-whitespace text`);
  const t1 = Date.now();
  const uniqueChunks = counted.counts.size;
  const merges = learnMerges(counted.counts, numMerges, opts.log, { consume: true, onMerge: opts.onMerge });
  const t2 = Date.now();
  const warnings: string[] = [];
  const dropped = counted.charsRead - counted.chars;
  if (dropped > DOC_CAP_WARN_SHARE * counted.charsRead)
    warnings.push(
      `the doc cap (${opts.docCap ?? 10_000} characters) dropped ${dropped} of ${counted.charsRead} characters read ` +
        `(${((100 * dropped) / counted.charsRead).toFixed(1)}%, ${counted.docsCapped} of ${counted.docs} documents cut): ` +
        `documents longer than intended? (a .txt with a blank line is read one document per paragraph; use .jsonl or a higher doc cap)`,
    );
  if (merges.length < numMerges)
    warnings.push(
      `only ${merges.length} of ${numMerges} merges possible on this corpus; vocabulary is ${256 + merges.length + specials.length} instead of ${opts.vocabSize}`,
    );
  const tokens = tokensFromMerges(merges);
  const tokenizer = new Tokenizer({ name: opts.name ?? "nanochat-zh", tokens, specials: specialIds(specials, tokens.length), pattern: patternName });
  return {
    tokenizer,
    merges,
    warnings,
    stats: {
      docs: counted.docs,
      chars: counted.chars,
      charsRead: counted.charsRead,
      docsCapped: counted.docsCapped,
      uniqueChunks,
      mergesRequested: numMerges,
      mergesDone: merges.length,
      countSeconds: (t1 - t0) / 1000,
      mergeSeconds: (t2 - t1) / 1000,
      seconds: (Date.now() - t0) / 1000,
    },
  };
}

// Streaming deduplication: exact (64-bit key of the text up to whitespace and ASCII case) and near
// (MinHash + LSH over character n-grams). Documents are processed one by one; memory is the exact
// key set, the LSH index and the kept documents' signatures — never the texts — so a corpus larger
// than memory can pass through.
import { KeyTable } from "./hash";
import { LshIndex, optimalBandsRows, type BandsRows } from "./lsh";
import { estimateJaccard, MinHasher } from "./minhash";

export interface DedupOptions {
  /** Estimated Jaccard at or above which a document is a near duplicate. Default 0.8. */
  threshold?: number;
  /** Signature length. Default 128. */
  numPerm?: number;
  /** Shingle length in characters. Default 5. */
  ngram?: number;
  /** Bands × rows; default chosen from the threshold (`optimalBandsRows`). */
  bandsRows?: BandsRows;
  /** Turn off exact or near dedup. Both on by default. */
  exact?: boolean;
  near?: boolean;
  seed?: number;
}

export type DedupVerdict =
  | { kind: "unique"; index: number }
  | { kind: "exact"; index: number; of: number }
  | { kind: "near"; index: number; of: number; jaccard: number };

export interface DedupStats {
  seen: number;
  kept: number;
  exact: number;
  near: number;
  bands: number;
  rows: number;
}

export class Deduper {
  readonly threshold: number;
  readonly hasher: MinHasher;
  readonly lsh: LshIndex;
  private readonly exactOn: boolean;
  private readonly nearOn: boolean;
  private readonly keys = new KeyTable();
  private readonly key = new Int32Array(2);
  /** Signatures of kept documents, back to back; slot i belongs to keptIndex[i]. */
  private sigs: Uint32Array;
  private keptIndex: number[] = [];
  private readonly sig: Uint32Array;
  private seen = 0;
  private exactCount = 0;
  private nearCount = 0;

  constructor(options: DedupOptions = {}) {
    this.threshold = options.threshold ?? 0.8;
    this.hasher = new MinHasher({ numPerm: options.numPerm, ngram: options.ngram, seed: options.seed });
    this.lsh = new LshIndex(options.bandsRows ?? optimalBandsRows(this.threshold, this.hasher.numPerm));
    this.exactOn = options.exact !== false;
    this.nearOn = options.near !== false;
    this.sigs = new Uint32Array(this.hasher.numPerm * 1024);
    this.sig = new Uint32Array(this.hasher.numPerm);
  }

  /** Look at the next document; it is kept (and remembered) unless it duplicates a kept one. */
  add(text: string): DedupVerdict {
    const index = this.seen++;
    const h = this.hasher;
    h.prepare(text);
    if (this.exactOn) {
      const k = h.preparedKey64(this.key);
      const of = this.keys.get(k[0], k[1]);
      if (of >= 0) {
        this.exactCount++;
        return { kind: "exact", index, of };
      }
      this.keys.set(k[0], k[1], index);
    }
    if (this.nearOn) {
      const sig = h.preparedSignature(this.sig);
      let best = -1;
      let bestJ = 0;
      for (const slot of this.lsh.query(sig)) {
        const j = estimateJaccard(sig, this.sigs, slot * h.numPerm);
        if (j >= this.threshold && j > bestJ) {
          bestJ = j;
          best = slot;
        }
      }
      if (best >= 0) {
        this.nearCount++;
        return { kind: "near", index, of: this.keptIndex[best], jaccard: bestJ };
      }
      const slot = this.keptIndex.length;
      if ((slot + 1) * h.numPerm > this.sigs.length) {
        const grown = new Uint32Array(this.sigs.length * 2);
        grown.set(this.sigs);
        this.sigs = grown;
      }
      this.sigs.set(sig, slot * h.numPerm);
      this.keptIndex.push(index);
      this.lsh.insert(slot, sig, true);
    }
    return { kind: "unique", index };
  }

  stats(): DedupStats {
    return { seen: this.seen, kept: this.seen - this.exactCount - this.nearCount, exact: this.exactCount, near: this.nearCount, bands: this.lsh.bands, rows: this.lsh.rows };
  }
}

/** Deduplicate an in-memory list (for notebooks and tests); streaming callers use `Deduper`. */
export function dedupTexts(texts: Iterable<string>, options: DedupOptions = {}): { kept: number[]; verdicts: DedupVerdict[]; stats: DedupStats } {
  const d = new Deduper(options);
  const verdicts: DedupVerdict[] = [];
  const kept: number[] = [];
  for (const t of texts) {
    const v = d.add(t);
    verdicts.push(v);
    if (v.kind === "unique") kept.push(v.index);
  }
  return { kept, verdicts, stats: d.stats() };
}

// Counting baselines beside the network: a unigram and a bigram model of the TRAINING tokens (the
// (input, target) pairs the network is trained on), scored in bits per byte on the same validation
// targets as the network, so a learner sees what the network adds beyond counting.
// Smoothing (documented choices, both free of tuned parameters):
//   unigram  add-one (Laplace) over the whole vocabulary V:   p(w) = (c(w) + 1) / (N + V)
//   bigram   interpolated Witten–Bell, backing off to that unigram:
//            p(w | v) = (c(v, w) + T(v) · p(w)) / (c(v) + T(v)),  T(v) = distinct followers of v;
//            a context never seen in training (c(v) = 0) falls back to p(w).
import { BpbAccumulator } from "./bpb";

export class NgramCounts {
  /** c(w): how often w is a target */
  readonly unigram: Float64Array;
  /** c(v): how often v is the context of a target */
  readonly context: Float64Array;
  /** T(v): distinct targets seen after v */
  readonly followers: Int32Array;
  /** c(v, w), keyed v·V + w */
  readonly bigram = new Map<number, number>();
  total = 0;

  constructor(readonly vocabSize: number) {
    this.unigram = new Float64Array(vocabSize);
    this.context = new Float64Array(vocabSize);
    this.followers = new Int32Array(vocabSize);
  }

  /** Count one batch of (input, target) pairs; targets < 0 are skipped. */
  add(inputs: ArrayLike<number>, targets: ArrayLike<number>): void {
    const V = this.vocabSize;
    for (let i = 0; i < targets.length; i++) {
      const v = inputs[i];
      const w = targets[i];
      if (w < 0) continue;
      if (v < 0 || v >= V || w >= V) throw new Error(`n-gram baseline: token id ${v >= V || v < 0 ? v : w} is outside the vocabulary of ${V}`);
      this.unigram[w]++;
      this.total++;
      this.context[v]++;
      const key = v * V + w;
      const c = this.bigram.get(key);
      if (c === undefined) {
        this.bigram.set(key, 1);
        this.followers[v]++;
      } else this.bigram.set(key, c + 1);
    }
  }

  unigramProb(w: number): number {
    return (this.unigram[w] + 1) / (this.total + this.vocabSize);
  }

  bigramProb(v: number, w: number): number {
    const pu = this.unigramProb(w);
    const cv = this.context[v];
    if (cv === 0) return pu;
    const t = this.followers[v];
    return ((this.bigram.get(v * this.vocabSize + w) ?? 0) + t * pu) / (cv + t);
  }
}

export interface NgramBpb {
  unigram_bpb: number;
  bigram_bpb: number;
  /** training pairs the counts came from */
  train_tokens: number;
  /** validation targets that carried bytes */
  val_tokens: number;
}

/** Score the counts on validation batches (the network's own val inputs/targets) in bits per byte. */
export function ngramBaselines(counts: NgramCounts, val: Iterable<{ inputs: ArrayLike<number>; targets: ArrayLike<number> }>, tokenBytes: Int32Array): NgramBpb {
  const uni = new BpbAccumulator(tokenBytes);
  const bi = new BpbAccumulator(tokenBytes);
  for (const { inputs, targets } of val) {
    const n = targets.length;
    const lu = new Float64Array(n);
    const lb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = targets[i];
      if (w < 0) continue;
      lu[i] = -Math.log(counts.unigramProb(w));
      lb[i] = -Math.log(counts.bigramProb(inputs[i], w));
    }
    uni.add(lu, targets);
    bi.add(lb, targets);
  }
  return { unigram_bpb: uni.bpb(), bigram_bpb: bi.bpb(), train_tokens: counts.total, val_tokens: uni.tokens };
}

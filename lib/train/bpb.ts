// Bits per byte (nanochat loss_eval.py, nanochat-reference.md §3): a tokenizer-independent loss.
// Each target token weighs its raw byte length (tokenizer.tokenBytes(): special tokens count 0 bytes,
// HEAD's rule, so partial UTF-8 tokens count their true bytes); targets < 0 (ignore_index) count nothing.
//   bpb = Σ nats·[bytes(y) > 0] / (ln 2 · Σ bytes(y))

/** Running sums for bits per byte over several batches. */
export class BpbAccumulator {
  nats = 0;
  bytes = 0;
  tokens = 0;

  constructor(readonly tokenBytes: Int32Array) {}

  /** Add a batch: per-token losses in nats and their targets (same length). */
  add(lossNats: ArrayLike<number>, targets: ArrayLike<number>): void {
    if (lossNats.length !== targets.length) throw new Error(`bits per byte: ${lossNats.length} losses but ${targets.length} targets`);
    const tb = this.tokenBytes;
    for (let i = 0; i < targets.length; i++) {
      const y = targets[i];
      if (y < 0) continue;
      if (y >= tb.length) throw new Error(`bits per byte: target id ${y} is outside the tokenizer's ${tb.length} ids`);
      const b = tb[y];
      if (b > 0) {
        this.nats += lossNats[i];
        this.bytes += b;
        this.tokens++;
      }
    }
  }

  /** Infinity when no byte was counted (nanochat returns inf too). */
  bpb(): number {
    return this.bytes === 0 ? Infinity : this.nats / (Math.LN2 * this.bytes);
  }
}

/** Bits per byte of one batch of per-token losses (nats) against their targets. */
export function bitsPerByte(lossNats: ArrayLike<number>, targets: ArrayLike<number>, tokenBytes: Int32Array): number {
  const acc = new BpbAccumulator(tokenBytes);
  acc.add(lossNats, targets);
  return acc.bpb();
}

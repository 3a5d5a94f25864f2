// Chat rows → [B, T] training batches, in the MicroBatch shape of lib/engines/stepEngine.ts (int32 [B·T]
// row-major). Two ways, as nanochat v1 had them (nanochat-reference §6):
//   sftBatches    — chat_sft: one conversation per row, loss only where the mask is 1.
//   packedBatches — mid_train: conversations concatenated and cut like pretraining, every token trained.
import type { Rendered } from "./render";

export interface ChatBatch {
  /** int32 [B·T] row-major: the input tokens */
  idx: Int32Array;
  /** int32 [B·T]: the next token, −1 where no loss is taken */
  targets: Int32Array;
  B: number;
  T: number;
}

export interface SftBatchOptions {
  /**
   * The last, incomplete group of rows: "drop" it (default, as nanochat v1's generator, which yields
   * only full batches), or "pad" it with fully-masked rows (pad inputs, all targets −1) — for validation.
   */
  partial?: "drop" | "pad";
}

function checkShape(B: number, T: number, what: string): void {
  if (!Number.isInteger(B) || B < 1) throw new Error(`${what}: B must be a positive integer, got ${B}`);
  if (!Number.isInteger(T) || T < 1) throw new Error(`${what}: T must be a positive integer, got ${T}`);
}

/**
 * nanochat v1 chat_sft batches: each row one conversation, its ids cut to T+1; inputs ids[:-1],
 * targets ids[1:] with −1 where mask[1:] is 0; the rest of the row is `padId` (nanochat pads with
 * <|assistant_end|>) with target −1. Rows go B at a time in the given order.
 */
export function sftBatches(rows: Rendered[], B: number, T: number, padId: number, opts: SftBatchOptions = {}): ChatBatch[] {
  checkShape(B, T, "sftBatches");
  const partial = opts.partial ?? "drop";
  const nBatches = partial === "pad" ? Math.ceil(rows.length / B) : Math.floor(rows.length / B);
  if (nBatches === 0)
    throw new Error(`sftBatches: ${rows.length} conversation(s) make no full batch of B = ${B} rows (pass partial: "pad" to keep a padded one)`);
  const out: ChatBatch[] = [];
  for (let k = 0; k < nBatches; k++) {
    const idx = new Int32Array(B * T).fill(padId);
    const targets = new Int32Array(B * T).fill(-1);
    for (let b = 0; b < B; b++) {
      const r = rows[k * B + b];
      if (!r) continue; // a padding row of the last batch: pad inputs, no loss
      if (r.ids.length !== r.mask.length) throw new Error(`sftBatches: row ${k * B + b} has ${r.ids.length} ids but ${r.mask.length} mask values`);
      const n = Math.min(r.ids.length, T + 1);
      for (let t = 0; t + 1 < n; t++) {
        idx[b * T + t] = r.ids[t];
        targets[b * T + t] = r.mask[t + 1] === 1 ? r.ids[t + 1] : -1;
      }
    }
    out.push({ idx, targets, B, T });
  }
  return out;
}

/**
 * Mid-training batches: the rows' ids concatenated (each already starts with <|bos|>) and cut into
 * consecutive windows of B·T+1 tokens, as the pretraining loader does; inputs [:-1], targets [1:],
 * every token trained (the mask is ignored, as nanochat v1 mid_train). Tokens after the last full
 * window are dropped.
 */
export function packedBatches(rows: Rendered[], B: number, T: number): ChatBatch[] {
  checkShape(B, T, "packedBatches");
  let total = 0;
  for (const r of rows) total += r.ids.length;
  const needed = B * T + 1;
  const nBatches = Math.floor(total / needed);
  if (nBatches === 0) throw new Error(`packedBatches: ${rows.length} conversation(s) hold ${total} tokens, fewer than one batch (B·T + 1 = ${B}·${T} + 1 = ${needed})`);
  const stream = new Int32Array(total);
  let o = 0;
  for (const r of rows) {
    stream.set(r.ids, o);
    o += r.ids.length;
  }
  const out: ChatBatch[] = [];
  for (let k = 0; k < nBatches; k++) {
    const start = k * needed;
    out.push({ idx: stream.slice(start, start + B * T), targets: stream.slice(start + 1, start + 1 + B * T), B, T });
  }
  return out;
}

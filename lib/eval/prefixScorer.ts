// The fast scorer. Items are grouped by identical prefix (BOS + header + shots: one per subject, another
// where shots were dropped to fit the context). For each group the prefix, less its last token, is run
// once into a KV cache (batch 1); the cache is tiled to a batch (lib/model expandCache) and the group's
// rows run after it, right-padded to the longest. A row is [last prefix token, ...question, ...all but the
// last token of a continuation]; causal attention means the padding after a row's real tokens cannot
// change its earlier logits, so each continuation token is read at its own position. Continuations that
// need the same row (single-token letters "A"…"D" all need [.., question]; " A"…" D" split as " " + "A"
// all need [.., question, " "]) share it, so a lettered question costs one row; continuations with other
// leading tokens get a row each.
import * as tf from "@tensorflow/tfjs";
import { cloneCache, expandCache } from "../model/cacheExpand";
import { type GPT, KVCache } from "../model/gpt";
import type { EncodedPrompt } from "./encode";
import { checkItems, logProbsAt } from "./logLikelihood";
import type { ChoiceScorer } from "./score";

export interface PrefixScorerOptions {
  /** rows per forward pass (default: defaultBatchSize() for the running backend) */
  batchSize?: number;
  /**
   * memory cap per pass in floats (default 2^27 = 512 MB): the batch's attention scores B·n_head·T·(prefix+T)
   * plus its copies of the prefix keys/values B·n_layer·2·n_kv_head·(prefix+T)·head_dim. Long prompts and big
   * models get smaller batches (never below 1).
   */
  maxBatchFloats?: number;
  /** token id written after a row's end (any in-vocab id; never read). Default 0 */
  padId?: number;
}

/**
 * Rows per pass by default: 16 on a GPU backend (tfjs-node-gpu), where a batch fills the device; 4 on the CPU
 * backends, where batching saves no arithmetic and every row costs its own copy of the prefix keys/values
 * (bench/eval-prefix.ts on wasm, 2 cores: batch 1 ≈ 4 > 8 ≈ 16 questions/s).
 */
export function defaultBatchSize(): number {
  return tf.getBackend() === "tensorflow" ? 16 : 4;
}

interface Read {
  item: number;
  choice: number;
  /** position in the row whose logits predict `target` */
  pos: number;
  target: number;
}

interface Row {
  tokens: number[];
  reads: Read[];
}

export class PrefixCachedScorer implements ChoiceScorer {
  readonly name = "prefix";
  private readonly batchSize: number;
  private readonly maxBatchFloats: number;
  private readonly padId: number;

  constructor(private readonly model: GPT, opts: PrefixScorerOptions = {}) {
    this.batchSize = opts.batchSize ?? defaultBatchSize();
    this.maxBatchFloats = opts.maxBatchFloats ?? 2 ** 27;
    this.padId = opts.padId ?? 0;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`PrefixCachedScorer: batchSize must be a positive integer, got ${opts.batchSize}`);
    if (!Number.isInteger(this.padId) || this.padId < 0 || this.padId >= model.config.vocab_size) throw new Error(`PrefixCachedScorer: padId ${opts.padId} is outside the vocab`);
  }

  async score(items: EncodedPrompt[], onScored?: (n: number) => void): Promise<number[][]> {
    checkItems(items, this.model.config.vocab_size, "PrefixCachedScorer");
    const out = items.map((it) => it.choices.map(() => 0));
    for (const group of groupByPrefix(items)) await this.scoreGroup(items, group, out, onScored);
    return out;
  }

  private async scoreGroup(items: EncodedPrompt[], group: number[], out: number[][], onScored?: (n: number) => void): Promise<void> {
    const prefix = items[group[0]].prefix;
    const rows = buildRows(items, group, prefix[prefix.length - 1]);
    const rowsLeft = new Map<number, number>();
    for (const r of rows) {
      const owner = r.reads[0].item;
      rowsLeft.set(owner, (rowsLeft.get(owner) ?? 0) + 1);
    }
    // longest first: rows of similar length share a batch, so little padding is computed
    const order = rows.map((_, i) => i).sort((a, b) => rows[b].tokens.length - rows[a].tokens.length || a - b);
    const cache = new KVCache(this.model.config.n_layer);
    let tiled: { B: number; cache: KVCache } | undefined; // the prefix cache tiled to the current batch size
    try {
      if (prefix.length > 1) {
        const p = tf.tensor2d(Int32Array.from(prefix.slice(0, -1)), [1, prefix.length - 1], "int32");
        this.model.hidden(p, cache).dispose();
        p.dispose();
      }
      for (let start = 0; start < order.length; ) {
        const T = rows[order[start]].tokens.length;
        const B = Math.max(1, Math.min(this.batchSize, order.length - start, Math.floor(this.maxBatchFloats / this.floatsPerRow(cache.pos, T))));
        const batch = order.slice(start, start + B).map((i) => rows[i]);
        start += B;
        // rows go longest first, so B only changes a few times per group: re-tile only then
        if (tiled?.B !== B) {
          tiled?.cache.dispose();
          tiled = { B, cache: expandCache(cache, B) };
        }
        await this.runBatch(batch, T, tiled.cache, out);
        let done = 0;
        for (const r of batch) {
          const owner = r.reads[0].item;
          const left = rowsLeft.get(owner)! - 1;
          rowsLeft.set(owner, left);
          if (left === 0) done++;
        }
        if (done) onScored?.(done);
      }
    } finally {
      cache.dispose();
      tiled?.cache.dispose();
    }
  }

  /** Floats one row of T tokens after P cached positions costs: attention scores + its copy of the keys/values. */
  private floatsPerRow(P: number, T: number): number {
    const c = this.model.config;
    return c.n_head * T * (P + T) + c.n_layer * 2 * c.n_kv_head * (P + T) * (c.n_embd / c.n_head);
  }

  /** One forward pass of `batch` after `tiled` (the prefix cache at this batch size, left intact). */
  private async runBatch(batch: Row[], T: number, tiled: KVCache, out: number[][]): Promise<void> {
    const B = batch.length;
    const ids = new Int32Array(B * T).fill(this.padId);
    const flatRows: number[] = [];
    const targets: number[] = [];
    batch.forEach((r, b) => {
      ids.set(r.tokens, b * T);
      for (const rd of r.reads) {
        flatRows.push(b * T + rd.pos);
        targets.push(rd.target);
      }
    });
    const cache = cloneCache(tiled);
    try {
      const idx = tf.tensor2d(ids, [B, T], "int32");
      const h = this.model.hidden(idx, cache);
      idx.dispose();
      const lp = await logProbsAt(this.model, h, flatRows, targets);
      h.dispose();
      let k = 0;
      for (const r of batch) for (const rd of r.reads) out[rd.item][rd.choice] += lp[k++];
    } finally {
      cache.dispose();
    }
  }
}

/** Indices of items with the same prefix, groups in order of first appearance. */
export function groupByPrefix(items: EncodedPrompt[]): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    const key = it.prefix.join(",");
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

/** The rows of a group: one per distinct [last prefix token, question, continuation minus its last token]. */
function buildRows(items: EncodedPrompt[], group: number[], lastPrefixToken: number): Row[] {
  const rows: Row[] = [];
  for (const i of group) {
    const base = [lastPrefixToken, ...items[i].question];
    const byKey = new Map<string, Row>();
    items[i].choices.forEach((cont, c) => {
      const tokens = [...base, ...cont.slice(0, -1)];
      const key = tokens.length - base.length === 0 ? "" : cont.slice(0, -1).join(",");
      let row = byKey.get(key);
      if (!row) {
        row = { tokens, reads: [] };
        byKey.set(key, row);
        rows.push(row);
      }
      cont.forEach((t, j) => row!.reads.push({ item: i, choice: c, pos: base.length - 1 + j, target: t }));
    });
  }
  return rows;
}

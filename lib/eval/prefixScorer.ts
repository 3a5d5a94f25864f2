// The fast scorer. Items are grouped by identical prefix (BOS + header + shots: one per subject, another
// where shots were dropped to fit the context). For each group the prefix, less its last token, is run
// once into a KV cache (batch 1); the cache is tiled to a batch (lib/model expandCache) and the group's
// rows run after it, right-padded to the longest. A row is [last prefix token, ...question, ...all but the
// last token of a continuation]; causal attention means the padding after a row's real tokens cannot
// change its earlier logits, so each continuation token is read at its own position. Continuations that
// need the same row (single-token letters "A"…"D" all need [.., question]; " A"…" D" split as " " + "A"
// all need [.., question, " "]) share it, so a lettered question costs one row.
import * as tf from "@tensorflow/tfjs";
import { expandCache } from "../model/cacheExpand";
import { type GPT, KVCache } from "../model/gpt";
import type { EncodedPrompt } from "./encode";
import { checkItems, logProbsAt } from "./logLikelihood";
import type { ChoiceScorer } from "./score";

export interface PrefixScorerOptions {
  /** rows per forward pass (default 16) */
  batchSize?: number;
  /** cap on attention scores per pass, B · n_head · T · (prefix + T) floats (default 2^26 = 256 MB): long rows get smaller batches */
  maxScoreFloats?: number;
  /** token id written after a row's end (any in-vocab id; never read). Default 0 */
  padId?: number;
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
  private readonly maxScoreFloats: number;
  private readonly padId: number;

  constructor(private readonly model: GPT, opts: PrefixScorerOptions = {}) {
    this.batchSize = opts.batchSize ?? 16;
    this.maxScoreFloats = opts.maxScoreFloats ?? 2 ** 26;
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
    try {
      if (prefix.length > 1) {
        const p = tf.tensor2d(Int32Array.from(prefix.slice(0, -1)), [1, prefix.length - 1], "int32");
        this.model.hidden(p, cache).dispose();
        p.dispose();
      }
      for (let start = 0; start < order.length; ) {
        const T = rows[order[start]].tokens.length;
        const B = Math.max(1, Math.min(this.batchSize, order.length - start, Math.floor(this.maxScoreFloats / (this.model.config.n_head * T * (cache.pos + T)))));
        const batch = order.slice(start, start + B).map((i) => rows[i]);
        start += B;
        await this.runBatch(batch, T, cache, out);
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
    }
  }

  private async runBatch(batch: Row[], T: number, prefixCache: KVCache, out: number[][]): Promise<void> {
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
    const cache = expandCache(prefixCache, B);
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

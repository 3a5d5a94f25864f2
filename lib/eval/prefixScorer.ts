// The fast scorer. Items are grouped by identical prefix (BOS + header + shots: one per subject, another
// where shots were dropped to fit the context). For each group the prefix, less its last token, is run
// once into a KV cache (batch 1); the engine runs the group's rows after it (broadcast to the batch),
// right-padded to the longest. A row is [last prefix token, ...question, ...all but the last token of a
// continuation]; causal attention means the padding after a row's real tokens cannot
// change its earlier logits, so each continuation token is read at its own position. Continuations that
// need the same row (single-token letters "A"…"D" all need [.., question]; " A"…" D" split as " " + "A"
// all need [.., question, " "]) share it, so a lettered question costs one row; continuations with other
// leading tokens get a row each.
import { type InferenceCache, type InferenceEngine, type LogProbRead, prefill } from "../engines/inference";
import type { EncodedPrompt } from "./encode";
import { checkItems } from "./logLikelihood";
import type { ChoiceScorer } from "./score";

export interface PrefixScorerOptions {
  /** rows per forward pass (default: defaultBatchSize(engine)) */
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
 * Rows per pass by default. tfjs: 16 on a GPU backend (tfjs-node-gpu), where a batch fills the device; 4 on
 * its CPU backends, where batching saves no arithmetic and every row costs its own copy of the prefix keys/values
 * (bench/eval-prefix.ts on wasm, 2 cores: batch 1 ≈ 4 > 8 ≈ 16 questions/s). ORT: 8, a batch reads each weight
 * once for 8 rows (nanozh bench infer).
 */
export function defaultBatchSize(engine: InferenceEngine): number {
  if (engine.info.engine === "ort") return 8;
  return engine.info.backend === "tfjs-node-gpu" || engine.info.backend === "tensorflow" ? 16 : 4;
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
  readonly engine: InferenceEngine;
  private readonly batchSize: number;
  private readonly maxBatchFloats: number;
  private readonly padId: number;

  /** Scores on an inference engine (lib/engines: ORT or the tfjs GPT). */
  constructor(engine: InferenceEngine, opts: PrefixScorerOptions = {}) {
    this.engine = engine;
    this.batchSize = opts.batchSize ?? defaultBatchSize(this.engine);
    this.maxBatchFloats = opts.maxBatchFloats ?? 2 ** 27;
    this.padId = opts.padId ?? 0;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`PrefixCachedScorer: batchSize must be a positive integer, got ${opts.batchSize}`);
    if (!Number.isInteger(this.padId) || this.padId < 0 || this.padId >= this.engine.config.vocab_size) throw new Error(`PrefixCachedScorer: padId ${opts.padId} is outside the vocab`);
  }

  async score(items: EncodedPrompt[], onScored?: (n: number) => void): Promise<number[][]> {
    checkItems(items, this.engine.config.vocab_size, "PrefixCachedScorer");
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
    // the prefix less its last token, once, batch 1; every batch continues from it (the engine broadcasts it)
    let cache: InferenceCache | null = null;
    try {
      if (prefix.length > 1) cache = (await prefill(this.engine, Int32Array.from(prefix.slice(0, -1)), prefix.length - 1, "last")).cache;
      const P = cache?.pos ?? 0;
      for (let start = 0; start < order.length; ) {
        const T = rows[order[start]].tokens.length;
        const B = Math.max(1, Math.min(this.batchSize, order.length - start, Math.floor(this.maxBatchFloats / this.floatsPerRow(P, T))));
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
      cache?.dispose();
    }
  }

  /** Floats one row of T tokens after P cached positions costs: attention scores + its copy of the keys/values. */
  private floatsPerRow(P: number, T: number): number {
    const c = this.engine.config;
    return c.n_head * T * (P + T) + c.n_layer * 2 * c.n_kv_head * (P + T) * (c.n_embd / c.n_head);
  }

  /** One forward pass of `batch` after the prefix cache (left intact). */
  private async runBatch(batch: Row[], T: number, prefix: InferenceCache | null, out: number[][]): Promise<void> {
    const B = batch.length;
    const ids = new Int32Array(B * T).fill(this.padId);
    const reads: LogProbRead[] = [];
    batch.forEach((r, b) => {
      ids.set(r.tokens, b * T);
      for (const rd of r.reads) reads.push({ row: b, pos: rd.pos, target: rd.target });
    });
    const lp = await this.engine.logProbs(prefix, ids, T, reads);
    let k = 0;
    for (const r of batch) for (const rd of r.reads) out[rd.item][rd.choice] += lp[k++];
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

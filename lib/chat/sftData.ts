// What the fine-tuning loop trains and evaluates on: the config's task mixture rendered with the
// tokenizer and cut into micro-batches, one list per optimizer step.
//   sft (nanochat v1 chat_sft): one conversation per row, cut to T+1 tokens, loss on assistant tokens;
//       a conversation with no assistant token within T+1 is dropped (its row would have no loss). Each
//       batch is as wide as its longest row (nanochat v1's collate pads to the batch's longest, not to T):
//       short conversations (translation pairs) cost their length, not T.
//   mid (nanochat v1 mid_train): conversations packed into B·T+1 windows, loss on every token; when the
//       mixture holds fewer tokens than the run needs, it is drawn larger (more repeats), then cycled.
// Validation is always the masked loss on held-out conversations, so sft and mid runs compare.
import type { Tokenizer } from "../tokenizer/tokenizer";
import { deriveSeed, mulberry32, shuffleInPlace } from "../data/rng";
import { packedBatches, sftBatches, type ChatBatch } from "./batches";
import { buildChatMixture, type ChatTaskSpec, type ChatTaskStats } from "./mixture";
import { chatSpecials, MAX_CHAT_TOKENS, renderConversation, type Rendered } from "./render";
import type { ChatSettings } from "./sftSettings";
import type { Conversation } from "./types";

export interface SftData {
  /** micro-batches, gradAccum per step, numIterations·gradAccum in all */
  train: ChatBatch[];
  val: ChatBatch[];
  perTask: ChatTaskStats[];
  /** conversations in the training batches (with repeats) */
  trainConversations: number;
  valConversations: number;
  /** sft: conversations dropped because no assistant token fell within max_seq_len + 1 tokens */
  dropped: number;
  /** sft: conversations cut at max_seq_len + 1 tokens */
  truncated: number;
  /** mid: the packed stream was shorter than the run and is repeated */
  cycled: boolean;
}

/** Tasks of the config in lib/chat's spec shape (absolute paths). */
export function taskSpecs(s: ChatSettings): ChatTaskSpec[] {
  return s.tasks.map((t) => ({
    name: t.name,
    format: t.format,
    path: t.resolved_path,
    weight: t.weight,
    ...(t.directions !== undefined ? { directions: t.directions } : {}),
    ...(t.limit !== undefined ? { limit: t.limit } : {}),
    ...(t.benchmark !== undefined ? { benchmark: t.benchmark } : {}),
  }));
}

/** Has a trained (mask 1) target among positions 1..T of the row: else its row takes no loss. */
function hasTrainedTarget(r: Rendered, T: number): boolean {
  const n = Math.min(r.mask.length, T + 1);
  for (let i = 1; i < n; i++) if (r.mask[i] === 1) return true;
  return false;
}

/** The batches cut to their longest row's tokens (columns after it hold only padding and no loss). */
export function trimToLongest(batches: ChatBatch[], rows: Rendered[]): ChatBatch[] {
  return batches.map((b, k) => {
    let L = 1;
    for (let i = 0; i < b.B; i++) {
      const r = rows[k * b.B + i];
      if (r) L = Math.max(L, Math.min(r.ids.length, b.T + 1) - 1);
    }
    if (L >= b.T) return b;
    const idx = new Int32Array(b.B * L);
    const targets = new Int32Array(b.B * L);
    for (let i = 0; i < b.B; i++) {
      idx.set(b.idx.subarray(i * b.T, i * b.T + L), i * L);
      targets.set(b.targets.subarray(i * b.T, i * b.T + L), i * L);
    }
    return { idx, targets, B: b.B, T: L };
  });
}

/** Held-out conversations as padded sft batches (masked targets), at most `cap` of them (a seeded sample). */
export function valBatches(tok: Tokenizer, val: Conversation[], B: number, T: number, seed: number, cap?: number): { batches: ChatBatch[]; conversations: number } {
  let convs = val;
  if (cap !== undefined && convs.length > cap) convs = shuffleInPlace(convs.slice(), mulberry32(deriveSeed(seed, "chat-val-sample"))).slice(0, cap);
  const rows = convs.map((c) => renderConversation(tok, c, T + 1)).filter((r) => hasTrainedTarget(r, T));
  if (rows.length === 0) return { batches: [], conversations: 0 };
  return { batches: trimToLongest(sftBatches(rows, B, T, chatSpecials(tok).assistantEnd, { partial: "pad" }), rows), conversations: rows.length };
}

export function sftData(tok: Tokenizer, s: ChatSettings, log: (line: string) => void = () => {}): SftData {
  const B = s.deviceBatch;
  const T = s.seqLen;
  const micro = s.numIterations * s.gradAccum;
  const specs = taskSpecs(s);
  const mixOpts = { seed: s.seed, valShare: s.valShare };
  if (s.mode === "sft") {
    const rowsNeeded = micro * B;
    const mix = buildChatMixture(specs, { ...mixOpts, total: rowsNeeded });
    const rendered = mix.train.map((c) => renderConversation(tok, c, T + 1));
    const kept = rendered.filter((r) => hasTrainedTarget(r, T));
    const dropped = rendered.length - kept.length;
    if (kept.length === 0) throw new Error(`chat sft: no training conversation has an assistant token within the first ${T + 1} tokens (chat.max_seq_len ${T})`);
    if (dropped > 0) log(`chat sft: ${dropped} of ${rendered.length} conversations have no assistant token within ${T + 1} tokens; dropped (the rest repeat to fill the run)`);
    // fill the run: the kept rows, repeated in order when some were dropped
    const rows = Array.from({ length: rowsNeeded }, (_, i) => kept[i % kept.length]);
    const val = valBatches(tok, mix.val, B, T, s.seed, s.evalConversations);
    return {
      train: trimToLongest(sftBatches(rows, B, T, chatSpecials(tok).assistantEnd), rows),
      val: val.batches,
      perTask: mix.perTask,
      trainConversations: rowsNeeded,
      valConversations: val.conversations,
      dropped,
      truncated: kept.filter((r) => r.truncated).length,
      cycled: false,
    };
  }
  // mid: size the mixture by tokens (a first draw of one conversation per row gives the mean length;
  // when short, a second draw scaled by it, 5% spare)
  const tokensNeeded = micro * (B * T + 1);
  let mix = buildChatMixture(specs, { ...mixOpts, total: Math.max(micro * B, specs.length) });
  let rows = mix.train.map((c) => renderConversation(tok, c, MAX_CHAT_TOKENS));
  const tokensOf = (rs: Rendered[]) => rs.reduce((a, r) => a + r.ids.length, 0);
  const have = tokensOf(rows);
  if (have < tokensNeeded && rows.length > 0) {
    const total = Math.ceil((rows.length * tokensNeeded) / Math.max(1, have) * 1.05);
    mix = buildChatMixture(specs, { ...mixOpts, total });
    rows = mix.train.map((c) => renderConversation(tok, c, MAX_CHAT_TOKENS));
  }
  const packed = packedBatches(rows, B, T);
  const cycled = packed.length < micro;
  if (cycled) log(`chat mid: the mixture packs into ${packed.length} micro-batches, the run needs ${micro}; repeating them`);
  const train = Array.from({ length: micro }, (_, i) => packed[i % packed.length]);
  const val = valBatches(tok, mix.val, B, T, s.seed, s.evalConversations);
  return {
    train,
    val: val.batches,
    perTask: mix.perTask,
    trainConversations: rows.length,
    valConversations: val.conversations,
    dropped: 0,
    truncated: rows.filter((r) => r.truncated).length,
    cycled,
  };
}

// What nanochat (at the pinned commit, lib/export/nanochatFlags) cannot run, checked before a kit is
// written: every problem is listed at once, each naming the config file and field.
//   - width: base_train derives it from depth (model_dim = depth·64, num_heads = ceil(model_dim/128),
//     n_kv_head = num_heads) and has no setting for n_embd / n_head / n_kv_head;
//   - batch: base_train and mid_train assert total_batch_size % (device_batch_size·max_seq_len·world) == 0;
//   - types: the configurator asserts each value has its default's type (target_param_data_ratio is an int);
//   - vocabulary: the model's vocab is the tokenizer's n_vocab, so the config must ask for the same size;
//   - shards: nanochat's loader gives rank r the row groups r, r+world, … of each shard; a rank with
//     none in the train (or val) shards waits forever, so some train shard and the val shard need
//     ≥ world row groups; one shard alone leaves train empty (nanochat-formats.md §4).
import type { NanozhConfig } from "../config";
import type { ShardManifest } from "../data";
import { NANOCHAT_SPECIALS, type Tokenizer } from "../tokenizer";
import { NANOCHAT_COMMIT_SHORT } from "./nanochatFlags";

export interface KitTopology {
  /** GPUs per node (torchrun --nproc_per_node) */
  gpusPerNode: number;
  nodes: number;
}

/** Thrown with every problem found, one per line. */
export class KitError extends Error {
  constructor(
    readonly problems: string[],
    what: string,
  ) {
    super(`${what}:\n  - ${problems.join("\n  - ")}`);
    this.name = "KitError";
  }
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** nanochat's shape for a depth (base_train at the pinned commit). */
export function nanochatShape(depth: number): { n_embd: number; n_head: number; n_kv_head: number; head_dim: number } {
  const n_embd = depth * 64;
  const n_head = Math.max(1, Math.ceil(n_embd / 128));
  return { n_embd, n_head, n_kv_head: n_head, head_dim: n_embd / n_head };
}

/** Problems with the config and topology; empty when nanochat can run it. */
export function kitConfigProblems(cfg: NanozhConfig, topo: KitTopology): string[] {
  const f = cfg.file;
  const out: string[] = [];
  const { gpusPerNode, nodes } = topo;
  if (!(Number.isInteger(gpusPerNode) && gpusPerNode >= 1)) out.push(`--gpus ${gpusPerNode}: must be a whole number ≥ 1`);
  if (!(Number.isInteger(nodes) && nodes >= 1)) out.push(`--nodes ${nodes}: must be a whole number ≥ 1`);
  const m = cfg.model;
  const t = cfg.training;
  const shape = nanochatShape(m.depth);
  if (!Number.isInteger(shape.head_dim))
    out.push(`${f}: model.depth ${m.depth}: nanochat makes model_dim = ${shape.n_embd} and num_heads = ceil(${shape.n_embd}/128) = ${shape.n_head}, which do not divide (head dim ${shape.head_dim.toFixed(2)}); GPT asserts n_embd % n_head == 0 — use an even depth`);
  const widths: [string, number | undefined, number][] = [
    ["n_embd", m.n_embd, shape.n_embd],
    ["n_head", m.n_head, shape.n_head],
    ["n_kv_head", m.n_kv_head, shape.n_kv_head],
  ];
  for (const [key, set, derived] of widths)
    if (set !== undefined && set !== derived)
      out.push(`${f}: model.${key} ${set}: nanochat ${NANOCHAT_COMMIT_SHORT} derives the shape from depth (depth ${m.depth} → n_embd ${shape.n_embd}, n_head ${shape.n_head}, n_kv_head ${shape.n_kv_head}, head dim 128) and has no setting for ${key}; remove the override or choose the depth whose shape you want`);
  if (m.vocab_size !== cfg.tokenizer.vocab_size)
    out.push(`${f}: model.vocab_size ${fmt(m.vocab_size)} ≠ tokenizer.vocab_size ${fmt(cfg.tokenizer.vocab_size)}: nanochat sizes the model from the tokenizer, so they must agree`);
  const world = gpusPerNode * nodes;
  if (world >= 1 && Number.isInteger(world)) {
    const perStep = t.device_batch_size * m.max_seq_len * world;
    if (t.total_batch_size % perStep !== 0)
      out.push(`${f}: training.total_batch_size ${fmt(t.total_batch_size)} is not a multiple of training.device_batch_size × model.max_seq_len × GPUs = ${t.device_batch_size} × ${fmt(m.max_seq_len)} × ${world} = ${fmt(perStep)} tokens (base_train and mid_train assert total_batch_size % world_tokens_per_fwdbwd == 0); change the device batch, the total batch or --gpus/--nodes`);
    if (t.eval_tokens !== undefined && t.eval_tokens < perStep)
      out.push(`${f}: training.eval_tokens ${fmt(t.eval_tokens)} is less than one evaluation step of ${fmt(perStep)} tokens: base_train would evaluate 0 batches`);
  }
  if (!Number.isInteger(t.target_param_data_ratio) && !(t.num_iterations > 0))
    out.push(`${f}: training.target_param_data_ratio ${t.target_param_data_ratio}: base_train's default is an int (20) and the configurator asserts the type matches; use a whole number, or set training.num_iterations`);
  for (const key of ["device_batch_size", "total_batch_size", "eval_every", "core_metric_every", "sample_every"] as const)
    if (!Number.isInteger(t[key])) out.push(`${f}: training.${key} ${t[key]}: nanochat's default is an int`);
  return out;
}

export function checkKitConfig(cfg: NanozhConfig, topo: KitTopology): void {
  const p = kitConfigProblems(cfg, topo);
  if (p.length) throw new KitError(p, `${cfg.file}: nanochat ${NANOCHAT_COMMIT_SHORT} cannot run this config as a kit`);
}

/** Problems with the kit's tokenizer (`source` names where it came from). */
export function kitTokenizerProblems(cfg: NanozhConfig, tok: Tokenizer, source: string): string[] {
  const out: string[] = [];
  const missing = NANOCHAT_SPECIALS.filter((s) => !tok.specials.has(s));
  if (missing.length) out.push(`${source}: lacks nanochat's special tokens ${missing.join(" ")} (nanochat renders conversations with them)`);
  if (tok.nVocab !== cfg.model.vocab_size) {
    const why = tok.nVocab < cfg.model.vocab_size ? `the config's vocabulary is larger than the tokenizer's` : `the tokenizer is larger than the config's vocabulary`;
    out.push(`${source}: ${fmt(tok.nVocab)} tokens, but ${cfg.file}: model.vocab_size is ${fmt(cfg.model.vocab_size)} — ${why}; nanochat builds the model at the tokenizer's size, so the plan would not be the run (train the tokenizer on more text, or set the vocab to ${fmt(tok.nVocab)})`);
  }
  return out;
}

export function checkKitTokenizer(cfg: NanozhConfig, tok: Tokenizer, source: string): void {
  const p = kitTokenizerProblems(cfg, tok, source);
  if (p.length) throw new KitError(p, `${source}: not a tokenizer nanochat can run this config with`);
}

/** Problems with the written shards for `world` ranks (`dir` names the folder). */
export function kitShardProblems(manifest: ShardManifest, world: number, dir: string): string[] {
  const out: string[] = [];
  const shards = manifest.shards;
  if (shards.length < 2) out.push(`${dir}: ${shards.length} shard(s); nanochat needs ≥ 2 (the last is val, the others train)`);
  const last = shards[shards.length - 1];
  if (last && last.split !== "val") out.push(`${dir}: the shard that sorts last (${last.file}) is not the val shard`);
  const train = shards.slice(0, -1);
  const maxTrainGroups = Math.max(0, ...train.map((s) => s.rowGroups));
  if (train.length && maxTrainGroups < world)
    out.push(`${dir}: the largest train shard has ${maxTrainGroups} row group(s) but there are ${world} ranks; nanochat's loader gives rank r row groups r, r+${world}, … so ranks ${maxTrainGroups}..${world - 1} would get no data and wait forever (bring more text, or use --small for a demo kit)`);
  if (last && last.rowGroups < world)
    out.push(`${dir}: the val shard ${last.file} has ${last.rowGroups} row group(s) for ${world} ranks; ranks ${last.rowGroups}..${world - 1} would get no validation data (raise data.val_docs, or use --small for a demo kit)`);
  return out;
}

export function checkKitShards(manifest: ShardManifest, world: number, dir: string): void {
  const p = kitShardProblems(manifest, world, dir);
  if (p.length) throw new KitError(p, `${dir}: shards nanochat cannot train on with ${world} rank(s)`);
}

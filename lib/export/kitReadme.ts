// The kit's plan (lib/sizing + lib/plan through lib/config) and its README.md: parameters, tokens,
// shards, iterations, hours and cost on the kit's GPUs and on one 24 GB card, memory per GPU, every
// command in order, what the guide's invented flags become, and how the run scales on paper.
import { shardPlanForConfig, type NanozhConfig } from "../config";
import { deviceBatchThatFits, GUIDE_USD_PER_GPU_HOUR, lookupGpu, memoryEstimate, sizeModel, NANOCHAT_VOCAB_MULTIPLE } from "../sizing";
import type { ShardManifest } from "../data";
import type { KitTopology } from "./kitChecks";
import type { KitStep } from "./runScript";
import type { KitSummary } from "./kit";
import { NANOCHAT_COMMIT, NANOCHAT_COMMIT_DATE, NANOCHAT_LAYOUT, NANOCHAT_PIN_REASONS } from "./nanochatFlags";

/** The single-card reference: a 24 GB RTX 4090, rented at this price (an assumption, marketplace rates vary). */
export const SINGLE_GPU = "RTX 4090";
export const SINGLE_GPU_USD_PER_HOUR = 0.4;
export const SCALE_DEPTHS = [12, 16, 20, 26] as const;

export interface SingleGpuPlan {
  gpu: string;
  memory_gib: number;
  /** the largest device batch (32…1) that fits, or null when even 1 does not */
  device_batch_size: number | null;
  grad_accum: number | null;
  memory_at_batch_gib: number | null;
  hours: number;
  cost_usd: number;
}

export interface ScaleRow {
  depth: number;
  params_m: number;
  tokens_b: number;
  iterations: number;
  shards: number;
  download_gb: number;
  hours: number;
  cost_usd: number;
  single_device_batch: number | null;
  single_hours: number;
}

export interface KitPlan {
  depth: number;
  gpu: string;
  world: number;
  params: number;
  ratio: number;
  tokens_target: number;
  iterations: number;
  tokens_trained: number;
  total_batch_size: number;
  device_batch_size: number;
  grad_accum: number;
  mfu: number;
  hours: number;
  cost_usd: number;
  usd_per_gpu_hour: number;
  /** per GPU at the config's device batch, optimizer state sharded over `world` */
  memory_gib: number;
  gpu_memory_gib: number;
  largest_fitting_batch: number | null;
  shards: number;
  chars_per_shard: number;
  chars_per_token: number;
  download_gb: number;
  single: SingleGpuPlan;
  scale: ScaleRow[];
}

/** The run the kit's GPU type (the config's, H100 for a CPU config) would do. */
function kitGpu(cfg: NanozhConfig): { gpu: string; price: number } {
  const cpu = cfg.hardware.gpu === "cpu";
  return { gpu: lookupGpu(cpu ? "H100" : cfg.hardware.gpu).name, price: cpu || !(cfg.hardware.usd_per_gpu_hour > 0) ? GUIDE_USD_PER_GPU_HOUR : cfg.hardware.usd_per_gpu_hour };
}

function singleGpu(cfg: NanozhConfig, depth: number, numIterations: number): SingleGpuPlan {
  const m = cfg.model;
  const card = lookupGpu(SINGLE_GPU);
  const fit = deviceBatchThatFits(card.memory_gib, { depth, vocabSize: m.vocab_size, seqLen: m.max_seq_len, gpus: 1, padVocabTo: NANOCHAT_VOCAB_MULTIPLE });
  const b = fit.device_batch_size;
  const at = fit.estimates.find((e) => e.device_batch_size === b);
  const size = sizeModel({ depth, vocabSize: m.vocab_size, seqLen: m.max_seq_len, ratio: cfg.training.target_param_data_ratio, totalBatchTokens: cfg.training.total_batch_size, gpu: card.name, gpus: 1, mfu: cfg.hardware.mfu, usdPerGpuHour: SINGLE_GPU_USD_PER_HOUR, numIterations, padVocabTo: NANOCHAT_VOCAB_MULTIPLE });
  const perStep = b === null ? 0 : b * m.max_seq_len;
  return {
    gpu: card.name,
    memory_gib: card.memory_gib,
    device_batch_size: b,
    grad_accum: b === null ? null : Math.ceil(cfg.training.total_batch_size / perStep),
    memory_at_batch_gib: at ? at.total_gib : null,
    hours: size.hours,
    cost_usd: size.cost_usd,
  };
}

export function kitPlan(cfg: NanozhConfig, topo: KitTopology): KitPlan {
  const m = cfg.model;
  const t = cfg.training;
  const world = topo.gpusPerNode * topo.nodes;
  const { gpu, price } = kitGpu(cfg);
  const size = sizeModel({ depth: m.depth, vocabSize: m.vocab_size, seqLen: m.max_seq_len, ratio: t.target_param_data_ratio, totalBatchTokens: t.total_batch_size, gpu, gpus: world, mfu: cfg.hardware.mfu, usdPerGpuHour: price, numIterations: t.num_iterations, padVocabTo: NANOCHAT_VOCAB_MULTIPLE });
  const shards = shardPlanForConfig(cfg);
  const mem = memoryEstimate({ depth: m.depth, vocabSize: m.vocab_size, seqLen: m.max_seq_len, deviceBatchSize: t.device_batch_size, gpus: world, padVocabTo: NANOCHAT_VOCAB_MULTIPLE });
  const card = lookupGpu(gpu);
  const fit = deviceBatchThatFits(card.memory_gib, { depth: m.depth, vocabSize: m.vocab_size, seqLen: m.max_seq_len, gpus: world, padVocabTo: NANOCHAT_VOCAB_MULTIPLE });
  const scale = SCALE_DEPTHS.map((depth): ScaleRow => {
    const s = sizeModel({ depth, vocabSize: m.vocab_size, seqLen: m.max_seq_len, ratio: t.target_param_data_ratio, totalBatchTokens: t.total_batch_size, gpu, gpus: world, mfu: cfg.hardware.mfu, usdPerGpuHour: price, padVocabTo: NANOCHAT_VOCAB_MULTIPLE });
    const p = shardPlanForConfig({ ...cfg, model: { ...m, depth }, training: { ...t, num_iterations: -1 } });
    const one = singleGpu(cfg, depth, -1);
    return { depth, params_m: s.params.total / 1e6, tokens_b: s.tokens_trained / 1e9, iterations: s.iterations, shards: p.shards, download_gb: p.download_bytes / 1e9, hours: s.hours, cost_usd: s.cost_usd, single_device_batch: one.device_batch_size, single_hours: one.hours };
  });
  return {
    depth: m.depth,
    gpu,
    world,
    params: size.params.total,
    ratio: t.target_param_data_ratio,
    tokens_target: size.tokens,
    iterations: size.iterations,
    tokens_trained: size.tokens_trained,
    total_batch_size: t.total_batch_size,
    device_batch_size: t.device_batch_size,
    grad_accum: t.total_batch_size / (t.device_batch_size * m.max_seq_len * world),
    mfu: cfg.hardware.mfu,
    hours: size.hours,
    cost_usd: size.cost_usd,
    usd_per_gpu_hour: price,
    memory_gib: mem.total_gib,
    gpu_memory_gib: card.memory_gib,
    largest_fitting_batch: fit.device_batch_size,
    shards: shards.shards,
    chars_per_shard: shards.chars_per_shard,
    chars_per_token: shards.chars_per_token,
    download_gb: shards.download_bytes / 1e9,
    single: singleGpu(cfg, m.depth, t.num_iterations),
    scale,
  };
}

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const hrs = (h: number) => (h < 1 / 60 ? `${f1(h * 3600)} s` : h < 1 ? `${f1(h * 60)} min` : h < 48 ? `${f1(h)} h` : `${f1(h / 24)} days`);
const usd = (x: number) => `$${x < 10 ? f2(x) : n0(x)}`;
const tokB = (t: number) => (t < 1e9 ? `${f1(t / 1e6)}M` : `${f2(t / 1e9)}B`);
const mb = (b: number) => (b < 1e9 ? `${f2(b / 1e6)} MB` : `${f2(b / 1e9)} GB`);

export function kitReadme(cfg: NanozhConfig, s: KitSummary, steps: KitStep[], manifest: ShardManifest): string {
  const p = s.plan;
  const L = NANOCHAT_LAYOUT;
  const world = s.topology.world;
  const multi = s.topology.nodes > 1;
  const sh = s.shards;
  const single = p.single;
  const out: string[] = [];
  out.push(
    `# nanochat run kit: ${cfg.name}`,
    "",
    `Written by \`nanozh export nanochat --config ${cfg.file}${s.mode === "small" ? " --small" : ""} --gpus ${s.topology.gpusPerNode}${multi ? ` --nodes ${s.topology.nodes}` : ""}\` on ${s.created}.`,
    `${cfg.description.trim()}`,
    "",
    `Run it on the GPU machine with \`bash run.sh\`. This folder is laid out as nanochat's \`$NANOCHAT_BASE_DIR\` (\`${L.data}/\`, \`${L.tokenizerDir}/\`, \`${L.identity}\`), so by default nanochat's checkpoints and report land here too.`,
    "",
    `## nanochat ${NANOCHAT_COMMIT.slice(0, 7)} (${NANOCHAT_COMMIT_DATE})`,
    "",
    `run.sh clones https://github.com/karpathy/nanochat and checks out \`${NANOCHAT_COMMIT}\`. Why this commit:`,
    "",
    ...NANOCHAT_PIN_REASONS.map((r) => `- ${r}`),
    "",
    "At this commit GPT pads the vocabulary to a multiple of 64 (wte and lm_head get extra rows; logits are sliced back to the tokenizer's size), and the scripts take `--key=value` with the value's type equal to the default's (`--grad_clip=1.0`, not `1`); every flag in run.sh was checked against the script's settings at this commit.",
    "",
    "## The plan",
    "",
    "| | |",
    "|---|---|",
    `| model | d${cfg.model.depth}: ${n0(p.params)} parameters (${f1(p.params / 1e6)}M), vocab ${n0(cfg.model.vocab_size)}, context ${n0(cfg.model.max_seq_len)} |`,
    `| tokens | ${cfg.training.num_iterations > 0 ? `fixed num_iterations ${n0(cfg.training.num_iterations)}` : `${p.ratio} tokens/parameter → ${tokB(p.tokens_target)}`}; trained: ${n0(p.iterations)} iterations × ${n0(p.total_batch_size)} = ${tokB(p.tokens_trained)} tokens |`,
    `| batch | device batch ${p.device_batch_size} × ${n0(cfg.model.max_seq_len)} tokens × ${world} GPUs, gradient accumulation ${p.grad_accum} |`,
    `| time and cost | ${hrs(p.hours)} of base training on ${world}× ${p.gpu} at MFU ${p.mfu}, ${usd(p.cost_usd)} at $${p.usd_per_gpu_hour}/GPU-hour (mid-training and SFT add a fraction) |`,
    `| memory per GPU | ≈ ${f1(p.memory_gib)} GiB at device batch ${p.device_batch_size} (of ${p.gpu_memory_gib} GiB; the largest device batch that fits: ${p.largest_fitting_batch ?? "none"}) |`,
    `| data (plan) | ${f2(p.chars_per_token)} chars/token → ${p.shards} shards of ${n0(p.chars_per_shard)} chars, ≈ ${f2(p.download_gb)} GB of parquet |`,
    `| data (this kit, ${s.mode}) | ${sh.written} shards written (${sh.written - 1} train + 1 val): ${n0(sh.train_chars)} train chars, ${n0(sh.val_docs)} val documents, ${mb(sh.file_bytes)}; ${n0(sh.written_chars_per_shard)} chars per shard, ${sh.row_group_docs} documents per row group |`,
    `| one 24 GB GPU | ${single.gpu}: ${single.device_batch_size === null ? "even device batch 1 does not fit" : `device batch ${single.device_batch_size}, gradient accumulation ${single.grad_accum}, ≈ ${f1(single.memory_at_batch_gib ?? 0)} GiB`}; ${hrs(single.hours)}, ${usd(single.cost_usd)} at $${SINGLE_GPU_USD_PER_HOUR}/h (an assumed rental rate) |`,
    `| tokenizer | ${s.tokenizer.vocab_size.toLocaleString("en-US")} tokens, pattern ${s.tokenizer.pattern}; ${s.tokenizer.source} |`,
    `| conversations | ${s.identity.conversations} in ${L.identity} (${s.identity.from_identity} identity, ${s.identity.from_chat} from the config's chat block) |`,
    "",
  );
  if (s.mode === "small" || sh.written < sh.planned || sh.limited_by)
    out.push(
      `**Data written vs planned.** The plan asks for ${sh.planned} shards of ${n0(sh.planned_chars_per_shard)} characters; this kit holds ${sh.written} shards of about ${n0(sh.written_chars_per_shard)}${sh.limited_by ? ` (the mixture was capped by source '${sh.limited_by}')` : ""}. ` +
        (s.mode === "small"
          ? "Small mode writes a few shards from the data at hand, with chars_per_shard scaled down so there are several train shards and enough row groups per rank: enough to check that the run starts, not to train the model. nanochat loops over its shards, so a long run on this data repeats it many times. Re-export with `--full` on the real corpus for the run the plan describes."
          : "nanochat loops over the shards it has, so the run repeats this data; bring more text to match the plan."),
      "",
    );
  if (sh.stand_ins.length)
    out.push(
      `**Stand-in data.** These sources were not found where this kit was built, so the bundled text of the same language stood in for them (a demo kit only): ` +
        sh.stand_ins.map((x) => `'${x.source}' (${x.missing}) → ${x.stand_in}`).join("; ") + ".",
      "",
    );
  if (single.device_batch_size !== null)
    out.push(`**On one ${single.gpu}** export with \`--gpus 1\` and \`training.device_batch_size: ${single.device_batch_size}\` in the config (the total batch stays ${n0(p.total_batch_size)} tokens; nanochat accumulates ${single.grad_accum} micro-batches per step).`, "");

  out.push("## Commands, in order", "", "run.sh does all of this (`FROM=<step> bash run.sh` starts at a step):", "", "```bash");
  out.push(`# place the data: ${L.data}/, ${L.tokenizerDir}/ and ${L.identity} under $NANOCHAT_BASE_DIR (default: this folder)`);
  out.push(`git clone https://github.com/karpathy/nanochat.git && cd nanochat && git checkout --detach ${NANOCHAT_COMMIT}`);
  out.push("uv sync --extra gpu && source .venv/bin/activate");
  const launch = multi
    ? `torchrun --nnodes=${s.topology.nodes} --node_rank=$NODE_RANK --nproc_per_node=${s.topology.gpusPerNode} --rdzv_backend=c10d --rdzv_endpoint=$MASTER_ADDR:$MASTER_PORT`
    : `torchrun --standalone --nproc_per_node=${s.topology.gpusPerNode}`;
  for (const st of steps) out.push(st.command.replace('"${LAUNCH[@]}"', launch) + `   # ${st.name}`);
  out.push("```", "");

  out.push(
    "## What the guide's flags become",
    "",
    "The guide writes flags nanochat does not have (guide-errata item 13). The kit does that work itself:",
    "",
    "| guide | in this kit |",
    "|---|---|",
    `| \`--data_path\`, \`scripts.download_chinese_data\` | the data is placed: \`${L.data}/shard_*.parquet\` under \`$NANOCHAT_BASE_DIR\`, where nanochat's dataset.py reads every parquet file (the last one is val); nothing is downloaded from fineweb |`,
    `| \`--chinese_ratio\`, \`--english_ratio\`, \`--mix_ratio\`, \`--chinese_data\` | the mixture: the config's data.sources weights (by characters) and data.mix (by tokens) are mixed and shuffled into the shards by \`nanozh mix\`; base_train just reads them |`,
    `| \`--use_chinese_tasks\`, \`tasks.c_eval\` | the conversation file: \`${L.identity}\` (CustomJSON: data/chat/identity.jsonl and the config's chat block, system prompts folded into the first user turn), which mid_train reads twice and chat_sft once beside nanochat's English tasks; C-EVAL/CMMLU are scored after import with \`nanozh eval\` |`,
    "",
    "## Scale, on paper",
    "",
    `**Ranks and shards.** nanochat's loader gives rank r of W the row groups r, r+W, r+2W, … of every train shard in turn, and the same of the val shard, so each shard is read by all ranks at once and W = ${world} here needs at least ${world} row groups in some train shard and in the val shard (the kit checks this). Data is not split by node: every node reads the same files.`,
    "",
    multi
      ? `**Several nodes.** This kit runs ${s.topology.nodes} nodes × ${s.topology.gpusPerNode} GPUs. Start \`NODE_RANK=i MASTER_ADDR=<node 0> bash run.sh\` on every node; torchrun's c10d rendezvous at MASTER_ADDR:MASTER_PORT joins them. Checkpoints are saved by global rank 0 and loaded by every rank in the next step, so \`NANOCHAT_BASE_DIR\` must be a shared folder (or copy the checkpoints between steps).`
      : `**Several nodes.** Re-export with \`--nodes N\`: run.sh then launches \`torchrun --nnodes=N --node_rank=$NODE_RANK --nproc_per_node=${s.topology.gpusPerNode} --rdzv_backend=c10d --rdzv_endpoint=$MASTER_ADDR:$MASTER_PORT\` on every node, with the batch checks done for N×${s.topology.gpusPerNode} GPUs; \`NANOCHAT_BASE_DIR\` must then be a folder every node shares (rank 0 saves the checkpoints every rank loads next).`,
    "",
    `**Depth.** Same vocabulary (${n0(cfg.model.vocab_size)}), ${p.ratio} tokens per parameter, the config's mixture (${f2(p.chars_per_token)} chars/token), ${world}× ${p.gpu} at MFU ${p.mfu}; the last columns are one ${single.gpu}:`,
    "",
    `| depth | params | tokens | iterations | shards | download | ${world}× ${p.gpu} | cost | ${single.gpu} batch | ${single.gpu} time |`,
    "|---|---|---|---|---|---|---|---|---|---|",
    ...p.scale.map((r) => `| d${r.depth} | ${f1(r.params_m)}M | ${tokB(r.tokens_b * 1e9)} | ${n0(r.iterations)} | ${r.shards} | ${f2(r.download_gb)} GB | ${hrs(r.hours)} | ${usd(r.cost_usd)} | ${r.single_device_batch ?? "—"} | ${hrs(r.single_hours)} |`),
    "",
    "Shards, download and time all grow with parameters × ratio: doubling the ratio doubles all three; more Chinese in the mix lowers chars/token (≈1.4 for Chinese vs ≈4.8 for English), so the same tokens need fewer characters — fewer shards — but more bytes per character (UTF-8: 3 per Chinese character).",
    "",
    `**Where a single-GPU user lands.** ${singleGpuLine(p)}`,
    "",
    "## Files",
    "",
    "| file | bytes |",
    "|---|---|",
    "| README.md, kit.json | (this file; the summary) |",
    ...Object.entries(s.files)
      .filter(([f]) => !f.startsWith(`${L.data}/`) || f.endsWith("manifest.json"))
      .map(([f, b]) => `| ${f} | ${n0(b)} |`),
    `| ${L.data}/shard_*.parquet (${manifest.shards.length}) | ${n0(manifest.totals.fileBytes)} |`,
    "",
    "kit.json holds all of the above, machine-readable. After the run, `nanozh import nanochat --checkpoint <NANOCHAT_BASE_DIR>/chatsft_checkpoints/d" + cfg.model.depth + " --tokenizer tokenizer --out MODEL` brings the model back for sampling, chat and C-EVAL/CMMLU scoring.",
    "",
  );
  return out.join("\n");
}

/** One sentence: the deepest of the scale table's depths a 24 GB card trains within a day and within a week. */
function singleGpuLine(p: KitPlan): string {
  const day = p.scale.filter((r) => r.single_device_batch !== null && r.single_hours <= 24).pop();
  const week = p.scale.filter((r) => r.single_device_batch !== null && r.single_hours <= 24 * 7).pop();
  const parts: string[] = [];
  parts.push(`On one ${p.single.gpu} this kit's model takes ${hrs(p.single.hours)}${p.single.device_batch_size === null ? " — and does not fit at any device batch" : ` at device batch ${p.single.device_batch_size}`}.`);
  parts.push(day ? `Within a day it trains up to d${day.depth} (${hrs(day.single_hours)});` : "None of the depths above trains within a day;");
  parts.push(week ? `within a week up to d${week.depth} (${hrs(week.single_hours)}).` : "none within a week.");
  return parts.join(" ");
}

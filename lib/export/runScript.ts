// run.sh of a nanochat run kit: place the kit's data and tokenizer under $NANOCHAT_BASE_DIR, clone
// nanochat at the pinned commit, set it up as its speedrun.sh does, then run its scripts with the
// config's settings written the way the configurator takes them (nanochatFlags.configuratorFlag:
// only keys the pinned commit has, ints as ints, floats as floats). One node: torchrun --standalone;
// several: c10d rendezvous with NNODES / NODE_RANK / MASTER_ADDR / MASTER_PORT from the environment.
import type { NanozhConfig } from "../config";
import { configuratorFlag, NANOCHAT_COMMIT, NANOCHAT_COMMIT_DATE, NANOCHAT_LAYOUT, NANOCHAT_REPO_URL, NANOCHAT_SCRIPTS, type NanochatScript } from "./nanochatFlags";
import type { KitTopology } from "./kitChecks";

export interface KitStep {
  /** the step's name in run.sh (FROM=<name> starts there) */
  name: string;
  /** the nanochat script it runs, or null for a plain python module */
  script: NanochatScript | null;
  /** arguments after `--` (torchrun) or after the module (python -m) */
  args: string[];
  /** how it is launched */
  launch: "torchrun" | "python";
  /** the command as written in run.sh */
  command: string;
  why: string;
}

/** chat_sft's device batch: nanochat's 4, or the config's base device batch when smaller. */
export function sftDeviceBatch(cfg: NanozhConfig): number {
  return Math.min(Number(NANOCHAT_SCRIPTS.chat_sft.keys.device_batch_size.default), cfg.training.device_batch_size);
}

/** chat_sft asserts target_examples_per_step % (device_batch_size · world) == 0: nanochat's 32, else the next multiple. */
export function sftExamplesPerStep(cfg: NanozhConfig, world: number): number {
  const per = sftDeviceBatch(cfg) * world;
  const want = Number(NANOCHAT_SCRIPTS.chat_sft.keys.target_examples_per_step.default);
  return want % per === 0 ? want : per * Math.ceil(want / per);
}

/** The steps of a kit's run, in order, with their arguments (errors for settings nanochat lacks). */
export function kitSteps(cfg: NanozhConfig, topo: KitTopology): KitStep[] {
  const t = cfg.training;
  const m = cfg.model;
  const world = topo.gpusPerNode * topo.nodes;
  const flag = configuratorFlag;
  const base: string[] = [
    flag("base_train", "run", "$WANDB_RUN"),
    flag("base_train", "depth", m.depth),
    flag("base_train", "max_seq_len", m.max_seq_len),
    flag("base_train", "device_batch_size", t.device_batch_size),
    flag("base_train", "total_batch_size", t.total_batch_size),
    t.num_iterations > 0 ? flag("base_train", "num_iterations", t.num_iterations) : flag("base_train", "target_param_data_ratio", t.target_param_data_ratio),
    flag("base_train", "embedding_lr", t.embedding_lr),
    flag("base_train", "unembedding_lr", t.unembedding_lr),
    flag("base_train", "matrix_lr", t.matrix_lr),
    flag("base_train", "eval_every", t.eval_every),
    flag("base_train", "core_metric_every", t.core_metric_every),
    flag("base_train", "sample_every", t.sample_every),
  ];
  // trainer settings the config sets explicitly (absent → nanochat's defaults, which lib/train shares)
  for (const key of ["warmup_ratio", "warmdown_ratio", "final_lr_frac", "grad_clip", "eval_tokens", "save_every"] as const) {
    const v = t[key];
    if (typeof v === "number") base.push(flag("base_train", key, v));
  }
  const torchrun = (name: string, script: NanochatScript, args: string[], why: string): KitStep => ({
    name,
    script,
    args,
    launch: "torchrun",
    command: `"\${LAUNCH[@]}" -m ${NANOCHAT_SCRIPTS[script].module}${args.length ? " -- " + args.join(" ") : ""}`,
    why,
  });
  const python = (name: string, module: string, args: string[], why: string): KitStep => ({ name, script: null, args, launch: "python", command: `python -m ${module}${args.length ? " " + args.join(" ") : ""}`, why });
  return [
    python("report_reset", "nanochat.report", ["reset"], "start report/report.md with the system header"),
    python("tok_eval", "scripts.tok_eval", [], "compression of the kit's tokenizer vs GPT-2/GPT-4 on sample text and the kit's shards"),
    torchrun("base_train", "base_train", base, `pretrain d${m.depth} on base_data/ (the config's mixture)`),
    torchrun("base_loss", "base_loss", [flag("base_loss", "device_batch_size", t.device_batch_size)], "train/val bits per byte on a larger slice, and samples"),
    torchrun("base_eval", "base_eval", [], "CORE metric (downloads nanochat's eval bundle)"),
    torchrun(
      "mid_train",
      "mid_train",
      [
        flag("mid_train", "run", "$WANDB_RUN"),
        flag("mid_train", "max_seq_len", m.max_seq_len),
        flag("mid_train", "device_batch_size", t.device_batch_size),
        flag("mid_train", "total_batch_size", t.total_batch_size),
      ],
      `mid-training: nanochat's task mix (SmolTalk, MMLU, GSM8K, spelling) plus 2 epochs of ${NANOCHAT_LAYOUT.identity}`,
    ),
    torchrun("chat_eval_mid", "chat_eval", ["-i", "mid"], "ARC, MMLU, GSM8K, HumanEval, SpellingBee on the mid-trained model"),
    torchrun(
      "chat_sft",
      "chat_sft",
      [flag("chat_sft", "run", "$WANDB_RUN"), flag("chat_sft", "device_batch_size", sftDeviceBatch(cfg)), flag("chat_sft", "target_examples_per_step", sftExamplesPerStep(cfg, world))],
      `supervised fine-tuning: ARC, GSM8K, SmolTalk plus 1 epoch of ${NANOCHAT_LAYOUT.identity}`,
    ),
    torchrun("chat_eval_sft", "chat_eval", ["-i", "sft"], "the same evaluations on the fine-tuned model"),
    python("report_generate", "nanochat.report", ["generate"], "report/report.md, copied to the nanochat folder"),
  ];
}

/** The whole run.sh for a kit. */
export function runScript(cfg: NanozhConfig, topo: KitTopology, opts: { created: string; mode: string }): { text: string; steps: KitStep[] } {
  const steps = kitSteps(cfg, topo);
  const multi = topo.nodes > 1;
  const L = NANOCHAT_LAYOUT;
  const lines: string[] = [
    "#!/usr/bin/env bash",
    `# nanochat run kit for ${cfg.name} (${cfg.file}), ${opts.mode} mode — written by \`nanozh export nanochat\` on ${opts.created}.`,
    `# ${topo.nodes} node(s) × ${topo.gpusPerNode} GPU(s). nanochat pinned at ${NANOCHAT_COMMIT} (${NANOCHAT_COMMIT_DATE}); README.md says why.`,
    "#",
    "# Usage: bash run.sh                 (FROM=mid_train bash run.sh starts at that step)",
    multi
      ? "#        on every node: NODE_RANK=<0.." + (topo.nodes - 1) + "> MASTER_ADDR=<node 0's address> [MASTER_PORT=29500] bash run.sh"
      : "#        NANOCHAT_BASE_DIR=/some/dir bash run.sh   (default: this folder, which is laid out as one)",
    "# Needs network on the GPU machine: github.com, pypi.org, download.pytorch.org, huggingface.co (chat",
    "# datasets), S3 (the CORE eval bundle). The data and tokenizer come with the kit; nothing is trained on fineweb.",
    "set -euo pipefail",
    "",
    'KIT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
    'export NANOCHAT_BASE_DIR="${NANOCHAT_BASE_DIR:-$KIT_DIR}"',
    'NANOCHAT_DIR="${NANOCHAT_DIR:-$KIT_DIR/nanochat}"',
    'WANDB_RUN="${WANDB_RUN:-dummy}"',
    'FROM="${FROM:-' + steps[0].name + '}"',
    `NPROC_PER_NODE=${topo.gpusPerNode}`,
    `NNODES=${topo.nodes}`,
    "export OMP_NUM_THREADS=1",
    'die() { echo "run.sh: $*" >&2; exit 1; }',
    "",
    "# --- the GPUs this kit's batch settings were checked for",
    'if command -v nvidia-smi >/dev/null 2>&1; then',
    '  have=$(nvidia-smi -L | wc -l)',
    '  [ "$have" -ge "$NPROC_PER_NODE" ] || die "this kit runs $NPROC_PER_NODE GPU(s) per node but nvidia-smi lists $have; re-export with --gpus $have"',
    "fi",
  ];
  if (multi) {
    lines.push(
      ': "${NODE_RANK:?set NODE_RANK (0 on the node at MASTER_ADDR, 1.. on the others)}"',
      ': "${MASTER_ADDR:?set MASTER_ADDR to the address of node 0, reachable from every node}"',
      'MASTER_PORT="${MASTER_PORT:-29500}"',
      "# c10d rendezvous: every node runs this same script; NODE_RANK orders the nodes.",
      "# (no apostrophes inside ${...} above: bash would read them as quotes)",
      "# Checkpoints are written by global rank 0 and read back by every rank in the next step, so",
      "# NANOCHAT_BASE_DIR must be one shared folder (NFS, …) or the checkpoints copied between steps.",
      'LAUNCH=(torchrun --nnodes="$NNODES" --node_rank="$NODE_RANK" --nproc_per_node="$NPROC_PER_NODE" --rdzv_id="nanozh-' + cfg.name + '" --rdzv_backend=c10d --rdzv_endpoint="$MASTER_ADDR:$MASTER_PORT")',
    );
  } else {
    lines.push('NODE_RANK=0', 'LAUNCH=(torchrun --standalone --nproc_per_node="$NPROC_PER_NODE")');
  }
  lines.push(
    "",
    "# --- place the kit's data, tokenizer and conversations where nanochat looks (nanochat/common.py get_base_dir)",
    'mkdir -p "$NANOCHAT_BASE_DIR"',
    "place() {",
    '  local src="$KIT_DIR/$1" dst="$NANOCHAT_BASE_DIR/$1"',
    '  [ -e "$src" ] || die "$src is missing: an incomplete kit?"',
    '  [ "$(cd "$NANOCHAT_BASE_DIR" && pwd -P)" = "$(cd "$KIT_DIR" && pwd -P)" ] && return 0',
    '  if [ -L "$dst" ] && [ "$(readlink "$dst")" = "$src" ]; then return 0; fi',
    "  # base_data: nanochat trains on every *.parquet there and validates on the one that sorts last, so never mix sets",
    '  [ -e "$dst" ] && die "$dst already exists (another run\'s files?); move it away or pick another NANOCHAT_BASE_DIR"',
    '  ln -s "$src" "$dst"   # or: cp -r "$src" "$dst"',
    "}",
    `place ${L.data}`,
    `place ${L.tokenizerDir}`,
    `place ${L.identity}`,
    "",
    `# --- nanochat at the pinned commit (needs network: github.com)`,
    'if [ ! -d "$NANOCHAT_DIR/.git" ]; then',
    `  git clone ${NANOCHAT_REPO_URL} "$NANOCHAT_DIR"`,
    "fi",
    'cd "$NANOCHAT_DIR"',
    `git cat-file -e ${NANOCHAT_COMMIT}^{commit} 2>/dev/null || git fetch origin`,
    `git checkout --detach ${NANOCHAT_COMMIT}`,
    "",
    "# --- Python environment, as the pinned speedrun.sh sets it up (needs network: astral.sh, pypi.org, download.pytorch.org)",
    "command -v uv >/dev/null 2>&1 || curl -LsSf https://astral.sh/uv/install.sh | sh",
    'export PATH="$HOME/.local/bin:$PATH"',
    '[ -d ".venv" ] || uv venv',
    "uv sync --extra gpu",
    "set +u; source .venv/bin/activate; set -u",
    "",
    "# --- the run, step by step (FROM=<step> skips the steps before it)",
    "started=0",
    'step() { if [ "$started" = 0 ] && [ "$1" = "$FROM" ]; then started=1; fi; [ "$started" = 1 ] && echo "=== $1 ($(date -u +%H:%M:%S) UTC)"; [ "$started" = 1 ]; }',
  );
  for (const s of steps) {
    const onlyNode0 = s.launch === "python";
    lines.push("", `# ${s.name}: ${s.why}`);
    lines.push(`if step ${s.name}; then`);
    lines.push(onlyNode0 && multi ? `  if [ "$NODE_RANK" = 0 ]; then ${s.command}; fi` : `  ${s.command}`);
    lines.push("fi");
  }
  lines.push(
    "",
    '[ "$started" = 1 ] || die "FROM=$FROM is not a step of this kit (' + steps.map((s) => s.name).join(", ") + ')"',
    `echo "done: checkpoints under $NANOCHAT_BASE_DIR/{${L.checkpoints.base},${L.checkpoints.mid},${L.checkpoints.sft}}, report in $NANOCHAT_BASE_DIR/${L.report}"`,
    "",
  );
  return { text: lines.join("\n"), steps };
}

// The nanochat commit the run kit is pinned to, and what its scripts accept — facts read from the
// source at that commit (`git show 507d542:scripts/<name>.py`), not from the guide.
//
// Why 507d542 (2026-01-04, "fix small bug where this would break if git stage has deleted files"):
// it is the last commit before eb7bbc1 replaced nanochat/configurator.py with argparse, so the
// training scripts still take `--key=value` through the configurator (nanochat-formats.md §3), and it
// lies after everything the kit needs and before what it must not have:
//   - fe5aed9/03cddd9 (2025-10-21): tasks/customjson.py; mid_train (twice) and chat_sft (once) read
//     $NANOCHAT_BASE_DIR/identity_conversations.jsonl, and a missing file is a warning, not an error —
//     the kit's own conversations go in there (v1 3a5e0bc cannot take them);
//   - c72b8b2 (2025-11-03): CustomJSON opens the file as UTF-8 (Chinese text on any locale);
//   - aa42f40 (2026-01-03): rustbpe comes from PyPI, so `uv sync --extra gpu` is the whole setup (no
//     Rust toolchain, no maturin build; the kit brings its own tokenizer anyway);
//   - before 1ddaad1 (2026-01-31) removed mid_train.py, 950a1dc (2026-07-03) removed CustomJSON,
//     2ce972a (2026-07-03) changed token_bytes to raw byte lengths, and 324e69c (2026-03-04) swapped
//     the dataset (dataset.py/shard layout here is v1's, nanochat-formats.md §4).
// Differences from v1 3a5e0bc that matter to this toolkit: GPT pads the vocabulary to a multiple of
// 64 (bc51da8: wte and lm_head get padded rows; logits are sliced back), mid_train and chat_sft also mix
// in SpellingBee tasks, base_train has save_every/resume_from_step, torch ≥ 2.9.1.

export const NANOCHAT_REPO_URL = "https://github.com/karpathy/nanochat.git";
export const NANOCHAT_COMMIT = "507d54224ad8d736c07fb7b01e5a1dcf46893922";
export const NANOCHAT_COMMIT_SHORT = "507d542";
export const NANOCHAT_COMMIT_DATE = "2026-01-04";

/** One line per reason, for the kit's README and kit.json. */
export const NANOCHAT_PIN_REASONS: readonly string[] = [
  "last commit before eb7bbc1 (configurator → argparse): base_train, base_loss, mid_train and chat_sft take `--key=value` through nanochat/configurator.py",
  "after fe5aed9/03cddd9: tasks/customjson.py reads $NANOCHAT_BASE_DIR/identity_conversations.jsonl in mid_train (2 epochs) and chat_sft (1 epoch); a missing file is only a warning",
  "after c72b8b2: CustomJSON reads the file as UTF-8",
  "after aa42f40: rustbpe is a PyPI dependency, so `uv sync --extra gpu` is the whole setup (no Rust toolchain)",
  "before 1ddaad1 (mid_train removed), 950a1dc (CustomJSON removed), 2ce972a (token_bytes as raw byte lengths) and 324e69c (dataset swapped to ClimbMix)",
];

/** Python type of a configurator default; "None" accepts any literal (the configurator skips the check). */
export type PyType = "int" | "float" | "str" | "bool" | "None";

export interface ScriptKey {
  type: PyType;
  /** the default at the pinned commit (expressions evaluated: 20*524288 → 10485760) */
  default: number | string | boolean | null;
}

export interface ScriptFlags {
  /** python -m module */
  module: string;
  /** configurator: `--key=value`, value through ast.literal_eval, type must equal the default's; argparse: `--name value` */
  syntax: "configurator" | "argparse";
  keys: Record<string, ScriptKey>;
}

const int = (d: number): ScriptKey => ({ type: "int", default: d });
const float = (d: number): ScriptKey => ({ type: "float", default: d });
const str = (d: string): ScriptKey => ({ type: "str", default: d });
const none = (): ScriptKey => ({ type: "None", default: null });

/**
 * The settings block of each script at the pinned commit (the globals assigned before
 * `exec(open(os.path.join('nanochat', 'configurator.py')).read())`). The configurator would also
 * accept any other global (imports included); the kit uses only these.
 */
export const NANOCHAT_SCRIPTS = {
  base_train: {
    module: "scripts.base_train",
    syntax: "configurator",
    keys: {
      run: str("dummy"),
      device_type: str(""),
      depth: int(20),
      max_seq_len: int(2048),
      num_iterations: int(-1),
      target_flops: float(-1.0),
      target_param_data_ratio: int(20),
      device_batch_size: int(32),
      total_batch_size: int(524288),
      embedding_lr: float(0.2),
      unembedding_lr: float(0.004),
      weight_decay: float(0.0),
      matrix_lr: float(0.02),
      grad_clip: float(1.0),
      warmup_ratio: float(0.0),
      warmdown_ratio: float(0.2),
      final_lr_frac: float(0.0),
      resume_from_step: int(-1),
      eval_every: int(250),
      eval_tokens: int(20 * 524288),
      core_metric_every: int(2000),
      core_metric_max_per_task: int(500),
      sample_every: int(2000),
      save_every: int(-1),
      model_tag: str(""),
    },
  },
  base_loss: {
    module: "scripts.base_loss",
    syntax: "configurator",
    keys: {
      device_batch_size: int(32),
      split_tokens: int(20 * 524288),
      model_tag: none(),
      model_step: none(),
      device_type: str(""),
    },
  },
  base_eval: {
    module: "scripts.base_eval",
    syntax: "argparse",
    keys: {
      "--hf-path": { type: "str", default: null },
      "--max-per-task": int(-1),
      "--model-tag": { type: "str", default: null },
      "--step": { type: "str", default: null },
    },
  },
  mid_train: {
    module: "scripts.mid_train",
    syntax: "configurator",
    keys: {
      run: str("dummy"),
      device_type: str(""),
      model_tag: none(),
      step: none(),
      dtype: str("bfloat16"),
      num_iterations: int(-1),
      max_seq_len: int(2048),
      device_batch_size: int(32),
      unembedding_lr: float(0.004),
      embedding_lr: float(0.2),
      matrix_lr: float(0.02),
      init_lr_frac: float(1.0),
      weight_decay: float(0.0),
      eval_every: int(150),
      eval_tokens: int(20 * 524288),
      total_batch_size: int(524288),
      dry_run: int(0),
    },
  },
  chat_sft: {
    module: "scripts.chat_sft",
    syntax: "configurator",
    keys: {
      run: str("dummy"),
      source: str("mid"),
      model_tag: none(),
      step: none(),
      device_type: str(""),
      dtype: str("bfloat16"),
      device_batch_size: int(4),
      num_epochs: int(1),
      num_iterations: int(-1),
      target_examples_per_step: int(32),
      unembedding_lr: float(0.004),
      embedding_lr: float(0.2),
      matrix_lr: float(0.02),
      weight_decay: float(0.0),
      init_lr_frac: float(0.02),
      eval_every: int(100),
      eval_steps: int(100),
      eval_metrics_every: int(200),
      eval_metrics_max_problems: int(1024),
    },
  },
  chat_eval: {
    module: "scripts.chat_eval",
    syntax: "argparse",
    keys: {
      "-i": { type: "str", default: null }, // --source, required: sft|mid|rl
      "-a": { type: "str", default: null }, // --task-name, '|'-separated; default all: ARC-Easy|ARC-Challenge|MMLU|GSM8K|HumanEval|SpellingBee
      "-d": str("bfloat16"),
      "-t": float(0.0),
      "-m": int(512),
      "-n": int(1),
      "-k": int(50),
      "-b": int(8),
      "-g": { type: "str", default: null },
      "-s": { type: "int", default: null },
      "-x": { type: "int", default: null },
      "--device-type": str(""),
    },
  },
} satisfies Record<string, ScriptFlags>;

export type NanochatScript = keyof typeof NANOCHAT_SCRIPTS;

/** Where nanochat looks for things under $NANOCHAT_BASE_DIR (default ~/.cache/nanochat; nanochat/common.py get_base_dir). */
export const NANOCHAT_LAYOUT = {
  /** nanochat/dataset.py DATA_DIR: every *.parquet sorted by name, the last one is val */
  data: "base_data",
  /** nanochat/tokenizer.py get_tokenizer / get_token_bytes */
  tokenizerDir: "tokenizer",
  tokenizerPickle: "tokenizer.pkl",
  tokenBytes: "token_bytes.pt",
  /** scripts/mid_train.py and scripts/chat_sft.py: CustomJSON(filepath=os.path.join(base_dir, ...)) */
  identity: "identity_conversations.jsonl",
  /** checkpoints written by the scripts: {base,mid,chatsft}_checkpoints/d{depth}/model_{step:06d}.pt */
  checkpoints: { base: "base_checkpoints", mid: "mid_checkpoints", sft: "chatsft_checkpoints" },
  report: "report/report.md",
} as const;

/** speedrun.sh at the pinned commit, in order (comments and wandb setup left out). */
export const NANOCHAT_SPEEDRUN: readonly string[] = [
  "export OMP_NUM_THREADS=1",
  'export NANOCHAT_BASE_DIR="$HOME/.cache/nanochat"',
  "command -v uv &> /dev/null || curl -LsSf https://astral.sh/uv/install.sh | sh",
  '[ -d ".venv" ] || uv venv',
  "uv sync --extra gpu",
  "source .venv/bin/activate",
  "python -m nanochat.report reset",
  "python -m nanochat.dataset -n 8",
  "python -m nanochat.dataset -n 240 &",
  "python -m scripts.tok_train --max_chars=2000000000",
  "python -m scripts.tok_eval",
  "torchrun --standalone --nproc_per_node=$NPROC_PER_NODE -m scripts.base_train -- --depth=20 --run=$WANDB_RUN",
  "torchrun --standalone --nproc_per_node=$NPROC_PER_NODE -m scripts.base_loss",
  "torchrun --standalone --nproc_per_node=$NPROC_PER_NODE -m scripts.base_eval",
  "curl -L -o $NANOCHAT_BASE_DIR/identity_conversations.jsonl https://karpathy-public.s3.us-west-2.amazonaws.com/identity_conversations.jsonl",
  "torchrun --standalone --nproc_per_node=$NPROC_PER_NODE -m scripts.mid_train -- --run=$WANDB_RUN",
  "torchrun --standalone --nproc_per_node=$NPROC_PER_NODE -m scripts.chat_eval -- -i mid",
  "torchrun --standalone --nproc_per_node=$NPROC_PER_NODE -m scripts.chat_sft -- --run=$WANDB_RUN",
  "torchrun --standalone --nproc_per_node=$NPROC_PER_NODE -m scripts.chat_eval -- -i sft",
  "python -m nanochat.report generate",
];

/**
 * The Python type ast.literal_eval gives a configurator value, or "str" where it raises (the
 * configurator then keeps the text). Covers the literals a kit writes: ints, floats, True/False,
 * None, quoted strings; anything else (a bare word, a path) is a str.
 */
export function pyLiteralType(text: string): PyType | "other" {
  const s = text.trim();
  if (/^[+-]?\d+$/.test(s)) return /^[+-]?0\d/.test(s) ? "str" : "int"; // "007" is a SyntaxError in Python 3
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(s)) return "float";
  if (s === "True" || s === "False") return "bool";
  if (s === "None") return "None";
  if (/^'[^'\\]*'$/.test(s) || /^"[^"\\]*"$/.test(s)) return "str";
  if (/^[[({]/.test(s)) return "other"; // a list/tuple/dict literal (or a SyntaxError): the kit never writes one
  return "str";
}

/** Python's repr of a float as literal_eval reads it back as float: 1 → "1.0", 0.02 → "0.02", 1e-7 → "1e-07". */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`${x} has no Python float literal that literal_eval accepts`);
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  return String(x).replace(/e([+-])(\d)$/, "e$10$2");
}

/**
 * `--key=value` for a configurator script, the value written as the key's default type takes it
 * (ints as ints, floats with a decimal point). Unknown keys, a fractional value for an int key, a
 * str value that would parse as something else, and values with `=` or shell-special characters
 * (the configurator splits on `=`) are errors naming the script and key.
 */
export function configuratorFlag(script: NanochatScript, key: string, value: number | string | boolean): string {
  const spec = NANOCHAT_SCRIPTS[script] as ScriptFlags;
  if (spec.syntax !== "configurator") throw new Error(`${spec.module} parses its options with argparse, not the configurator`);
  const k = spec.keys[key];
  if (!k) throw new Error(`${spec.module} at nanochat ${NANOCHAT_COMMIT_SHORT} has no setting '${key}' (it has: ${Object.keys(spec.keys).join(", ")})`);
  const where = `${spec.module} --${key}`;
  let literal: string;
  const want = k.type === "None" ? (typeof value === "number" ? (Number.isInteger(value) ? "int" : "float") : typeof value === "boolean" ? "bool" : "str") : k.type;
  if (want === "int") {
    if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`${where}: nanochat's default is an int (${k.default}), got ${JSON.stringify(value)}; the configurator asserts the type matches`);
    literal = String(value);
  } else if (want === "float") {
    if (typeof value !== "number") throw new Error(`${where}: nanochat's default is a float (${k.default}), got ${JSON.stringify(value)}`);
    literal = pyFloat(value);
  } else if (want === "bool") {
    if (typeof value !== "boolean") throw new Error(`${where}: nanochat's default is a bool, got ${JSON.stringify(value)}`);
    literal = value ? "True" : "False";
  } else {
    literal = String(value);
    if (literal.startsWith("$")) {
      if (!/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(literal)) throw new Error(`${where}: '${literal}' is not a plain shell variable`);
    } else {
      if (!/^[A-Za-z0-9_./:+-]*$/.test(literal)) throw new Error(`${where}: '${literal}' has characters the configurator or the shell would mangle (only letters, digits and _ . / : + - are written)`);
      if (pyLiteralType(literal) !== "str") throw new Error(`${where}: '${literal}' would be read as a ${pyLiteralType(literal)}, not a str`);
    }
  }
  return `--${key}=${literal}`;
}

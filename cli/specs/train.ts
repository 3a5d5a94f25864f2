// The specs of the commands that train and run models: train, sft, sample, chat, parity, bench.
import { BACKEND, CONFIG, ENGINE, INFER_ENGINE, JSON_OUT, MODEL, THREADS, OVERWRITE, SAMPLING, TOKENIZER } from "../options";
import { command, type GroupSpec } from "../spec";

const STEPS = { type: "int", min: 1, max: 1e9 } as const;

export const TRAIN = command({
  name: "train",
  summary: "pretrain a GPT from a config (nanochat base_train): model folder, log, bpb vs n-gram baselines",
  options: {
    config: { ...CONFIG.config, arg: "FILE", help: "project config (model, training, tokenizer, data blocks)" },
    out: {
      type: "path",
      arg: "DIR",
      help:
        "run folder (default out/train/<config name>); it becomes the model folder:\n" +
        "model.safetensors, config.json, tokenizer/, summary.json, log.csv,\n" +
        "samples.md, checkpoint/ (curves: out/plots/train-<config>-<out folder>.html)",
    },
    resume: { type: "boolean", help: "continue the run in --out from its checkpoint (same losses as an unbroken run)" },
    overwrite: { ...OVERWRITE.overwrite, help: "replace an earlier run in --out (without it an existing folder is refused)" },
    ...BACKEND,
    engine: {
      ...ENGINE.engine,
      help:
        "auto (default: ort when onnxruntime-node loads, else workers:2 on wasm with ≥ 2 cores,\n" +
        "else local) | ort | local (this thread) | workers[:N] (data parallel over N worker\n" +
        "threads; losses equal local's within 1e-4)",
    },
    threads: { ...THREADS.threads, help: "ORT intra-op threads of the ort engine (default: the measured fastest, 2), or\nthe worker count of --engine workers" },
    "max-steps": { ...STEPS, help: "stop after N steps in all, with a checkpoint (the LR schedule stays the full run's)" },
    "num-iterations": { ...STEPS, help: "override the config's horizon (num_iterations / target_param_data_ratio)" },
    tokenizer: {
      ...TOKENIZER.tokenizer,
      help:
        "tokenizer folder or built-in; default <out>/tokenizer, else one is trained the way\n" +
        "notebook 04 does (BPE at tokenizer.vocab_size on the training shards) and saved there",
    },
    data: {
      type: "path",
      repeatable: true,
      help:
        "shard folder or .txt/.jsonl files (repeatable); default data.shards, else the config's sources\n" +
        "mixed into <out>/shards (nanozh mix)",
    },
    json: { ...JSON_OUT.json, help: "print summary.json on stdout at the end" },
  },
  notes: "Progress (step, loss, tok/s, MFU, ETA), evaluations and samples go to stderr.",
});

export const SFT = command({
  name: "sft",
  summary: "fine-tune a model on conversations (nanochat chat_sft / mid_train): masked SFT or all-token mid-training",
  options: {
    config: {
      ...CONFIG.config,
      help:
        "project config with a chat: block (mode, num_iterations, device_batch_size,\n" +
        "max_seq_len, init_lr_frac, eval_every, val_share, seed, tasks) and training LRs",
    },
    model: { ...MODEL.model, help: "the base model folder (nanozh train's run folder, with its tokenizer/)" },
    out: {
      type: "path",
      arg: "DIR",
      required: true,
      help: "the fine-tuned model folder: model.safetensors, config.json (stage, base_model),\ntokenizer/, summary.json (val loss before/after, tasks, tokens), log.csv",
    },
    mode: {
      type: "enum",
      choices: ["sft", "mid"],
      help:
        "override chat.mode: sft = loss on assistant tokens, LR 0.02× decaying to 0\n" +
        "(nanochat v1 chat_sft); mid = every token, packed, LR 1× then → 0 over the last\n" +
        "20% (nanochat v1 mid_train)",
    },
    "num-iterations": { ...STEPS, help: "override chat.num_iterations" },
    overwrite: { ...OVERWRITE.overwrite, help: "replace an earlier run in --out (without it an existing folder is refused)" },
    ...BACKEND,
    engine: { ...ENGINE.engine, help: "auto (default) | ort | local | workers[:N] (as nanozh train)" },
    threads: { ...THREADS.threads, help: "ORT intra-op threads (as nanozh train)" },
    json: { ...JSON_OUT.json, help: "print summary.json on stdout at the end" },
  },
  notes: "Progress (step, loss, tok/s, ETA) and validation losses go to stderr. Then: nanozh chat --model <out>.",
});

export const SAMPLE = command({
  name: "sample",
  summary: "generate text from a trained model folder, streamed to stdout",
  options: {
    model: { ...MODEL.model, help: "a model folder (nanozh train's run folder: model.safetensors, config.json, tokenizer/)" },
    prompt: { type: "string", arg: "TEXT", required: true, help: "text to continue" },
    ...SAMPLING,
    temperature: { ...SAMPLING.temperature, default: 1, help: "0 = greedy (default 1, nanochat's)" },
    "max-tokens": { ...SAMPLING["max-tokens"], default: 64, help: "new tokens" },
    ...INFER_ENGINE,
    ...BACKEND,
  },
});

export const CHAT = command({
  name: "chat",
  summary: "chat with a fine-tuned model (streamed; stops at <|assistant_end|>)",
  options: {
    model: { ...MODEL.model, help: "a model folder with its tokenizer/ (nanozh sft's --out; a base model works but has\nnot learnt the chat format)" },
    prompt: { type: "string", arg: "TEXT", help: "one user turn: print the reply and exit (no interactive session)" },
    ...SAMPLING,
    temperature: { ...SAMPLING.temperature, default: 0.6 },
    "top-k": { ...SAMPLING["top-k"], default: 50 },
    "max-tokens": { ...SAMPLING["max-tokens"], help: "at most N tokens per reply (default: what is left of the context)" },
    ...INFER_ENGINE,
    ...BACKEND,
  },
  notes:
    "On a terminal: type a message and press Enter; /reset starts a new conversation, /quit (or Ctrl-D) ends.\n" +
    "With stdin piped, every line is one user turn of the same conversation (a line /reset starts a new one).\n" +
    "A reply ends at <|assistant_end|>; a conversation longer than the model's context is an error (/reset).",
});

export const PARITY = command({
  name: "parity",
  summary: "GPT and optimizers against nanochat's fixtures (logits, grads, steps, greedy)",
  usage: "--fixture FILE.safetensors [--backend NAME] [--json]\n       nanozh parity --model DIR --expected FILE.safetensors [--engine NAME] [--threads N] [--backend NAME] [--json]",
  options: {
    fixture: {
      type: "path",
      arg: "FILE",
      help:
        "a nanochat golden fixture (e.g. ../shared/fixtures/nanochat_v1_tiny.safetensors): logits, loss,\n" +
        "per-token loss, every gradient, every weight after 1 and 2 optimizer steps, greedy tokens",
    },
    model: { type: "path", arg: "DIR", help: "a saved model folder, compared with --expected" },
    expected: { type: "path", arg: "FILE", help: "a .safetensors holding input.idx and expected.logits" },
    ...INFER_ENGINE,
    ...BACKEND,
    ...JSON_OUT,
  },
  notes: "Exits 1 when an error is outside its tolerance.",
});

const dim = (max: number, help: string) => ({ type: "int", min: 1, max, required: true, help }) as const;

export const BENCH_TRAIN = command({
  name: "bench train",
  summary: "time full training steps (forward, backward, AdamW + Muon) of a model shape on random tokens",
  options: {
    "n-layer": { ...dim(1024, "layers"), arg: "L" },
    "n-embd": { ...dim(65536, "model width"), arg: "D" },
    "n-head": { ...dim(1024, "attention heads"), arg: "H" },
    "n-kv-head": { type: "int", min: 1, max: 1024, arg: "K", help: "key/value heads (default: --n-head)" },
    vocab: { ...dim(4194304, "vocabulary size"), min: 256, arg: "V" },
    seq: { ...dim(1_048_576, "sequence length"), arg: "T" },
    batch: { ...dim(65536, "sequences per step"), arg: "B" },
    steps: { type: "int", arg: "S", min: 1, max: 100000, default: 3, help: "timed steps" },
    warmup: { type: "int", arg: "W", min: 0, max: 100000, default: 1, help: "untimed warm-up steps first" },
    ...BACKEND,
    engine: {
      ...ENGINE.engine,
      type: "enum",
      choices: ["local", "workers", "ort", "auto"],
      default: "local",
      help: "local (this thread) | workers (data parallel over --workers threads, shared gradient average) |\nort (onnxruntime-node, native kernels) | auto (ort when it loads, else the tfjs choice)",
    },
    workers: { type: "int", min: 1, max: 256, default: 2, help: "worker threads of --engine workers" },
    threads: { ...THREADS.threads, help: "ORT intra-op threads of --engine ort (default: the measured fastest)" },
    ...JSON_OUT,
  },
  notes: "Prints tokens/s, MFU (against this backend's measured plain-matmul FLOP/s × threads) and peak RSS.",
});

export const BENCH_INFER = command({
  name: "bench infer",
  summary: "inference speed of nanochat's shape at a depth (random weights): prompt, generation, scoring",
  options: {
    depth: { type: "int", min: 1, max: 256, default: 16, help: "nanochat depth: width 64·depth, heads ⌈width/128⌉" },
    vocab: { type: "int", min: 256, max: 4194304, default: 40000, arg: "V", help: "vocabulary size" },
    questions: { type: "int", min: 1, max: 4096, default: 8, help: "150-token questions scored after a 40-token prefix" },
    ...INFER_ENGINE,
    ...BACKEND,
    ...JSON_OUT,
  },
  notes:
    "The work of ../shared/bench/torch_infer_bench.py DEPTH VOCAB QUESTIONS: a 256-token prompt (seconds), 15 greedy\n" +
    "tokens with the KV cache (tokens/s), the questions one at a time and as one batch (the faster, questions/s),\n" +
    "peak RSS. bench/infer-speed.ts runs it beside the torch peer and prints the ratios.",
});

export const BENCH: GroupSpec = {
  name: "bench",
  summary: "training tokens/s (bench train) and inference speed (bench infer) of a model shape, peak memory",
  noun: "benchmark",
  subcommands: {
    train: BENCH_TRAIN,
    infer: BENCH_INFER,
  },
};

// Options many commands take, declared once (house.md, "The command line"): spread a block into a
// command's options, overriding a field where one command differs (`{ ...MODEL.model, help: "…" }`).
import { options } from "./spec";

export const CONFIG = options({
  config: { type: "path", arg: "FILE", required: true, help: "project config (configs/NAME.yaml)" },
});

export const MODEL = options({
  model: { type: "path", arg: "DIR", required: true, help: "a model folder (model.safetensors, config.json, tokenizer/)" },
});

export const TOKENIZER = options({
  tokenizer: { type: "string", arg: "DIR|FILE|NAME", help: "tokenizer folder (ours, or a Hugging Face folder with tokenizer.json), a tokenizer.json, or built-in (gpt2, cl100k_base, o200k_base, qwen3, deepseek_v3)" },
});

export const BACKEND = options({
  backend: {
    type: "enum",
    arg: "NAME",
    choices: ["tfjs-node-gpu", "wasm", "cpu"],
    help: "tfjs-node-gpu | wasm | cpu (default: the first that loads, in that order)",
  },
});

/** Training engines; "workers:N" is N worker threads. */
export const ENGINE_CHOICES = ["auto", "ort", "local", "workers", "workers:N"] as const;

export const ENGINE = options({
  engine: {
    type: "string",
    arg: "NAME",
    choices: ENGINE_CHOICES,
    help: "auto (default) | ort | local (this thread) | workers[:N] (data parallel over N worker threads)",
  },
});

export const THREADS = options({
  threads: { type: "int", min: 1, max: 1024, help: "compute threads (default: what the engine picks)" },
});

/** Inference engines (sample, chat, eval, parity --model, bench infer): lib/engines' choices. */
export const INFER_ENGINE = options({
  engine: {
    type: "enum",
    arg: "NAME",
    choices: ["auto", "ort", "local", "workers"],
    default: "auto",
    help:
      "auto (default: ort when onnxruntime-node loads, else tfjs) | ort (native kernels) |\n" +
      "local (the tfjs engine on this thread) | workers (as local: inference has no worker engine)",
  },
  threads: { type: "int", min: 1, max: 1024, help: "ORT intra-op threads (default: the measured fastest, see README)" },
});

export const JSON_OUT = options({
  json: { type: "boolean", help: "print the result as JSON" },
});

export const OVERWRITE = options({
  overwrite: { type: "boolean", help: "replace what is already at --out (without it an existing one is refused)" },
});

/** Sampling, as sample and chat take it. */
export const SAMPLING = options({
  temperature: { type: "number", arg: "T", min: 0, max: 100, help: "0 = greedy" },
  "top-k": { type: "int", arg: "K", min: 1, max: 4194304, help: "sample from the K most likely tokens only" },
  "max-tokens": { type: "int", min: 1, max: 1_000_000, help: "at most N new tokens" },
  seed: { type: "int", arg: "S", min: 0, max: 2 ** 32 - 1, default: 42, help: "sampling seed" },
});

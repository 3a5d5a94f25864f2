// The specs of the commands between this project and nanochat (export, import, nanochat-log) and report.
import { CONFIG, JSON_OUT, OVERWRITE, TOKENIZER } from "../options";
import { command, type GroupSpec } from "../spec";

export const EXPORT_NANOCHAT = command({
  name: "export nanochat",
  summary: "a run kit (shards, tokenizer.pkl, token_bytes.pt, conversations, run.sh, README) for torchrun",
  options: {
    config: { ...CONFIG.config, help: "project config (model, training, hardware, tokenizer, data, optional chat block)" },
    out: { type: "path", arg: "KIT", required: true, help: "the kit folder (written beside it and renamed into place when complete)" },
    small: {
      type: "boolean",
      help: "a few shards from the data at hand (chars_per_shard scaled down), the tokenizer\ntrained on at most 2M characters: a kit to check that a run starts",
    },
    full: { type: "boolean", help: "the shard planner's shards at the config's chars_per_shard (default)" },
    gpus: { type: "int", min: 1, max: 1024, help: "GPUs per node (default: the config's hardware.gpus; 1 for a CPU config)" },
    nodes: { type: "int", min: 1, max: 65536, help: "nodes (torchrun c10d rendezvous; default 1)" },
    tokenizer: { ...TOKENIZER.tokenizer, arg: "DIR", help: "use this tokenizer folder instead of training one on the kit's shards" },
    overwrite: { ...OVERWRITE.overwrite, help: "replace an existing kit at KIT" },
    json: { ...JSON_OUT.json, help: "print kit.json instead of the summary" },
  },
});

export const EXPORT_GROUP: GroupSpec = {
  name: "export",
  summary: "export nanochat: a run kit (shards, tokenizer.pkl, token_bytes.pt, conversations, run.sh, README) for torchrun",
  noun: "target",
  subcommands: { nanochat: EXPORT_NANOCHAT },
};

export const IMPORT = command({
  name: "import",
  summary: "import nanochat: a nanochat checkpoint (model_<step>.pt + meta) as a model folder",
  positionals: [{ name: "source", choices: ["nanochat"], help: "where the checkpoint comes from (only nanochat)" }],
  options: {
    checkpoint: {
      type: "path",
      arg: "DIR",
      required: true,
      help: "nanochat's checkpoint folder (e.g. ~/.cache/nanochat/base_checkpoints/d20) or a model_<step>.pt",
    },
    step: { type: "int", min: 0, max: 1e12, help: "the step to import (default: the latest model_<step>.pt with its meta_<step>.json)" },
    out: { type: "path", arg: "MODEL_DIR", required: true, help: "the model folder to write (model.safetensors, config.json, tokenizer/)" },
    tokenizer: {
      type: "path",
      arg: "PATH",
      help:
        "our tokenizer folder, nanochat's tokenizer.pkl, or a folder holding tokenizer/tokenizer.pkl\n" +
        "(e.g. ~/.cache/nanochat); without it the model is written without a tokenizer",
    },
    overwrite: { ...OVERWRITE.overwrite, help: "replace MODEL_DIR when it exists (the whole folder, as a model save does)" },
    ...JSON_OUT,
  },
  notes: "Then check it: nanozh sample --model MODEL_DIR …, or nanozh parity --model MODEL_DIR --expected FILE",
});

export const NANOCHAT_LOG = command({
  name: "nanochat-log",
  summary: "nanochat base_train log (and report.md) → step/bpb/CORE tables, loss and MFU plots",
  positionals: [{ name: "file", help: "the stdout of nanochat's base_train (torchrun … -m scripts.base_train > FILE)" }],
  options: {
    report: { type: "path", arg: "FILE", help: "nanochat's report.md ($NANOCHAT_BASE_DIR/report/report.md)" },
    json: { ...JSON_OUT.json, help: "print everything parsed as JSON instead of the summary" },
    out: {
      type: "path",
      arg: "DIR",
      help: "write steps/evals/core/summary/metrics .csv + .md and loss/throughput/core .html\n(default: out/nanochat-log/<FILE's name>)",
    },
  },
  notes:
    "Any nanochat version from v1 3a5e0bc on; the step, validation-bpb and CORE lines become tables, and\n" +
    "the report's final | Metric | BASE | MID | SFT | RL | table. Lines it does not recognise are skipped and counted.",
});

export const REPORT = command({
  name: "report",
  summary: "rebuild the report card out/report.md from out/",
  options: {
    "out-dir": { type: "path", arg: "DIR", help: "the results folder (default: $NANOZH_OUT or out/)" },
    print: { type: "boolean", help: "print the Markdown instead of the path" },
  },
  notes:
    "Rebuilds DIR/report.md (written atomically) from DIR's tables, model/summary.json, the chat\n" +
    "fine-tuning summary, eval/*.json and notebooks/timings.json; stages with no files say \"not run\".",
});

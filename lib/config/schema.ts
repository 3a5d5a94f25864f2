// THE schema every config file under configs/ is validated against (JSON Schema draft-07, ajv).
// additionalProperties: false everywhere, so a misspelt field is an error, never silently ignored.
// Only name, model.{depth, vocab_size}, tokenizer.vocab_size and data.{mix, sources} are required;
// everything else has a default (lib/config/defaults.ts; training defaults by depth, guide §1.4).

const posInt = { type: "integer", minimum: 1 } as const;
const posNum = { type: "number", exclusiveMinimum: 0 } as const;

export const CONFIG_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://nanochat-zh/config.schema.json",
  title: "nanochat-zh run configuration",
  type: "object",
  additionalProperties: false,
  required: ["name", "model", "tokenizer", "data"],
  properties: {
    name: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$" },
    description: { type: "string" },
    model: {
      type: "object",
      additionalProperties: false,
      required: ["depth", "vocab_size"],
      properties: {
        depth: { type: "integer", minimum: 2, multipleOf: 2, description: "even: n_embd = 64·depth must split into 128-wide heads" },
        vocab_size: posInt,
        max_seq_len: posInt,
        n_embd: { ...posInt, description: "override 64·depth (tests and CPU toys); with n_head, validated by lib/model" },
        n_head: { ...posInt, description: "override ceil(n_embd/128)" },
        n_kv_head: { ...posInt, description: "override n_head (GQA/MQA when smaller; must divide n_head)" },
      },
    },
    training: {
      type: "object",
      additionalProperties: false,
      properties: {
        target_param_data_ratio: posNum,
        total_batch_size: { ...posInt, description: "tokens per optimizer step, all GPUs and micro-steps" },
        device_batch_size: posInt,
        eval_every: posInt,
        core_metric_every: { type: "integer", minimum: -1, description: "-1 disables" },
        sample_every: { type: "integer", minimum: -1, description: "-1 disables" },
        matrix_lr: posNum,
        embedding_lr: posNum,
        unembedding_lr: posNum,
        num_iterations: { type: "integer", minimum: -1, description: "-1: from target_param_data_ratio" },
        warmup_ratio: { type: "number", minimum: 0, maximum: 1, description: "LR warmup share of the steps (nanochat v1: 0)" },
        warmdown_ratio: { type: "number", minimum: 0, maximum: 1, description: "LR warmdown share at the end (nanochat v1: 0.2)" },
        final_lr_frac: { type: "number", minimum: 0, maximum: 1, description: "LR multiplier at the last step (nanochat v1: 0)" },
        grad_clip: { type: "number", minimum: 0, description: "global gradient-norm clip; 0 disables (nanochat v1: 1.0)" },
        eval_tokens: { ...posInt, description: "validation tokens per bpb evaluation (nanochat v1: 20·total_batch_size)" },
        save_every: { type: "integer", minimum: -1, description: "checkpoint every N steps; -1: only at the end" },
        seed: { type: "integer", description: "model initialisation seed" },
      },
    },
    hardware: {
      type: "object",
      additionalProperties: false,
      properties: {
        gpu: { type: "string", minLength: 1, description: "a name from lib/sizing GPUS (case-insensitive, aliases) or 'cpu'" },
        gpus: { type: "integer", minimum: 0, description: "0 only with gpu: cpu" },
        mfu: { type: "number", exclusiveMinimum: 0, maximum: 1 },
        usd_per_gpu_hour: { type: "number", minimum: 0, description: "the node costs this × gpus per hour" },
      },
    },
    tokenizer: {
      type: "object",
      additionalProperties: false,
      required: ["vocab_size"],
      properties: {
        vocab_size: { ...posInt, minimum: 256, description: "must equal model.vocab_size" },
        pattern: { type: "string", minLength: 1, description: "'nanochat' (GPT-4 split with \\p{N}{1,2}), 'gpt4', or a regex" },
        specials: {
          oneOf: [
            { type: "string", enum: ["nanochat", "none"] },
            { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true },
          ],
        },
        max_chars: posInt,
        doc_cap: posInt,
      },
    },
    data: {
      type: "object",
      additionalProperties: false,
      required: ["mix", "sources"],
      properties: {
        chars_per_shard: posInt,
        margin: { type: "number", minimum: 0 },
        seed: { type: "integer" },
        mix: {
          type: "array",
          minItems: 1,
          description: "language shares of the TRAINING TOKENS (sum to 1), for planning shards",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["lang", "weight", "chars_per_token"],
            properties: {
              lang: { type: "string", pattern: "^[a-z][a-z_-]*$" },
              weight: { type: "number", minimum: 0, maximum: 1 },
              chars_per_token: posNum,
              bytes_per_char: posNum,
            },
          },
        },
        sources: {
          type: "array",
          minItems: 1,
          description: "where the text comes from; weight = share of the corpus CHARACTERS drawn from the source (sum to 1)",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["name", "lang", "weight", "format", "path"],
            properties: {
              name: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$" },
              lang: { type: "string", pattern: "^[a-z][a-z_-]*$" },
              weight: { type: "number", exclusiveMinimum: 0, maximum: 1 },
              format: { type: "string", enum: ["txt", "jsonl", "csv", "json", "parquet"] },
              path: { type: "string", minLength: 1, description: "relative paths resolve against the repository root; globs allowed" },
              field: { type: "string", minLength: 1, description: "text column / key for jsonl, csv, json, parquet" },
            },
          },
        },
        val_docs: { type: "integer", minimum: 0 },
        shards: { type: "string", minLength: 1, description: "nanochat shard folder the trainer reads (relative to the repo root); default: mixed from data.sources into the run's folder" },
      },
    },
    chat: {
      type: "object",
      additionalProperties: false,
      required: ["num_iterations", "tasks"],
      description: "chat fine-tuning (nanozh sft, lib/chat; nanochat v1 mid_train / chat_sft, reference §6)",
      properties: {
        mode: { type: "string", enum: ["sft", "mid"], description: "sft: loss on assistant tokens only (chat_sft); mid: all tokens, packed (mid_train)" },
        num_iterations: posInt,
        device_batch_size: { ...posInt, description: "conversations (sft) or packed rows (mid) per micro-batch" },
        target_examples_per_step: { ...posInt, description: "rows per optimizer step, a multiple of device_batch_size (nanochat v1 chat_sft: 32); default device_batch_size" },
        max_seq_len: { ...posInt, description: "default model.max_seq_len; at most the model's sequence_len" },
        init_lr_frac: { ...posNum, description: "LR multiplier on training.*_lr (nanochat v1: sft 0.02, mid 1.0)" },
        eval_every: posInt,
        eval_conversations: { ...posInt, description: "at most this many held-out conversations per evaluation (default all)" },
        val_share: { type: "number", minimum: 0, exclusiveMaximum: 1, description: "share of each task held out for validation" },
        seed: { type: "integer" },
        tasks: {
          type: "array",
          minItems: 1,
          description: "weighted task mixture; weight = share of the training conversations (sum to 1)",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["name", "format", "path", "weight"],
            properties: {
              name: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$" },
              format: { type: "string", enum: ["customjson", "alpaca", "sharegpt", "oasst", "pairs", "mc-dev"] },
              path: { type: "string", minLength: 1, description: "relative paths resolve against the repository root" },
              weight: { type: "number", exclusiveMinimum: 0, maximum: 1 },
              directions: { type: "string", enum: ["both", "zh-en", "en-zh"], description: "pairs only" },
              limit: posInt,
              benchmark: { type: "string", enum: ["ceval", "cmmlu"], description: "mc-dev only" },
            },
          },
        },
      },
    },
  },
} as const;

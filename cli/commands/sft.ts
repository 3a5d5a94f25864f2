// nanozh sft — nanochat's chat stages on this machine: a base model folder and a config's chat block in,
// a fine-tuned model folder out (masked SFT, or all-token mid-training with --mode mid).
import path from "node:path";
import { numberOption, parseOptions, printJson, requireOption } from "../args";
import { loadConfig } from "../../lib/config";
import { sft } from "../../lib/chat/sft";

const USAGE = `usage: nanozh sft --config configs/NAME.yaml --model DIR --out DIR [options]

  --config FILE          project config with a chat: block (mode, num_iterations, device_batch_size,
                         max_seq_len, init_lr_frac, eval_every, val_share, seed, tasks) and training LRs
  --model DIR            the base model folder (nanozh train's run folder, with its tokenizer/)
  --out DIR              the fine-tuned model folder: model.safetensors, config.json (stage, base_model),
                         tokenizer/, summary.json (val loss before/after, tasks, tokens), log.csv
  --mode sft|mid         override chat.mode: sft = loss on assistant tokens, LR 0.02× decaying to 0
                         (nanochat v1 chat_sft); mid = every token, packed, LR 1× then → 0 over the last
                         20% (nanochat v1 mid_train)
  --num-iterations N     override chat.num_iterations
  --overwrite            replace an earlier run in --out (without it an existing folder is refused)
  --backend NAME         tfjs-node-gpu | wasm | cpu (default: the first that loads, in that order)
  --engine NAME          auto (default) | local | workers[:N] (as nanozh train)
  --json                 print summary.json on stdout at the end

Progress (step, loss, tok/s, ETA) and validation losses go to stderr. Then: nanozh chat --model <out>.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      config: { type: "string" },
      model: { type: "string" },
      out: { type: "string" },
      mode: { type: "string" },
      "num-iterations": { type: "string" },
      overwrite: { type: "boolean" },
      backend: { type: "string" },
      engine: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length) throw new Error(`unexpected argument '${positionals[0]}' (see nanozh sft --help)`);
  const mode = values.mode;
  if (mode !== undefined && mode !== "sft" && mode !== "mid") throw new Error(`--mode: must be sft or mid, got '${mode}'`);
  const cfg = loadConfig(requireOption(values.config, "config"));
  const summary = await sft(cfg, {
    model: path.resolve(requireOption(values.model, "model")),
    out: path.resolve(requireOption(values.out, "out")),
    mode,
    numIterations: numberOption(values["num-iterations"], "num-iterations", { integer: true, positive: true }),
    overwrite: values.overwrite,
    backend: values.backend,
    engine: values.engine,
  });
  if (values.json) printJson(summary);
  return 0;
}

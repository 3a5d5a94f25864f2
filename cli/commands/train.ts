// nanozh train — nanochat's base_train on this machine: a config in, a trained model folder out.
import path from "node:path";
import { numberOption, parseOptions, printJson, requireOption } from "../args";
import { loadConfig } from "../../lib/config";
import { train } from "../../lib/train";
import { outDir } from "../../lib/util/paths";

const USAGE = `usage: nanozh train --config configs/NAME.yaml [options]

  --config FILE          project config (model, training, tokenizer, data blocks)
  --out DIR              run folder (default out/train/<config name>); it becomes the model folder:
                         model.safetensors, config.json, tokenizer/, summary.json, log.csv,
                         samples.md, checkpoint/ (curves: out/plots/train-<config>.html)
  --resume               continue the run in --out from its checkpoint (same losses as an unbroken run)
  --overwrite            replace an earlier run in --out (without it an existing folder is refused)
  --backend NAME         tfjs-node-gpu | wasm | cpu (default: the first that loads, in that order)
  --engine NAME          auto (default: workers:2 on wasm with ≥ 2 cores, else local) | local (this thread) |
                         workers[:N] (data parallel over N worker threads; losses equal local's within 1e-4)
  --max-steps N          stop after N steps in all, with a checkpoint (the LR schedule stays the full run's)
  --num-iterations N     override the config's horizon (num_iterations / target_param_data_ratio)
  --tokenizer DIR|NAME   tokenizer folder or built-in; default <out>/tokenizer, else one is trained the way
                         notebook 04 does (BPE at tokenizer.vocab_size on the training shards) and saved there
  --data PATH            shard folder or .txt/.jsonl files; default data.shards, else the config's sources
                         mixed into <out>/shards (nanozh mix)
  --json                 print summary.json on stdout at the end

Progress (step, loss, tok/s, MFU, ETA), evaluations and samples go to stderr.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      config: { type: "string" },
      out: { type: "string" },
      resume: { type: "boolean" },
      overwrite: { type: "boolean" },
      backend: { type: "string" },
      engine: { type: "string" },
      "max-steps": { type: "string" },
      "num-iterations": { type: "string" },
      tokenizer: { type: "string" },
      data: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length) throw new Error(`unexpected argument '${positionals[0]}' (see nanozh train --help)`);
  const cfg = loadConfig(requireOption(values.config, "config"));
  const out = path.resolve(values.out ?? path.join(outDir("train"), cfg.name));
  const data = values.data?.map((d) => path.resolve(d));
  const summary = await train(cfg, {
    out,
    resume: values.resume,
    overwrite: values.overwrite,
    backend: values.backend,
    engine: values.engine,
    maxSteps: numberOption(values["max-steps"], "max-steps", { integer: true, positive: true }),
    numIterations: numberOption(values["num-iterations"], "num-iterations", { integer: true, positive: true }),
    tokenizer: values.tokenizer,
    data: data && data.length === 1 ? data[0] : data,
  });
  if (values.json) printJson(summary);
  return 0;
}

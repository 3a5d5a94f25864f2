// nanozh import nanochat — a nanochat checkpoint (model_<step>.pt + meta_<step>.json) as a model folder.
import { numberOption, parseOptions, printJson, requireOption } from "../args";
import { importNanochat } from "../../lib/export/importNanochat";

const USAGE = `usage: nanozh import nanochat --checkpoint DIR [--step N] --out MODEL_DIR [--tokenizer DIR|PKL] [--overwrite] [--json]

  --checkpoint DIR   nanochat's checkpoint folder (e.g. ~/.cache/nanochat/base_checkpoints/d20) or a model_<step>.pt
  --step N           the step to import (default: the latest model_<step>.pt with its meta_<step>.json)
  --out MODEL_DIR    the model folder to write (model.safetensors, config.json, tokenizer/)
  --tokenizer PATH   our tokenizer folder, nanochat's tokenizer.pkl, or a folder holding tokenizer/tokenizer.pkl
                     (e.g. ~/.cache/nanochat); without it the model is written without a tokenizer
  --overwrite        replace MODEL_DIR when it exists (the whole folder, as a model save does)
  then check it: nanozh sample --model MODEL_DIR …, or nanozh parity --model MODEL_DIR --expected FILE`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    argv,
    {
      checkpoint: { type: "string" },
      step: { type: "string" },
      out: { type: "string" },
      tokenizer: { type: "string" },
      overwrite: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "nanochat") {
    process.stderr.write(`${positionals.length ? `unknown source '${positionals.join(" ")}'` : "missing source"} (only 'nanochat' is supported)\n${USAGE}\n`);
    return 2;
  }
  const r = await importNanochat({
    checkpoint: requireOption(values.checkpoint, "checkpoint"),
    step: numberOption(values.step, "step", { integer: true, min: 0 }),
    out: requireOption(values.out, "out"),
    tokenizer: values.tokenizer,
    overwrite: values.overwrite,
    log: (l) => process.stderr.write(l + "\n"),
  });
  if (values.json) printJson(r);
  else {
    const c = r.config;
    process.stdout.write(
      `imported ${r.modelFile} (step ${r.step}) → ${r.out}\n` +
        `  L=${c.n_layer} d=${c.n_embd} heads=${c.n_head}/${c.n_kv_head} V=${c.vocab_size} T=${c.sequence_len}, ${r.params.toLocaleString("en-US")} parameters, ${r.seconds.toFixed(1)} s\n` +
        `  tokenizer: ${r.tokenizer ?? "none"}\n`,
    );
  }
  return 0;
}

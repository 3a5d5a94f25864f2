// nanozh import nanochat — a nanochat checkpoint (model_<step>.pt + meta_<step>.json) as a model folder.
// Options and help: cli/specs/nanochat.ts (IMPORT).
import { printJson } from "../args";
import { parse } from "../spec";
import { IMPORT } from "../specs/nanochat";
import { importNanochat } from "../../lib/export/importNanochat";

export async function run(argv: string[]): Promise<number> {
  const args = parse(IMPORT, argv);
  if (!args) return 0;
  const values = args.values;
  const r = await importNanochat({
    checkpoint: values.checkpoint,
    step: values.step,
    out: values.out,
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

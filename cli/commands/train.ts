// nanozh train — nanochat's base_train on this machine: a config in, a trained model folder out.
// Options and help: cli/specs/train.ts (TRAIN).
import path from "node:path";
import { printJson } from "../args";
import { parse } from "../spec";
import { TRAIN } from "../specs/train";
import { loadConfig } from "../../lib/config";
import { train } from "../../lib/train";
import { outDir } from "../../lib/util/paths";

export async function run(argv: string[]): Promise<number> {
  const args = parse(TRAIN, argv);
  if (!args) return 0;
  const v = args.values;
  const cfg = loadConfig(v.config);
  const out = path.resolve(v.out ?? path.join(outDir("train"), cfg.name));
  const data = v.data?.map((d) => path.resolve(d));
  const summary = await train(cfg, {
    out,
    resume: v.resume,
    overwrite: v.overwrite,
    backend: v.backend,
    engine: v.engine,
    threads: v.threads,
    maxSteps: v["max-steps"],
    numIterations: v["num-iterations"],
    tokenizer: v.tokenizer,
    data: data && data.length === 1 ? data[0] : data,
  });
  if (v.json) printJson(summary);
  return 0;
}

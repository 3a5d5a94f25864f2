// nanozh sft — nanochat's chat stages on this machine: a base model folder and a config's chat block in,
// a fine-tuned model folder out (masked SFT, or all-token mid-training with --mode mid).
// Options and help: cli/specs/train.ts (SFT).
import path from "node:path";
import { printJson } from "../args";
import { parse } from "../spec";
import { SFT } from "../specs/train";
import { loadConfig } from "../../lib/config";
import { sft } from "../../lib/chat/sft";

export async function run(argv: string[]): Promise<number> {
  const args = parse(SFT, argv);
  if (!args) return 0;
  const v = args.values;
  const cfg = loadConfig(v.config);
  const summary = await sft(cfg, {
    model: path.resolve(v.model),
    out: path.resolve(v.out),
    mode: v.mode,
    numIterations: v["num-iterations"],
    overwrite: v.overwrite,
    backend: v.backend,
    engine: v.engine,
    threads: v.threads,
  });
  if (v.json) printJson(summary);
  return 0;
}

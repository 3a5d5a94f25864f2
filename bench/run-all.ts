// Run every benchmark in turn, each in its own process, and print where its JSON went.
//   npm run bench                 all, without the slow sentencepiece peer (tok-train: ours vs HF tokenizers)
//   npm run bench -- --spm        include spm_train (≈5–10 min) in the tokenizer-training bench
//   npm run bench -- tok-encode   only the named ones
// Every benchmark runs its peer in the same run and prints ratios; results in out/bench/*.json.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../lib/util/paths";

const ALL: Record<string, string[]> = {
  "zh-pipeline": [],
  shards: [],
  "tok-encode": [],
  "tok-hf": [],
  "tok-train": [],
  "tok-equiv": [],
  "train-speed": [],
  "eval-prefix": [],
  "big-model-inference": [],
  "infer-speed": [],
};

const args = process.argv.slice(2);
const withSpm = args.includes("--spm");
const named = args.filter((a) => !a.startsWith("--"));
const unknown = named.filter((n) => !(n in ALL));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(ALL).join(", ")}`);
  process.exit(2);
}
const chosen = named.length ? named : Object.keys(ALL);
const root = repoRoot();
let failed = 0;
for (const name of chosen) {
  const extra = name === "tok-train" && withSpm ? ["--spm"] : [];
  console.log(`\n=== bench/${name}.ts ${extra.join(" ")}`);
  const t0 = Date.now();
  const res = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", `${name}.ts`), ...ALL[name], ...extra], {
    stdio: "inherit",
    cwd: root,
  });
  console.log(`=== ${name}: exit ${res.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

// nanozh shards: tokens → characters → UTF-8 bytes → nanochat shards of 250M characters.
// Options and help: cli/specs/sizing.ts (SHARDS).
import { printJson } from "../args";
import { parse, UsageError } from "../spec";
import { SHARDS } from "../specs/sizing";
import { loadConfig, shardPlanForConfig } from "../../lib/config";
import { parseMix, planShards, scenarioPlans, type ShardPlan } from "../../lib/plan";
import { checkSizeLimits } from "../../lib/sizing";
import { fmtNum, table } from "./size";

const GB = 1e9;

function printPlan(plan: ShardPlan, title: string): void {
  const rows = plan.parts.map((p) => [p.lang, fmtNum(p.weight, 3), fmtNum(p.chars_per_token, 2), fmtNum(p.tokens), fmtNum(p.chars), fmtNum(p.bytes_per_char, 2), fmtNum(p.bytes), fmtNum(p.shards_alone)]);
  if (plan.parts.length > 1)
    rows.push(["total", "1.000", fmtNum(plan.chars_per_token, 2), fmtNum(plan.tokens), fmtNum(plan.chars), fmtNum(plan.bytes / plan.chars, 2), fmtNum(plan.bytes), ""]);
  process.stdout.write(
    [
      title,
      "",
      table(["lang", "weight", "chars/tok", "tokens", "chars", "bytes/char", "UTF-8 bytes", "shards alone"], rows),
      "",
      `shards = ceil(${fmtNum(plan.chars)} chars × ${1 + plan.margin} margin ÷ ${fmtNum(plan.chars_per_shard)} chars/shard) = ceil(${fmtNum(plan.shards_exact, 2)}) = ${fmtNum(plan.shards)}`,
      `download ≈ ${fmtNum(plan.download_bytes / GB, 1)} GB of parquet (≈0.4 × UTF-8 bytes, as nanochat's ≈100 MB English shards; Chinese shards hold ≈2.85× the bytes)`,
    ].join("\n") + "\n",
  );
}

export async function run(argv: string[]): Promise<number> {
  const args = parse(SHARDS, argv);
  if (!args) return 0;
  const v = args.values;
  const margin = v.margin;

  if (v.scenarios) {
    const plans = scenarioPlans(margin ?? 0);
    if (v.json) {
      printJson(plans);
      return 0;
    }
    const rows = plans.flatMap((p) => [
      [p.scenario.name, p.scenario.section + " as printed", fmtNum(p.asPrinted.params ?? 0), fmtNum(p.asPrinted.tokens), fmtNum(p.asPrinted.chars), `${p.asPrinted.shards}`, `${p.scenario.guideShards}`],
      ["", "recomputed", fmtNum(p.recomputed.params ?? 0), fmtNum(p.recomputed.tokens), fmtNum(p.recomputed.chars), `${p.recomputed.shards}`, ""],
    ]);
    process.stdout.write(table(["scenario", "inputs", "params", "tokens", "chars", "shards", "guide"], rows) + `\n\nmargin ${margin ?? 0} (the guide's §4 shard counts carry no headroom)\n`);
    return 0;
  }

  let plan: ShardPlan;
  if (v.config) {
    const cfg = loadConfig(v.config);
    plan = shardPlanForConfig(margin === undefined ? cfg : { ...cfg, data: { ...cfg.data, margin } });
  } else {
    const { tokens, depth, params } = v;
    const given = [tokens, depth, params].filter((x) => x !== undefined).length;
    if (given !== 1) throw new UsageError("give exactly one of --depth, --params or --tokens");
    const cpt = v["chars-per-token"];
    if ((cpt === undefined) === (v.mix === undefined)) throw new UsageError("give --chars-per-token or --mix (one of them)");
    if (tokens !== undefined && (v.vocab !== undefined || v.ratio !== undefined)) throw new UsageError("--vocab and --ratio go with --depth or --params, not --tokens");
    const vocabSize = v.vocab;
    if (depth !== undefined) checkSizeLimits({ depth, vocabSize }); // the limits `nanozh size` names
    plan = planShards({
      tokens,
      depth,
      params,
      vocabSize,
      ratio: v.ratio,
      charsPerToken: cpt,
      lang: v.lang,
      mix: v.mix !== undefined ? parseMix(v.mix) : undefined,
      margin,
      charsPerShard: v["chars-per-shard"],
    });
  }
  if (v.json) {
    printJson(plan);
    return 0;
  }
  const head = plan.params !== null ? `${fmtNum(plan.params)} params × ratio ${plan.ratio} = ${fmtNum(plan.tokens)} tokens` : `${fmtNum(plan.tokens)} tokens`;
  printPlan(plan, head);
  return 0;
}

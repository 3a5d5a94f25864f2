// nanozh shards: tokens → characters → UTF-8 bytes → nanochat shards of 250M characters.
//   nanozh shards (--depth N [--vocab V] [--ratio R] | --params P [--ratio R] | --tokens T)
//                 (--chars-per-token C [--lang L] | --mix zh=0.7:1.4,en=0.3:4.8) [--margin M] [--json]
//   nanozh shards --config FILE       the config's depth, vocab, ratio, data.mix and margin
//   nanozh shards --scenarios         the guide's §4 scenarios, as printed and recomputed
import { parseOptions, numberOption, printJson } from "../args";
import { loadConfig, shardPlanForConfig } from "../../lib/config";
import { parseMix, planShards, scenarioPlans, type ShardPlan } from "../../lib/plan";
import { checkSizeLimits } from "../../lib/sizing";
import { fmtNum, table } from "./size";

const HELP = `usage: nanozh shards (--depth N [--vocab V] [--ratio R] | --params P [--ratio R] | --tokens T)
                    (--chars-per-token C [--lang L] | --mix lang=weight:charsPerToken,...) [--margin M]
                    [--chars-per-shard N] [--json]
       nanozh shards --config FILE [--margin M] [--json]
       nanozh shards --scenarios [--json]
  --mix weights are shares of the training TOKENS and must sum to 1, e.g. --mix zh=0.7:1.4,en=0.3:4.8
  (an optional 4th field is UTF-8 bytes per char). --margin is a fraction (default 0.1).`;

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
  const { values: v } = parseOptions(argv, {
    depth: { type: "string" },
    vocab: { type: "string" },
    ratio: { type: "string" },
    params: { type: "string" },
    tokens: { type: "string" },
    "chars-per-token": { type: "string" },
    lang: { type: "string" },
    mix: { type: "string" },
    margin: { type: "string" },
    "chars-per-shard": { type: "string" },
    config: { type: "string" },
    scenarios: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (v.help) {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  const margin = numberOption(v.margin, "margin", { min: 0 });

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
    const tokens = numberOption(v.tokens, "tokens", { positive: true });
    const depth = numberOption(v.depth, "depth");
    const params = numberOption(v.params, "params", { positive: true });
    const given = [tokens, depth, params].filter((x) => x !== undefined).length;
    if (given !== 1) throw new Error("give exactly one of --depth, --params or --tokens\n" + HELP);
    const cpt = numberOption(v["chars-per-token"], "chars-per-token", { positive: true });
    if ((cpt === undefined) === (v.mix === undefined)) throw new Error("give --chars-per-token or --mix (one of them)\n" + HELP);
    if (tokens !== undefined && (v.vocab || v.ratio)) throw new Error("--vocab and --ratio go with --depth or --params, not --tokens");
    const vocabSize = numberOption(v.vocab, "vocab");
    if (depth !== undefined) checkSizeLimits({ depth, vocabSize }); // the limits `nanozh size` names
    plan = planShards({
      tokens,
      depth,
      params,
      vocabSize,
      ratio: numberOption(v.ratio, "ratio", { positive: true }),
      charsPerToken: cpt,
      lang: v.lang,
      mix: v.mix !== undefined ? parseMix(v.mix) : undefined,
      margin,
      charsPerShard: numberOption(v["chars-per-shard"], "chars-per-shard", { integer: true, positive: true }),
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

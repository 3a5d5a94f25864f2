// The card's first sections: environment, sizing and data plan (notebooks 01–02), corpus statistics
// (03, and the pretraining corpus of 07), tokenizers (04–05, 07). Pure: ReportInputs in, Markdown out.
import { kvTable, notRun, num, obj, section, str } from "./format";
import { pickTable, tableBlock } from "./tables";
import type { JsonRecord, ReportInputs } from "./types";

/** Base names of the out/tables files these sections read (read.ts loads their mode variants). */
export const PIPELINE_TABLES = [
  "01-configs",
  "02-config-shard-plans",
  "03-language-labels",
  "03-dedup",
  "03-drop-reasons",
  "03-mixture-weights",
  "03-shard-manifest",
  "05-pooled",
  "05-chars-per-token",
  "07-sources",
  "07-shards",
  "07-tokenizer",
] as const;

export function environmentSection(inputs: ReportInputs): string {
  const recorded = inputs.timings?.environment;
  const env = recorded ?? inputs.reportEnvironment;
  const backendOf = (run: JsonRecord | undefined) => {
    const backend = str(run, "backend");
    const engine = str(run, "engine");
    return backend ? `${backend}${engine ? `, engine ${engine}` : ""}` : undefined;
  };
  const commit = env.git_commit ? `${env.git_commit.slice(0, 12)}${env.git_dirty ? " (with uncommitted changes)" : ""}` : undefined;
  const rows: [string, string | number | undefined][] = [
    ["date", recorded ? `${inputs.timings!.started} (run started)` : `${inputs.generated} (card built)`],
    ["git commit", commit ?? "not available"],
    ["Node", env.node],
    ["OS", env.os],
    ["CPU", env.cpu],
    ["cores", env.cores],
    ["memory", `${env.memory_gib.toFixed(1)} GiB`],
    ["backend (pretraining run)", backendOf(inputs.train?.data)],
    ["backend (chat fine-tuning run)", backendOf(inputs.sft?.data)],
    ["run mode", `${inputs.mode} (${inputs.modeSource})`],
  ];
  const where = recorded
    ? "Recorded by `npm start` in `notebooks/timings.json`."
    : "No `notebooks/timings.json` (the notebooks were not run with `npm start`): this is the machine that built the card.";
  return section("Environment", [where, kvTable(rows)]);
}

export function sizingSection(inputs: ReportInputs): string {
  const configs = pickTable(inputs.tables, "01-configs", inputs.mode);
  const plans = pickTable(inputs.tables, "02-config-shard-plans", inputs.mode);
  const chosen = str(inputs.train?.data, "config");
  const body: string[] = [];
  if (chosen) body.push(`The pretraining run used config **${chosen}**${configs?.rows.some((r) => r.config === chosen) ? " (its row is in bold)" : ""}.`);
  if (configs) {
    const marked = { ...configs, rows: configs.rows.map((r) => (r.config === chosen ? { ...r, config: `**${chosen}**` } : r)) };
    body.push(tableBlock(marked, { columns: ["config", "depth", "vocab_size", "max_seq_len", "params (M)", "ratio", "target tokens (B)", "iterations", "hardware", "hours", "cost ($)", "memory (GiB)", "shards (tokens trained)", "download (GB)"] }));
    // the plan and the run can disagree (a config edited after notebook 01 ran, or a shape the sizing ignores)
    const planned = configs.rows.find((r) => r.config === chosen)?.["params (M)"];
    const trained = num(inputs.train?.data, "params");
    if (typeof planned === "number" && trained !== undefined && Math.abs(planned * 1e6 - trained) > 0.01 * trained) {
      body.push(`Note: the sizing table plans ${planned.toFixed(3)} M parameters for ${chosen}; the trained model has ${trained.toLocaleString("en-US")} (model/summary.json).`);
    }
  } else body.push(notRun(inputs, "01", "no tables/01-configs.csv"));
  if (plans) body.push(tableBlock(plans, { where: (r) => r.lang === "total", title: `${plans.title ?? "Shard plans"} (totals)` }));
  else body.push(notRun(inputs, "02", "no tables/02-config-shard-plans.csv"));
  return section("Sizing and data plan", body);
}

export function corpusSection(inputs: ReportInputs): string {
  const body: string[] = [];
  const t = (name: string) => pickTable(inputs.tables, name, inputs.mode);
  const labels = t("03-language-labels");
  if (labels) {
    body.push(tableBlock(labels));
    for (const name of ["03-dedup", "03-drop-reasons", "03-mixture-weights", "03-shard-manifest"]) {
      const tab = t(name);
      if (tab) body.push(tableBlock(tab, { columns: name === "03-shard-manifest" ? ["file", "split", "documents", "characters", "UTF-8 bytes", "file bytes", "row groups"] : undefined }));
    }
  } else body.push(notRun(inputs, "03", `no tables/03-language-labels-${inputs.mode}.csv`));
  const sources = t("07-sources");
  const shards = t("07-shards");
  body.push("**The pretraining corpus** (notebook 07):");
  if (sources || shards) {
    if (sources) body.push(tableBlock(sources));
    if (shards) body.push(tableBlock(shards));
  } else body.push(notRun(inputs, "07", "no tables/07-sources.csv"));
  return section("Corpus statistics", body);
}

export function tokenizerSection(inputs: ReportInputs): string {
  const body: string[] = [];
  const pooled = pickTable(inputs.tables, "05-pooled", inputs.mode);
  const byDomain = pickTable(inputs.tables, "05-chars-per-token", inputs.mode);
  if (pooled || byDomain) {
    if (pooled) body.push(tableBlock(pooled));
    if (byDomain) body.push(tableBlock(byDomain));
  } else body.push(notRun(inputs, "05", `no tables/05-pooled-${inputs.mode}.csv`));
  const own = pickTable(inputs.tables, "07-tokenizer", inputs.mode);
  const vocab = num(obj(inputs.train?.data, "model"), "vocab_size");
  body.push(`**The pretraining model's tokenizer** (notebook 07${vocab !== undefined ? `, vocab ${vocab.toLocaleString("en-US")}` : ""}):`);
  body.push(own ? tableBlock(own) : notRun(inputs, "07", "no tables/07-tokenizer.csv"));
  return section("Tokenizer", body);
}

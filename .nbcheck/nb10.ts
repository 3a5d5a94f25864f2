import path from "node:path";
import fs from "node:fs";
import { runMode, showMarkdown, showPlot, showTable } from "../lib/report";
import { configSummary, loadConfig, memoryForConfig, type NanozhConfig } from "../lib/config";
import { GUIDE_SCENARIOS, planShards } from "../lib/plan";
import { paddedVocabSize, paramsForDepth, NANOCHAT_VOCAB_MULTIPLE } from "../lib/sizing";
import {
  exportNanochatKit, importNanochat, kitShardProblems, kitSteps, runScript, NANOCHAT_COMMIT_SHORT, NANOCHAT_PIN_REASONS, NANOCHAT_SCRIPTS, type NanochatScript,
  logSummaryRows, metricsRows, nanochatLossFigure, nanochatThroughputFigure, parseBaseTrainLog, parseNanochatReport,
} from "../lib/export";
import { readManifest } from "../lib/data";
import { compareModelLogitsOn, engineLine, generateTextWith, openModelFolder } from "../lib/engines";
import { saveTokenizer, trainBpe } from "../lib/tokenizer";
import { DOC_CAP_WARN_SHARE } from "../lib/tokenizer/train";
import { hasSharedData, outDir, sharedDataDir } from "../lib/util/paths";

const mode = runMode();
// ---------------- parameters: change these and re-run the notebook ----------------
// Where a change lasts: in Jupyter, in this notebook; outside Jupyter, in notebooks/10-scale-out.ipynb or its source
// scripts/notebooks/10-scale-out.nb.md (then `npx tsx scripts/notebooks/build.ts`). `npm start` writes executed copies
// to out/notebooks/, which the next run overwrites — edits there are lost. Depth, vocabulary, ratio, batch, hardware
// and the data mixture live in the config files (configs/d16-chinese.yaml, configs/d20-bilingual.yaml).
const P = {
  configs: ["configs/d16-chinese.yaml", "configs/d20-bilingual.yaml"],
  kits: outDir("kits"), //               one kit per config: out/kits/<config name>/
  kitMode: "small" as "small" | "full", // small: a few shards from the data at hand; "full": every planned shard (real corpora, hundreds of GB)
  checkpoint: path.resolve(sharedDataDir(), "..", "fixtures", "nanochat_ckpt_tiny"), // nanochat's save_checkpoint output
  imported: path.join(outDir(), "imported", "nanochat_ckpt_tiny"),
  trainLog: "test/export/fixtures/base_train_2874eda.log", //  a base_train log (this one: made-up numbers, 2874eda/507d542 format)
  report: "test/export/fixtures/report_2874eda.md", //        nanochat's report.md (the same)
  nodes: [1, 2, 4], //                    several nodes of 8 GPUs, on paper
  depths: [8, 12, 16, 20, 26],
  ratios: [10, 20, 25, 40],
  singleGpu: "RTX 4090",
  engine: "auto" as "auto" | "ort" | "local", // the imported model's checks: auto = ORT when onnxruntime-node loads, else the tfjs GPT
  backend: undefined as string | undefined, //   the tfjs engine's backend when it runs
};
// ------------------------------------------------------------------------------------
const cfgs: NanozhConfig[] = P.configs.map((f) => loadConfig(f));
showMarkdown(
  `mode **${mode}** · nanochat pinned at **${NANOCHAT_COMMIT_SHORT}** · configs ${cfgs.map((c) => `\`${c.name}\``).join(", ")} · ` +
    `shared data ${hasSharedData() ? `at \`${path.relative(process.cwd(), sharedDataDir())}\`` : "**absent** (kits from the bundled data; the import step is skipped)"}`,
);
const summaries = cfgs.map((c) => configSummary(c));
// What the guide prints for each scenario (§4.1, §4.2); the time and cost lines are its "Expected" comments.
const GUIDE_TIME: Record<string, { hours: number; cost: number; text: string }> = {
  "d16-chinese": { hours: 2.5, cost: 60, text: "~2.5 hours, ~$60 (8×H100 @ $24/hr)" },
  "d20-bilingual": { hours: 4, cost: 4 * 24, text: "pretraining 4hr, i.e. $96 at its $24/hr (of ~$150 with mid-training and SFT)" },
};
const planRows = cfgs.flatMap((c, i) => {
  const s = summaries[i];
  const g = GUIDE_SCENARIOS.find((x) => x.name === c.name)!;
  const t = GUIDE_TIME[c.name]!;
  const row = (quantity: string, guide: number, toolkit: number) => ({ scenario: c.name, quantity, guide, toolkit, ratio: toolkit / guide });
  return [
    row("parameters (M)", g.guideParams / 1e6, s.params_m),
    row("tokens (B)", g.guideTokens / 1e9, s.tokens_b),
    row("chars per token", g.charsPerToken, s.chars_per_token),
    row("shards", g.guideShards, s.shards),
    row("pretraining hours (8×H100)", t.hours, s.hours ?? NaN),
    row("pretraining cost (USD)", t.cost, s.cost_usd ?? NaN),
  ];
});
showTable(planRows, {
  name: "10-plans",
  title: "Guide §4.1/§4.2 as printed vs the toolkit's plan from the config (ratio = toolkit ÷ guide)",
  columns: ["scenario", "quantity", { key: "guide", digits: 2 }, { key: "toolkit", digits: 2 }, { key: "ratio", digits: 2 }],
});
showMarkdown(
  cfgs
    .map((c, i) => {
      const s = summaries[i];
      const g = GUIDE_SCENARIOS.find((x) => x.name === c.name)!;
      return `- **${c.name}** (${g.section}): ${s.params_m.toFixed(0)}M parameters (the guide: ${(g.guideParams / 1e6).toFixed(0)}M), ` +
        `${s.tokens_b.toFixed(2)}B tokens, **${s.shards} shards** of ${(s.chars_per_shard / 1e6).toFixed(0)}M characters (${s.download_gb.toFixed(1)} GB of parquet; the guide: ${g.guideShards}), ` +
        `${s.iterations?.toLocaleString("en-US")} iterations, **${s.hours?.toFixed(2)} h** and $${s.cost_usd?.toFixed(0)} on ${s.hardware} at MFU ${c.hardware.mfu} (the guide: ${GUIDE_TIME[c.name]!.text}). ` +
        `Memory per GPU at device batch ${s.device_batch_size}: ${s.memory_gib.toFixed(1)} GiB (largest batch that fits: ${s.largest_fitting_batch ?? "none"}).`;
    })
    .join("\n") +
    "\n\n" +
    cfgs
      .map((c, i) => {
        const v1 = paramsForDepth(c.model.depth, c.model.vocab_size).total;
        const counted = Math.round(summaries[i].params_m * 1e6);
        const rows = paddedVocabSize(c.model.vocab_size);
        return rows === c.model.vocab_size
          ? `${c.name}: vocab ${c.model.vocab_size.toLocaleString("en-US")} is a multiple of ${NANOCHAT_VOCAB_MULTIPLE}, so nanochat ${NANOCHAT_COMMIT_SHORT} builds exactly v1's ${v1.toLocaleString("en-US")} parameters.`
          : `${c.name}: nanochat ${NANOCHAT_COMMIT_SHORT} pads the vocabulary to a multiple of ${NANOCHAT_VOCAB_MULTIPLE} (${c.model.vocab_size.toLocaleString("en-US")} → ${rows.toLocaleString("en-US")} rows of \`wte\` and \`lm_head\`), ` +
            `so the plan counts **${counted.toLocaleString("en-US")}** parameters and ${summaries[i].iterations?.toLocaleString("en-US")} iterations, as its \`base_train\` prints; v1's formula (errata 9) gives ${v1.toLocaleString("en-US")}.`;
      })
      .join(" "),
);
const likeRows = cfgs.flatMap((c, i) => {
  const g = GUIDE_SCENARIOS.find((x) => x.name === c.name)!;
  const cpt = Object.fromEntries(c.data.mix.map((m) => [m.lang, m.chars_per_token])) as Record<string, number>;
  const mixText = (m: { lang: string; weight: number }[]) => m.filter((x) => x.weight > 0).map((x) => `${x.lang} ${(100 * x.weight).toFixed(0)}%`).join(" / ");
  const guideMix = (["zh", "en"] as const).filter((l) => g.mix[l] > 0).map((l) => ({ lang: l, weight: g.mix[l], charsPerToken: cpt[l] }));
  const guideMixPlan = planShards({ depth: c.model.depth, vocabSize: c.model.vocab_size, ratio: c.training.target_param_data_ratio, padVocabTo: NANOCHAT_VOCAB_MULTIPLE, mix: guideMix, margin: c.data.margin, charsPerShard: c.data.chars_per_shard });
  return [
    { scenario: c.name, plan: `the guide as printed (${g.section})`, mix: mixText((["zh", "en"] as const).map((l) => ({ lang: l, weight: g.mix[l] }))), chars_per_token: g.charsPerToken, margin: 0, shards: g.guideShards },
    { scenario: c.name, plan: "the guide's mix, measured chars/token", mix: mixText(guideMix), chars_per_token: guideMixPlan.chars_per_token, margin: guideMixPlan.margin, shards: guideMixPlan.shards },
    { scenario: c.name, plan: `the config (${path.basename(P.configs[i])})`, mix: mixText(c.data.mix), chars_per_token: summaries[i].chars_per_token, margin: c.data.margin, shards: summaries[i].shards },
  ];
});
showTable(likeRows, { name: "10-plans-like", title: "Shards: the guide's inputs, the guide's mix at measured chars/token, the config's mix", columns: ["scenario", "plan", "mix", { key: "chars_per_token", digits: 2 }, "margin", "shards"] });
showMarkdown(
  cfgs
    .map((c) => {
      const [printed, same, own] = likeRows.filter((r) => r.scenario === c.name);
      const mixDiffers = same.mix !== own.mix;
      return `- **${c.name}**: the guide's ${printed.shards} shards assume ${printed.mix} at ${printed.chars_per_token} chars/token (with no margin); with that mix at the measured ${same.chars_per_token.toFixed(2)} chars/token it is **${same.shards}**. ` +
        (mixDiffers
          ? `The config is not that mix: its \`data.mix\` is ${own.mix} of the tokens, ${own.chars_per_token.toFixed(2)} chars/token overall, hence ${own.shards} shards.`
          : `The config uses the same mix: ${own.shards} shards.`);
    })
    .join("\n"),
);
showMarkdown(NANOCHAT_PIN_REASONS.map((r) => `- ${r}`).join("\n"));
const kitDirs: string[] = [];
const kitWarnings: { kit: string; warning: string }[] = [];
for (const c of cfgs) {
  const dir = path.join(P.kits, c.name);
  const t0 = Date.now();
  const kitLog = (l: string) => {
    if (l.startsWith("warning: ")) kitWarnings.push({ kit: c.name, warning: l.slice("warning: ".length) });
    process.stderr.write(l + "\n");
  };
  const kit = await exportNanochatKit({ config: c, out: dir, mode: P.kitMode, overwrite: true, log: kitLog });
  kitDirs.push(dir);
  if (kit.shards.stand_ins.length)
    showMarkdown(
      `**${c.name}: stand-in data.** ${kit.shards.stand_ins.map((x) => `\`${x.missing}\``).join(", ")} not found here (no \`../shared\`), so this small kit's shards ` +
        `come from the bundled \`${kit.shards.stand_ins[0].stand_in}\` — a demo of the layout and the scripts, not the config's corpus.`,
    );
  process.stderr.write(`${c.name}: kit written in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
// The warnings above (stderr) in words: the doc cap is nanochat's tok_train rule, applied here the same way.
for (const w of kitWarnings) {
  const cap = /doc cap \(([\d,]+) characters\) dropped (\d+) of (\d+) characters read \(([\d.]+)%, (\d+) of (\d+) documents cut\)/.exec(w.warning);
  const cfg = cfgs.find((c) => c.name === w.kit)!;
  showMarkdown(
    cap
      ? `**${w.kit}: the tokenizer warning.** Training the kit's tokenizer cuts every document at \`tokenizer.doc_cap\` = ${cfg.tokenizer.doc_cap.toLocaleString("en-US")} characters, as nanochat's \`tok_train\` does; ` +
          `${Number(cap[5]).toLocaleString("en-US")} of ${Number(cap[6]).toLocaleString("en-US")} documents were longer, so ${cap[4]}% of the ${Number(cap[3]).toLocaleString("en-US")} characters read never reached the tokenizer ` +
          `(the warning fires above ${(100 * DOC_CAP_WARN_SHARE).toFixed(0)}%). The shards keep those documents whole for pretraining; only the tokenizer's sample is cut. ` +
          `To let the tokenizer see more of each long document, raise \`tokenizer.doc_cap\` in \`${path.relative(process.cwd(), cfg.file)}\` (nanochat's \`tok_train --doc_cap\` takes the same number).`
      : `**${w.kit}:** ${w.warning}`,
  );
}
/** Every file of a kit with its size (folders listed by their files). */
function kitFiles(dir: string): { file: string; bytes: number }[] {
  const out: { file: string; bytes: number }[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push({ file: path.relative(dir, p), bytes: fs.statSync(p).size });
    }
  };
  walk(dir);
  return out;
}
showTable(
  kitDirs.flatMap((d) => kitFiles(d).map((f) => ({ kit: path.basename(d), ...f }))),
  { name: "10-kit-files", title: `The kits in ${path.relative(process.cwd(), P.kits)}/ (${P.kitMode} mode)`, maxRows: 60 },
);
const runSh = fs.readFileSync(path.join(kitDirs[0], "run.sh"), "utf8");
showMarkdown("```bash\n" + runSh.trimEnd() + "\n```");
const steps = cfgs.map((c) => kitSteps(c, { gpusPerNode: c.hardware.gpus, nodes: 1 }));
showTable(
  steps[0].map((s, i) => ({ step: s.name, launch: s.launch, script: s.script ?? "", d16_args: s.args.join(" "), d20_args: steps[1][i]?.name === s.name ? steps[1][i].args.join(" ") : "" })),
  { name: "10-kit-steps", title: "The steps of both kits' run.sh, with their arguments" },
);
// Appendix A.1's commands (guide-en.md), transcribed: the module each runs and the flags it passes.
const A1: { module: string; flags: string[] }[] = [
  { module: "scripts.download_chinese_data", flags: ["-n"] },
  { module: "scripts.tok_train", flags: ["vocab_size", "max_chars", "data_path", "chinese_ratio", "english_ratio"] },
  { module: "scripts.tok_eval", flags: [] },
  { module: "scripts.base_train", flags: ["depth", "target_param_data_ratio", "device_batch_size", "total_batch_size", "max_seq_len", "matrix_lr", "eval_every", "core_metric_every", "sample_every", "run"] },
  { module: "scripts.base_loss", flags: [] },
  { module: "scripts.base_eval", flags: [] },
  { module: "scripts.mid_train", flags: ["source", "model_tag", "run"] },
  { module: "scripts.chat_eval", flags: ["-i"] },
  { module: "scripts.chat_sft", flags: ["source", "model_tag", "num_epochs", "run"] },
];
// What the kit does where nanochat has no such thing (the guide's invented flags, guide-errata.md).
const INSTEAD: Record<string, string> = {
  "scripts.download_chinese_data": "no such script: the kit ships base_data/ written by `nanozh mix` from the config's sources",
  data_path: "tok_train reads base_data/ only; the kit ships tokenizer/ trained here on the kit's own shards",
  chinese_ratio: "the mixture's shares are the config's data.mix weights, applied when the shards are written",
  english_ratio: "as chinese_ratio",
  source: "mid_train always starts from the base checkpoint (chat_sft's source is mid by default)",
};
// The kit does not run the tokenizer scripts (it ships tokenizer/), so nanochatFlags has no key list for them;
// scripts/tok_train.py at 507d542 is argparse with --max_chars, --doc_cap, --vocab_size, and tok_eval takes none.
const TOKENIZER_SCRIPTS: Record<string, string[]> = { "scripts.tok_train": ["max_chars", "doc_cap", "vocab_size"], "scripts.tok_eval": [] };
const keysOf = (module: string): string[] | undefined => {
  const script = (Object.keys(NANOCHAT_SCRIPTS) as NanochatScript[]).find((k) => NANOCHAT_SCRIPTS[k].module === module);
  return script ? Object.keys(NANOCHAT_SCRIPTS[script].keys) : TOKENIZER_SCRIPTS[module];
};
const TOKENIZER_NOTE = "not run: the kit ships tokenizer/ trained here at the config's vocabulary";
const a1Rows = A1.flatMap((c) => {
  const keys = keysOf(c.module);
  const note = c.module in TOKENIZER_SCRIPTS ? TOKENIZER_NOTE : "";
  if (c.flags.length === 0) return [{ command: c.module, flag: "", accepted: keys ? "✓ (no flags)" : "✗ no such script", kit: note || (INSTEAD[c.module] ?? "") }];
  return c.flags.map((f) => {
    const ok = keys !== undefined && keys.includes(f);
    return {
      command: c.module,
      flag: f.startsWith("-") ? f : `--${f}`,
      accepted: !keys ? "✗ no such script" : ok ? "✓" : "✗ unknown key",
      kit: ok ? note : (INSTEAD[f] ?? INSTEAD[c.module] ?? note),
    };
  });
});
showTable(a1Rows, { name: "10-a1-flags", title: `Appendix A.1 against nanochat ${NANOCHAT_COMMIT_SHORT}`, maxRows: 40 });
const rejected = a1Rows.filter((r) => r.accepted.startsWith("✗"));
showMarkdown(
  `${a1Rows.filter((r) => r.accepted === "✓").length} of A.1's flags exist at ${NANOCHAT_COMMIT_SHORT}; ${rejected.length} do not (${[...new Set(rejected.map((r) => r.flag || r.command))].map((f) => `\`${f}\``).join(", ")}). ` +
    `The A.1 base_train line itself, rebuilt from \`${cfgs[0].name}\`:\n\n\`\`\`bash\n${steps[0].find((s) => s.script === "base_train")?.command ?? "(no base_train step)"}\n\`\`\``,
);
if (!fs.existsSync(path.join(P.checkpoint, "meta_000010.json"))) {
  showMarkdown(`Skipped: no checkpoint fixture at \`${P.checkpoint}\` (it comes with \`../shared\`; set NANOZH_SHARED_DATA or put it at ../shared/data).`);
} else {
  const t0 = Date.now();
  const imp = await importNanochat({ checkpoint: P.checkpoint, out: P.imported, overwrite: true, log: (l: string) => process.stderr.write(l + "\n") });
  const importSeconds = (Date.now() - t0) / 1000;
  const parity = await compareModelLogitsOn(imp.out, path.join(P.checkpoint, "expected.safetensors"), { engine: P.engine, backend: P.backend });
  showTable(
    [
      { check: "step", value: String(imp.step), ok: "" },
      { check: "parameters", value: imp.params.toLocaleString("en-US"), ok: "" },
      { check: "shape", value: `n_layer ${imp.config.n_layer}, n_embd ${imp.config.n_embd}, vocab ${imp.config.vocab_size}, context ${imp.config.sequence_len}`, ok: "" },
      { check: "logits max |Δ| vs nanochat", value: parity.logits_max_abs_err.toExponential(2), ok: parity.ok ? "✓" : `✗ > ${parity.tolerance}` },
    ],
    { name: "10-import", title: `${path.relative(process.cwd(), P.checkpoint)} → ${path.relative(process.cwd(), imp.out)} in ${importSeconds.toFixed(2)} s (logits on engine ${parity.engine}, ${parity.backend})` },
  );
  // The checkpoint has no tokenizer (its vocabulary is 320 ids); one of that size, trained on the bundled corpus,
  // makes the imported model usable for sampling, as a kit's tokenizer.pkl does for a real run (--tokenizer).
  const docs = ["data/corpus/zh", "data/corpus/en"].flatMap((d) => fs.readdirSync(d).sort().map((f) => fs.readFileSync(path.join(d, f), "utf8")));
  const tok = trainBpe(docs, { vocabSize: imp.config.vocab_size }).tokenizer;
  const tokDir = path.join(outDir(), "imported", "tokenizer-320");
  saveTokenizer(tokDir, tok);
  const withTok = await importNanochat({ checkpoint: P.checkpoint, out: P.imported + "-tok", overwrite: true, tokenizer: tokDir, log: () => {} });
  const loaded = await openModelFolder(withTok.out, { engine: P.engine, backend: P.backend });
  const prompt = "The ";
  const bos = loaded.tokenizer!.specials.get("<|bos|>");
  const promptIds = [...(bos === undefined ? [] : [bos]), ...loaded.tokenizer!.encode(prompt)];
  let text = "";
  for await (const piece of generateTextWith(loaded.engine, loaded.tokenizer!, promptIds, { maxTokens: 12, temperature: 0 })) text += piece;
  const sampledOn = engineLine(loaded.engine);
  await loaded.engine.dispose();
  showMarkdown(
    `The imported weights give nanochat's logits to **${parity.logits_max_abs_err.toExponential(1)}** (tolerance ${parity.tolerance}): the import ${parity.ok ? "**holds**" : "**fails**"}. ` +
      `With a ${tok.nVocab}-token tokenizer attached, it samples like any model here (greedy, 12 tokens; ${sampledOn}): \`${JSON.stringify(prompt + text)}\` — ` +
      `ten training steps of a 2-layer model, so no sense is expected. A real d16/d20 import goes on to notebook 09's C-EVAL/CMMLU scoring ` +
      `(\`npx nanozh import nanochat --checkpoint KIT/base_checkpoints/d16 --tokenizer KIT/tokenizer --out out/d16\`, then \`npx nanozh eval ceval --model out/d16 …\`); ` +
      `this fixture's context of ${imp.config.sequence_len} tokens is shorter than any exam prompt.`,
  );
}
const log = parseBaseTrainLog(fs.readFileSync(P.trainLog, "utf8"));
showTable(logSummaryRows(log), { name: "10-log-summary", title: `${P.trainLog}: ${log.steps.length} steps, ${log.evals.length} validation bpb, ${log.core.length} CORE; ${log.unrecognised} lines not recognised` });
await showPlot(nanochatLossFigure(log), { name: "10-log-loss" });
await showPlot(nanochatThroughputFigure(log), { name: "10-log-throughput" });
const report = parseNanochatReport(fs.readFileSync(P.report, "utf8"), P.report);
showTable(metricsRows(report), { name: "10-report-metrics", title: `${P.report}: the final metrics table${report.wallClock ? ` (total wall clock ${report.wallClock})` : ""}` });
const d16 = cfgs[0];
const kitManifest = (() => {
  try {
    return readManifest(path.join(kitDirs[0], "base_data"));
  } catch {
    return undefined;
  }
})();
const nodeRows = P.nodes.map((n) => {
  const gpus = d16.hardware.gpus * n;
  // nanochat asserts total_batch_size % (device_batch · seq · world) == 0: halve the device batch until it divides
  let deviceBatch = d16.training.device_batch_size;
  while (deviceBatch > 1 && d16.training.total_batch_size % (deviceBatch * d16.model.max_seq_len * gpus) !== 0) deviceBatch /= 2;
  const perStep = deviceBatch * d16.model.max_seq_len * gpus;
  const divides = d16.training.total_batch_size % perStep === 0;
  const variant: NanozhConfig = { ...d16, hardware: { ...d16.hardware, gpus }, training: { ...d16.training, device_batch_size: deviceBatch } };
  const s = divides ? configSummary(variant) : undefined;
  const script = runScript(variant, { gpusPerNode: d16.hardware.gpus, nodes: n }, { created: "", mode: P.kitMode }).text;
  const launch = (script.split("\n").find((l) => l.startsWith("LAUNCH=(")) ?? "").replace(/^LAUNCH=\(|\)$/g, "");
  return {
    nodes: n,
    gpus,
    device_batch: deviceBatch,
    tokens_per_micro_step: perStep,
    grad_accum: divides ? d16.training.total_batch_size / perStep : "✗ does not divide",
    hours: s?.hours ?? NaN,
    cost_usd: s?.cost_usd ?? NaN,
    small_kit_shards: kitManifest ? (kitShardProblems(kitManifest, gpus, "base_data").length === 0 ? "✓ every rank has row groups" : "✗ too few row groups per rank") : "(no manifest)",
    launch,
  };
});
showTable(nodeRows, {
  name: "10-nodes",
  title: `${d16.name} on ${P.nodes.join(", ")} nodes of ${d16.hardware.gpus} GPUs (same total batch and MFU: hours fall as 1/GPUs, cost stays)`,
  columns: ["nodes", "gpus", "device_batch", "tokens_per_micro_step", "grad_accum", { key: "hours", digits: 2 }, { key: "cost_usd", digits: 0 }, "small_kit_shards", "launch"],
});
const lowered = nodeRows.filter((r) => r.device_batch !== d16.training.device_batch_size);
const rowGroups = kitManifest ? kitManifest.shards.map((sh) => sh.rowGroups) : [];
showMarkdown(
  (lowered.length
    ? `From ${lowered[0].gpus} GPUs on, one micro-step at device batch ${d16.training.device_batch_size} would hold more than the total batch of ${d16.training.total_batch_size.toLocaleString("en-US")} tokens, ` +
      `so the device batch drops to ${lowered.map((r) => `${r.device_batch} (${r.gpus} GPUs)`).join(", ")}: set \`training.device_batch_size\` in the config before exporting (the kit refuses a batch that does not divide), or raise \`total_batch_size\`. `
    : `Every node count divides the total batch. `) +
    (kitManifest ? `The small kit's shards have ${rowGroups.join(", ")} row groups; a rank with none in some shard would wait forever, which is why the kit checks the world size against them` : "") +
    (kitManifest && nodeRows.some((r) => r.small_kit_shards.startsWith("✗"))
      ? ` — this one, written for ${d16.hardware.gpus} GPUs, is too small for ${nodeRows.filter((r) => r.small_kit_shards.startsWith("✗")).map((r) => r.gpus).join(" or ")}: export with \`--nodes N\` so the kit is checked (and refused, rather than hanging) for that world size.`
      : "."),
);
const grid = P.depths.flatMap((depth) =>
  P.ratios.map((ratio) => {
    const v: NanozhConfig = { ...d16, model: { ...d16.model, depth }, training: { ...d16.training, target_param_data_ratio: ratio } };
    const s = configSummary(v);
    return { depth, ratio, params_m: s.params_m, tokens_b: s.tokens_b, shards: s.shards, download_gb: s.download_gb, hours: s.hours ?? NaN, cost_usd: s.cost_usd ?? NaN };
  }),
);
showTable(grid, {
  name: "10-growth",
  title: `Shards, download and 8×H100 hours by depth and ratio (${d16.name}'s mixture: ${summaries[0].chars_per_token.toFixed(2)} chars/token)`,
  columns: ["depth", "ratio", { key: "params_m", digits: 0 }, { key: "tokens_b", digits: 2 }, "shards", { key: "download_gb", digits: 1 }, { key: "hours", digits: 2 }, { key: "cost_usd", digits: 0 }],
  maxRows: 40,
});
await showPlot(
  {
    data: P.ratios.map((ratio) => ({
      type: "scatter",
      mode: "lines+markers",
      name: `ratio ${ratio}`,
      x: P.depths,
      y: grid.filter((g) => g.ratio === ratio).map((g) => g.hours),
      text: grid.filter((g) => g.ratio === ratio).map((g) => `${g.shards} shards, ${g.download_gb.toFixed(0)} GB`),
    })),
    layout: { title: { text: "Pretraining hours on 8×H100 by depth (hover: shards, download)" }, xaxis: { title: { text: "depth" } }, yaxis: { title: { text: "hours" }, type: "log" }, width: 900, height: 480 },
  },
  { name: "10-growth" },
);
const at = (d: number, r: number) => grid.find((g) => g.depth === d && g.ratio === r)!;
const [dLo, dHi] = [P.depths[0], P.depths[P.depths.length - 1]];
showMarkdown(
  `From d${dLo} to d${dHi} at ratio 20, shards grow ${(at(dHi, 20).shards / at(dLo, 20).shards).toFixed(1)}× and hours ${(at(dHi, 20).hours / at(dLo, 20).hours).toFixed(1)}×; ` +
    `from ratio ${P.ratios[0]} to ${P.ratios[P.ratios.length - 1]} at d16 both grow ${(at(16, P.ratios[P.ratios.length - 1]).tokens_b / at(16, P.ratios[0]).tokens_b).toFixed(1)}× (tokens, hence shards and hours, are proportional to the ratio).`,
);
const singleRows = cfgs.map((c) => {
  const one: NanozhConfig = { ...c, hardware: { ...c.hardware, gpu: P.singleGpu, gpus: 1 } };
  const fit = memoryForConfig(one).fit;
  const batch = fit?.device_batch_size ?? null;
  const s = batch ? configSummary({ ...one, training: { ...one.training, device_batch_size: batch } }) : configSummary(one);
  return {
    config: c.name,
    gpu: `1× ${P.singleGpu}`,
    device_batch: batch ?? "none fits",
    grad_accum: batch ? s.grad_accum : "",
    memory_gib: batch ? s.memory_gib : NaN,
    hours: s.hours ?? NaN,
    days: (s.hours ?? NaN) / 24,
    cost_usd: s.cost_usd ?? NaN,
    vs_8xH100: (s.hours ?? NaN) / (summaries[cfgs.indexOf(c)].hours ?? NaN),
  };
});
showTable(singleRows, {
  name: "10-single-gpu",
  title: `Where a single-GPU user lands (${P.singleGpu}, MFU as configured)`,
  columns: ["config", "gpu", "device_batch", "grad_accum", { key: "memory_gib", digits: 1 }, { key: "hours", digits: 1 }, { key: "days", digits: 1 }, { key: "cost_usd", digits: 0 }, { key: "vs_8xH100", digits: 1 }],
});
showMarkdown(
  singleRows
    .map((r) => `- **${r.config}** on one ${P.singleGpu}: ${typeof r.device_batch === "number" ? `device batch ${r.device_batch} × ${r.grad_accum} accumulation steps, ` : "no device batch fits, "}` +
      `about **${r.days.toFixed(1)} days** (${r.vs_8xH100.toFixed(0)}× the 8×H100 time).`)
    .join("\n") +
    `\n\nThe kit runs there unchanged except \`--nproc_per_node=1\` and the device batch: \`npx nanozh export nanochat --config configs/d16-chinese.yaml --gpus 1 --out KIT\` ` +
    `after setting \`training.device_batch_size\` to the batch that fits. The guide's own single-GPU scenario is §4.3 (d8, \`configs/d8-single-gpu.yaml\`).`,
);
export {};

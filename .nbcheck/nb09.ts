import path from "node:path";
import fs from "node:fs";
import { byMode, runMode, showMarkdown, showPlot, showTable } from "../lib/report";
import { readModelFolder } from "../lib/model";
import { engineLine, openModelFolder } from "../lib/engines";
import {
  allQuestions, buildPrompt, categoryFigure, encodePrompt, evaluate, firstShots, FullPromptScorer, letterDistribution, loadSplit, loadSubjects,
  PrefixCachedScorer, pickLetter, promptText, significanceThreshold, writeEvalResult, type Benchmark, type EvalResult, type PromptStyle,
} from "../lib/eval";
import { subjectFrame, categoryFrame } from "../lib/eval/frames";
import { ALPHA } from "../lib/eval/results";
import { LETTERS } from "../lib/eval/types";
import { loadConfig } from "../lib/config";
import { trainSettings } from "../lib/train";
import { bundledDataDir, hasSharedData, outDir, sharedDataDir } from "../lib/util/paths";

const mode = runMode();
// ---------------- parameters: change these and re-run the notebook ----------------
// Where a change lasts: in Jupyter, in this notebook; outside Jupyter, in notebooks/09-ceval-cmmlu.ipynb or its source
// scripts/notebooks/09-ceval-cmmlu.nb.md (then `npx tsx scripts/notebooks/build.ts`). `npm start` writes executed copies
// to out/notebooks/, which the next run overwrites — edits there are lost.
const P = {
  models: { base: path.join(outDir(), "model"), sft: path.join(outDir(), "sft") } as Record<string, string>,
  ceval: hasSharedData() ? path.join(sharedDataDir(), "ceval") : path.join(bundledDataDir(), "ceval-practice"),
  cmmlu: hasSharedData() ? path.join(sharedDataDir(), "cmmlu") : undefined,
  // questions per subject (undefined: all). C-EVAL val is scored whole in both modes; CMMLU's test is 11,582 questions
  cmmluLimit: byMode<number | undefined>({ small: 15, full: undefined }),
  cmmluShots: byMode<(0 | 5)[]>({ small: [0], full: [0, 5] }),
  out: outDir("eval"), //  <benchmark>-<split>-<shots>shot-<model>.json / .md / -subjects.csv / -questions.jsonl / -categories.html
  engine: "auto" as "auto" | "ort" | "local", // scoring: auto = ORT when onnxruntime-node loads, else the tfjs GPT
  backend: undefined as string | undefined, //   the tfjs engine's backend when it runs
};
// ------------------------------------------------------------------------------------
for (const [name, dir] of Object.entries(P.models))
  if (!fs.existsSync(path.join(dir, "model.safetensors"))) throw new Error(`${dir}: no ${name} model; run notebooks 07 and 08 first (npm start -- 07 08)`);
const context = readModelFolder(P.models.base);
const ctxTokens = context.config.sequence_len;
const tok = context.tokenizer!;
showMarkdown(
  `mode **${mode}** · engine **${P.engine}** · C-EVAL from \`${path.relative(process.cwd(), P.ceval)}\`` +
    (P.cmmlu ? ` · CMMLU from \`${path.relative(process.cwd(), P.cmmlu)}\` (${P.cmmluLimit === undefined ? "every question" : `the first ${P.cmmluLimit} questions of each subject`})` : " · CMMLU: not available without ../shared/data") +
    ` · the models' context: **${ctxTokens} tokens**`,
);
const subjects = loadSubjects("ceval", P.ceval);
const val = loadSplit("ceval", P.ceval, "val");
const valQuestions = allQuestions(val);
showTable(
  ["STEM", "Social Science", "Humanities", "Other"].map((c) => {
    const ss = subjects.filter((s) => s.category === c);
    return { category: c, subjects: ss.length, val_questions: ss.reduce((n, s) => n + (val.get(s.handle)?.length ?? 0), 0), examples: ss.slice(0, 3).map((s) => s.nameZh).join("、") };
  }),
  { name: "09-ceval-subjects", title: `C-EVAL: ${subjects.length} subjects, ${valQuestions.length.toLocaleString("en-US")} val questions` },
);
const gold = letterDistribution(valQuestions);
showTable([{ split: "C-EVAL val", ...gold }], { name: "09-gold-letters", title: "Share of each gold letter", columns: ["split", { key: "A", digits: 4 }, { key: "B", digits: 4 }, { key: "C", digits: 4 }, { key: "D", digits: 4 }] });
const subj = subjects.find((s) => (val.get(s.handle)?.length ?? 0) > 0)!;
const dev = loadSplit("ceval", P.ceval, "dev", [subj.handle]).get(subj.handle)!;
const q0 = val.get(subj.handle)![0];
const show = (style: PromptStyle, shots: number) => buildPrompt("ceval", style, subj, firstShots(dev, shots, subj.handle), q0);
showMarkdown(
  [
    `**official, 0-shot** (${subj.handle}, \`${path.relative(process.cwd(), q0.file)}\` line ${q0.row}):\n\n\`\`\`text\n${promptText(show("official", 0))}\n\`\`\``,
    `**lm-eval, 0-shot**:\n\n\`\`\`text\n${promptText(show("lm-eval", 0))}\n\`\`\``,
    `**official, 5-shot** (${promptText(show("official", 5)).length} characters):\n\n\`\`\`text\n${promptText(show("official", 5))}\n\`\`\``,
  ].join("\n\n"),
);
const fit = (style: PromptStyle) => {
  const counts = [0, 0, 0, 0, 0, 0];
  let over = 0;
  for (const s of subjects) {
    const d = loadSplit("ceval", P.ceval, "dev", [s.handle]).get(s.handle)!;
    for (const q of val.get(s.handle) ?? []) {
      const e = encodePrompt(tok, buildPrompt("ceval", style, s, firstShots(d, 5, s.handle), q), ctxTokens);
      counts[e.shotsUsed]++;
      if (e.overContext) over++;
    }
  }
  return { style, ...Object.fromEntries(counts.map((c, i) => [`${i}_shots`, c])), over_context: over };
};
const fits = [fit("official"), fit("chat")];
showTable(fits, { name: "09-shots-fit", title: `5-shot asked, shots that fit in ${ctxTokens} tokens (C-EVAL val)` });
const full5 = fits[0]["5_shots" as keyof (typeof fits)[0]] as number;
showMarkdown(
  `With a ${ctxTokens}-token context, **${full5} of ${valQuestions.length}** val questions keep all five exemplars in the official layout; ` +
    `${fits[0].over_context} do not fit even with none and run beyond the trained context (the rotary table holds 10× it). ` +
    `nanochat's d20 has a 2,048-token context, where every C-EVAL 5-shot prompt fits.`,
);
{
  const m = await openModelFolder(P.models.base, { engine: P.engine, backend: P.backend });
  const enc = encodePrompt(m.tokenizer!, show("official", 0), ctxTokens);
  const [ll] = await new FullPromptScorer(m.engine).score([enc]);
  await m.engine.dispose();
  showTable(
    ["A", "B", "C", "D"].map((l, i) => ({ letter: l, option: q0.choices[i], tokens: enc.choices[i].join(" "), log_likelihood: ll[i], probability: Math.exp(ll[i]) })),
    { name: "09-one-question", title: `${subj.nameZh}, question ${q0.id}: gold ${q0.answer}, predicted ${pickLetter(ll)}`, columns: ["letter", "option", "tokens", { key: "log_likelihood", digits: 4 }, { key: "probability", digits: 4 }] },
  );
}
const runs: { model: string; result: EvalResult }[] = [];
async function run(benchmark: Benchmark, dataDir: string, model: string, shots: 0 | 5, style: PromptStyle, limit?: number): Promise<EvalResult> {
  const { result, questions } = await evaluate({ benchmark, dataDir, split: benchmark === "ceval" ? "val" : "test", shots, style, modelDir: P.models[model], limitPerSubject: limit, engine: P.engine, backend: P.backend, log: () => {} });
  const name = `${benchmark}-${result.split}-${shots}shot-${model}${style === "official" ? "" : "-" + style}`;
  await writeEvalResult(P.out, name, { ...result, model }, questions, { png: false });
  runs.push({ model, result });
  return result;
}
const rowOf = (model: string, r: EvalResult) => ({
  model,
  benchmark: r.benchmark,
  shots: r.shots,
  style: r.style,
  n: r.n,
  micro: r.accuracy!,
  macro: r.macro_accuracy!,
  ci95: `${(100 * r.ci95![0]).toFixed(1)}–${(100 * r.ci95![1]).toFixed(1)}%`,
  p_vs_25: r.p_value!,
  beats_chance: r.distinguishable_from_random ? (r.accuracy! > 0.25 ? "above" : "below") : "no",
  fewer_shots: r.fewer_shots,
  most_said: (() => {
    const [l, share] = Object.entries(r.pred_letters).reduce((a, b) => (b[1] > a[1] ? b : a));
    return `${l} ${(100 * share).toFixed(1)}%`;
  })(),
  q_per_s: r.questions_per_s ?? NaN,
});
const cevalRows = [];
for (const model of Object.keys(P.models)) {
  for (const shots of [0, 5] as const) cevalRows.push(rowOf(model, await run("ceval", P.ceval, model, shots, "official")));
}
cevalRows.push(rowOf("sft", await run("ceval", P.ceval, "sft", 0, "chat")));
const cols = ["model", "benchmark", "shots", "style", "n", { key: "micro", digits: 4 }, { key: "macro", digits: 4 }, "ci95", { key: "p_vs_25", digits: 3 }, "beats_chance", "fewer_shots", "most_said", { key: "q_per_s", digits: 1 }];
showTable(cevalRows, { name: "09-ceval", title: `C-EVAL val, ${path.relative(process.cwd(), P.ceval)} (${valQuestions.length} questions): accuracy with 95% interval and the exact test against 25%`, columns: cols });
const pick = runs.find((r) => r.model === "sft" && r.result.shots === 0 && r.result.benchmark === "ceval" && r.result.style === "official")!.result;
const cats = categoryFrame(pick);

showTable(
  (await import("danfojs-node")).toJSON(cats) as Record<string, unknown>[],
  { name: "09-ceval-categories", title: "C-EVAL val, fine-tuned model, 0-shot: by category (danfojs groupby)" },
);
const subjFrame = subjectFrame(pick).sortValues("accuracy", { ascending: false });
const topN = Math.min(8, pick.per_subject.length);
const topRows = ((await import("danfojs-node")).toJSON(subjFrame.head(topN)) as Record<string, unknown>[]).map((r) => {
  const s = pick.per_subject.find((x) => x.subject === r.subject)!;
  // the model's favourite letter here, and what answering it every time would have scored
  const fav = LETTERS.reduce((a, b) => (s.pred_counts[b] > s.pred_counts[a] ? b : a));
  return {
    subject: s.subject,
    name_zh: s.name_zh,
    n: s.n,
    correct: s.correct,
    accuracy: s.accuracy,
    ci95: `${(100 * s.ci95![0]).toFixed(0)}–${(100 * s.ci95![1]).toFixed(0)}%`,
    p_value: s.p_value,
    p_holm: s.p_holm,
    p_bh: s.p_bh,
    "said A/B/C/D": r.said,
    "gold A/B/C/D": r.gold,
    "always its favourite": `${fav}: ${s.gold_counts![fav]}/${s.n}`,
    favouriteScores: s.gold_counts![fav], // (not a column: for the sentence below)
  };
});
showTable(topRows, {
  name: "09-ceval-top-subjects",
  title: `The ${topN} best subjects of ${pick.per_subject.length}: p-values raw and adjusted for ${pick.per_subject.length} tests, letters said and gold`,
  columns: ["subject", "name_zh", "n", "correct", { key: "accuracy", digits: 3 }, "ci95", { key: "p_value", digits: 4 }, { key: "p_holm", digits: 3 }, { key: "p_bh", digits: 3 }, "said A/B/C/D", "gold A/B/C/D", "always its favourite"],
});
{
  const m = pick.per_subject.length;
  const below = (key: "p_value" | "p_holm" | "p_bh") => pick.per_subject.filter((s) => s[key]! < ALPHA);
  const raw = below("p_value");
  const holm = below("p_holm");
  const bh = below("p_bh");
  const favouriteExplains = topRows.filter((r) => r.favouriteScores >= (r.correct ?? 0));
  const lead = pick.per_subject.find((s) => s.subject === topRows[0]?.subject);
  const leadFav = lead ? LETTERS.reduce((a, b) => (lead.pred_counts[b] > lead.pred_counts[a] ? b : a)) : undefined;
  showMarkdown(
    [
      `- **${raw.length} of ${m}** subjects differ from 25% at p < ${ALPHA} before adjustment${raw.length ? ` (${raw.map((s) => `${s.subject} ${s.correct}/${s.n}`).join(", ")})` : ""}; ` +
        `guessing alone would pass up to about ${(m * ALPHA).toFixed(1)} of ${m} (${m} × ${ALPHA}; fewer with the exact test on small subjects). ` +
        `After adjusting for ${m} tests: **${holm.length}** by Holm, **${bh.length}** by Benjamini–Hochberg${holm.length || bh.length ? ` (${[...new Set([...holm, ...bh].map((s) => s.subject))].join(", ")})` : ""}.`,
      lead && leadFav
        ? `- The top subject, ${lead.subject} (${lead.correct}/${lead.n}, raw p = ${lead.p_value!.toPrecision(2)}, Holm ${lead.p_holm!.toPrecision(2)}): the model answered **${leadFav} ${lead.pred_counts[leadFav]} times of ${lead.n}**, and ${leadFav} is gold ${lead.gold_counts![leadFav]} times — ` +
          `${lead.gold_counts![leadFav] >= lead.correct! ? `answering ${leadFav} every time would score as much: this is letter bias, not knowledge.` : `more than its favourite letter alone would score, but read it with the letters beside it.`}`
        : "",
      `- In **${favouriteExplains.length} of these ${topRows.length}** subjects, answering the model's favourite letter every time would score at least as much as the model did.`,
    ].filter((l) => l !== "").join("\n"),
  );
}
const fig = categoryFigure(pick);
if (fig) await showPlot(fig, { name: "09-ceval-categories" });
if (P.cmmlu) {
  const cmmluRows = [];
  for (const model of Object.keys(P.models)) for (const shots of P.cmmluShots) cmmluRows.push(rowOf(model, await run("cmmlu", P.cmmlu, model, shots, "official", P.cmmluLimit)));
  showTable(cmmluRows, { name: "09-cmmlu", title: `CMMLU test${P.cmmluLimit === undefined ? "" : ` (first ${P.cmmluLimit} questions per subject)`}`, columns: cols });
} else {
  showMarkdown("CMMLU needs `../shared/data/cmmlu` (non-commercial licence: not bundled). From the command line: `npx nanozh eval cmmlu --model out/sft --data DIR`.");
}
const baseSummary = JSON.parse(fs.readFileSync(path.join(P.models.base, "summary.json"), "utf8")) as { params: number; tokens: number };
const d16 = trainSettings(loadConfig("configs/d16-chinese.yaml"));
const d16Tokens = d16.numIterations * d16.totalBatch;
const all = runs.map((r) => r.result).filter((r) => r.accuracy !== null);
const best = all.reduce((a, b) => (b.accuracy! > a.accuracy! ? b : a));
const nVal = valQuestions.length;
const th = significanceThreshold(nVal);
const thCmmlu = significanceThreshold(11582);
const pc = (x: number | null) => (x === null ? "(no score can)" : `${(100 * x).toFixed(1)}%`);
const distinguishable = all.filter((r) => r.distinguishable_from_random);
const constant = all[0].constant_answer_best!;
showMarkdown(
  [
    `- The best run here: **${(100 * best.accuracy!).toFixed(1)}%** (${best.benchmark}, ${best.shots}-shot, ${best.style}, n = ${best.n}; 95% interval ${(100 * best.ci95![0]).toFixed(1)}–${(100 * best.ci95![1]).toFixed(1)}%). ` +
      `${distinguishable.length} of ${all.length} runs differ from 25% at the 5% level${distinguishable.length ? ` (${distinguishable.map((r) => `${r.benchmark} ${r.shots}-shot ${r.style}: ${(100 * r.accuracy!).toFixed(1)}%`).join("; ")})` : ""}.`,
    `- Answering **${constant.letter}** every time scores **${(100 * constant.accuracy).toFixed(2)}%** on these questions: a score within a point or two of 25% says nothing about knowledge.`,
    `- On ${nVal.toLocaleString("en-US")} questions the exact binomial test needs **≥ ${pc(th.above)}** (or ≤ ${pc(th.below)}) to differ from guessing; on a median subject (${all[0].significance.subject_median.n} questions) it needs ≥ ${pc(all[0].significance.subject_median.above)}; on CMMLU's 11,582, ≥ ${pc(thCmmlu.above)}.`,
    `- The guide expects **30–40% for d16** and ~35% for d20. The errata (item 14): no published from-scratch model of 64M–1.1B parameters scores above 24–26% on C-EVAL or CMMLU with log-likelihood scoring; a format-only fine-tune moved one 64M model to 31%. Our model has ${baseSummary.params.toLocaleString("en-US")} parameters trained on ${baseSummary.tokens.toLocaleString("en-US")} tokens; the guide's d16 (\`configs/d16-chinese.yaml\`) has ${d16.params.toLocaleString("en-US")} (${Math.round(d16.params / baseSummary.params)}×) trained on ${(d16Tokens / 1e9).toFixed(1)} billion tokens (${Math.round(d16Tokens / baseSummary.tokens).toLocaleString("en-US")}×).`,
  ].join("\n"),
);
{
  const m = await openModelFolder(P.models.base, { engine: P.engine, backend: P.backend });
  const items = subjects.slice(0, byMode({ small: 4, full: 12 })).flatMap((s) => {
    const d = loadSplit("ceval", P.ceval, "dev", [s.handle]).get(s.handle)!;
    return (val.get(s.handle) ?? []).map((q) => encodePrompt(m.tokenizer!, buildPrompt("ceval", "official", s, firstShots(d, 5, s.handle), q), ctxTokens * 8));
  });
  const time = async (scorer: FullPromptScorer | PrefixCachedScorer) => {
    await scorer.score(items.slice(0, 2)); // warm-up, untimed
    const t0 = performance.now();
    const ll = await scorer.score(items);
    return { ll, seconds: (performance.now() - t0) / 1000 };
  };
  const full = await time(new FullPromptScorer(m.engine));
  const fast = await time(new PrefixCachedScorer(m.engine));
  const engineName = engineLine(m.engine);
  await m.engine.dispose();
  const same = full.ll.every((l, i) => pickLetter(l) === pickLetter(fast.ll[i]));
  showTable(
    [
      { scorer: "reference: each prompt + letter run whole (4 passes per question)", questions: items.length, seconds: full.seconds, questions_per_s: items.length / full.seconds },
      { scorer: "shared prefix cached, batched", questions: items.length, seconds: fast.seconds, questions_per_s: items.length / fast.seconds },
    ],
    { name: "09-speed", title: `5-shot prompts (context raised to ${ctxTokens * 8} tokens so all five exemplars stay): ${(full.seconds / fast.seconds).toFixed(2)}× faster, predictions ${same ? "identical" : "DIFFER"}; ${engineName}`, columns: ["scorer", "questions", { key: "seconds", digits: 2 }, { key: "questions_per_s", digits: 1 }] },
  );
}
export {};

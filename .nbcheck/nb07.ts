import path from "node:path";
import fs from "node:fs";
import { byMode, runMode, showMarkdown, showPlot, showTable } from "../lib/report";
import { loadConfig, type NanozhConfig } from "../lib/config";
import { listShardFiles, parseCsv, readManifest, readParquetRowGroups, readTrainingTexts } from "../lib/data";
import { saveTokenizer, trainBpe, type Tokenizer } from "../lib/tokenizer";
import { initNamedWeights } from "../lib/model";
import { engineLine, generateTextWith, inferenceChoiceFor, loadInferenceEngine, openModelFolder } from "../lib/engines";
import { greedySamples, train, trainSettings, trainingCurves, type TrainEvent, type TrainSummary } from "../lib/train";
import { outDir } from "../lib/util/paths";
import { modelShape, NANOCHAT_V1_TRAINING } from "../lib/sizing";

const mode = runMode();
// ---------------- parameters: change these and re-run the notebook ----------------
// A change lasts where you make it: in Jupyter, in this notebook; outside Jupyter, in notebooks/07-pretraining.ipynb or
// its source scripts/notebooks/07-pretraining.nb.md (then `npx tsx scripts/notebooks/build.ts`). `npm start` writes
// executed copies to out/notebooks/, which the next run overwrites — edits there are lost. The model's shape, batch
// and learning rates live in the config file (configs/cpu-tiny.yaml).
const P = {
  config: "configs/cpu-tiny.yaml",
  out: path.join(outDir(), "model"), //    the run folder: the trained model, its tokenizer, summary.json, log.csv
  numIterations: byMode<number | undefined>({ small: undefined, full: 1200 }), // undefined: the config's num_iterations
  engine: "auto", //                       auto (ORT when onnxruntime-node loads, else tfjs workers) | ort | workers | local
  backend: undefined as string | undefined, // the tfjs engines' backend: tfjs-node-gpu | wasm | cpu; undefined: the best that loads
  prompts: ["鲁迅先生", "床前明月光，", "我们今天", "It is a truth universally", "Alice was", "KING HENRY"],
  // full mode only: a second vocabulary and a second depth, each trained with the same steps and batch
  compareVocab: 8192,
  secondDepth: 6,
};
// ------------------------------------------------------------------------------------
const cfg: NanozhConfig = loadConfig(P.config);
const settings = trainSettings(cfg, { numIterations: P.numIterations });
showMarkdown(
  `mode **${mode}** · engine **${P.engine}** · \`${P.config}\`: ${settings.params.toLocaleString("en-US")} parameters ` +
    `(n_layer ${settings.model.n_layer}, n_embd ${settings.model.n_embd}, n_head ${settings.model.n_head}, vocab ${settings.model.vocab_size.toLocaleString("en-US")}), ` +
    `${settings.numIterations} steps × ${settings.totalBatch.toLocaleString("en-US")} tokens (device batch ${settings.deviceBatch} × ${settings.seqLen}, grad accum ${settings.gradAccum}) = ` +
    `**${(settings.numIterations * settings.totalBatch).toLocaleString("en-US")} training tokens**`,
);
{
  // How this toy departs from nanochat's own shape and learning rates for its depth (nanochat-reference.md §1a, §2).
  const nanochatWidth = modelShape(cfg.model.depth).n_embd;
  const lrs = (["matrix_lr", "embedding_lr", "unembedding_lr"] as const).map((k) => ({ k, ours: settings.lrs[k], theirs: NANOCHAT_V1_TRAINING[k] }));
  const factors = [...new Set(lrs.map((l) => Number((l.ours / l.theirs).toPrecision(6))))];
  showMarkdown(
    `Not nanochat's d${cfg.model.depth}: \`${P.config}\` is **${settings.model.n_embd} wide** where nanochat's d${cfg.model.depth} is ${nanochatWidth} (64 × depth), ` +
      `so ${settings.model.n_head} head${settings.model.n_head === 1 ? "" : "s"} of ${settings.model.n_embd / settings.model.n_head} instead of ${modelShape(cfg.model.depth).n_head}, and ` +
      (factors.length === 1 && factors[0] !== 1
        ? `its learning rates are **${factors[0]}× nanochat's** (`
        : `its learning rates differ from nanochat's (`) +
      lrs.map((l) => `${l.k} ${l.ours} vs ${l.theirs}`).join(", ") +
      `): a narrower model trains faster per token on a CPU, and a run of ${settings.numIterations} steps needs the larger steps (the config's comments say why).`,
  );
}
const shardDir = cfg.data.resolved_shards!;
const manifest = readManifest(shardDir) as ReturnType<typeof readManifest> & { provenance?: { inputs: { source: string; characters: number; documents: number; license: string }[] } };
showTable(
  manifest.shards.map((s) => ({ shard: s.file, split: s.split, documents: s.documents, characters: s.characters, utf8_bytes: s.utf8Bytes, file_bytes: s.fileBytes })),
  { name: "07-shards", title: `${shardDir}: ${manifest.totals.characters.toLocaleString("en-US")} characters in ${manifest.totals.fileBytes.toLocaleString("en-US")} bytes of parquet` },
);
const bySource = new Map<string, { documents: number; characters: number; license: string }>();
for (const i of manifest.provenance?.inputs ?? []) {
  const s = bySource.get(i.source) ?? { documents: 0, characters: 0, license: i.license };
  s.documents += i.documents;
  s.characters += i.characters;
  bySource.set(i.source, s);
}
showTable([...bySource].map(([source, s]) => ({ source: source, documents: s.documents, characters: s.characters, share: s.characters / manifest.totals.characters, license: s.license })), {
  name: "07-sources",
  title: "Sources (data/README.md has the details)",
  columns: ["source", "documents", "characters", { key: "share", digits: 3 }, "license"],
});
const valFile = path.join(shardDir, listShardFiles(shardDir).slice(-1)[0]);
// (tslab cells take top-level await but not a top-level for-await loop: the loop lives in a function)
async function allTexts(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const g of readParquetRowGroups(file)) out.push(...g);
  return out;
}
const valDocs = await allTexts(valFile);
showMarkdown("Two validation documents (the first 160 characters):\n\n" + valDocs.slice(0, 2).map((d) => "> " + [...d].slice(0, 160).join("").replace(/\n/g, " ⏎ ")).join("\n>\n"));
const trainTexts = await readTrainingTexts(shardDir, cfg.tokenizer.max_chars);
function trainTokenizer(vocab: number): { dir: string; tok: Tokenizer; seconds: number } {
  const r = trainBpe(trainTexts, {
    vocabSize: vocab,
    pattern: cfg.tokenizer.pattern,
    specials: cfg.tokenizer.specials as string,
    docCap: cfg.tokenizer.doc_cap,
    maxChars: cfg.tokenizer.max_chars,
    name: `${cfg.name}-${vocab}`,
    log: () => {},
  });
  const dir = path.join(outDir("tokenizers"), `07-${cfg.name}-${vocab}`);
  saveTokenizer(dir, r.tokenizer, { merges: r.merges });
  return { dir, tok: r.tokenizer, seconds: r.stats.seconds };
}
const main = trainTokenizer(cfg.tokenizer.vocab_size);
const tok = main.tok;
const bos = tok.specialId("<|bos|>");
const zhVal = valDocs.filter((d) => /[\u4e00-\u9fff]/.test(d.slice(0, 50))).join("\n");
const enVal = valDocs.filter((d) => !/[\u4e00-\u9fff]/.test(d.slice(0, 50))).join("\n");
const rate = (text: string) => ({ chars_per_token: [...text].length / tok.encodeOrdinary(text).length, bytes_per_token: Buffer.byteLength(text) / tok.encodeOrdinary(text).length });
showTable(
  [
    { text: "validation, Chinese documents", ...rate(zhVal) },
    { text: "validation, English documents", ...rate(enVal) },
  ],
  { name: "07-tokenizer", title: `BPE ${tok.nVocab.toLocaleString("en-US")} trained in ${main.seconds.toFixed(1)} s on ${trainTexts.length.toLocaleString("en-US")} training documents → ${main.dir}`, columns: ["text", { key: "chars_per_token", digits: 2 }, { key: "bytes_per_token", digits: 2 }] },
);
const untrained = await loadInferenceEngine({ config: settings.model, weights: initNamedWeights(settings.model, settings.seed) }, { engine: inferenceChoiceFor(P.engine), backend: P.backend });
const before = await greedySamples(untrained, tok, bos, P.prompts);
await untrained.dispose();
/** A completion on one line: newlines as ⏎, NUL bytes as ␀. */
const oneLine = (text: string) => text.replace(/\n/g, "⏎").replace(/\u0000/g, "␀");
showTable(before.map((s) => ({ prompt: s.prompt, completion: oneLine(s.completion) })), { name: "07-samples-before", title: "Before training (greedy, 16 tokens)" });
const events: TrainEvent[] = [];
const summary: TrainSummary = await train(cfg, {
  out: P.out,
  overwrite: true,
  engine: P.engine,
  backend: P.backend,
  tokenizer: main.dir,
  numIterations: P.numIterations,
  prompts: P.prompts,
  progressMs: 20_000,
  onLog: (e) => events.push(e),
});
showMarkdown(
  `**${summary.steps} steps**, ${summary.tokens.toLocaleString("en-US")} tokens in ${summary.train_seconds.toFixed(0)} s of training ` +
    `(${Math.round(summary.tokens_per_s).toLocaleString("en-US")} tokens/s, MFU ${summary.mfu_percent.toFixed(1)}% of the measured ${(summary.peak_flops / 1e9).toFixed(1)} GFLOP/s matmul peak; engine ${summary.engine}, ${summary.engine_threads} thread${summary.engine_threads === 1 ? "" : "s"}, backend ${summary.backend}); ` +
    `${summary.seconds.toFixed(0)} s in all with evaluation and sampling.`,
);
// log.csv: the run's log, one row per step (numbers only): step, loss, lrm, tokens, seconds, val_bpb
const [logHead, ...logLines] = parseCsv(fs.readFileSync(path.join(P.out, "log.csv"), "utf8"), "log.csv");
const col = (name: string) => logHead.fields.indexOf(name);
const num = (f: string[], name: string) => (f[col(name)] === "" ? undefined : Number(f[col(name)]));
const logRows = logLines.map((r) => ({
  step: num(r.fields, "step")!,
  loss: num(r.fields, "loss") ?? null,
  lrm: num(r.fields, "lrm")!,
  tokens: num(r.fields, "tokens")!,
  seconds: num(r.fields, "seconds")!,
  val_bpb: num(r.fields, "val_bpb"),
}));
await showPlot(trainingCurves(logRows, summary, `${cfg.name}: training loss and validation bits per byte`), { name: "07-curves" });
const evals = logRows.filter((r) => r.val_bpb !== undefined);
showTable(
  [
    ...evals.map((r) => ({ what: `model, step ${r.step}`, val_bpb: r.val_bpb! })),
    { what: "unigram (counting tokens)", val_bpb: summary.unigram_bpb },
    { what: "bigram (counting token pairs)", val_bpb: summary.bigram_bpb },
  ],
  { name: "07-val-bpb", title: "Validation bits per byte", columns: ["what", { key: "val_bpb", digits: 4 }] },
);
const finalBpb = summary.val_bpb!;
const firstBpb = evals[0].val_bpb!;
showMarkdown(
  `Validation bpb went from **${firstBpb.toFixed(3)}** (untrained) to **${finalBpb.toFixed(3)}**: ` +
    (finalBpb < summary.bigram_bpb
      ? `below the bigram baseline (${summary.bigram_bpb.toFixed(3)}) and the unigram baseline (${summary.unigram_bpb.toFixed(3)}) — the network has learned more than pair counts.`
      : finalBpb < summary.unigram_bpb
        ? `below the unigram baseline (${summary.unigram_bpb.toFixed(3)}) but not yet the bigram one (${summary.bigram_bpb.toFixed(3)}): the network knows which tokens are common and some context, but pair counts over ${summary.tokens.toLocaleString("en-US")} tokens still predict better — more steps close the gap.`
        : `**not below the unigram baseline (${summary.unigram_bpb.toFixed(3)})**: the run is too short or the learning rate is off.`) +
    ` ${(summary.tokens / settings.params).toFixed(2)} tokens per parameter (nanochat trains at 20).`,
);
const after = summary.samples;
showTable(
  before.map((b, i) => ({ prompt: b.prompt, before: oneLine(b.completion), after: oneLine(after[i]?.completion ?? "") })),
  { name: "07-samples", title: `Greedy continuations before and after ${summary.steps} steps` },
);
const saved = await openModelFolder(P.out, { engine: inferenceChoiceFor(P.engine), backend: P.backend });
const savedTok = saved.tokenizer!;
const sampled: { prompt: string; sampled: string }[] = [];
for (const prompt of [P.prompts[0], P.prompts[3]]) {
  const ids = [bos, ...savedTok.encodeOrdinary(prompt)];
  let text = "";
  for await (const piece of generateTextWith(saved.engine, savedTok, ids, { maxTokens: 48, temperature: 0.8, topK: 50, seed: 1, stopIds: [bos] })) text += piece;
  sampled.push({ prompt, sampled: oneLine(text) });
}
await saved.engine.dispose();
showTable(sampled, { name: "07-samples-sampled", title: `Sampled from out/model (temperature 0.8, top-k 50, 48 tokens, seed 1; ${engineLine(saved.engine)})` });
showMarkdown(
  `\`${path.relative(process.cwd(), P.out)}/\` holds ${fs.readdirSync(P.out).filter((f) => !f.startsWith(".")).sort().map((f) => "`" + f + "`").join(", ")}. ` +
    `The loss and bpb curves: \`${path.relative(process.cwd(), summary.curves_html)}\` (written by \`train\`, one page per run) and this notebook's \`${path.relative(process.cwd(), path.join(outDir("plots"), "07-curves.html"))}\`. ` +
    `From the command line: \`npx nanozh sample --model ${path.relative(process.cwd(), P.out)} --prompt "${P.prompts[0]}"\`.`,
);
if (mode === "full") {
  const runs: { run: string; vocab: number; depth: number; params: number; tokens: number; seconds: number; val_bpb: number; unigram_bpb: number; bigram_bpb: number; curves: string }[] = [];
  const row = (name: string, s: TrainSummary) => ({
    run: name,
    vocab: s.model.vocab_size,
    depth: s.model.n_layer,
    params: s.params,
    tokens: s.tokens,
    seconds: Math.round(s.train_seconds),
    val_bpb: s.val_bpb!,
    unigram_bpb: s.unigram_bpb,
    bigram_bpb: s.bigram_bpb,
    curves: path.relative(process.cwd(), s.curves_html),
  });
  runs.push(row(`${cfg.name} (above)`, summary));
  const other = trainTokenizer(P.compareVocab);
  const vocabCfg: NanozhConfig = { ...cfg, model: { ...cfg.model, vocab_size: P.compareVocab }, tokenizer: { ...cfg.tokenizer, vocab_size: P.compareVocab } };
  const sv = await train(vocabCfg, { out: path.join(outDir("runs"), `07-vocab-${P.compareVocab}`), overwrite: true, backend: P.backend, tokenizer: other.dir, numIterations: P.numIterations, progressMs: 60_000 });
  runs.push(row(`vocab ${P.compareVocab}`, sv));
  const depthCfg: NanozhConfig = { ...cfg, model: { ...cfg.model, depth: P.secondDepth } };
  const sd = await train(depthCfg, { out: path.join(outDir("runs"), `07-depth-${P.secondDepth}`), overwrite: true, backend: P.backend, tokenizer: main.dir, numIterations: P.numIterations, progressMs: 60_000 });
  runs.push(row(`depth ${P.secondDepth}`, sd));
  showTable(runs, {
    name: "07-compare",
    title: "Same steps and batch: two vocabularies, two depths (bpb: lower is better)",
    columns: ["run", "vocab", "depth", "params", "tokens", "seconds", { key: "val_bpb", digits: 4 }, { key: "unigram_bpb", digits: 4 }, { key: "bigram_bpb", digits: 4 }, "curves"],
  });
  const best = runs.reduce((a, b) => (b.val_bpb < a.val_bpb ? b : a));
  showMarkdown(`Lowest validation bpb: **${best.run}** (${best.val_bpb.toFixed(4)}). Each run's curves: ${runs.map((r) => `${r.run} \`${r.curves}\``).join(", ")}.`);
} else {
  showMarkdown("Small mode: skipped (it trains two more models). Run with `NANOZH_MODE=full` to compare vocabulary " + P.compareVocab.toLocaleString("en-US") + " and depth " + P.secondDepth + ".");
}
export {};

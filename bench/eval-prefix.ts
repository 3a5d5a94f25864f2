// C-EVAL scoring speed: the prefix-cached scorer (a subject's 5-shot prefix run once into a KV cache, its
// questions batched after it) against the reference that runs every prompt + continuation whole, on the same
// model and the same questions in the same run. Warm-up untimed; the two must pick the same letters.
// Model: out/model's weights (nanozh train on configs/cpu-tiny) with sequence_len raised to 2,048 so a 5-shot
// prompt fits (weights do not depend on it; rotary covers 10×), else the same shape randomly initialised with a
// tokenizer trained on the bundled text. Questions: C-EVAL val 5-shot from ../shared/data/ceval (several
// subjects), else the bundled data/ceval-practice. Writes out/bench/eval-prefix.json.
//   npx tsx bench/eval-prefix.ts [--subjects a,b,c] [--limit 8] [--batch-size N (default: the scorer's)] [--backend wasm]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultBatchSize } from "../lib/eval/prefixScorer";
import { TfjsInferenceEngine } from "../lib/engines/tfjs/inference";
import { buildPrompt, encodePrompt, FullPromptScorer, loadSplit, loadSubjects, pickLetter, PrefixCachedScorer } from "../lib/eval";
import type { ChoiceScorer, EncodedPrompt, MCQuestion } from "../lib/eval";
import * as tf from "@tensorflow/tfjs";
import { logProbsAt } from "../lib/engines/tfjs/logProbs";
import { Rng } from "../lib/model";
import { backendName, GPT, initBackend, loadModel } from "../lib/engines/tfjs";
import { trainBpe, type Tokenizer } from "../lib/tokenizer";
import { writeJsonAtomic } from "../lib/util/atomicWrite";
import { bundledDataDir, outDir, repoRoot, sharedDataDir } from "../lib/util/paths";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SEQ = 2048;
const LIMIT = Number(arg("--limit") ?? 8);
const BATCH_ARG = arg("--batch-size");
const SHARED_SUBJECTS = ["computer_network", "high_school_physics", "logic", "modern_chinese_history"];

function benchModel(): { model: GPT; tok: Tokenizer; source: string } {
  const dir = path.join(repoRoot(), "out", "model");
  if (fs.existsSync(path.join(dir, "model.safetensors")) && fs.existsSync(path.join(dir, "tokenizer"))) {
    const loaded = loadModel(dir);
    const model = new GPT({ ...loaded.config, sequence_len: SEQ }, { weights: loaded.model.getWeights(), source: dir });
    loaded.model.dispose();
    return { model, tok: loaded.tokenizer!, source: `${dir} (trained weights, sequence_len ${loaded.config.sequence_len} → ${SEQ})` };
  }
  const texts = fs.readdirSync(path.join(bundledDataDir(), "corpus", "zh")).map((f) => fs.readFileSync(path.join(bundledDataDir(), "corpus", "zh", f), "utf8"));
  const tok = trainBpe(texts, { vocabSize: 4096, log: () => {} }).tokenizer;
  const model = new GPT({ sequence_len: SEQ, vocab_size: tok.nVocab, n_layer: 4, n_head: 1, n_kv_head: 1, n_embd: 128 }, { seed: 1 });
  const w = model.getWeights();
  const rng = new Rng(2);
  for (const a of w.values()) a.data = rng.normals(a.data.length, 0.1); // nanochat's zero-init lm_head would tie every letter
  model.setWeights(w);
  return { model, tok, source: "random init, cpu-tiny shape (out/model not found)" };
}

function benchQuestions(tok: Tokenizer): { items: EncodedPrompt[]; data: string; subjects: string[] } {
  const shared = path.join(sharedDataDir(), "ceval");
  const useShared = fs.existsSync(path.join(shared, "subject_mapping.json"));
  const dir = useShared ? shared : path.join(bundledDataDir(), "ceval-practice");
  const all = loadSubjects("ceval", dir);
  const handles = arg("--subjects")?.split(",") ?? (useShared ? SHARED_SUBJECTS : all.map((s) => s.handle));
  const val = loadSplit("ceval", dir, "val", handles);
  const dev = loadSplit("ceval", dir, "dev", handles);
  const items: EncodedPrompt[] = [];
  for (const h of handles) {
    const s = all.find((x) => x.handle === h)!;
    const qs: MCQuestion[] = val.get(h)!.slice(0, LIMIT);
    for (const q of qs) items.push(encodePrompt(tok, buildPrompt("ceval", "official", s, dev.get(h)!.slice(0, 5), q), SEQ));
  }
  return { items, data: dir, subjects: handles };
}

/**
 * A stronger peer than the reference: each full prompt run once (no cache), the four single-token letters
 * read from its last position — what the official llama.py does. Null when a continuation is several tokens.
 */
const onePassPeer = (model: GPT, all: EncodedPrompt[]): ChoiceScorer | null =>
  all.every((it) => it.choices.every((c) => c.length === 1))
    ? {
        name: "one pass per question",
        async score(xs: EncodedPrompt[]): Promise<number[][]> {
          const out: number[][] = [];
          for (const it of xs) {
            const ids = [...it.prefix, ...it.question];
            const idx = tf.tensor2d(Int32Array.from(ids), [1, ids.length], "int32");
            const h = model.hidden(idx);
            idx.dispose();
            const lp = await logProbsAt(model, h, it.choices.map(() => ids.length - 1), it.choices.map((c) => c[0]));
            h.dispose();
            out.push(Array.from(lp));
          }
          return out;
        },
      }
    : null;

async function timed(scorer: ChoiceScorer, items: EncodedPrompt[]): Promise<{ ll: number[][]; seconds: number }> {
  await scorer.score(items.slice(0, 2)); // warm-up, untimed
  const t0 = performance.now();
  const ll = await scorer.score(items);
  return { ll, seconds: (performance.now() - t0) / 1000 };
}

await initBackend(arg("--backend"), { quiet: true });
const load = os.loadavg();
console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), backend ${backendName()}, load average ${load.map((x) => x.toFixed(1)).join(" ")} at start`);
const { model, tok, source } = benchModel();
const BATCH = BATCH_ARG ? Number(BATCH_ARG) : defaultBatchSize(new TfjsInferenceEngine(model));
const { items, data, subjects } = benchQuestions(tok);
const tokens = items.map((it) => it.prefix.length + it.question.length);
console.log(`model: ${source}`);
console.log(`questions: ${items.length} from ${data} (${subjects.join(", ")}), 5-shot official prompts, ` +
  `${Math.min(...tokens)}–${Math.max(...tokens)} tokens (mean ${(tokens.reduce((a, b) => a + b, 0) / tokens.length).toFixed(0)}), ` +
  `${items.filter((it) => it.shotsUsed < 5).length} with fewer than 5 shots`);

const full = await timed(new FullPromptScorer(new TfjsInferenceEngine(model)), items);
const peer = onePassPeer(model, items);
const once = peer ? await timed(peer, items) : null;
const fast = await timed(new PrefixCachedScorer(new TfjsInferenceEngine(model), { batchSize: BATCH }), items);
const samePicks = full.ll.every((ll, i) => pickLetter(ll) === pickLetter(fast.ll[i]) && (!once || pickLetter(once.ll[i]) === pickLetter(ll)));
const maxDiff = Math.max(...full.ll.flatMap((ll, i) => ll.map((x, c) => Math.abs(x - fast.ll[i][c]))));
const qpsFull = items.length / full.seconds;
const qpsFast = items.length / fast.seconds;
const loadEnd = os.loadavg();

const rows = [
  ["scorer", "questions/s", "seconds", "ratio"],
  ["full prompt, one at a time (reference: 4 passes/question)", qpsFull.toFixed(2), full.seconds.toFixed(1), "1.00"],
  ...(once ? [["full prompt once, 4 letters at its end (llama.py)", (items.length / once.seconds).toFixed(2), once.seconds.toFixed(1), (full.seconds / once.seconds).toFixed(2)]] : []),
  [`prefix KV cache, batch ${BATCH}`, qpsFast.toFixed(2), fast.seconds.toFixed(1), (qpsFast / qpsFull).toFixed(2)],
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log("");
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
console.log(`\nsame predicted letters: ${samePicks}; max |Δ log-likelihood| ${maxDiff.toExponential(2)}`);
console.log(`prefix / full = ${(qpsFast / qpsFull).toFixed(1)}× (goal ≥ 3×)` + (once ? `; prefix / one pass per question = ${(once.seconds / fast.seconds).toFixed(1)}×` : ""));
console.log(`load average at end: ${loadEnd.map((x) => x.toFixed(1)).join(" ")} — numbers on a shared machine are noisy`);

const file = path.join(outDir("bench"), "eval-prefix.json");
writeJsonAtomic(file, {
  model: source, backend: backendName(), data, subjects, questions: items.length, shots: 5, batch_size: BATCH,
  prompt_tokens: { min: Math.min(...tokens), max: Math.max(...tokens), mean: tokens.reduce((a, b) => a + b, 0) / tokens.length },
  full: { questions_per_s: qpsFull, seconds: full.seconds }, prefix: { questions_per_s: qpsFast, seconds: fast.seconds },
  one_pass_per_question: once ? { questions_per_s: items.length / once.seconds, seconds: once.seconds } : null,
  ratio: qpsFast / qpsFull, same_predictions: samePicks, max_abs_ll_diff: maxDiff,
  load_average_start: load, load_average_end: loadEnd, cpus: os.cpus().length,
});
console.log(`wrote ${file}`);
model.dispose();
if (!samePicks) process.exitCode = 1;

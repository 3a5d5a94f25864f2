// How fast an imported d16 / d20 runs here (issue 10: "after import, sampling, chat and C-EVAL/CMMLU scoring
// work … say how fast"): nanochat's shape at that depth and vocabulary (random weights: speed does not depend
// on them), on this machine's tfjs backend. Measured: generation with the KV cache after a 256-token prompt
// (tokens/s), and 0-shot multiple-choice scoring with the prefix-cached scorer on prompts of C-EVAL's typical
// length (a 40-token header shared by a subject, 150-token questions, four one-token letters; questions/s).
// Writes out/bench/big-model-inference.json.
//   npx tsx bench/big-model-inference.ts [--depths 16,20] [--backend wasm] [--questions 8]
import os from "node:os";
import path from "node:path";
import { configForDepth, Rng } from "../lib/model";
import { generate, GPT, initBackend, backendName, TfjsInferenceEngine } from "../lib/engines/tfjs";
import { PrefixCachedScorer, type EncodedPrompt } from "../lib/eval";
import { writeJsonAtomic } from "../lib/util/atomicWrite";
import { outDir } from "../lib/util/paths";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const VOCAB: Record<number, number> = { 16: 40_000, 20: 50_048 }; // configs/d16-chinese, d20-bilingual (nanochat pads 50,000 to a multiple of 64)
const depths = (arg("--depths") ?? "16,20").split(",").map(Number);
const nQuestions = Number(arg("--questions") ?? 8);

function items(rng: Rng, vocab: number, n: number): EncodedPrompt[] {
  const ids = (k: number) => Array.from({ length: k }, () => 1 + Math.floor(rng.next() * (vocab - 2)));
  const prefix = ids(40);
  return Array.from({ length: n }, () => ({ prefix, question: ids(150), choices: [[65], [66], [67], [68]], shotsUsed: 0, overContext: false }));
}

async function main(): Promise<void> {
  const backend = await initBackend(arg("--backend"));
  const rows: Record<string, unknown>[] = [];
  for (const depth of depths) {
    const cfg = configForDepth(depth, VOCAB[depth] ?? 65_536, 2048);
    const t0 = performance.now();
    let model: GPT;
    try {
      model = new GPT(cfg, { seed: 1 });
    } catch (e) {
      rows.push({ depth, error: `model did not fit: ${(e as Error).message}` });
      console.log(`d${depth}: model did not fit: ${(e as Error).message}`);
      continue;
    }
    const initS = (performance.now() - t0) / 1000;
    const rng = new Rng(7);
    const prompt = Array.from({ length: 256 }, () => 1 + Math.floor(rng.next() * (cfg.vocab_size - 2)));
    // warm-up (untimed): a short generation and one scored question
    for (const _ of generate(model, prompt.slice(0, 16), { maxTokens: 2, temperature: 0 })) void _;
    const scorer = new PrefixCachedScorer(new TfjsInferenceEngine(model));
    await scorer.score(items(rng, cfg.vocab_size, 1));
    const g0 = performance.now();
    let firstAt = 0;
    let n = 0;
    for (const _ of generate(model, prompt, { maxTokens: 16, temperature: 0 })) {
      void _;
      if (n++ === 0) firstAt = performance.now();
    }
    const g1 = performance.now();
    const qs = items(rng, cfg.vocab_size, nQuestions);
    const s0 = performance.now();
    await scorer.score(qs);
    const s1 = performance.now();
    const row = {
      depth,
      params: model.numParams(),
      vocab: cfg.vocab_size,
      init_seconds: initS,
      prompt_256_seconds: (firstAt - g0) / 1000,
      generate_tokens_per_s: (n - 1) / ((g1 - firstAt) / 1000),
      score_questions: nQuestions,
      score_questions_per_s: nQuestions / ((s1 - s0) / 1000),
    };
    rows.push(row);
    console.log(
      `d${depth} (${(row.params / 1e6).toFixed(0)}M params, vocab ${cfg.vocab_size}, ${backend}): 256-token prompt ${row.prompt_256_seconds.toFixed(2)} s, ` +
        `then ${row.generate_tokens_per_s.toFixed(2)} tokens/s with the KV cache; 0-shot scoring ${row.score_questions_per_s.toFixed(2)} questions/s (190-token prompts)`,
    );
    model.dispose();
  }
  const file = path.join(outDir("bench"), "big-model-inference.json");
  writeJsonAtomic(file, { backend: backendName(), cpus: os.availableParallelism(), load_average: os.loadavg(), rows });
  console.log(`→ ${file}`);
}

void main();

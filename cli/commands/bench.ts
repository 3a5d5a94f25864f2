// nanozh bench train: training tokens/s of a model shape on random tokens — full steps (forward,
// backward, AdamW + Muon) after untimed warm-up steps — on the chosen backend and engine.
// nanozh bench infer: inference speed of nanochat's shape at a depth (lib/engines/inferSpeed.ts).
// Options and help: cli/specs/train.ts (BENCH).
import { printJson } from "../args";
import { parse, subcommand } from "../spec";
import { BENCH, BENCH_INFER, BENCH_TRAIN } from "../specs/train";
import { measureInferSpeed } from "../../lib/engines/inferSpeed";
import { validateConfig } from "../../lib/model/config";
import { measureTrainSpeed } from "../../lib/train/trainSpeed";

export async function run(argv: string[]): Promise<number> {
  const sub = subcommand(BENCH, argv);
  if (!sub) return 0;
  if (sub[0] === "infer") return benchInfer(sub[1]);
  const args = parse(BENCH_TRAIN, sub[1]);
  if (!args) return 0;
  const v = args.values;
  const cfg = validateConfig(
    {
      n_layer: v["n-layer"],
      n_embd: v["n-embd"],
      n_head: v["n-head"],
      n_kv_head: v["n-kv-head"] ?? v["n-head"],
      vocab_size: v.vocab,
      sequence_len: v.seq,
    },
    "nanozh bench train",
  );
  const res = await measureTrainSpeed({
    cfg,
    batch: v.batch,
    steps: v.steps,
    warmup: v.warmup,
    backend: v.backend,
    engine: v.engine,
    workers: v.workers,
    threads: v.threads,
    onStep: v.json ? undefined : (i, s, loss) => process.stderr.write(`step ${i + 1}: ${s.toFixed(2)} s, loss ${loss.toFixed(3)}\n`),
  });
  if (v.json) printJson(res);
  else {
    process.stdout.write(
      `${res.engine} on ${res.backend}: ${res.tokens_per_s.toFixed(0)} tokens/s, MFU ${(100 * res.mfu).toFixed(1)}% ` +
        `(matmul peak ${res.matmul_peak_gflops.toFixed(1)} GFLOP/s × ${res.threads}), peak RSS ${res.peak_rss_mb.toFixed(0)} MB\n`,
    );
  }
  return 0;
}

async function benchInfer(argv: string[]): Promise<number> {
  const args = parse(BENCH_INFER, argv);
  if (!args) return 0;
  const v = args.values;
  const r = await measureInferSpeed({ depth: v.depth, vocab: v.vocab, questions: v.questions, engine: v.engine, threads: v.threads, backend: v.backend });
  if (v.json) printJson(r);
  else {
    process.stdout.write(
      `d${r.depth} (${(r.params / 1e6).toFixed(0)}M, V${r.vocab}) on ${r.engine} (${r.backend}), ${r.threads} thread${r.threads === 1 ? "" : "s"}: ` +
        `256-token prompt ${r.prompt_256_seconds.toFixed(2)} s, generation ${r.generate_tokens_per_s.toFixed(2)} tokens/s, ` +
        `scoring ${r.score_questions_per_s.toFixed(3)} questions/s (${r.score_mode}), peak RSS ${r.peak_rss_mb.toFixed(0)} MB\n`,
    );
  }
  return 0;
}

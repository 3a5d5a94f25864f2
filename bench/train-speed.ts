// Training speed on the issue-8 shape (n_layer 4, n_embd 256, 2 heads, vocab 8,192, seq 256, batch 8):
// ours single-thread (LocalEngine on wasm) and ours on both cores (WorkerEngine, 2 threads), beside the
// same model in PyTorch on the same CPU in the same run (../shared/bench/torch_gpt_bench.py, 1 and 2
// threads; skipped with a message when torch is missing), and the ORT engine on 1 and 2 threads. Each runs in its own process so that peak
// RSS is its own. Also KV-cache generation tokens/s against recomputing the whole prefix.
// Writes out/bench/train-speed.json.
//   npx tsx bench/train-speed.ts [--steps 3] [--skip-torch] [--skip-tfjs] [--gen-tokens 48]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/engines/tfjs/backend";
import { GPT } from "../lib/engines/tfjs/gpt";
import { generate, generateNoCache } from "../lib/engines/tfjs/generate";
import { writeJsonAtomic } from "../lib/util/atomicWrite";
import { outDir, repoRoot, sharedDataDir } from "../lib/util/paths";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const STEPS = Number(arg("--steps") ?? 3);
const GEN_TOKENS = Number(arg("--gen-tokens") ?? 48);
const SHAPE = { n_layer: 4, n_embd: 256, n_head: 2, vocab: 8192, seq: 256, batch: 8 };
const PYTHON = "/usr/bin/python3";
const root = repoRoot();

interface OursRun {
  tokens_per_s: number;
  peak_rss_mb: number;
  mfu: number;
  engine: string;
  backend: string;
  step_seconds: number[];
  matmul_peak_gflops: number;
  threads: number;
}

function ours(engine: "local" | "workers" | "ort", threads?: number): OursRun {
  const args = ["--import", "tsx", path.join(root, "cli", "nanozh.ts"), "bench", "train",
    "--n-layer", `${SHAPE.n_layer}`, "--n-embd", `${SHAPE.n_embd}`, "--n-head", `${SHAPE.n_head}`, "--vocab", `${SHAPE.vocab}`,
    "--seq", `${SHAPE.seq}`, "--batch", `${SHAPE.batch}`, "--steps", `${STEPS}`, "--backend", "wasm", "--engine", engine, "--json",
    ...(threads ? ["--threads", `${threads}`] : [])];
  console.error(`ours (${engine}${threads ? ` ×${threads}` : ""}) …`);
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`nanozh bench train --engine ${engine} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as OursRun;
}

interface TorchRun {
  by_threads: { threads: number; tokens_per_s: number; step_median_s: number }[];
  best_tokens_per_s: number;
  peak_rss_mb: number;
  matmul1024_gflops?: number;
}

function torchPeer(): TorchRun | { skipped: string } {
  const script = path.resolve(sharedDataDir(), "..", "bench", "torch_gpt_bench.py");
  if (!fs.existsSync(script)) return { skipped: `${script} not found (../shared absent)` };
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return { skipped: `${PYTHON} has no torch (apt install python3-torch libopenblas0-pthread)` };
  console.error("PyTorch peer …");
  // runpy keeps it one process, so ru_maxrss (KiB on Linux) is the peer's own peak
  const wrapper = `import resource, runpy, sys; sys.argv=[${JSON.stringify(script)}]; runpy.run_path(${JSON.stringify(script)}, run_name="__main__"); ` +
    `print("maxrss_kb=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)`;
  // This machine sets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (for old OpenBLAS builds); they slow a current
  // BLAS, so the peer runs without them: the fastest honest PyTorch, not a handicapped one.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(PYTHON, ["-c", wrapper], { encoding: "utf8", maxBuffer: 1 << 24, env });
  if (r.status !== 0) return { skipped: `torch peer failed (exit ${r.status}): ${r.stderr.slice(-500)}` };
  const by_threads = [...r.stdout.matchAll(/^threads=(\d+) .*step_median=([\d.]+)s tok\/s=(\d+)/gm)].map((m) => ({
    threads: Number(m[1]), step_median_s: Number(m[2]), tokens_per_s: Number(m[3]),
  }));
  const rss = /maxrss_kb=(\d+)/.exec(r.stdout);
  const mm = /matmul1024 GFLOPS=([\d.]+)/.exec(r.stdout);
  if (!by_threads.length || !rss) return { skipped: `could not read the torch peer's output:\n${r.stdout}` };
  return {
    by_threads,
    best_tokens_per_s: Math.max(...by_threads.map((t) => t.tokens_per_s)),
    peak_rss_mb: Number(rss[1]) / 1024,
    matmul1024_gflops: mm ? Number(mm[1]) : undefined,
  };
}

async function generation(): Promise<{ prompt_tokens: number; new_tokens: number; kv_cache_tokens_per_s: number; no_cache_tokens_per_s: number; same_tokens: boolean }> {
  await initBackend("wasm", { quiet: true });
  const cfg = { sequence_len: SHAPE.seq, vocab_size: SHAPE.vocab, n_layer: SHAPE.n_layer, n_head: SHAPE.n_head, n_kv_head: SHAPE.n_head, n_embd: SHAPE.n_embd };
  const model = new GPT(cfg, { seed: 7 });
  // nanochat zero-inits lm_head (every logit 0, greedy = token 0): give it weights so decoding is not trivial
  const head = model.params.get("lm_head.weight")!;
  const w = tf.randomNormal(head.shape, 0, 0.05, "float32", 3);
  head.assign(w);
  w.dispose();
  const prompt = Array.from({ length: 32 }, (_, i) => (i * 37 + 5) % SHAPE.vocab);
  const opts = { maxTokens: GEN_TOKENS, temperature: 0 };
  const time = (f: () => Iterable<number>): { ids: number[]; s: number } => {
    const t0 = performance.now();
    const ids = [...f()];
    return { ids, s: (performance.now() - t0) / 1000 };
  };
  time(() => generate(model, prompt, { ...opts, maxTokens: 4 })); // warm-up
  const cached = time(() => generate(model, prompt, opts));
  const plain = time(() => generateNoCache(model, prompt, opts));
  model.dispose();
  return {
    prompt_tokens: prompt.length,
    new_tokens: cached.ids.length,
    kv_cache_tokens_per_s: cached.ids.length / cached.s,
    no_cache_tokens_per_s: plain.ids.length / plain.s,
    same_tokens: cached.ids.length === plain.ids.length && cached.ids.every((t, i) => t === plain.ids[i]),
  };
}

const load = os.loadavg();
console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${load.map((x) => x.toFixed(1)).join(" ")} at start`);
// the ORT engine on one and on two threads (the faster is its default: DEFAULT_ORT_TRAIN_THREADS)
const ort1 = ours("ort", 1);
const ort2 = ours("ort", 2);
const skipTfjs = process.argv.includes("--skip-tfjs");
const local = skipTfjs ? null : ours("local");
const workers = skipTfjs ? null : ours("workers");
const peer = process.argv.includes("--skip-torch") ? { skipped: "--skip-torch" } : torchPeer();
const gen = await generation();
const loadEnd = os.loadavg();

const rows: [string, string, string, string][] = [["run", "tokens/s", "× PyTorch best", "peak RSS MB"]];
const best = "skipped" in peer ? undefined : peer.best_tokens_per_s;
const ratio = (x: number) => (best ? (x / best).toFixed(2) : "–");
for (const o of [ort1, ort2]) rows.push([`ours, ort ×${o.threads} (${o.backend})`, o.tokens_per_s.toFixed(0), ratio(o.tokens_per_s), o.peak_rss_mb.toFixed(0)]);
if (local) rows.push([`ours, 1 thread (${local.engine}, ${local.backend})`, local.tokens_per_s.toFixed(0), ratio(local.tokens_per_s), local.peak_rss_mb.toFixed(0)]);
if (workers) rows.push([`ours, ${workers.engine} (${workers.backend})`, workers.tokens_per_s.toFixed(0), ratio(workers.tokens_per_s), workers.peak_rss_mb.toFixed(0)]);
if ("skipped" in peer) console.log(`PyTorch peer skipped: ${peer.skipped}`);
else for (const t of peer.by_threads) rows.push([`PyTorch, ${t.threads} thread${t.threads > 1 ? "s" : ""}`, `${t.tokens_per_s}`, ratio(t.tokens_per_s), peer.peak_rss_mb.toFixed(0)]);
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`\ntraining, n_layer ${SHAPE.n_layer}, n_embd ${SHAPE.n_embd}, ${SHAPE.n_head} heads, vocab ${SHAPE.vocab}, seq ${SHAPE.seq}, batch ${SHAPE.batch} (${STEPS} timed steps after 1 warm-up)`);
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
if (local && workers) console.log(`second core: workers / local = ${(workers.tokens_per_s / local.tokens_per_s).toFixed(2)}×`);
console.log(`ORT threads: 2 / 1 = ${(ort2.tokens_per_s / ort1.tokens_per_s).toFixed(2)}×`);
console.log(`\ngeneration (${gen.prompt_tokens}-token prompt, ${gen.new_tokens} new tokens, greedy): KV cache ${gen.kv_cache_tokens_per_s.toFixed(1)} tok/s, ` +
  `recompute prefix ${gen.no_cache_tokens_per_s.toFixed(1)} tok/s (${(gen.kv_cache_tokens_per_s / gen.no_cache_tokens_per_s).toFixed(2)}×), same tokens: ${gen.same_tokens}`);
console.log(`load average at end: ${loadEnd.map((x) => x.toFixed(1)).join(" ")} — numbers on a shared machine are noisy`);

const file = path.join(outDir("bench"), "train-speed.json");
writeJsonAtomic(file, {
  shape: SHAPE, steps: STEPS, load_average_start: load, load_average_end: loadEnd, cpus: os.cpus().length,
  ours_ort_1: ort1, ours_ort_2: ort2, ours_local: local, ours_workers: workers, torch: peer,
  ratio_ort_best_vs_torch_best: best ? Math.max(ort1.tokens_per_s, ort2.tokens_per_s) / best : null,
  ratio_local_vs_torch_best: best && local ? local.tokens_per_s / best : null,
  ratio_workers_vs_torch_best: best && workers ? workers.tokens_per_s / best : null,
  generation: gen,
});
console.log(`wrote ${file}`);

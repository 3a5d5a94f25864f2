// Inference speed of nanochat's d16 shape (random weights) on our engines beside PyTorch on the same CPU in the
// same run (../shared/bench/torch_infer_bench.py: same shapes, same work — a 256-token prompt, 15 greedy tokens
// with the KV cache, N 150-token questions after a 40-token prefix; skipped with a message without torch).
// Ours: `nanozh bench infer` on ORT with 1 and 2 threads (the faster is DEFAULT_ORT_INFER_THREADS), and the
// tfjs engine with --tfjs. Each runs in its own process so that peak RSS is its own. Prints ratios
// (ours / torch; > 1 is faster, for the prompt the ratio of speeds) and writes out/bench/infer-speed.json.
//   npx tsx bench/infer-speed.ts [--depth 16] [--vocab 40000] [--questions 8] [--tfjs] [--skip-torch]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { InferSpeed } from "../lib/engines/inferSpeed";
import { writeJsonAtomic } from "../lib/util/atomicWrite";
import { outDir, repoRoot, sharedDataDir } from "../lib/util/paths";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DEPTH = Number(arg("--depth") ?? 16);
const VOCAB = Number(arg("--vocab") ?? 40000);
const QUESTIONS = Number(arg("--questions") ?? 8);
const PYTHON = "/usr/bin/python3";
const root = repoRoot();

function ours(engine: "ort" | "local", threads?: number): InferSpeed {
  const args = ["--import", "tsx", path.join(root, "cli", "nanozh.ts"), "bench", "infer", "--depth", `${DEPTH}`, "--vocab", `${VOCAB}`,
    "--questions", `${QUESTIONS}`, "--engine", engine, "--json", ...(threads ? ["--threads", `${threads}`] : [])];
  console.error(`ours (${engine}${threads ? ` ×${threads}` : ""}) …`);
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`nanozh bench infer --engine ${engine} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as InferSpeed;
}

interface TorchRun {
  by_threads: { threads: number; prompt_256_seconds: number; generate_tokens_per_s: number; score_questions_per_s: number }[];
  blas: string;
  peak_rss_mb: number;
}

function torchPeer(): TorchRun | { skipped: string } {
  const script = path.resolve(sharedDataDir(), "..", "bench", "torch_infer_bench.py");
  if (!fs.existsSync(script)) return { skipped: `${script} not found (../shared absent)` };
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return { skipped: `${PYTHON} has no torch (apt install python3-torch libopenblas0-pthread)` };
  console.error("PyTorch peer …");
  const argv = [script, `${DEPTH}`, `${VOCAB}`, `${QUESTIONS}`];
  // runpy keeps it one process, so ru_maxrss (KiB on Linux) is the peer's own peak
  const wrapper = `import resource, runpy, sys; sys.argv=${JSON.stringify(argv)}; runpy.run_path(${JSON.stringify(script)}, run_name="__main__"); ` +
    `print("maxrss_kb=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)`;
  // as bench/train-speed.ts: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE slow a current OpenBLAS, the peer runs without them
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(PYTHON, ["-c", wrapper], { encoding: "utf8", maxBuffer: 1 << 24, env });
  if (r.status !== 0) return { skipped: `torch peer failed (exit ${r.status}): ${(r.stdout + r.stderr).slice(-500)}` };
  const by_threads = [...r.stdout.matchAll(/^threads=(\d+) .*prompt256 ([\d.]+) s, gen ([\d.]+) tok\/s, score ([\d.]+) q\/s/gm)].map((m) => ({
    threads: Number(m[1]), prompt_256_seconds: Number(m[2]), generate_tokens_per_s: Number(m[3]), score_questions_per_s: Number(m[4]),
  }));
  const rss = /maxrss_kb=(\d+)/.exec(r.stdout);
  const blas = /^blas: (.*)$/m.exec(r.stdout)?.[1] ?? "?";
  if (!by_threads.length || !rss) return { skipped: `could not read the torch peer's output:\n${r.stdout}` };
  return { by_threads, blas, peak_rss_mb: Number(rss[1]) / 1024 };
}

const load = os.loadavg();
console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${load.map((x) => x.toFixed(1)).join(" ")} at start`);
const runs: InferSpeed[] = [ours("ort", 1), ours("ort", 2)];
if (process.argv.includes("--tfjs")) runs.push(ours("local"));
const torch = process.argv.includes("--skip-torch") ? { skipped: "--skip-torch" } : torchPeer();
const loadEnd = os.loadavg();

// the peer's best of its threads per figure, as it reports its best row by scoring speed
const best = "by_threads" in torch
  ? {
      prompt_256_seconds: Math.min(...torch.by_threads.map((t) => t.prompt_256_seconds)),
      generate_tokens_per_s: Math.max(...torch.by_threads.map((t) => t.generate_tokens_per_s)),
      score_questions_per_s: Math.max(...torch.by_threads.map((t) => t.score_questions_per_s)),
    }
  : null;
const rows = [["run", "threads", "prompt 256 (s)", "generate (tok/s)", "score (q/s)", "peak RSS (MB)", "ratios vs torch best (prompt, gen, score)"]];
for (const r of runs) {
  const ratio = best
    ? [best.prompt_256_seconds / r.prompt_256_seconds, r.generate_tokens_per_s / best.generate_tokens_per_s, r.score_questions_per_s / best.score_questions_per_s].map((x) => x.toFixed(2) + "×").join(", ")
    : "—";
  rows.push([`ours ${r.engine}`, `${r.threads}`, r.prompt_256_seconds.toFixed(2), r.generate_tokens_per_s.toFixed(2), r.score_questions_per_s.toFixed(3), r.peak_rss_mb.toFixed(0), ratio]);
}
if ("by_threads" in torch)
  for (const t of torch.by_threads)
    rows.push(["torch", `${t.threads}`, t.prompt_256_seconds.toFixed(2), t.generate_tokens_per_s.toFixed(2), t.score_questions_per_s.toFixed(3), torch.peak_rss_mb.toFixed(0), ""]);
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`\nd${DEPTH}, vocab ${VOCAB}, ${QUESTIONS} questions`);
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
if (!("by_threads" in torch)) console.log(`torch peer skipped: ${torch.skipped}`);
else console.log(`torch BLAS: ${torch.blas}`);
console.log(`load average at end: ${loadEnd.map((x) => x.toFixed(1)).join(" ")} — numbers on a shared machine are noisy`);
const file = path.join(outDir("bench"), "infer-speed.json");
writeJsonAtomic(file, { depth: DEPTH, vocab: VOCAB, questions: QUESTIONS, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load_start: load, load_end: loadEnd }, ours: runs, torch });
console.log(`wrote ${file}`);

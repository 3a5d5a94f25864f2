// Issue 14, "Memory": with ORT, an imported d20 and a d26-shaped model (random weights) load, sample and score on
// this machine (the wasm engine could not hold d26) — and their peak RSS.
//   imported dN: a random-weight checkpoint in nanochat v1's own format (model_000000.pt written by torch.save:
//     wte bfloat16, every other tensor float32; meta_000000.json with model_config), written by
//     /usr/bin/python3 + torch (benchmark-only), imported by our importer (lib/export importNanochat, as
//     `nanozh import`) into a model folder, then opened from that folder on ORT (openModelFolder).
//   random dN: the shape's weights drawn in TypeScript (lib/model paramSpecs + Rng, N(0, 1/√fan_in)) and run on ORT.
// nanochat's shapes (lib/model configForDepth: width 64·depth, heads ⌈width/128⌉, MHA), vocab 65,536, context 2,048.
// The work on each model, through the paths the commands use: a 256-token prompt, then N sampled tokens
// (temperature 1, top-k 50: generateTokens, as `nanozh sample`); 0-shot multiple-choice scoring with the
// prefix-cached scorer (lib/eval PrefixCachedScorer, as `nanozh eval`): a 40-token subject prefix and Q questions
// of 150 tokens, four one-token letters each. Every phase (write, import, run) is its own process, so each peak
// RSS (getrusage maxrss) is that phase's own. The multi-GB temporary files are deleted at the end (--keep keeps them).
// Writes out/bench/infer-memory.json.
//   npx tsx bench/infer-memory.ts [--imported 20] [--random 26] [--tokens 16] [--questions 8] [--threads N] [--keep]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { engineLine, generateTokens, loadInferenceEngine, openModelFolder, type InferenceEngine } from "../lib/engines";
import { benchConfig, randomWeights } from "../lib/engines/inferSpeed";
import { PrefixCachedScorer, type EncodedPrompt } from "../lib/eval";
import { importNanochat } from "../lib/export/importNanochat";
import { Rng } from "../lib/model/rng";
import { writeJsonAtomic } from "../lib/util/atomicWrite";
import { outDir, repoRoot } from "../lib/util/paths";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const depthsOf = (s: string | undefined, dflt: string): number[] => (s ?? dflt).split(",").filter(Boolean).map(Number);
const VOCAB = 65_536;
const SEQ = 2048;
const PYTHON = process.env.NANOZH_PYTHON ?? "/usr/bin/python3";
const MiB = 1024 * 1024;

const peakMb = (): number => process.resourceUsage().maxRSS / 1024; // maxRSS is KiB
const rssMb = (): number => process.memoryUsage().rss / MiB;
const since = (t0: number): number => (performance.now() - t0) / 1000;

// nanochat v1's save_checkpoint: torch.save(model.state_dict()) (wte cast to bfloat16 on the GPU, the rest float32)
// and meta_<step>.json; random N(0, 1/√fan_in) weights (embedding N(0, 1)), as randomWeights draws ours.
const WRITE_PY = `
import json, resource, sys, time, torch
from collections import OrderedDict
out, cfg = sys.argv[1], json.loads(sys.argv[2])
L, C, V = cfg["n_layer"], cfg["n_embd"], cfg["vocab_size"]
t0 = time.perf_counter()
g = torch.Generator().manual_seed(0)
sd = OrderedDict()
sd["transformer.wte.weight"] = torch.randn(V, C, generator=g).to(torch.bfloat16)
kv = C // cfg["n_head"] * cfg["n_kv_head"]
for i in range(L):
    p = f"transformer.h.{i}."
    for n, s in [("attn.c_q", (C, C)), ("attn.c_k", (kv, C)), ("attn.c_v", (kv, C)), ("attn.c_proj", (C, C)), ("mlp.c_fc", (4 * C, C)), ("mlp.c_proj", (C, 4 * C))]:
        sd[p + n + ".weight"] = torch.randn(*s, generator=g) / s[1] ** 0.5
sd["lm_head.weight"] = torch.randn(V, C, generator=g) / C ** 0.5
torch.save(sd, f"{out}/model_000000.pt")
with open(f"{out}/meta_000000.json", "w") as f:
    json.dump({"step": 0, "val_bpb": None, "model_config": cfg, "user_config": {"note": "random weights: bench/infer-memory.ts"}}, f)
print(json.dumps({"seconds": time.perf_counter() - t0, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "torch": torch.__version__}))
`;

interface RunResult {
  model: string;
  engine: string;
  threads: number;
  params: number;
  /** weights into memory (read from the model folder, or drawn) and the engine object made */
  load_seconds: number;
  rss_after_load_mb: number;
  /** a 16-token warm-up prefill: the first run builds the ONNX graph and creates the ORT session */
  first_run_seconds: number;
  prompt_256_seconds: number;
  sample_tokens: number;
  sample_tokens_per_s: number;
  score_questions: number;
  score_seconds: number;
  score_questions_per_s: number;
  peak_rss_mb: number;
}

function items(rng: Rng, V: number, n: number): EncodedPrompt[] {
  const ids = (k: number) => Array.from({ length: k }, () => 1 + Math.floor(rng.next() * (V - 2)));
  const prefix = ids(40);
  return Array.from({ length: n }, () => ({ prefix, question: ids(150), choices: [[65], [66], [67], [68]], shotsUsed: 0, overContext: false }));
}

/** Child process: load one model on ORT, sample, score; one JSON line on stdout. */
async function runPhase(): Promise<void> {
  const threads = arg("--threads") ? Number(arg("--threads")) : undefined;
  const nTokens = Number(arg("--tokens") ?? 16);
  const nQuestions = Number(arg("--questions") ?? 8);
  const t0 = performance.now();
  let engine: InferenceEngine;
  let model: string;
  if (arg("--model")) {
    model = `imported d${arg("--depth")}`;
    engine = (await openModelFolder(arg("--model")!, { engine: "ort", threads })).engine;
  } else {
    const depth = Number(arg("--random"));
    model = `random d${depth}`;
    const cfg = benchConfig(depth, VOCAB);
    engine = await loadInferenceEngine({ config: cfg, weights: randomWeights(cfg), source: "random weights" }, { engine: "ort", threads });
  }
  const loadS = since(t0);
  const rssLoad = rssMb();
  console.error(`${model}: loaded in ${loadS.toFixed(1)} s, RSS ${rssLoad.toFixed(0)} MB; ${engineLine(engine)}`);
  const cfg = engine.config;
  const V = cfg.vocab_size;
  const rng = new Rng(1);
  const prompt = Array.from({ length: 256 }, () => 1 + Math.floor(rng.next() * (V - 2)));
  const w0 = performance.now();
  for await (const _ of generateTokens(engine, prompt.slice(0, 16), { maxTokens: 2, temperature: 0 })) void _;
  const firstS = since(w0);
  // sampling: the prompt, then nTokens sampled with the KV cache
  const g0 = performance.now();
  let firstAt = 0;
  let n = 0;
  for await (const _ of generateTokens(engine, prompt, { maxTokens: nTokens + 1, temperature: 1, topK: 50, seed: 7 })) {
    void _;
    if (n++ === 0) firstAt = performance.now();
  }
  const g1 = performance.now();
  if (n !== nTokens + 1) throw new Error(`${model}: sampled ${n} tokens, asked for ${nTokens + 1} (no stop token was given)`);
  const scorer = new PrefixCachedScorer(engine);
  const qs = items(rng, V, nQuestions);
  const s0 = performance.now();
  const scores = await scorer.score(qs);
  const scoreS = since(s0);
  if (!scores.every((row) => row.length === 4 && row.every((x) => Number.isFinite(x) && x <= 0))) throw new Error(`${model}: scores are not finite log-probabilities`);
  const r: RunResult = {
    model,
    engine: engine.info.engine,
    threads: engine.info.threads,
    params: cfg.vocab_size * cfg.n_embd * 2 + cfg.n_layer * (2 * cfg.n_embd * cfg.n_embd + 2 * cfg.n_embd * (cfg.n_embd / cfg.n_head) * cfg.n_kv_head + 8 * cfg.n_embd * cfg.n_embd),
    load_seconds: loadS,
    rss_after_load_mb: rssLoad,
    first_run_seconds: firstS,
    prompt_256_seconds: (firstAt - g0) / 1000,
    sample_tokens: nTokens,
    sample_tokens_per_s: nTokens / ((g1 - firstAt) / 1000),
    score_questions: nQuestions,
    score_seconds: scoreS,
    score_questions_per_s: nQuestions / scoreS,
    peak_rss_mb: peakMb(),
  };
  engine.dispose();
  process.stdout.write(JSON.stringify(r) + "\n");
}

/** Child process: our importer on a checkpoint folder; one JSON line on stdout. */
async function importPhase(): Promise<void> {
  const r = await importNanochat({ checkpoint: arg("--checkpoint")!, out: arg("--out")!, log: (l) => process.stderr.write(l + "\n") });
  process.stdout.write(JSON.stringify({ seconds: r.seconds, params: r.params, peak_rss_mb: peakMb() }) + "\n");
}

function child(args: string[], what: string): Record<string, unknown> {
  console.error(`${what} …`);
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), ...args], { cwd: repoRoot(), encoding: "utf8", maxBuffer: 1 << 26, stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ""})`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const phase = arg("--phase");
  if (phase === "run") return runPhase();
  if (phase === "import") return importPhase();
  const imported = depthsOf(arg("--imported"), "20");
  const random = depthsOf(arg("--random"), "26");
  const pass = ["--tokens", "--questions", "--threads"].flatMap((f) => (arg(f) ? [f, arg(f)!] : []));
  const load = os.loadavg();
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?", memory_gib: os.totalmem() / 1024 ** 3, load_start: load, load_end: [] as number[] };
  console.log(`machine: ${machine.cpus} CPUs (${machine.model}), ${machine.memory_gib.toFixed(1)} GiB, load average ${load.map((x) => x.toFixed(1)).join(" ")} at start`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-bench-mem-"));
  const rows: Record<string, unknown>[] = [];
  try {
    for (const depth of imported) {
      const cfg = benchConfig(depth, VOCAB);
      const ckpt = path.join(tmp, `d${depth}-checkpoint`);
      const folder = path.join(tmp, `d${depth}-model`);
      fs.mkdirSync(ckpt);
      console.error(`d${depth}: writing a random-weight nanochat checkpoint with torch …`);
      const w = spawnSync(PYTHON, ["-c", WRITE_PY, ckpt, JSON.stringify(cfg)], { encoding: "utf8", maxBuffer: 1 << 24 });
      if (w.status !== 0) throw new Error(`${PYTHON} (torch) could not write the d${depth} checkpoint: ${w.stderr || w.error?.message}`);
      const written = JSON.parse(w.stdout.trim().split("\n").pop()!) as { seconds: number; peak_rss_mb: number; torch: string };
      const ckptMb = fs.statSync(path.join(ckpt, "model_000000.pt")).size / 1e6;
      const imp = child(["--phase", "import", "--checkpoint", ckpt, "--out", folder], `d${depth}: nanozh import`);
      fs.rmSync(ckpt, { recursive: true, force: true }); // the .pt is read; the model folder is what runs
      const folderMb = fs.statSync(path.join(folder, "model.safetensors")).size / 1e6;
      const run = child(["--phase", "run", "--model", folder, "--depth", `${depth}`, ...pass], `d${depth}: load, sample and score on ORT`);
      fs.rmSync(folder, { recursive: true, force: true });
      rows.push({ ...run, checkpoint: { mb: ckptMb, torch_write_seconds: written.seconds, torch_write_peak_rss_mb: written.peak_rss_mb, torch: written.torch }, import: { ...imp, model_folder_mb: folderMb } });
    }
    for (const depth of random) rows.push(child(["--phase", "run", "--random", `${depth}`, ...pass], `d${depth}: random weights, load, sample and score on ORT`));
  } finally {
    if (process.argv.includes("--keep")) console.error(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  machine.load_end = os.loadavg();
  const f = (x: unknown, d = 1) => (typeof x === "number" ? x.toFixed(d) : "—");
  console.log(`\nvocab ${VOCAB}, context ${SEQ}; ORT`);
  console.log("| model | params | threads | load (s) | RSS after load (MB) | first run (s) | 256-token prompt (s) | sampling (tok/s) | scoring (q/s) | peak RSS (MB) |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows)
    console.log(`| ${r.model} | ${((r.params as number) / 1e6).toFixed(0)}M | ${r.threads} | ${f(r.load_seconds)} | ${f(r.rss_after_load_mb, 0)} | ${f(r.first_run_seconds)} | ${f(r.prompt_256_seconds, 2)} | ${f(r.sample_tokens_per_s, 2)} | ${f(r.score_questions_per_s, 3)} | ${f(r.peak_rss_mb, 0)} |`);
  for (const r of rows) {
    const c = r.checkpoint as Record<string, number> | undefined;
    const i = r.import as Record<string, number> | undefined;
    if (c && i) console.log(`${r.model}: checkpoint ${c.mb.toFixed(0)} MB written by torch in ${c.torch_write_seconds.toFixed(1)} s (peak RSS ${c.torch_write_peak_rss_mb.toFixed(0)} MB); imported in ${i.seconds.toFixed(1)} s, peak RSS ${i.peak_rss_mb.toFixed(0)} MB → model.safetensors ${i.model_folder_mb.toFixed(0)} MB`);
  }
  console.log(`load average at end: ${machine.load_end.map((x) => x.toFixed(1)).join(" ")} — numbers on a shared machine are noisy`);
  const file = path.join(outDir("bench"), "infer-memory.json");
  writeJsonAtomic(file, { vocab: VOCAB, sequence_len: SEQ, date: new Date().toISOString(), machine, rows });
  console.log(`wrote ${file}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

// End-to-end: a tiny run on the bundled English corpus (plain .txt), its outputs, resume equality
// across processes, and the bad inputs the issue lists.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { validateConfig, type NanozhConfig } from "../../lib/config";
import { readModelFolder } from "../../lib/model/io";
import { train, type TrainSummary, type EngineFactory, RUN_MARK } from "../../lib/train";
import { bundledDataDir, repoRoot } from "../../lib/util/paths";
import { tempDir } from "./helpers";

const DATA = path.join(bundledDataDir(), "corpus", "en");

function rawConfig(over: { model?: object; training?: object; vocab?: number } = {}) {
  const vocab = over.vocab ?? 300;
  return {
    name: "tiny-test",
    model: { depth: 2, vocab_size: vocab, max_seq_len: 16, n_embd: 32, n_head: 2, ...(over.model ?? {}) },
    training: {
      total_batch_size: 64,
      device_batch_size: 2,
      num_iterations: 10,
      eval_every: 4,
      sample_every: 5,
      eval_tokens: 128,
      matrix_lr: 0.02,
      embedding_lr: 0.2,
      unembedding_lr: 0.004,
      ...(over.training ?? {}),
    },
    hardware: { gpu: "cpu", gpus: 0 },
    tokenizer: { vocab_size: vocab },
    data: { mix: [{ lang: "en", weight: 1, chars_per_token: 3 }], sources: [{ name: "en", lang: "en", weight: 1, format: "txt", path: path.join(DATA, "*.txt") }] },
  };
}

const config = (over: Parameters<typeof rawConfig>[0] = {}): NanozhConfig => validateConfig(rawConfig(over), "tiny-test.yaml");
const quiet = { log: () => {}, backend: "cpu", data: DATA };

function nanozh(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot(), "cli", "nanozh.ts"), ...args], { encoding: "utf8", cwd: repoRoot() });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const losses = (dir: string) =>
  fs
    .readFileSync(path.join(dir, "log.csv"), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(","));

let full: { dir: string; summary: TrainSummary } | undefined;

test("train: a tiny run writes the model folder, summary, log, curves, samples; the model loads back", async () => {
  const dir = path.join(tempDir("full"), "run");
  const events: string[] = [];
  const summary = await train(config(), { ...quiet, out: dir, onLog: (e) => events.push(e.kind) });
  full = { dir, summary };
  for (const f of ["model.safetensors", "config.json", "tokenizer", "summary.json", "log.csv", "samples.md", RUN_MARK, "checkpoint/state.json"])
    assert.ok(fs.existsSync(path.join(dir, f)), f);
  const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as TrainSummary;
  assert.equal(s.steps, 10);
  assert.equal(s.tokens, 640);
  assert.equal(s.status, "complete");
  assert.ok(fs.existsSync(s.curves_html), s.curves_html);
  assert.equal(path.basename(s.curves_html), `train-${s.config}-${path.basename(dir)}.html`, "one curves page per run folder");
  assert.equal(s.backend, s.engine === "ort" ? "onnxruntime-node cpu" : "cpu", "the kernels that ran: ORT's own, or the tfjs backend asked for");
  // which engine ran and on how many threads (issue 14): auto takes ORT when it loads, else the tfjs engines
  assert.ok(typeof s.engine === "string" && s.engine !== "", `engine ${s.engine}`);
  assert.ok(Number.isInteger(s.engine_threads) && s.engine_threads! >= 1, `engine_threads ${s.engine_threads}`);
  assert.equal(s.engine, summary.engine);
  assert.equal(s.engine_threads, summary.engine_threads);
  assert.equal(s.grad_accum, 2);
  for (const k of ["seconds", "tokens_per_s", "val_bpb", "unigram_bpb", "bigram_bpb"] as const) assert.ok(Number.isFinite(s[k] as number) && (s[k] as number) > 0, `${k} = ${s[k]}`);
  assert.ok(s.bigram_bpb < s.unigram_bpb, `bigram ${s.bigram_bpb} vs unigram ${s.unigram_bpb}`);
  const rows = losses(dir);
  assert.equal(rows.length, 11); // the step-0 evaluation row + 10 steps
  assert.equal(rows.filter((r) => r[5] !== "").length, 4); // evals at 0, 4, 8, 10
  const first = Number(rows[1][1]);
  const last = Number(rows[10][1]);
  assert.ok(last < first, `loss ${first} → ${last}`);
  assert.ok(events.includes("start") && events.includes("sample") && events.includes("done"));
  // read back as plain arrays: the run may have used no tfjs at all (the ORT engine)
  const { weights, tokenizer, config: mc } = readModelFolder(dir);
  assert.equal(mc.n_embd, 32);
  assert.equal(tokenizer?.nVocab, 300);
  assert.deepEqual(weights.get("transformer.wte.weight")?.shape, [300, 32]);
});

test("train --resume in a new process reproduces the uninterrupted run's losses exactly", async () => {
  assert.ok(full, "needs the full run");
  const dir = path.join(tempDir("resume"), "run");
  const stopped = await train(config(), { ...quiet, out: dir, maxSteps: 6 });
  assert.equal(stopped.status, "stopped at --max-steps");
  assert.equal(stopped.steps, 6);
  const cfgFile = path.join(path.dirname(dir), "tiny-test.yaml");
  fs.writeFileSync(cfgFile, JSON.stringify(rawConfig()));
  const r = nanozh(["train", "--config", cfgFile, "--out", dir, "--resume", "--backend", "cpu", "--data", DATA]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /resuming .* at step 6\/10/);
  const a = losses(full.dir);
  const b = losses(dir);
  assert.deepEqual(b.map((x) => x[1]), a.map((x) => x[1])); // loss column, every step, exactly
  assert.deepEqual(b.map((x) => x[5]), a.map((x) => x[5])); // val bpb
  const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as TrainSummary;
  assert.equal(s.val_bpb, full.summary.val_bpb);
});

test("train killed with SIGKILL after a checkpoint, then --resume, reproduces the uninterrupted run's losses", async () => {
  assert.ok(full, "needs the full run");
  const dir = path.join(tempDir("kill"), "run");
  const cfgFile = path.join(path.dirname(dir), "tiny-test.yaml");
  // save_every 2 only adds checkpoints: the losses are those of the uninterrupted run above
  fs.writeFileSync(cfgFile, JSON.stringify(rawConfig({ training: { save_every: 2 } })));
  const args = ["--import", "tsx", path.join(repoRoot(), "cli", "nanozh.ts"), "train", "--config", cfgFile, "--out", dir, "--backend", "cpu", "--data", DATA];
  const child = spawn(process.execPath, args, { cwd: repoRoot(), stdio: "ignore" });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const stateFile = path.join(dir, "checkpoint", "state.json");
  let killedAt = -1;
  for (let i = 0; i < 1200 && killedAt < 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode !== null) break;
    try {
      const step = (JSON.parse(fs.readFileSync(stateFile, "utf8")) as { step: number }).step;
      if (step >= 4) {
        child.kill("SIGKILL");
        killedAt = step;
      }
    } catch {
      // not written yet (or mid-rename): poll again
    }
  }
  await exited;
  assert.ok(killedAt >= 4 && killedAt < 10, `killed after the step-${killedAt} checkpoint, before the end`);
  assert.ok(!fs.existsSync(path.join(dir, "summary.json")) || JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")).status !== "complete");
  const r = nanozh(["train", "--config", cfgFile, "--out", dir, "--resume", "--backend", "cpu", "--data", DATA]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /resuming .* at step \d+\/10/);
  const a = losses(full.dir);
  const b = losses(dir);
  assert.deepEqual(b.map((x) => x[1]), a.map((x) => x[1])); // loss column, every step, exactly
  assert.deepEqual(b.map((x) => x[5]), a.map((x) => x[5])); // val bpb
});

test("train: bad inputs are clear errors and nothing already written is overwritten", async () => {
  assert.ok(full, "needs the full run");
  const base = tempDir("bad");
  // an existing run folder without --resume / --overwrite
  const before = fs.readFileSync(path.join(full.dir, "summary.json"), "utf8");
  await assert.rejects(train(config(), { ...quiet, out: full.dir }), /exists and is not empty; pass --resume .* or --overwrite/);
  assert.equal(fs.readFileSync(path.join(full.dir, "summary.json"), "utf8"), before);
  // --overwrite refuses a folder that is not a run
  const notRun = path.join(base, "notes");
  fs.mkdirSync(notRun);
  fs.writeFileSync(path.join(notRun, "keep.txt"), "mine");
  await assert.rejects(train(config(), { ...quiet, out: notRun, overwrite: true }), /not a training run folder/);
  assert.ok(fs.existsSync(path.join(notRun, "keep.txt")));
  // vocab of the config ≠ the tokenizer's
  await assert.rejects(
    train(config({ vocab: 320 }), { ...quiet, out: path.join(base, "v"), tokenizer: path.join(full.dir, "tokenizer") }),
    /tiny-test\.yaml: model\.vocab_size is 320 but the tokenizer .* has 300 ids/,
  );
  // unknown backend
  await assert.rejects(train(config(), { ...quiet, backend: "tpu", out: path.join(base, "b") }), /unknown backend 'tpu'/);
  // a corpus smaller than one batch
  const small = path.join(base, "small.txt");
  fs.writeFileSync(small, "ab cd\n\nef gh\n\nij\n");
  await assert.rejects(
    train(config({ training: { total_batch_size: 2048, device_batch_size: 128 } }), { ...quiet, data: small, out: path.join(base, "s"), tokenizer: path.join(full.dir, "tokenizer") }),
    /fewer than one batch/,
  );
  // resume from a checkpoint of another shape
  const copy = path.join(base, "copy");
  fs.cpSync(full.dir, copy, { recursive: true });
  await assert.rejects(train(config({ model: { n_embd: 64 } }), { ...quiet, out: copy, resume: true }), /state\.json: checkpoint is from another model shape: model\.n_embd = 32, this run has 64/);
  // a truncated weights file / a missing state file
  const w = path.join(copy, "checkpoint", "model.safetensors");
  fs.truncateSync(w, Math.floor(fs.statSync(w).size / 2));
  await assert.rejects(train(config(), { ...quiet, out: copy, resume: true }), new RegExp(w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")));
  fs.rmSync(path.join(copy, "checkpoint", "state.json"));
  await assert.rejects(train(config(), { ...quiet, out: copy, resume: true }), /state\.json: not found \(incomplete checkpoint\)/);
  await assert.rejects(train(config(), { ...quiet, out: path.join(base, "none"), resume: true }), /no checkpoint folder in it/);
});

test("nanozh sample streams a continuation of the prompt from a run folder", () => {
  assert.ok(full, "needs the full run");
  const r = nanozh(["sample", "--model", full.dir, "--prompt", "The ", "--temperature", "0", "--max-tokens", "8", "--backend", "cpu"]);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.startsWith("The "), r.out);
  assert.match(r.err, /^engine (ort|tfjs) \([^)]+\), \d+ threads?/m, "sample says which engine ran and its threads");
  assert.ok(r.out.length > "The \n".length);
  const bad = nanozh(["sample", "--model", path.join(full.dir, "nope"), "--prompt", "x", "--backend", "cpu"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /nope: model folder not found/);
});

test("train: a non-finite loss stops the run with a checkpoint, a summary and a message", async () => {
  assert.ok(full, "needs the full run");
  const dir = path.join(tempDir("nan"), "run");
  const { LocalEngine } = await import("../../lib/engines/tfjs");
  let calls = 0;
  // a real engine whose third step reports the loss as NaN (as a diverged model would)
  const engine: EngineFactory = async (s) => {
    const e = new LocalEngine(s.model, { seed: s.seed, lrs: s.lrs });
    const step = e.step.bind(e);
    e.step = async (...a: Parameters<typeof step>) => {
      const r = await step(...a);
      return ++calls === 3 ? { ...r, loss: NaN } : r;
    };
    return e;
  };
  await assert.rejects(train(config(), { ...quiet, out: dir, engine, tokenizer: path.join(full.dir, "tokenizer") }), /step 3: the training loss is NaN; stopped\. The state after this step is in .*checkpoint-nonfinite/);
  assert.ok(fs.existsSync(path.join(dir, "checkpoint-nonfinite", "state.json")));
  const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as TrainSummary;
  assert.equal(s.status, "stopped: non-finite loss");
  assert.equal(s.steps, 3);
});

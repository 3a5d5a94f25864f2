// Issue 15 items 2, 3 and 6 for `train`: an earlier run replaced with --overwrite is kept when an input is
// bad (a tokenizer that does not load or has another vocabulary, missing --data) or when the new run fails
// part-way, and is replaced only by a complete run; `--out /proc/…` is a clear error, not a spin.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { validateConfig, type NanozhConfig } from "../../lib/config";
import { RUN_MARK, train, type EngineFactory } from "../../lib/train";
import { LocalEngine } from "../../lib/engines/tfjs";
import { readDocs, saveTokenizer, trainBpe } from "../../lib/tokenizer";
import { bundledDataDir, repoRoot } from "../../lib/util/paths";
import { tempDir } from "./helpers";

const DATA = path.join(bundledDataDir(), "corpus", "en");
const base = tempDir("runfolder");
process.on("exit", () => fs.rmSync(base, { recursive: true, force: true }));

function rawConfig(vocab = 300) {
  return {
    name: "runfolder-test",
    model: { depth: 2, vocab_size: vocab, max_seq_len: 16, n_embd: 32, n_head: 2 },
    training: { total_batch_size: 32, device_batch_size: 2, num_iterations: 2, eval_every: 2, sample_every: 0, eval_tokens: 32, matrix_lr: 0.02, embedding_lr: 0.2, unembedding_lr: 0.004 },
    hardware: { gpu: "cpu", gpus: 0 },
    tokenizer: { vocab_size: vocab },
    data: { mix: [{ lang: "en", weight: 1, chars_per_token: 3 }], sources: [{ name: "en", lang: "en", weight: 1, format: "txt", path: path.join(DATA, "*.txt") }] },
  };
}
const config = (vocab?: number): NanozhConfig => validateConfig(rawConfig(vocab), "runfolder-test.yaml");

/** A 300-token tokenizer with nanochat's specials (BOS), trained once on a little of the bundled corpus. */
function tokenizerDir(vocab: number): string {
  const dir = path.join(base, `tok-${vocab}`);
  if (!fs.existsSync(dir)) {
    const file = fs.readdirSync(DATA).find((f) => f.endsWith(".txt"))!;
    const docs = [...readDocs(path.join(DATA, file))].slice(0, 50);
    saveTokenizer(dir, trainBpe(docs, { vocabSize: vocab, specials: "nanochat", log: () => {} }).tokenizer, { log: () => {} });
  }
  return dir;
}

/** An earlier run's folder: its mark, a model, a log and a checkpoint, with known contents. */
function oldRun(label: string): { dir: string; files: Record<string, string> } {
  const dir = path.join(base, label, "run");
  const files: Record<string, string> = { [RUN_MARK]: "mark\n", "model.safetensors": "old weights", "log.csv": "step,loss\n1,9\n", "checkpoint/state.json": '{"step":1}' };
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return { dir, files };
}

function assertUnchanged(run: { dir: string; files: Record<string, string> }): void {
  for (const [f, text] of Object.entries(run.files)) assert.equal(fs.readFileSync(path.join(run.dir, f), "utf8"), text, f);
  const left = fs.readdirSync(path.dirname(run.dir)).filter((n) => n !== "run" && !n.endsWith(".lock"));
  assert.deepEqual(left, [], "no staging folder is left beside the run");
}

const quiet = { log: () => {}, backend: "cpu", engine: "local" as const };

test("train --overwrite: a bad --tokenizer, a missing --data or a tokenizer of another vocabulary leaves the earlier run as it was", async () => {
  const run = oldRun("inputs");
  await assert.rejects(train(config(), { ...quiet, out: run.dir, overwrite: true, data: DATA, tokenizer: path.join(base, "no-such-tokenizer") }), /tokenizer '.*no-such-tokenizer': neither a built-in/);
  assertUnchanged(run);
  await assert.rejects(train(config(), { ...quiet, out: run.dir, overwrite: true, data: path.join(base, "missing.txt"), tokenizer: tokenizerDir(300) }), /missing\.txt: not found/);
  assertUnchanged(run);
  await assert.rejects(train(config(320), { ...quiet, out: run.dir, overwrite: true, data: DATA, tokenizer: tokenizerDir(300) }), /runfolder-test\.yaml: model\.vocab_size is 320 but the tokenizer .*tok-300 has 300 ids/);
  assertUnchanged(run);
});

test("train --overwrite: a run that fails part-way leaves the earlier run; a complete one replaces it whole", async () => {
  const run = oldRun("midway");
  let steps = 0;
  const failing: EngineFactory = async (s) => {
    const e = new LocalEngine(s.model, { seed: s.seed, lrs: s.lrs });
    const step = e.step.bind(e);
    e.step = async (...a: Parameters<typeof step>) => {
      if (++steps === 2) throw new Error("engine died at step 2");
      return step(...a);
    };
    return e;
  };
  await assert.rejects(train(config(), { ...quiet, out: run.dir, overwrite: true, data: DATA, tokenizer: tokenizerDir(300), engine: failing }), /engine died at step 2/);
  assert.equal(steps, 2);
  assertUnchanged(run);

  const summary = await train(config(), { ...quiet, out: run.dir, overwrite: true, data: DATA, tokenizer: tokenizerDir(300) });
  assert.equal(summary.status, "complete");
  assert.equal(summary.tokenizer, path.join(run.dir, "tokenizer"), "the summary names the final folder, not the staging one");
  assert.ok(fs.existsSync(path.join(run.dir, RUN_MARK)));
  assert.notEqual(fs.readFileSync(path.join(run.dir, "model.safetensors"), "utf8"), "old weights");
  assert.match(fs.readFileSync(path.join(run.dir, "log.csv"), "utf8"), /^step,loss,lrm/);
  const state = JSON.parse(fs.readFileSync(path.join(run.dir, "checkpoint", "state.json"), "utf8"));
  assert.equal(state.step, 2);
  assert.equal(state.run.tokenizer, path.join(run.dir, "tokenizer"));
  assert.deepEqual(fs.readdirSync(path.dirname(run.dir)).filter((n) => n !== "run" && !n.endsWith(".lock")), []);
});

test("nanozh train --out /proc/…: a clear error naming the folder (it used to spin at 100% CPU)", { skip: fs.existsSync("/proc/self") ? false : "no /proc here" }, () => {
  const cfgFile = path.join(base, "proc.json");
  fs.writeFileSync(cfgFile, JSON.stringify(rawConfig())); // JSON is YAML
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot(), "cli", "nanozh.ts"), "train", "--config", cfgFile, "--out", "/proc/nanozh-no-such/run", "--backend", "cpu"], {
    cwd: repoRoot(),
    encoding: "utf8",
    timeout: 120_000, // a guard only: the bug never returned
  });
  assert.equal(r.signal, null, "train did not return");
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /\/proc\/nanozh-no-such: cannot create the folder \(ENOENT\): the filesystem refuses to create it/);
});

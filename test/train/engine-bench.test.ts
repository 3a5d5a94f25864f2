// `nanozh bench train`: full training steps on a tiny shape report tokens/s, MFU and peak memory as JSON
// (local, worker and ORT engines); bad options are refused with the option named.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { repoRoot } from "../../lib/util/paths";
import { randomBatch, trainFlopsPerToken } from "../../lib/train/trainSpeed";

function nanozh(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TINY = ["--n-layer", "1", "--n-embd", "32", "--n-head", "2", "--vocab", "256", "--seq", "16", "--batch", "2", "--steps", "2"];

test("bench train --json reports a full-step measurement for every engine", () => {
  for (const engine of ["local", "workers", "ort"]) {
    const r = nanozh("bench", "train", ...TINY, "--backend", "wasm", "--engine", engine, "--json", ...(engine === "ort" ? ["--threads", "1"] : []));
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.backend, engine === "ort" ? "onnxruntime-node cpu" : "wasm");
    assert.equal(j.engine, { local: "local", workers: "workers×2", ort: "ort" }[engine]);
    assert.equal(j.threads, engine === "workers" ? 2 : 1);
    assert.equal(j.step_seconds.length, 2);
    assert.equal(j.tokens_per_step, 32);
    for (const k of ["tokens_per_s", "mfu", "peak_rss_mb", "matmul_peak_gflops"]) assert.ok(j[k] > 0 && Number.isFinite(j[k]), `${k} = ${j[k]}`);
    assert.ok(j.losses.every((l: number) => l > 0 && Number.isFinite(l)), `losses ${j.losses}`);
  }
});

test("bench train refuses bad options, naming them", () => {
  // usage errors (cli/spec.ts) exit 2
  let r = nanozh("bench", "train", ...TINY, "--engine", "gpu");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--engine must be one of local, workers, ort, auto, got 'gpu'/);
  r = nanozh("bench", "train", "--n-layer", "1");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--n-embd, --n-head, --vocab, --seq and --batch are required/);
  r = nanozh("bench", "train", ...TINY, "--backend", "tpu");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--backend must be one of tfjs-node-gpu, wasm, cpu, got 'tpu'/);
  r = nanozh("bench", "nope");
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown benchmark 'nope'/);
});

test("FLOPs per token follow nanochat's estimate_flops; random batches are shifted streams", () => {
  // d=256, 2 heads, 4 layers, V=8192, T=256: 6·(4·12·256² + 8192·256) + 12·4·2·128·256
  const c = { n_layer: 4, n_embd: 256, n_head: 2, n_kv_head: 2, vocab_size: 8192, sequence_len: 256 };
  assert.equal(trainFlopsPerToken(c), 6 * (4 * 12 * 256 * 256 + 8192 * 256) + 12 * 4 * 2 * 128 * 256);
  const b = randomBatch(2, 5, 10, 3);
  assert.deepEqual([...b.idx.slice(1)], [...b.targets.slice(0, 9)]);
  assert.ok(b.idx.every((t) => t >= 0 && t < 10));
});

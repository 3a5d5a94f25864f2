// The imported tiny nanochat checkpoint (../shared/fixtures/nanochat_ckpt_tiny) on the ORT engine: its logits
// equal nanochat's own (expected.safetensors) within the parity tolerance, through the library and the CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { importNanochat } from "../../../lib/export/importNanochat";
import { prefill } from "../../../lib/engines/inference";
import { OrtInferenceEngine } from "../../../lib/engines/ort/inference";
import { readModelFolder } from "../../../lib/model/io";
import { maxAbsDiff, PARITY_TOLERANCES, readExpectedLogits } from "../../../lib/engines/parityFixture";
import { repoRoot, sharedDataDir } from "../../../lib/util/paths";

const CKPT = path.resolve(sharedDataDir(), "..", "fixtures", "nanochat_ckpt_tiny");
const EXPECTED = path.join(CKPT, "expected.safetensors");
const skip = fs.existsSync(path.join(CKPT, "model_000010.pt")) ? false : `checkpoint fixture not found: ${CKPT} (../shared absent)`;
if (skip) console.log(`# skipping: ${skip}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-ort-ckpt-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const out = path.join(tmp, "model");

test("nanochat_ckpt_tiny on ORT: logits equal nanochat's (≤ 1e-4), cached decoding follows them", { skip }, async () => {
  await importNanochat({ checkpoint: CKPT, out, log: () => {} });
  const f = readModelFolder(out);
  const e = readExpectedLogits(EXPECTED, f.config.vocab_size);
  const engine = new OrtInferenceEngine(f.config, f.weights, { threads: 1, source: f.file });
  const { cache, logits } = await prefill(engine, e.idx, e.T, "all");
  cache.dispose();
  const err = maxAbsDiff(logits, e.logits);
  assert.ok(err <= PARITY_TOLERANCES.logits, `logits max abs err ${err}`);
  // row 0 again, its first half as a prompt and the rest one token at a time from the cache
  const V = f.config.vocab_size;
  const half = Math.floor(e.T / 2);
  const p = await prefill(engine, e.idx.subarray(0, half), half, "last");
  assert.ok(maxAbsDiff(p.logits, e.logits.subarray((half - 1) * V, half * V)) <= PARITY_TOLERANCES.logits, "prefill");
  for (let t = half; t < e.T; t++) {
    const row = await engine.step(p.cache, e.idx.subarray(t, t + 1));
    assert.ok(maxAbsDiff(row, e.logits.subarray(t * V, (t + 1) * V)) <= PARITY_TOLERANCES.logits, `step at ${t}`);
  }
  p.cache.dispose();
});

test("CLI: nanozh parity --model --expected --engine ort says which engine ran", { skip }, () => {
  if (!fs.existsSync(out)) return assert.fail("the first test imports the model");
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "parity", "--model", out, "--expected", EXPECTED, "--engine", "ort", "--threads", "1", "--json"], { cwd: repoRoot(), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.engine, "ort");
  assert.equal(j.threads, 1);
  assert.ok(j.ok && j.logits_max_abs_err <= 1e-4, r.stdout);
});

// Parity with nanochat's own numbers (../shared/fixtures). Skips, saying so, when the fixtures are absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readSafetensors, serializeSafetensors, type TensorToWrite } from "../../../lib/model";
import { GPT, saveModel } from "../../../lib/engines/tfjs";
import { initBackend } from "../../../lib/engines/tfjs/backend";
import { compareModelLogits, readFixture, runParity } from "../../../lib/engines/tfjs/parity";
import { sharedDataDir } from "../../../lib/util/paths";
import { assertParityWithinTolerance } from "../parityAsserts";

const FIXTURE = path.resolve(sharedDataDir(), "..", "fixtures", "nanochat_v1_tiny.safetensors");
const skip = fs.existsSync(FIXTURE) ? false : `fixture not found: ${FIXTURE} (../shared absent)`;
if (skip) console.log(`# skipping parity tests: ${skip}`);

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-parity-"));

test("nanochat_v1_tiny: logits, losses, gradients, two optimizer steps and greedy tokens within tolerance", { skip }, async () => {
  const backend = await initBackend(undefined, { quiet: true });
  const r = await runParity(FIXTURE);
  console.log(`# parity on ${backend}: ${JSON.stringify({ ...r, greedy: undefined, expected_greedy: undefined, config: undefined })}`);
  assertParityWithinTolerance(r);
});

test("a saved model's logits compare with an expected file (parity --model)", { skip }, async () => {
  await initBackend(undefined, { quiet: true });
  const f = readFixture(FIXTURE);
  const dir = tmp();
  const m = new GPT(f.config, { weights: f.weights() });
  saveModel(path.join(dir, "model"), m);
  m.dispose();
  const exp = path.join(dir, "expected.safetensors");
  const logits = f.get("expected.logits");
  const idx = f.get("input.idx");
  fs.writeFileSync(exp, serializeSafetensors(new Map<string, TensorToWrite>([["input.idx", idx], ["expected.logits", logits]])));
  const ok = compareModelLogits(path.join(dir, "model"), exp);
  assert.ok(ok.ok && ok.logits_max_abs_err <= 1e-4, JSON.stringify(ok));
  // perturbed expectations fail
  const bad = Float32Array.from(logits.data as Float32Array);
  bad[5] += 0.01;
  fs.writeFileSync(exp, serializeSafetensors(new Map<string, TensorToWrite>([["input.idx", idx], ["expected.logits", { shape: logits.shape, data: bad }]])));
  const no = compareModelLogits(path.join(dir, "model"), exp);
  assert.equal(no.ok, false);
  assert.ok(Math.abs(no.logits_max_abs_err - 0.01) < 1e-4);
});

test("bad fixtures: unknown, missing and wrong-shape tensors are named", { skip }, async () => {
  const src = readSafetensors(FIXTURE);
  const dir = tmp();
  const write = (name: string, edit: (t: Map<string, { shape: number[]; data: Float32Array | Int32Array }>) => void) => {
    const t = new Map([...src.tensors].map(([k, v]) => [k, { shape: v.shape, data: v.data }]));
    edit(t);
    const file = path.join(dir, name);
    fs.writeFileSync(file, serializeSafetensors(t, src.metadata));
    return file;
  };
  const unknown = write("unknown.safetensors", (t) => t.set("transformer.h.0.attn.c_z.weight", { shape: [1], data: new Float32Array(1) }));
  await assert.rejects(runParity(unknown), /unknown\.safetensors: unknown tensor 'transformer\.h\.0\.attn\.c_z\.weight'/);
  const missing = write("missing.safetensors", (t) => t.delete("expected.grad.lm_head.weight"));
  await assert.rejects(runParity(missing), /missing\.safetensors: missing tensor 'expected\.grad\.lm_head\.weight'/);
  const shape = write("shape.safetensors", (t) => t.set("transformer.h.1.mlp.c_fc.weight", { shape: [128, 512], data: t.get("transformer.h.1.mlp.c_fc.weight")!.data }));
  await assert.rejects(runParity(shape), /shape\.safetensors: tensor 'transformer\.h\.1\.mlp\.c_fc\.weight' has shape \[128,512\], expected \[512,128\]/);
  // a deeper model in the metadata than in the tensors
  const cfg = JSON.parse(src.metadata.config);
  const deeper = path.join(dir, "deeper.safetensors");
  fs.writeFileSync(deeper, serializeSafetensors(new Map([...src.tensors].map(([k, v]) => [k, { shape: v.shape, data: v.data }])), { ...src.metadata, config: JSON.stringify({ ...cfg, n_layer: 3 }) }));
  await assert.rejects(runParity(deeper), /deeper\.safetensors: missing tensor 'transformer\.h\.2\.attn\.c_q\.weight'/);
});

test("the parity check fails when nanochat's numbers are perturbed (step 2 weight, greedy token, loss)", { skip }, async () => {
  await initBackend(undefined, { quiet: true });
  const src = readSafetensors(FIXTURE);
  const dir = tmp();
  const variant = async (name: string, tensor: string, edit: (d: Float32Array | Int32Array) => void) => {
    const t = new Map<string, TensorToWrite>([...src.tensors].map(([k, v]) => [k, { shape: v.shape, data: k === tensor ? v.data.slice() : v.data }]));
    edit(t.get(tensor)!.data);
    const file = path.join(dir, name);
    fs.writeFileSync(file, serializeSafetensors(t, src.metadata));
    return runParity(file);
  };
  const s2 = await variant("s2.safetensors", "expected.step2.transformer.h.1.mlp.c_fc.weight", (d) => (d[7] += 3e-4));
  assert.equal(s2.ok, false);
  assert.ok(s2.failures.some((f) => f.startsWith("step2_max_abs_err")), s2.failures.join("; "));
  const g = await variant("g.safetensors", "expected.greedy", (d) => (d[7] = (d[7] + 1) % 320));
  assert.equal(g.greedy_match, false);
  const l = await variant("l.safetensors", "expected.loss", (d) => (d[0] += 1e-3));
  assert.ok(l.failures.some((f) => f.startsWith("loss_abs_err")));
});

test("nanozh parity --fixture exits 0 and prints the errors", { skip }, async () => {
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "parity", "--fixture", FIXTURE, "--json"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
  for (const k of ["logits_max_abs_err", "loss_abs_err", "grad_max_rel_err", "step1_max_abs_err", "step2_max_abs_err", "greedy_match"]) assert.ok(k in out, k);
  assert.equal(out.ok, true);
});

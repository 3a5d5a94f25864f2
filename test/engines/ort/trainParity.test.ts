// The ORT engine against nanochat's own numbers (../shared/fixtures), with the tfjs engine's checks and
// tolerances (lib/engines/tfjs/parity.ts). Skips, saying so, when the fixture is absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { runOrtParity } from "../../../lib/engines/ort/parity";
import { sharedDataDir } from "../../../lib/util/paths";

const FIXTURE = path.resolve(sharedDataDir(), "..", "fixtures", "nanochat_v1_tiny.safetensors");
const skip = fs.existsSync(FIXTURE) ? false : `fixture not found: ${FIXTURE} (../shared absent)`;
if (skip) console.log(`# skipping ORT parity: ${skip}`);

test("ORT engine, nanochat_v1_tiny: logits, losses, gradients, two optimizer steps and greedy tokens within tolerance", { skip }, async () => {
  const r = await runOrtParity(FIXTURE, 1);
  console.log(`# ORT parity: ${JSON.stringify({ ...r, greedy: undefined, expected_greedy: undefined, config: undefined, tolerances: undefined })}`);
  assert.deepEqual(r.failures, []);
  assert.ok(r.ok);
  assert.ok(r.logits_max_abs_err <= 1e-4);
  assert.ok(r.loss_abs_err <= 1e-4 && r.loss_per_token_max_abs_err <= 1e-4);
  assert.ok(r.grad_max_rel_err <= 1e-3);
  assert.ok(r.step1_max_abs_err <= 1e-4 && r.step2_max_abs_err <= 1e-4);
  assert.ok(r.optimizer_only_step1_max_abs_err <= 1e-4);
  assert.ok(r.step_ill_conditioned_entries < 100, `${r.step_ill_conditioned_entries} ill-conditioned entries`);
  assert.equal(r.greedy.length, 8);
  assert.ok(r.greedy_match && r.greedy_nocache_match);
});

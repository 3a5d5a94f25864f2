// The assertions every engine's fixture parity test makes on a ParityResult (tfjs/parity.test.ts,
// ort/trainParity.test.ts): no failures, each error within nanochat-parity tolerance, few excluded entries.
import assert from "node:assert/strict";
import type { ParityResult } from "../../lib/engines/parityFixture";

export function assertParityWithinTolerance(r: ParityResult): void {
  assert.deepEqual(r.failures, []);
  assert.ok(r.ok);
  assert.ok(r.logits_max_abs_err <= 1e-4);
  assert.ok(r.loss_abs_err <= 1e-4 && r.loss_per_token_max_abs_err <= 1e-4);
  assert.ok(r.grad_max_rel_err <= 1e-3);
  assert.ok(r.step1_max_abs_err <= 1e-4 && r.step2_max_abs_err <= 1e-4);
  assert.ok(r.optimizer_only_step1_max_abs_err <= 1e-4);
  // the excluded entries are few (a round-off-led handful, not a way to hide a wrong optimizer)
  assert.ok(r.step_ill_conditioned_entries < 100, `${r.step_ill_conditioned_entries} ill-conditioned entries`);
  assert.equal(r.greedy.length, 8);
  assert.ok(r.greedy_match && r.greedy_nocache_match);
}

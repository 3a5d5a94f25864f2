// The ORT engine against nanochat's own numbers (../shared/fixtures), with the tfjs engine's checks and
// tolerances (lib/engines/parityChecks.ts). Skips, saying so, when the fixture is absent.
import { test } from "node:test";
import fs from "node:fs";
import path from "node:path";
import { runOrtParity } from "../../../lib/engines/ort/parity";
import { sharedDataDir } from "../../../lib/util/paths";
import { assertParityWithinTolerance } from "../parityAsserts";

const FIXTURE = path.resolve(sharedDataDir(), "..", "fixtures", "nanochat_v1_tiny.safetensors");
const skip = fs.existsSync(FIXTURE) ? false : `fixture not found: ${FIXTURE} (../shared absent)`;
if (skip) console.log(`# skipping ORT parity: ${skip}`);

test("ORT engine, nanochat_v1_tiny: logits, losses, gradients, two optimizer steps and greedy tokens within tolerance", { skip }, async () => {
  const r = await runOrtParity(FIXTURE, 1);
  console.log(`# ORT parity: ${JSON.stringify({ ...r, greedy: undefined, expected_greedy: undefined, config: undefined, tolerances: undefined })}`);
  assertParityWithinTolerance(r);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { costUsd, GPUS, gradAccumSteps, lookupGpu, sizeModel, trainingHours, trainingSeconds } from "../../lib/sizing";

test("GPU table: peak bf16 figures, case-insensitive names and aliases", () => {
  assert.equal(lookupGpu("H100").peak_flops, 989e12);
  assert.equal(lookupGpu("h100 sxm").name, "H100 SXM");
  assert.equal(lookupGpu("H100-PCIe").peak_flops, 756e12);
  assert.equal(lookupGpu("h200").peak_flops, 989e12);
  assert.equal(lookupGpu("a100").peak_flops, 312e12);
  assert.equal(lookupGpu("4090").peak_flops, 165.2e12);
  assert.equal(lookupGpu("rtx_4090").name, "RTX 4090");
  assert.equal(lookupGpu("RTX 5090").peak_flops, 209.5e12);
  assert.equal(lookupGpu("3090").peak_flops, 71e12);
  assert.equal(lookupGpu("l40s").peak_flops, 362e12);
  assert.equal(lookupGpu("A10").peak_flops, 125e12);
  assert.throws(() => lookupGpu("V100"), (e: Error) => /unknown GPU 'V100'/.test(e.message) && GPUS.every((g) => e.message.includes(g.name)));
});

test("time is total FLOPs / (peak · gpus · MFU); the guide's §1.3 example 1 gives 52 s", () => {
  // guide §1.3: 6 × 37M FLOPs/token × 740M tokens on 8×H100 at 40% → "52 seconds"
  assert.equal(Math.round(trainingSeconds({ flopsPerToken: 6 * 37e6, tokens: 740e6, gpu: "H100", gpus: 8, mfu: 0.4 })), 52);
  const d20 = sizeModel({ depth: 20 });
  const twin = (3.491758e9 * 21_400 * 524_288) / (989e12 * 8 * 0.4) / 3600;
  assert.ok(Math.abs(d20.hours - twin) / twin < 1e-6);
  assert.equal(d20.hours.toFixed(4), "3.4386");
  assert.equal(d20.cost_usd.toFixed(2), "82.53"); // $24/h node
  assert.equal(trainingHours({ flopsPerToken: 1e9, tokens: 3600 * 989e12 * 0.5, gpu: "H100", gpus: 1, mfu: 0.5 }), 1e9);
});

test("cost is for the whole node: $/GPU-h × gpus × hours", () => {
  assert.equal(costUsd(2, 8, 3), 48);
  assert.equal(costUsd(2, 1, 3), 6);
  assert.equal(costUsd(1, 8), 24);
  assert.throws(() => costUsd(1, 8, -1), /price per GPU-hour/);
  const one = sizeModel({ depth: 12, gpu: "H100", gpus: 1 });
  const eight = sizeModel({ depth: 12, gpu: "H100", gpus: 8 });
  assert.ok(Math.abs(one.hours - 8 * eight.hours) < 1e-9);
  assert.ok(Math.abs(one.cost_usd - eight.cost_usd) < 1e-9); // same GPU-hours, same bill
});

test("bad hardware inputs", () => {
  assert.throws(() => trainingSeconds({ flopsPerToken: 1, tokens: 1, gpu: "H100", gpus: 0 }), /gpus must be a positive integer/);
  assert.throws(() => trainingSeconds({ flopsPerToken: 1, tokens: 1, gpu: "H100", gpus: 8, mfu: 1.5 }), /mfu must be in/);
  assert.throws(() => sizeModel({ depth: 20, gpu: "TPUv4" }), /unknown GPU/);
});

test("grad_accum is exact or a clear error (nanochat asserts)", () => {
  assert.equal(gradAccumSteps(524_288, 32, 2048, 8), 1);
  assert.equal(gradAccumSteps(524_288, 16, 2048, 1), 16); // guide §1.3 example 2
  assert.equal(gradAccumSteps(131_072, 8, 1024, 1), 16); // guide §4.3
  assert.equal(gradAccumSteps(524_288, 8, 2048, 8), 4);
  assert.throws(() => gradAccumSteps(524_288, 24, 2048, 8), /not a multiple of device_batch_size·max_seq_len·gpus = 24·2048·8 = 393216/);
  assert.throws(() => gradAccumSteps(524_288, 32, 2048, 3), /not a multiple/);
  assert.throws(() => gradAccumSteps(524_288, 0, 2048, 8), /device_batch_size must be a positive integer/);
});

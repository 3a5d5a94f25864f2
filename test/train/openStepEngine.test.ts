import { test } from "node:test";
import assert from "node:assert/strict";
import { configForDepth } from "../../lib/model";
import { NANOCHAT_V1_LRS } from "../../lib/engines/optimizerSettings";
import { ortLoadError } from "../../lib/engines";
import { openStepEngine } from "../../lib/train/loop";

const model = { ...configForDepth(2, 64, 16), n_layer: 1, n_embd: 32, n_head: 2, n_kv_head: 2 };
const s = { model, seed: 1, lrs: NANOCHAT_V1_LRS };

test("train/sft threads: the ORT engine runs on the threads asked for; workers:N and a factory are not confused with it", async (t) => {
  const why = await ortLoadError();
  if (why !== null) return t.skip(`onnxruntime-node does not load here: ${why}`);
  for (const threads of [1, 3]) {
    const e = await openStepEngine("ort", undefined, s, threads);
    try {
      assert.equal(e.name, "ort");
      assert.equal(e.threadCount, threads);
    } finally {
      await e.dispose();
    }
  }
  await assert.rejects(openStepEngine(async () => { throw new Error("not reached"); }, undefined, s, 2), /threads: not used with an engine factory/);
  await assert.rejects(openStepEngine("local", "cpu", s, 2), /--threads 2: the local engine runs on one thread/);
});

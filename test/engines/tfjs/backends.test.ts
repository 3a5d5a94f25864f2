// The default backend (wasm with our kernels, when it starts) against the plain cpu backend on shapes the
// nanochat fixture does not cover: several heads, fewer kv heads, generation through the cache.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig, type NamedArrays, Rng } from "../../../lib/model";
import { GPT, generate } from "../../../lib/engines/tfjs";
import { initBackend } from "../../../lib/engines/tfjs/backend";
import { setupOptimizers } from "../../../lib/engines/tfjs/optimizers";
import { referenceLogits } from "../../model/reference";

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

interface Run {
  logits: Float32Array;
  grads: Map<string, Float32Array>;
  stepped: NamedArrays;
  greedy: number[];
}

function runOn(c: GPTConfig, w: NamedArrays, ids: number[][], tg: number[][]): Run {
  const m = new GPT(c, { weights: w });
  const B = ids.length;
  const T = ids[0].length;
  const idx = tf.tensor2d(ids, [B, T], "int32");
  const targets = tf.tensor2d(tg, [B, T], "int32");
  const logits = m.forward(idx).dataSync() as Float32Array;
  const { loss, grads } = m.lossAndGrads(idx, targets);
  loss.dispose();
  const g = new Map([...grads].map(([k, v]) => [k, Float32Array.from(v.dataSync())]));
  const opt = setupOptimizers(m);
  opt.step(grads, 1, 0.9);
  const stepped = m.getWeights();
  m.setWeights(w);
  const greedy = [...generate(m, ids[0].slice(0, 3), { maxTokens: 10, temperature: 0 })];
  opt.dispose();
  m.dispose();
  return { logits, grads: g, stepped, greedy };
}

test("default backend equals cpu and the Float64 reference: GQA forward, gradients, a step, cached greedy", async () => {
  const c: GPTConfig = { sequence_len: 16, vocab_size: 37, n_layer: 2, n_head: 4, n_kv_head: 2, n_embd: 32 };
  await tf.setBackend("cpu");
  const rng = new Rng(21);
  const w: NamedArrays = new Map();
  for (const [name, a] of new GPT(c, { seed: 1 }).getWeights()) w.set(name, { shape: a.shape, data: rng.normals(a.data.length, 0.3) });
  const ids = Array.from({ length: 3 }, () => Array.from({ length: 12 }, () => Math.floor(rng.next() * 37)));
  const tg = ids.map((r) => r.map((t, i) => (i === 5 ? -1 : (t * 5 + 1) % 37)));
  const cpu = runOn(c, w, ids, tg);
  const backend = await initBackend(undefined, { quiet: true });
  console.log(`# default backend: ${backend}`);
  const fast = runOn(c, w, ids, tg);
  const ref = referenceLogits(c, w, ids).flat(2);
  assert.ok(maxDiff(fast.logits, ref) < 1e-4, `logits vs reference ${maxDiff(fast.logits, ref)}`);
  assert.ok(maxDiff(fast.logits, cpu.logits) < 1e-4);
  for (const [name, g] of cpu.grads) {
    let mx = 0;
    for (const x of g) mx = Math.max(mx, Math.abs(x));
    assert.ok(mx > 0, `${name} has a gradient`);
    assert.ok(maxDiff(fast.grads.get(name)!, g) / mx < 1e-3, `${name} grad rel err ${maxDiff(fast.grads.get(name)!, g) / mx}`);
  }
  // Muon entries move by ≈ lr·O(1) and AdamW entries by ≈ lr: compare the moves (noise-led AdamW entries aside)
  for (const [name, a] of cpu.stepped) {
    const b = fast.stepped.get(name)!.data;
    const g = cpu.grads.get(name)!;
    let mx = 0;
    for (const x of g) mx = Math.max(mx, Math.abs(x));
    let err = 0;
    for (let i = 0; i < b.length; i++) if (Math.abs(g[i]) > 1e-5 * mx) err = Math.max(err, Math.abs(a.data[i] - b[i]));
    assert.ok(err < 1e-4, `${name} after a step: ${err}`);
  }
  assert.deepEqual(fast.greedy, cpu.greedy);
});

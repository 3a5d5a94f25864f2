// WorkerEngine (2 worker threads, gradients averaged through a SharedArrayBuffer) against LocalEngine:
// the same losses, gradient norms, weights after several steps and per-token eval losses within float
// tolerance; bit-identical between two runs (deterministic); state moves in and out.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { initBackend } from "../../../lib/engines/tfjs/backend";
import { LocalEngine, type MicroBatch, type TrainState } from "../../../lib/engines/tfjs/localEngine";
import { WorkerEngine } from "../../../lib/engines/tfjs/workerEngine";
import { allocAllReduce, muonOwners, rowRange, slot, sumSlots } from "../../../lib/engines/tfjs/allReduce";

const cfg = { sequence_len: 16, vocab_size: 64, n_layer: 2, n_head: 2, n_kv_head: 1, n_embd: 32 };
const lrs = { embedding_lr: 0.2, unembedding_lr: 0.004, matrix_lr: 0.02 };

/** B = 3 rows (split 1 + 2 between the workers), some targets ignored (−1). */
function batch(seed: number, B = 3, T = 16): MicroBatch {
  return {
    idx: Int32Array.from({ length: B * T }, (_, i) => (i * 7 + seed * 13) % cfg.vocab_size),
    targets: Int32Array.from({ length: B * T }, (_, i) => (i % 11 === seed % 11 ? -1 : (i * 13 + seed) % cfg.vocab_size)),
    B,
    T,
  };
}

function maxAbsDiff(a: TrainState, b: TrainState): number {
  let worst = 0;
  for (const part of ["params", "optimizer"] as const) {
    assert.deepEqual([...a[part].keys()], [...b[part].keys()], `${part} entries (and their order)`);
    for (const [k, v] of a[part]) {
      const w = b[part].get(k);
      assert.ok(w, `${part} ${k} missing`);
      for (let i = 0; i < v.data.length; i++) worst = Math.max(worst, Math.abs(v.data[i] - w.data[i]));
    }
  }
  return worst;
}

const engines: { dispose(): Promise<void> }[] = [];
after(async () => {
  for (const e of engines) await e.dispose();
});

test("muonOwners splits the Newton–Schulz work evenly and deterministically", () => {
  const mats = [
    { name: "a", shape: [1024, 256] },
    { name: "b", shape: [256, 1024] },
    { name: "c", shape: [256, 256] },
    { name: "d", shape: [256, 256] },
  ];
  const owners = muonOwners(mats, 2);
  assert.deepEqual([...owners.entries()].sort(), [["a", 0], ["b", 1], ["c", 0], ["d", 1]]);
  assert.deepEqual(muonOwners(mats, 2), owners);
  assert.ok([...muonOwners(mats, 1).values()].every((r) => r === 0));
});

test("rowRange covers every row once; sumSlots adds in rank order", () => {
  for (const B of [1, 2, 3, 8, 9])
    for (const W of [1, 2, 3]) {
      const seen: number[] = [];
      for (let r = 0; r < W; r++) {
        const [a, b] = rowRange(B, r, W);
        for (let i = a; i < b; i++) seen.push(i);
      }
      assert.deepEqual(seen, Array.from({ length: B }, (_, i) => i), `B=${B} W=${W}`);
    }
  const buf = allocAllReduce(3, 2);
  slot(buf, 0).set([1, 2, 3]);
  slot(buf, 1).set([10, 20, 30]);
  assert.deepEqual([...sumSlots(buf)], [11, 22, 33]);
});

test("WorkerEngine equals LocalEngine (2 micro-batches, ignored targets, clipping) and is deterministic", async () => {
  await initBackend("wasm", { quiet: true });
  const local = new LocalEngine(cfg, { lrs, seed: 5 });
  engines.push(local);
  const w1 = await WorkerEngine.start(cfg, { lrs, seed: 5, backend: "wasm" });
  engines.push(w1);
  assert.equal(w1.name, "workers×2");
  const counts: number[][] = [];
  for (let s = 0; s < 3; s++) {
    const micro = [batch(s), batch(s + 50)];
    const a = await local.step(micro, 1, 0.85, 0.5);
    const b = await w1.step(micro, 1, 0.85, 0.5);
    counts.push(w1.lastTensorCounts);
    assert.ok(Math.abs(a.loss - b.loss) <= 1e-5 * Math.abs(a.loss), `step ${s} loss ${a.loss} vs ${b.loss}`);
    assert.ok(a.gradNorm !== undefined && b.gradNorm !== undefined);
    assert.ok(Math.abs(a.gradNorm - b.gradNorm) <= 1e-4 * a.gradNorm, `step ${s} grad norm ${a.gradNorm} vs ${b.gradNorm}`);
  }
  // after the first step (optimizer buffers appear) the workers' tensor counts stay flat
  assert.deepEqual(counts[2], counts[1], `tensors per worker by step: ${JSON.stringify(counts)}`);
  const sLocal = await local.getState();
  const s1 = await w1.getState();
  const diff = maxAbsDiff(sLocal, s1);
  assert.ok(diff <= 1e-4, `weights and optimizer state after 3 steps differ by ${diff}`);
  const ev = batch(99);
  const el = await local.evalLossPerToken(ev.idx, ev.targets, ev.B, ev.T);
  const ew = await w1.evalLossPerToken(ev.idx, ev.targets, ev.B, ev.T);
  assert.equal(ew.length, el.length);
  for (let i = 0; i < el.length; i++) assert.ok(Math.abs(el[i] - ew[i]) <= 1e-4, `eval token ${i}: ${el[i]} vs ${ew[i]}`);

  // a second run from the same seed takes bit-identical steps
  const w2 = await WorkerEngine.start(cfg, { lrs, seed: 5, backend: "wasm" });
  engines.push(w2);
  for (let s = 0; s < 3; s++) await w2.step([batch(s), batch(s + 50)], 1, 0.85, 0.5);
  assert.equal(maxAbsDiff(s1, await w2.getState()), 0, "two worker runs differ");

  // state in: both engines continue from the local engine's state and agree again
  await w2.setState(sLocal);
  const a = await local.step([batch(7)], 0.5, 0.9);
  const b = await w2.step([batch(7)], 0.5, 0.9);
  assert.ok(Math.abs(a.loss - b.loss) <= 1e-5 * Math.abs(a.loss), `after setState: ${a.loss} vs ${b.loss}`);
  assert.ok(maxAbsDiff(await local.getState(), await w2.getState()) <= 1e-4);
});

test("WorkerEngine rejects a micro-batch whose arrays do not match B·T", async () => {
  const w = await WorkerEngine.start(cfg, { lrs, seed: 1, backend: "wasm", workers: 1 });
  engines.push(w);
  const bad = { ...batch(1), B: 4 };
  await assert.rejects(w.step([bad], 1, 0.85), /B·T = 64/);
});

// A worker thread of WorkerEngine: one model replica and its optimizers. Each step it takes its rows of
// every micro-batch, accumulates the gradient of Σ scale·loss into its shared slot, meets the other
// workers at a barrier, sums all slots in rank order (identical in every worker), clips, and steps:
// AdamW (cheap, elementwise) in every worker alike; Muon (Newton–Schulz, ~¼ of a step's FLOPs) only for
// the matrices this worker owns, whose new values it then shares — so that work is split too.
// Started by workerEngine.ts with `--import tsx`, so it loads the TypeScript sources directly.
import { parentPort } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "./backend";
import { GPT } from "./gpt";
import { paramSpecs } from "../../model/params";
import { barrier, muonOwners, slot, sumSlots, type AllReduceBuffers } from "./allReduce";
import { Muon } from "./muon";
import { setupOptimizers, type Optimizers } from "./optimizers";
import type { MicroSlice, StepReply, WorkerReply, WorkerRequest } from "./workerProtocol";

interface Replica {
  model: GPT;
  opt: Optimizers;
  /** Muon over the matrices this worker owns (opt.muon is never stepped here) */
  muon: Muon;
  /** indices (into names) of matrices other workers own: read from the shared weights after each step */
  foreign: number[];
  /** indices of the matrices this worker owns: written to the shared weights */
  own: number[];
  buffers: AllReduceBuffers;
  rank: number;
  names: string[];
  shapes: number[][];
  offsets: number[];
}

let replica: Replica | null = null;

function need(): Replica {
  if (!replica) throw new Error("worker: not initialised");
  return replica;
}

/** Add this worker's gradient of Σ scale·loss over its rows to `acc`; returns scale·Σ loss. */
function accumulate(r: Replica, m: MicroSlice, acc: Float32Array): number {
  if (m.B === 0) return 0;
  const vars = r.names.map((n) => r.model.params.get(n)!);
  const idx = tf.tensor2d(m.idx, [m.B, m.T], "int32");
  const tg = tf.tensor2d(m.targets, [m.B, m.T], "int32");
  const { value, grads } = tf.variableGrads(() => tf.mul(tf.sum(r.model.loss(idx, tg, "none")), m.scale) as tf.Scalar, vars);
  idx.dispose();
  tg.dispose();
  const loss = value.dataSync()[0];
  value.dispose();
  r.names.forEach((n, i) => {
    const g = grads[vars[i].name];
    const d = g.dataSync() as Float32Array;
    const off = r.offsets[i];
    for (let j = 0; j < d.length; j++) acc[off + j] += d[j];
    g.dispose();
  });
  return loss;
}

function step(r: Replica, micro: MicroSlice[], lrm: number, momentum: number, gradClip: number): StepReply {
  const mine = slot(r.buffers, r.rank);
  mine.fill(0);
  let lossPart = 0;
  for (const m of micro) lossPart += accumulate(r, m, mine);
  barrier(r.buffers);
  const sum = sumSlots(r.buffers);
  if (micro.length > 1) {
    const s = Math.fround(1 / micro.length);
    for (let i = 0; i < sum.length; i++) sum[i] *= s;
  }
  let gradNorm: number | undefined;
  if (gradClip > 0) {
    let sq = 0;
    for (let i = 0; i < sum.length; i++) sq += sum[i] * sum[i];
    gradNorm = Math.sqrt(sq);
    const coef = Math.fround(gradClip / (gradNorm + 1e-6));
    if (coef < 1) for (let i = 0; i < sum.length; i++) sum[i] *= coef;
  }
  const grads = new Map<string, tf.Tensor>();
  r.names.forEach((n, i) => {
    const size = r.shapes[i].reduce((p, x) => p * x, 1);
    grads.set(n, tf.tensor(sum.subarray(r.offsets[i], r.offsets[i] + size), r.shapes[i], "float32"));
  });
  r.opt.adamw.step(r.model.params, grads, lrm);
  r.muon.step(r.model.params, grads, lrm, momentum);
  for (const g of grads.values()) g.dispose();
  if (r.buffers.workers > 1) {
    const shared = new Float32Array(r.buffers.weights);
    for (const i of r.own) shared.set(r.model.params.get(r.names[i])!.dataSync() as Float32Array, r.offsets[i]);
    barrier(r.buffers);
    for (const i of r.foreign) {
      const size = r.shapes[i].reduce((p, x) => p * x, 1);
      const t = tf.tensor(shared.subarray(r.offsets[i], r.offsets[i] + size), r.shapes[i], "float32");
      r.model.params.get(r.names[i])!.assign(t);
      t.dispose();
    }
  }
  return { lossPart, gradNorm, numTensors: tf.memory().numTensors };
}

async function handle(msg: WorkerRequest): Promise<unknown> {
  switch (msg.type) {
    case "init": {
      await initBackend(msg.backend, { quiet: true });
      const model = new GPT(msg.cfg, { seed: msg.seed });
      const opt = setupOptimizers(model, msg.lrs);
      const specs = paramSpecs(msg.cfg);
      const names = [...model.params.keys()];
      const shapes = names.map((n) => [...model.params.get(n)!.shape]);
      const offsets: number[] = [];
      let off = 0;
      for (const s of shapes) {
        offsets.push(off);
        off += s.reduce((p, x) => p * x, 1);
      }
      if (off !== msg.buffers.size || specs.length !== names.length) {
        throw new Error(`worker ${msg.rank}: model has ${off} gradient values, the shared buffer ${msg.buffers.size}`);
      }
      const matrices = opt.muon.names.map((n) => ({ name: n, shape: [...model.params.get(n)!.shape] }));
      const owners = muonOwners(matrices, msg.buffers.workers);
      const mine = opt.muon.names.filter((n) => owners.get(n) === msg.rank);
      const muon = new Muon(mine, opt.muon.opts);
      const own = mine.map((n) => names.indexOf(n));
      const foreign = opt.muon.names.filter((n) => owners.get(n) !== msg.rank).map((n) => names.indexOf(n));
      replica = { model, opt, muon, own, foreign, buffers: msg.buffers, rank: msg.rank, names, shapes, offsets };
      return tf.getBackend();
    }
    case "step":
      return step(need(), msg.micro, msg.lrm, msg.momentum, msg.gradClip);
    case "eval": {
      const r = need();
      if (msg.B === 0) return new Float32Array(0);
      const idx = tf.tensor2d(msg.idx, [msg.B, msg.T], "int32");
      const tg = tf.tensor2d(msg.targets, [msg.B, msg.T], "int32");
      const loss = r.model.loss(idx, tg, "none");
      idx.dispose();
      tg.dispose();
      const out = Float32Array.from(loss.dataSync() as Float32Array);
      loss.dispose();
      return out;
    }
    case "getState": {
      // weights and AdamW state are the same in every worker; Muon buffers only in their owner's
      const r = need();
      const optimizer = new Map([...r.opt.adamw.state(), ...r.muon.state()]);
      return { params: msg.weights ? r.model.getWeights() : new Map(), optimizer };
    }
    case "setState": {
      const r = need();
      const st = msg.state.optimizer;
      for (const k of st.keys())
        if (!k.startsWith("adamw.") && !k.startsWith("muon.")) throw new Error(`optimizer state: unknown entry '${k}'`);
      r.model.setWeights(msg.state.params, "checkpoint weights");
      r.opt.adamw.loadState(st, r.model.params, "optimizer state");
      r.muon.loadState(st, r.model.params, "optimizer state");
      return undefined;
    }
    case "dispose": {
      if (replica) {
        replica.muon.dispose();
        replica.opt.dispose();
        replica.model.dispose();
        replica = null;
      }
      return undefined;
    }
  }
}

const port = parentPort;
if (!port) throw new Error("lib/engines/tfjs/workerEntry.ts runs only as a worker thread (see workerEngine.ts)");
// One message at a time, in order: a step must not interleave with another request.
let queue: Promise<void> = Promise.resolve();
port.on("message", (msg: WorkerRequest) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    try {
      reply = { id: msg.id, ok: true, value: await handle(msg) };
    } catch (err) {
      reply = { id: msg.id, ok: false, error: (err as Error).stack ?? String(err) };
    }
    port.postMessage(reply);
  });
});

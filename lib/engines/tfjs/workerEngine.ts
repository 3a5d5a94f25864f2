// StepEngine over worker threads, data parallel: each of `workers` threads holds a replica of the model
// and its optimizers (same seed → same weights), takes its share of the rows of every micro-batch, and
// the gradients meet in a SharedArrayBuffer (allReduce.ts) so that every replica takes the identical
// step. It uses the second core, which the wasm backend alone cannot (one thread in Node).
// The math equals LocalEngine's: each worker differentiates Σ loss / (non-ignored targets of the whole
// micro-batch) over its rows, so the summed gradient is the micro-batch mean (test/engines/tfjs/engine-workers.test.ts).
import { Worker } from "node:worker_threads";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { GPTConfig } from "../../model/config";
import type { NamedArrays } from "../../model/namedArrays";
import { paramSpecs } from "../../model/params";
import { repoRoot } from "../../util/paths";
import { allocAllReduce, rowRange } from "./allReduce";
import type { EngineOptions, MicroBatch, StepEngine, StepResult, TrainState } from "./localEngine";
import { countTargets } from "../stepEngine";
import { initBackend, measuredMatmulPeakFlops } from "./backend";
import type { MicroSlice, StepReply, WorkerReply, WorkerRequest } from "./workerProtocol";

export interface WorkerEngineOptions extends EngineOptions {
  /** threads; default 2 */
  workers?: number;
  /** backend name for the workers (initBackend); default: the usual order */
  backend?: string;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** Distributive Omit: a request without its id, for each request kind. */
type Body<T> = T extends unknown ? Omit<T, "id"> : never;

/** The worker script, found from the repository root (no __dirname / import.meta in lib). */
export function workerEntryPath(): string {
  return path.join(repoRoot(), "lib", "engines", "tfjs", "workerEntry.ts");
}

/**
 * A worker that loads the TypeScript entry through tsx's API. `execArgv: ["--import", "tsx"]` does not
 * reach a worker's main module in Node 20 (ERR_UNKNOWN_FILE_EXTENSION), and the parent may be plain
 * CommonJS (the tslab kernel), so a tiny CommonJS bootstrap imports the entry with tsImport.
 */
function spawnWorker(): Worker {
  const root = repoRoot();
  // tsx's ESM build of its API (its CommonJS build resolves its loader hooks wrongly inside a worker)
  const tsxApi = path.join(path.dirname(createRequire(path.join(root, "package.json")).resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs");
  const entry = pathToFileURL(workerEntryPath()).href;
  const boot = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(pathToFileURL(path.join(root, "package.json")).href)}))` +
    `.catch((e) => { require("node:worker_threads").parentPort.postMessage({ id: 0, ok: false, error: String(e && e.stack || e) }); process.exit(1); });`;
  return new Worker(boot, { eval: true });
}

export class WorkerEngine implements StepEngine {
  readonly name: string;
  /** the tfjs backend of every worker (and of this thread, which measures the matmul peak on it) */
  readonly backend: string;
  private readonly threads: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** live tensors in each worker after the last step (a leak shows as growth) */
  lastTensorCounts: number[] = [];
  private failed: Error | null = null;

  /** threads doing the work (MFU counts the peak of every one) */
  get threadCount(): number {
    return this.threads.length;
  }

  private constructor(threads: Worker[], backend: string) {
    this.threads = threads;
    this.backend = backend;
    this.name = `workers×${threads.length}`;
    for (const w of threads) {
      w.on("message", (r: WorkerReply) => this.settle(r));
      w.on("error", (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      w.on("exit", (code) => {
        if (this.threads.length && code !== 0) this.fail(new Error(`worker engine: a worker exited with code ${code}`));
      });
      w.unref(); // only pending requests keep the process alive (see call)
    }
  }

  /** Start the workers, build the replicas (each inits its backend, model and optimizers). */
  static async start(cfg: GPTConfig, opts: WorkerEngineOptions): Promise<WorkerEngine> {
    const n = opts.workers ?? 2;
    if (!Number.isInteger(n) || n < 1) throw new Error(`worker engine: workers must be a positive integer, got ${n}`);
    const size = paramSpecs(cfg).reduce((p, s) => p + s.shape[0] * s.shape[1], 0);
    // this thread runs the same backend as the workers: the matmul peak (MFU) is measured here
    const backend = await initBackend(opts.backend, { quiet: true });
    const buffers = allocAllReduce(size, n);
    const threads = Array.from({ length: n }, () => spawnWorker());
    const engine = new WorkerEngine(threads, backend);
    try {
      await Promise.all(
        threads.map((_, rank) =>
          engine.call(rank, { type: "init", cfg, seed: opts.seed ?? 42, lrs: opts.lrs, backend, buffers, rank }),
        ),
      );
    } catch (err) {
      await engine.dispose();
      throw err;
    }
    return engine;
  }

  /** one worker's plain-matmul FLOP/s: measured on this thread's backend, the workers' */
  matmulPeakFlops(): Promise<number> {
    return measuredMatmulPeakFlops();
  }

  private settle(r: WorkerReply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (this.pending.size === 0) for (const w of this.threads) w.unref();
    if ("error" in r) p.reject(new Error(`worker engine: ${r.error}`));
    else p.resolve(r.value);
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private call(rank: number, body: Body<WorkerRequest>): Promise<unknown> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const w = this.threads[rank];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private slices(m: { idx: Int32Array; targets: Int32Array; B: number; T: number }, rank: number, scale: number): MicroSlice {
    const [a, b] = rowRange(m.B, rank, this.threads.length);
    return { idx: m.idx.slice(a * m.T, b * m.T), targets: m.targets.slice(a * m.T, b * m.T), B: b - a, T: m.T, scale };
  }

  async step(micro: MicroBatch[], lrm: number, momentum: number, gradClip = 0): Promise<StepResult> {
    if (micro.length === 0) throw new Error("engine.step: no micro-batches");
    for (const m of micro) {
      if (m.idx.length !== m.B * m.T || m.targets.length !== m.B * m.T) {
        throw new Error(`engine.step: micro-batch arrays have ${m.idx.length}/${m.targets.length} values, B·T = ${m.B * m.T}`);
      }
    }
    const scales = micro.map((m) => 1 / countTargets(m.targets));
    const replies = (await Promise.all(
      this.threads.map((_, rank) =>
        this.call(rank, { type: "step", micro: micro.map((m, i) => this.slices(m, rank, scales[i])), lrm, momentum, gradClip }),
      ),
    )) as StepReply[];
    this.lastTensorCounts = replies.map((r) => r.numTensors);
    const loss = replies.reduce((s, r) => s + r.lossPart, 0) / micro.length;
    return { loss, gradNorm: replies[0].gradNorm };
  }

  async evalLossPerToken(idx: Int32Array, targets: Int32Array, B: number, T: number): Promise<Float32Array> {
    const parts = (await Promise.all(
      this.threads.map((_, rank) => {
        const s = this.slices({ idx, targets, B, T }, rank, 1);
        return this.call(rank, { type: "eval", idx: s.idx, targets: s.targets, B: s.B, T });
      }),
    )) as Float32Array[];
    const out = new Float32Array(B * T);
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  async getState(): Promise<TrainState> {
    // weights from worker 0 (all hold the same); optimizer state merged: Muon buffers live in their owners
    const parts = (await Promise.all(this.threads.map((_, rank) => this.call(rank, { type: "getState", weights: rank === 0 })))) as TrainState[];
    const merged: TrainState["optimizer"] = new Map();
    for (const p of parts) for (const [k, v] of p.optimizer) if (!merged.has(k)) merged.set(k, v);
    // in LocalEngine's order: AdamW entries, then Muon buffers in parameter order
    const optimizer: TrainState["optimizer"] = new Map([...merged].filter(([k]) => !k.startsWith("muon.")));
    for (const name of parts[0].params.keys()) {
      const k = `muon.momentum_buffer.${name}`;
      const v = merged.get(k);
      if (v) optimizer.set(k, v);
    }
    if (optimizer.size !== merged.size) throw new Error(`worker engine: optimizer state has entries for unknown parameters`);
    return { params: parts[0].params, optimizer };
  }

  async setState(s: TrainState): Promise<void> {
    const state = { params: ownBuffers(s.params), optimizer: ownBuffers(s.optimizer) };
    await Promise.all(this.threads.map((_, rank) => this.call(rank, { type: "setState", state })));
  }

  async dispose(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(
      threads.map(async (w) => {
        await w.terminate();
      }),
    );
    this.pending.clear();
  }
}

/**
 * Arrays that own their buffers: postMessage clones a typed array's whole ArrayBuffer, and arrays read from a
 * safetensors file are views of the file's one buffer (lib/model/safetensors), so each is copied to its own.
 */
function ownBuffers(arrays: NamedArrays): NamedArrays {
  const out: NamedArrays = new Map();
  for (const [name, a] of arrays) out.set(name, a.data.byteLength === a.data.buffer.byteLength ? a : { shape: a.shape, data: a.data.slice() });
  return out;
}

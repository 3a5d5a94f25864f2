// The gradient average of the worker engine: every worker writes its flattened gradient into its own
// slot of one SharedArrayBuffer, waits at a barrier, then sums all slots in rank order. Every worker
// adds the same numbers in the same order, so all of them hold bit-identical sums, take identical
// optimizer steps and keep identical weights — deterministic, with no weights sent anywhere.

/** Shared memory for `workers` slots of `size` floats, the updated weights, and the barrier's two counters. */
export interface AllReduceBuffers {
  grads: SharedArrayBuffer;
  /** every parameter once: each Muon matrix is written by the worker that owns it (optimizer sharding) */
  weights: SharedArrayBuffer;
  control: SharedArrayBuffer;
  size: number;
  workers: number;
}

export function allocAllReduce(size: number, workers: number): AllReduceBuffers {
  return {
    grads: new SharedArrayBuffer(4 * size * workers),
    weights: new SharedArrayBuffer(4 * size),
    control: new SharedArrayBuffer(8),
    size,
    workers,
  };
}

/**
 * Which worker runs Muon for each matrix: Newton–Schulz costs ≈ rows·cols·min(rows, cols), so the
 * matrices go, largest first, to the least-loaded worker (ties: lowest rank). Deterministic.
 */
export function muonOwners(matrices: { name: string; shape: number[] }[], workers: number): Map<string, number> {
  const cost = (s: number[]) => s[0] * s[1] * Math.min(s[0], s[1]);
  const order = matrices.map((m, i) => ({ ...m, i })).sort((a, b) => cost(b.shape) - cost(a.shape) || a.i - b.i);
  const load = new Array<number>(workers).fill(0);
  const owners = new Map<string, number>();
  for (const m of order) {
    let best = 0;
    for (let r = 1; r < workers; r++) if (load[r] < load[best]) best = r;
    owners.set(m.name, best);
    load[best] += cost(m.shape);
  }
  return owners;
}

/** Slot `rank` of the gradient buffer (a view, no copy). */
export function slot(buf: AllReduceBuffers, rank: number): Float32Array {
  return new Float32Array(buf.grads, 4 * buf.size * rank, buf.size);
}

/**
 * Block until all `buf.workers` threads arrive (a generation-counting barrier on Atomics; worker
 * threads only: Atomics.wait is not allowed on Node's main thread while it serves the event loop).
 */
export function barrier(buf: AllReduceBuffers): void {
  const ctl = new Int32Array(buf.control);
  const gen = Atomics.load(ctl, 1);
  if (Atomics.add(ctl, 0, 1) === buf.workers - 1) {
    Atomics.store(ctl, 0, 0);
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
  } else {
    while (Atomics.load(ctl, 1) === gen) Atomics.wait(ctl, 1, gen);
  }
}

/** out[i] = Σ_rank slot_rank[i], summed in rank order (the same bits in every worker). */
export function sumSlots(buf: AllReduceBuffers, out: Float32Array = new Float32Array(buf.size)): Float32Array {
  out.set(slot(buf, 0));
  for (let r = 1; r < buf.workers; r++) {
    const s = slot(buf, r);
    for (let i = 0; i < buf.size; i++) out[i] += s[i];
  }
  return out;
}

/** Rows [start, end) of a batch of `B` rows that worker `rank` of `workers` takes (as even as possible). */
export function rowRange(B: number, rank: number, workers: number): [number, number] {
  return [Math.floor((rank * B) / workers), Math.floor(((rank + 1) * B) / workers)];
}

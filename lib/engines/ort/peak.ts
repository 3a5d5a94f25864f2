// The plain-matmul rate of ORT's kernels here (a 1024² MatMul session, inputs copied each run, as the
// engine feeds its weights): the denominator of the ORT engine's MFU. Measured once per thread count.
import { Graph } from "./graph";
import { createSession, runSession } from "./session";

const N = 1024;
const measured = new Map<number, Promise<number>>();

/** FLOP/s per thread of a 1024² float32 matmul on `threads` intra-op threads. */
export function ortMatmulPeakFlops(threads: number): Promise<number> {
  let p = measured.get(threads);
  if (!p) {
    p = (async () => {
      const g = new Graph("matmul_peak");
      g.output(g.op1("MatMul", [g.input("a", "float32", [N, N]), g.input("b", "float32", [N, N])]), "float32", [N, N], "y");
      const s = await createSession(g.toBytes(), g.name, { threads });
      const a = { data: new Float32Array(N * N).fill(0.5), dims: [N, N] };
      for (let i = 0; i < 2; i++) await runSession(s, { a, b: a });
      const runs = 5;
      const t0 = performance.now();
      for (let i = 0; i < runs; i++) await runSession(s, { a, b: a });
      const seconds = (performance.now() - t0) / 1000;
      await s.release();
      return (2 * N ** 3 * runs) / seconds / threads;
    })();
    measured.set(threads, p);
  }
  return p;
}

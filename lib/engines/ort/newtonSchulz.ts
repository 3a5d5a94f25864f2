// Muon's quintic Newton–Schulz iteration (nanochat v1 muon.py, lib/engines/tfjs/muon.ts) as one ONNX graph for
// every block matrix of a model: matrices of one shape are stacked [n, rows, cols] and iterate together
// as batched matmuls. Measured (2026-12-07, one thread, machine load ~19): one 256×256 iteration takes
// 9.6 s in plain TypeScript loops and 66 ms through this graph, so Newton–Schulz never runs in TS.
// Per matrix: transpose when rows > cols, X /= (‖X‖_F + 1e-7), then 5 × (A = XXᵀ; B = bA + cA²; X = aX + BX).
import { Graph } from "./graph";
import { NS_COEFFS, NS_STEPS } from "../optimizerSettings";

export interface NsGroup {
  rows: number;
  cols: number;
  /** how many matrices of this shape */
  count: number;
}

/** Input "g<i>" / output "x<i>" for group i, [count, rows, cols] each. */
export function buildNewtonSchulzGraph(groups: NsGroup[], steps = NS_STEPS): Graph {
  const g = new Graph(`newton_schulz_${groups.map((s) => `${s.count}x${s.rows}x${s.cols}`).join("_")}`);
  const [a, b, c] = NS_COEFFS;
  const ca = g.constF32([a], []);
  const cb = g.constF32([b], []);
  const cc = g.constF32([c], []);
  groups.forEach((s, i) => {
    const dims = [s.count, s.rows, s.cols];
    const tall = s.rows > s.cols;
    let X = g.input(`g${i}`, "float32", dims);
    if (tall) X = g.op1("Transpose", [X], { perm: [0, 2, 1] });
    const norm = g.op1("Sqrt", [g.op1("ReduceSumSquare", [X, g.constI64([1, 2])], { keepdims: 1 })]);
    X = g.op1("Div", [X, g.op1("Add", [norm, g.constF32([1e-7], [])])]);
    for (let k = 0; k < steps; k++) {
      const A = g.op1("MatMul", [X, g.op1("Transpose", [X], { perm: [0, 2, 1] })]);
      const B = g.op1("Add", [g.op1("Mul", [A, cb]), g.op1("Mul", [g.op1("MatMul", [A, A]), cc])]);
      X = g.op1("Add", [g.op1("Mul", [X, ca]), g.op1("MatMul", [B, X])]);
    }
    if (tall) X = g.op1("Transpose", [X], { perm: [0, 2, 1] });
    g.output(X, "float32", dims, `x${i}`);
  });
  return g;
}

import assert from "node:assert/strict";
import { test } from "node:test";
import { Graph } from "../../../lib/engines/ort/graph";
import { createSession, runSession } from "../../../lib/engines/ort/session";

test("a MatMul+Add graph runs in onnxruntime-node and equals a plain loop", async () => {
  const [M, K, N] = [3, 5, 4];
  const x = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i) * 0.7);
  const w = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i * 1.3));
  const b = Float32Array.from({ length: N }, (_, i) => i - 1.5);
  const g = new Graph("matmul_add");
  g.input("x", "float32", ["m", K]);
  g.initializer("w", "float32", [K, N], w);
  const y = g.op1("Add", [g.op1("MatMul", ["x", "w"]), g.constF32(b)]);
  const two = g.op1("Mul", [y, g.constF32([2], [])]);
  g.output(two, "float32", ["m", N], "y");
  const s = await createSession(g.toBytes(), g.name, { threads: 1 });
  const out = await runSession(s, { x: { data: x, dims: [M, K] } });
  assert.deepEqual(out.y.dims, [M, N]);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let acc = b[j];
      for (let k = 0; k < K; k++) acc += x[i * K + k] * w[k * N + j];
      assert.ok(Math.abs((out.y.data as Float32Array)[i * N + j] - 2 * acc) < 1e-5, `y[${i},${j}]`);
    }
  }
  await s.release();
});

test("int64 constants and INTS attributes encode (Reshape, Transpose)", async () => {
  const g = new Graph("reshape");
  g.input("x", "float32", [2, 3]);
  const r = g.op1("Reshape", ["x", g.constI64([3, 2])]);
  g.output(g.op1("Transpose", [r], { perm: [1, 0] }), "float32", [2, 3], "y");
  const s = await createSession(g.toBytes(), g.name, { threads: 1 });
  const out = await runSession(s, { x: { data: Float32Array.from([0, 1, 2, 3, 4, 5]), dims: [2, 3] } });
  assert.deepEqual(Array.from(out.y.data as Float32Array), [0, 2, 4, 1, 3, 5]);
  await s.release();
});

test("an unknown op fails with an error naming the graph and the node", async () => {
  const g = new Graph("bad");
  g.input("x", "float32", [2]);
  g.output(g.op1("NoSuchOp", ["x"]), "float32", [2], "y");
  await assert.rejects(createSession(g.toBytes(), g.name, { threads: 1 }), /graph "bad".*n0_NoSuchOp|n0_NoSuchOp.*graph "bad"/s);
});

test("the builder refuses a value nobody defines and a non-integer INT attribute", () => {
  const g = new Graph("refuse");
  assert.throws(() => g.op1("Relu", ["missing"]), /Relu reads "missing"/);
  g.input("x", "float32", [1]);
  assert.throws(() => g.op1("Softmax", ["x"], { axis: 0.5 }), /write \{f: 0.5\}/);
});

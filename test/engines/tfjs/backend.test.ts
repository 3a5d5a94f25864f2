// Backend choice: forced names, a clear error for unknown ones, idempotence, and the cached matmul peak.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { backendName, BACKEND_NAMES, initBackend, measuredMatmulPeakFlops } from "../../../lib/engines/tfjs/backend";
import { repoRoot } from "../../../lib/util/paths";

test("an unknown backend name is an error that lists the valid ones", async () => {
  await assert.rejects(initBackend("webgpu"), /unknown backend 'webgpu'; valid names: tfjs-node-gpu, wasm, cpu/);
});

test("forcing tfjs-node-gpu fails clearly when the optional dependency is absent", async (t) => {
  let installed = true;
  try {
    createRequire(path.join(repoRoot(), "package.json")).resolve("@tensorflow/tfjs-node-gpu");
  } catch {
    installed = false;
  }
  if (installed) return t.skip("@tensorflow/tfjs-node-gpu is installed here");
  await assert.rejects(initBackend("tfjs-node-gpu", { quiet: true }), /tfjs-node-gpu is not installed/);
});

test("forced names switch the backend; a call without a name keeps the running one", async () => {
  assert.equal(await initBackend("cpu", { quiet: true }), "cpu");
  assert.equal(tf.getBackend(), "cpu");
  assert.equal(backendName(), "cpu");
  assert.equal(await initBackend("wasm", { quiet: true }), "wasm");
  assert.equal(tf.getBackend(), "wasm");
  assert.equal(await initBackend(undefined, { quiet: true }), "wasm");
  assert.ok((BACKEND_NAMES as readonly string[]).includes(backendName()));
});

test("the matmul peak is a positive FLOP/s, measured once per backend", async () => {
  await initBackend("wasm", { quiet: true });
  const a = await measuredMatmulPeakFlops(128, 2);
  assert.ok(a > 1e6 && Number.isFinite(a), `peak ${a}`);
  assert.equal(await measuredMatmulPeakFlops(128, 2), a);
});

// Which TensorFlow.js backend runs the model: tfjs-node-gpu (optional dependency, when it installed)
// → wasm → cpu (issue 8, "Backend"). `initBackend(name)` forces one. On wasm our own kernels are
// registered first (kernels/): the gradient of gather, and fast transposed / batched matmuls.
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../../util/paths";
import { registerWasmKernels } from "./kernels";
import { statusLine } from "../../util/tslab";

import { BACKEND_NAMES, checkBackendName, type BackendChoice } from "../backendNames";

export { BACKEND_NAMES, type BackendChoice } from "../backendNames";

/** tfjs's own name for each of our choices (tfjs-node-gpu registers itself as "tensorflow"). */
const TFJS_NAME: Record<BackendChoice, string> = { "tfjs-node-gpu": "tensorflow", wasm: "wasm", cpu: "cpu" };

let current: BackendChoice | undefined;
let wasmPathsSet = false;

function repoRequire(): NodeRequire {
  return createRequire(path.join(repoRoot(), "package.json"));
}

/** Load @tensorflow/tfjs-node-gpu if it installed; false when it did not (it is optional). */
function loadNodeGpu(): boolean {
  try {
    repoRequire()("@tensorflow/tfjs-node-gpu");
    return tf.findBackend("tensorflow") != null;
  } catch {
    return false;
  }
}

/** Point the wasm backend at its .wasm files in node_modules (Node has no bundler to do it). */
function prepareWasm(): void {
  if (wasmPathsSet) return;
  const pkg = repoRequire().resolve("@tensorflow/tfjs-backend-wasm/package.json");
  setWasmPaths(path.join(path.dirname(pkg), "dist") + path.sep);
  wasmPathsSet = true;
}

async function trySet(choice: BackendChoice): Promise<boolean> {
  if (choice === "tfjs-node-gpu" && !loadNodeGpu()) return false;
  if (choice === "wasm") {
    prepareWasm();
    registerWasmKernels();
  }
  try {
    const ok = await tf.setBackend(TFJS_NAME[choice]);
    if (ok) await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

/**
 * Pick and initialise the backend: `name` forces one (an error when it cannot start), otherwise the
 * first that starts of tfjs-node-gpu → wasm → cpu. Idempotent: a second call with no name, or the same
 * name, keeps the running backend. Prints the choice once (`quiet` to skip). Returns our name for it.
 */
export async function initBackend(name?: string, opts: { quiet?: boolean } = {}): Promise<string> {
  const forced = name === undefined ? undefined : checkBackendName(name);
  if (current && (forced === undefined || forced === current) && tf.getBackend() === TFJS_NAME[current]) return current;
  const order: BackendChoice[] = forced ? [forced] : [...BACKEND_NAMES];
  for (const choice of order) {
    if (await trySet(choice)) {
      current = choice;
      if (!opts.quiet) statusLine(`tfjs backend: ${choice}${forced ? " (forced)" : ""}`);
      return choice;
    }
  }
  if (forced === "tfjs-node-gpu") {
    throw new Error(`--backend tfjs-node-gpu: @tensorflow/tfjs-node-gpu is not installed or failed to load (it is an optional dependency)`);
  }
  throw new Error(`--backend: could not start ${order.join(" or ")}`);
}

/** Our name of the running backend ("wasm", "cpu", "tfjs-node-gpu"), or tfjs's own name if set elsewhere. */
export function backendName(): string {
  const tfName = tf.getBackend();
  const ours = BACKEND_NAMES.find((b) => TFJS_NAME[b] === tfName);
  return ours ?? tfName;
}

const peakCache = new Map<string, number>();

/**
 * FLOP/s of a plain 2-D float32 matmul (n×n by n×n) on the running backend: the best of a few timed
 * runs after a warm-up, measured once per backend and cached. The yardstick for MFU.
 */
export async function measuredMatmulPeakFlops(size?: number, reps = 5): Promise<number> {
  // The plain-JS cpu backend (the tests' reference) runs a 512² matmul for seconds; a 128² one measures
  // the same scalar loop, and that backend's MFU is never the one reported for a real run.
  const n = size ?? (backendName() === "cpu" ? 128 : 512);
  const key = `${backendName()}:${n}`;
  const cached = peakCache.get(key);
  if (cached !== undefined) return cached;
  const a = tf.randomUniform([n, n], -1, 1, "float32", 1);
  const b = tf.randomUniform([n, n], -1, 1, "float32", 2);
  let best = Infinity;
  for (let i = 0; i <= reps; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    const s = (performance.now() - t0) / 1000;
    c.dispose();
    if (i > 0) best = Math.min(best, s); // the first run is the warm-up
  }
  a.dispose();
  b.dispose();
  const flops = (2 * n * n * n) / best;
  peakCache.set(key, flops);
  return flops;
}

// ORT sessions for the graphs built here: created once per key (a graph for one model and one kind of
// work), run with named typed arrays. Both ORT engines (inference and training) go through this file.
import * as ort from "onnxruntime-node";
import type { Graph, TensorData } from "./graph";

export interface SessionOptions {
  /** ORT intra-op threads (MLAS kernels); inter-op stays 1, the graphs are sequential. */
  threads: number;
  /**
   * Whether idle intra-op threads spin-wait for the next op (ORT's default: true). The training engine
   * turns it off: on 2 busy vCPUs a spinning thread takes the core from the other (measured: a cpu-tiny
   * step on 2 threads 4.2–5.4 s spinning, 2.9–3.0 s not, load ~19).
   */
  spin?: boolean;
}

/** A named tensor to feed or fetched: data and dims. */
export interface NamedTensor {
  data: TensorData;
  dims: number[];
}

const cache = new Map<string, Promise<ort.InferenceSession>>();

/** Creates an ORT session from model bytes, with a clear error naming the graph and ORT's reason (which names the node). */
export async function createSession(bytes: Uint8Array, graphName: string, opts: SessionOptions): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: opts.threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
      executionMode: "sequential",
      // onnxruntime-node passes `extra` on as session config entries (onnxruntime_session_options_config_keys.h)
      ...(opts.spin === false ? { extra: { session: { intra_op: { allow_spinning: "0" } } } } : {}),
    });
  } catch (e) {
    throw new Error(`onnxruntime could not load graph "${graphName}": ${(e as Error).message}`);
  }
}

/** The session for `key`, building its graph with `build` on first use; concurrent callers share one creation. */
export function cachedSession(key: string, build: () => Graph, opts: SessionOptions): Promise<ort.InferenceSession> {
  const k = `${key}|threads=${opts.threads}${opts.spin === false ? "|nospin" : ""}`;
  let s = cache.get(k);
  if (!s) {
    s = (async () => {
      const g = build();
      return createSession(g.toBytes(), g.name, opts);
    })();
    cache.set(k, s);
    s.catch(() => cache.delete(k));
  }
  return s;
}

function ortType(data: TensorData): "float32" | "int32" | "int64" {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Int32Array) return "int32";
  return "int64";
}

/** Runs a session on named typed arrays and returns the named outputs as typed arrays with dims. */
export async function runSession(
  session: ort.InferenceSession,
  feeds: Record<string, NamedTensor>,
  outputs?: string[],
): Promise<Record<string, NamedTensor>> {
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(ortType(t.data), t.data, t.dims);
  let res: ort.InferenceSession.ReturnType;
  try {
    res = outputs ? await session.run(ortFeeds, outputs) : await session.run(ortFeeds);
  } catch (e) {
    const shapes = Object.entries(feeds).map(([n, t]) => `${n}[${t.dims.join(",")}]`).join(" ");
    throw new Error(`onnxruntime run failed on inputs ${shapes}: ${(e as Error).message}`);
  }
  const out: Record<string, NamedTensor> = {};
  for (const [name, v] of Object.entries(res)) {
    out[name] = { data: v.data as TensorData, dims: v.dims.slice() };
  }
  return out;
}

// The model's weights by nanochat state_dict name, in state_dict order, and nanochat v1's init
// (reference §1a): Linear N(0, 1/√fan_in · min(1, √(fan_out/fan_in))), embedding N(0, 1),
// lm_head and both c_proj zeros. Linear weights are [out, in] as in torch.
import { type GPTConfig, headDim } from "./config";
import { type NamedArrays, sameShape, shapeSize } from "./namedArrays";
import { Rng } from "./rng";

export interface ParamSpec {
  name: string;
  shape: [number, number];
  kind: "embedding" | "linear";
  /** nanochat zeroes these after the normal init */
  zeroInit: boolean;
}

export function paramSpecs(c: GPTConfig): ParamSpec[] {
  const d = c.n_embd;
  const kv = c.n_kv_head * headDim(c);
  const specs: ParamSpec[] = [{ name: "transformer.wte.weight", shape: [c.vocab_size, d], kind: "embedding", zeroInit: false }];
  for (let i = 0; i < c.n_layer; i++) {
    const p = `transformer.h.${i}.`;
    specs.push(
      { name: p + "attn.c_q.weight", shape: [d, d], kind: "linear", zeroInit: false },
      { name: p + "attn.c_k.weight", shape: [kv, d], kind: "linear", zeroInit: false },
      { name: p + "attn.c_v.weight", shape: [kv, d], kind: "linear", zeroInit: false },
      { name: p + "attn.c_proj.weight", shape: [d, d], kind: "linear", zeroInit: true },
      { name: p + "mlp.c_fc.weight", shape: [4 * d, d], kind: "linear", zeroInit: false },
      { name: p + "mlp.c_proj.weight", shape: [d, 4 * d], kind: "linear", zeroInit: true },
    );
  }
  specs.push({ name: "lm_head.weight", shape: [c.vocab_size, d], kind: "linear", zeroInit: true });
  return specs;
}

/** nanochat's init std for a Linear weight [fan_out, fan_in]. */
export function linearInitStd(fanOut: number, fanIn: number): number {
  return (1 / Math.sqrt(fanIn)) * Math.min(1, Math.sqrt(fanOut / fanIn));
}

/** Initial weights, deterministic for a seed. */
export function initWeights(c: GPTConfig, seed: number): Map<string, Float32Array> {
  const rng = new Rng(seed);
  const out = new Map<string, Float32Array>();
  for (const s of paramSpecs(c)) {
    const n = s.shape[0] * s.shape[1];
    if (s.zeroInit) out.set(s.name, new Float32Array(n));
    else out.set(s.name, rng.normals(n, s.kind === "embedding" ? 1 : linearInitStd(s.shape[0], s.shape[1])));
  }
  return out;
}

/** Every parameter present with its shape, no unknown names; errors name the source and the tensor. */
export function checkWeights(cfg: GPTConfig, w: NamedArrays, source: string): void {
  const specs = paramSpecs(cfg);
  const known = new Set(specs.map((s) => s.name));
  for (const name of w.keys()) if (!known.has(name)) throw new Error(`${source}: unknown tensor '${name}' (not a parameter of this model)`);
  for (const s of specs) {
    const a = w.get(s.name);
    if (!a) throw new Error(`${source}: missing tensor '${s.name}' [${s.shape}]`);
    if (!sameShape(a.shape, s.shape)) throw new Error(`${source}: tensor '${s.name}' has shape [${a.shape}], the config needs [${s.shape}]`);
    if (a.data.length !== shapeSize(s.shape)) throw new Error(`${source}: tensor '${s.name}' has ${a.data.length} values, shape [${s.shape}] needs ${shapeSize(s.shape)}`);
  }
}

/** Parameters of the model (every tensor of paramSpecs). */
export function numParams(c: GPTConfig): number {
  return paramSpecs(c).reduce((n, s) => n + shapeSize(s.shape), 0);
}

/** nanochat's initialisation as named arrays with their shapes (what engines and model folders take). */
export function initNamedWeights(c: GPTConfig, seed: number): NamedArrays {
  const shapes = new Map(paramSpecs(c).map((s) => [s.name, s.shape]));
  const out: NamedArrays = new Map();
  for (const [name, data] of initWeights(c, seed)) out.set(name, { shape: shapes.get(name)!, data });
  return out;
}

// nanochat v1's optimizers (lib/engines/tfjs/optimizers.ts, adamw.ts, muon.ts; reference §2) on plain Float32Arrays
// for the ORT engine: AdamW for wte (embedding_lr) and lm_head (unembedding_lr), both × (n_embd/768)^-0.5,
// betas 0.8/0.95, eps 1e-10; Muon for every block matrix (Nesterov; Newton–Schulz through an ORT session,
// newtonSchulz.ts) with lr × max(1, rows/cols)^½. The elementwise parts are plain loops (a few ms per step).
// State names match the tfjs optimizers', so a checkpoint resumes on either engine.
import type * as ort from "onnxruntime-node";
import type { GPTConfig } from "../../model/config";
import type { NamedArrays } from "../../model/namedArrays";
import { paramSpecs, type ParamSpec } from "../../model/params";
import { NANOCHAT_ADAMW, type OptimizerLRs } from "../optimizerSettings";
import { buildNewtonSchulzGraph, type NsGroup } from "./newtonSchulz";
import { createSession, runSession } from "./session";

interface AdamSlot {
  m: Float32Array;
  v: Float32Array;
  step: number;
}

/** torch.optim.AdamW's arithmetic on one tensor, in place. */
export function adamwUpdate(p: Float32Array, g: Float32Array, s: AdamSlot, lr: number, wd: number): void {
  const [b1, b2] = NANOCHAT_ADAMW.betas;
  const eps = NANOCHAT_ADAMW.eps;
  s.step += 1;
  const stepSize = lr / (1 - Math.pow(b1, s.step));
  const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, s.step));
  const decay = 1 - lr * wd;
  const { m, v } = s;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
    const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
    p[i] = p[i] * decay - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
  }
}

interface MuonGroup extends NsGroup {
  names: string[];
}

export class OrtOptimizers {
  readonly dmodelLrScale: number;
  private readonly adamLr: Map<string, number>;
  private readonly specs: ParamSpec[];
  private readonly groups: MuonGroup[];
  private adam = new Map<string, AdamSlot>();
  private muon = new Map<string, Float32Array>();
  private ns: Promise<ort.InferenceSession> | null = null;

  constructor(
    cfg: GPTConfig,
    private readonly lrs: OptimizerLRs,
    private readonly threads: number,
  ) {
    this.dmodelLrScale = Math.pow(cfg.n_embd / 768, -0.5);
    this.adamLr = new Map([
      ["lm_head.weight", lrs.unembedding_lr * this.dmodelLrScale],
      ["transformer.wte.weight", lrs.embedding_lr * this.dmodelLrScale],
    ]);
    this.specs = paramSpecs(cfg);
    const byShape = new Map<string, MuonGroup>();
    for (const s of this.specs) {
      if (!s.name.startsWith("transformer.h.")) continue;
      const key = s.shape.join("x");
      const grp = byShape.get(key) ?? { rows: s.shape[0], cols: s.shape[1], count: 0, names: [] };
      grp.count++;
      grp.names.push(s.name);
      byShape.set(key, grp);
    }
    this.groups = [...byShape.values()];
  }

  private session(): Promise<ort.InferenceSession> {
    if (!this.ns) {
      const g = buildNewtonSchulzGraph(this.groups);
      this.ns = createSession(g.toBytes(), g.name, { threads: this.threads, spin: false });
    }
    return this.ns;
  }

  /** One step of both optimizers; params are updated in place, grads are read. */
  async step(params: Map<string, Float32Array>, grads: Map<string, Float32Array>, lrm: number, momentum: number): Promise<void> {
    const wd = this.lrs.weight_decay ?? 0;
    for (const [name, lr] of this.adamLr) {
      const p = params.get(name)!;
      let s = this.adam.get(name);
      if (!s) this.adam.set(name, (s = { m: new Float32Array(p.length), v: new Float32Array(p.length), step: 0 }));
      adamwUpdate(p, grads.get(name)!, s, lr * lrm, wd);
    }
    // Muon: momentum and Nesterov here, packed per shape group for the Newton–Schulz session
    const feeds: Record<string, { data: Float32Array; dims: number[] }> = {};
    this.groups.forEach((grp, gi) => {
      const n = grp.rows * grp.cols;
      const packed = new Float32Array(grp.count * n);
      grp.names.forEach((name, k) => {
        const g = grads.get(name)!;
        let buf = this.muon.get(name);
        if (!buf) this.muon.set(name, (buf = new Float32Array(n)));
        const u = packed.subarray(k * n, (k + 1) * n);
        for (let i = 0; i < n; i++) {
          const b = (buf[i] = buf[i] + (g[i] - buf[i]) * (1 - momentum));
          u[i] = g[i] + (b - g[i]) * momentum;
        }
      });
      feeds[`g${gi}`] = { data: packed, dims: [grp.count, grp.rows, grp.cols] };
    });
    const out = await runSession(await this.session(), feeds);
    const lr = this.lrs.matrix_lr * lrm;
    this.groups.forEach((grp, gi) => {
      const n = grp.rows * grp.cols;
      const X = out[`x${gi}`].data as Float32Array;
      const s = lr * Math.sqrt(Math.max(1, grp.rows / grp.cols));
      grp.names.forEach((name, k) => {
        const p = params.get(name)!;
        for (let i = 0, o = k * n; i < n; i++, o++) p[i] -= s * X[o];
      });
    });
  }

  /** adamw.m/v/step.<name> and muon.momentum_buffer.<name>, as the tfjs optimizers name them. */
  state(): NamedArrays {
    const out: NamedArrays = new Map();
    const shape = (name: string) => [...this.specs.find((s) => s.name === name)!.shape];
    for (const [name, s] of this.adam) {
      out.set(`adamw.m.${name}`, { shape: shape(name), data: s.m.slice() });
      out.set(`adamw.v.${name}`, { shape: shape(name), data: s.v.slice() });
      out.set(`adamw.step.${name}`, { shape: [1], data: Float32Array.of(s.step) });
    }
    for (const [name, b] of this.muon) out.set(`muon.momentum_buffer.${name}`, { shape: shape(name), data: b.slice() });
    return out;
  }

  loadState(st: NamedArrays, source = "optimizer state"): void {
    const size = new Map(this.specs.map((s) => [s.name, s.shape[0] * s.shape[1]]));
    const adam = new Map<string, AdamSlot>();
    const muon = new Map<string, Float32Array>();
    const check = (key: string, name: string, n: number) => {
      if (!size.has(name)) throw new Error(`${source}: '${key}' names unknown parameter '${name}'`);
      if (n !== size.get(name)) throw new Error(`${source}: ${key} has ${n} values, the parameter has ${size.get(name)}`);
    };
    for (const [key, a] of st) {
      if (key.startsWith("muon.momentum_buffer.")) {
        const name = key.slice("muon.momentum_buffer.".length);
        check(key, name, a.data.length);
        if (!name.startsWith("transformer.h.")) throw new Error(`${source}: '${key}': Muon has no state for '${name}'`);
        muon.set(name, a.data.slice());
      } else if (key.startsWith("adamw.")) {
        const m = /^adamw\.(m|v|step)\.(.+)$/.exec(key);
        if (!m) throw new Error(`${source}: unknown optimizer state entry '${key}'`);
        const name = m[2];
        if (!this.adamLr.has(name)) throw new Error(`${source}: '${key}': AdamW has no state for '${name}'`);
        if (adam.has(name)) continue;
        const mm = st.get(`adamw.m.${name}`);
        const vv = st.get(`adamw.v.${name}`);
        const step = st.get(`adamw.step.${name}`);
        if (!mm || !vv || !step) throw new Error(`${source}: AdamW state for '${name}' is incomplete (need m, v and step)`);
        check(`adamw.m.${name}`, name, mm.data.length);
        check(`adamw.v.${name}`, name, vv.data.length);
        adam.set(name, { m: mm.data.slice(), v: vv.data.slice(), step: step.data[0] });
      } else throw new Error(`${source}: unknown optimizer state entry '${key}'`);
    }
    this.adam = adam;
    this.muon = muon;
  }

  async dispose(): Promise<void> {
    if (this.ns) await (await this.ns).release();
    this.ns = null;
  }
}

// AdamW with torch.optim.AdamW's arithmetic (nanochat v1 uses it for wte and lm_head; reference §2):
// p ← p·(1 − lr·wd); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
// p ← p − (lr/(1−β1ᵗ)) · m / (√v/√(1−β2ᵗ) + eps).
import * as tf from "@tensorflow/tfjs";
import type { NamedArrays } from "../../model/namedArrays";
import { type AdamWOptions, NANOCHAT_ADAMW } from "../optimizerSettings";

export interface AdamWGroup {
  /** parameter names in this group */
  names: string[];
  /** the group's base learning rate (nanochat's initial_lr); each step uses lr × lrMultiplier */
  lr: number;
}

export { type AdamWOptions, NANOCHAT_ADAMW } from "../optimizerSettings";

interface Slot {
  m: tf.Variable;
  v: tf.Variable;
  step: number;
}

export class AdamW {
  private slots = new Map<string, Slot>();
  constructor(
    readonly groups: AdamWGroup[],
    readonly opts: AdamWOptions = NANOCHAT_ADAMW,
  ) {}

  /** One step over every parameter of every group; grads are read, not disposed. */
  step(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>, lrMultiplier: number): void {
    const [b1, b2] = this.opts.betas;
    for (const g of this.groups) {
      const lr = g.lr * lrMultiplier;
      for (const name of g.names) {
        const p = params.get(name);
        const grad = grads.get(name);
        if (!p) throw new Error(`AdamW: no parameter '${name}'`);
        if (!grad) throw new Error(`AdamW: no gradient for '${name}'`);
        let s = this.slots.get(name);
        if (!s) {
          s = { m: tf.tidy(() => tf.variable(tf.zerosLike(p), false)), v: tf.tidy(() => tf.variable(tf.zerosLike(p), false)), step: 0 };
          this.slots.set(name, s);
        }
        s.step += 1;
        const slot = s;
        const bc1 = 1 - Math.pow(b1, slot.step);
        const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, slot.step));
        tf.tidy(() => {
          const m = tf.add(tf.mul(slot.m, b1), tf.mul(grad, 1 - b1));
          const v = tf.add(tf.mul(slot.v, b2), tf.mul(tf.mul(grad, grad), 1 - b2));
          const decayed = this.opts.weightDecay !== 0 ? tf.mul(p, 1 - lr * this.opts.weightDecay) : p;
          const denom = tf.add(tf.div(tf.sqrt(v), bc2Sqrt), this.opts.eps);
          slot.m.assign(m);
          slot.v.assign(v);
          p.assign(tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1)));
        });
      }
    }
  }

  /** Moments and step counts as plain arrays: adamw.m.<name>, adamw.v.<name>, adamw.step.<name> ([1]). */
  state(): NamedArrays {
    const out: NamedArrays = new Map();
    for (const [name, s] of this.slots) {
      out.set(`adamw.m.${name}`, { shape: [...s.m.shape], data: Float32Array.from(s.m.dataSync()) });
      out.set(`adamw.v.${name}`, { shape: [...s.v.shape], data: Float32Array.from(s.v.dataSync()) });
      out.set(`adamw.step.${name}`, { shape: [1], data: Float32Array.of(s.step) });
    }
    return out;
  }

  loadState(st: NamedArrays, params: Map<string, tf.Variable>, source = "optimizer state"): void {
    this.dispose();
    for (const g of this.groups)
      for (const name of g.names) {
        const m = st.get(`adamw.m.${name}`);
        const v = st.get(`adamw.v.${name}`);
        const step = st.get(`adamw.step.${name}`);
        if (!m && !v && !step) continue; // never stepped
        if (!m || !v || !step) throw new Error(`${source}: AdamW state for '${name}' is incomplete (need m, v and step)`);
        const p = params.get(name);
        if (!p) throw new Error(`${source}: AdamW state names unknown parameter '${name}'`);
        for (const [k, a] of [["m", m], ["v", v]] as const)
          if (a.data.length !== p.size) throw new Error(`${source}: adamw.${k}.${name} has ${a.data.length} values, the parameter has ${p.size}`);
        this.slots.set(name, {
          m: tf.tidy(() => tf.variable(tf.tensor(m.data, p.shape, "float32"), false)),
          v: tf.tidy(() => tf.variable(tf.tensor(v.data, p.shape, "float32"), false)),
          step: step.data[0],
        });
      }
  }

  dispose(): void {
    for (const s of this.slots.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.slots.clear();
  }
}

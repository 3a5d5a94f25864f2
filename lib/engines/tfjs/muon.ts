// Muon, nanochat v1 (nanochat/muon.py; reference §2): buf ← lerp(buf, g, 1−μ); g ← lerp(g, buf, μ) (Nesterov);
// X = NewtonSchulz5(g); p ← p − lr·max(1, rows/cols)^½·X. Newton–Schulz runs in float32 here (the fixtures
// were made so; nanochat uses bf16 on GPU).
import * as tf from "@tensorflow/tfjs";
import type { NamedArrays } from "../../model/namedArrays";

import { NS_COEFFS, NS_STEPS } from "../optimizerSettings";

export { NS_COEFFS, NS_STEPS };

/**
 * The quintic Newton–Schulz iteration towards the nearest semi-orthogonal matrix:
 * transpose when rows > cols, X /= (‖X‖_F + 1e-7), then steps × (A = XXᵀ; B = bA + cA²; X = aX + BX).
 */
export function newtonSchulz5(G: tf.Tensor2D, steps: number = NS_STEPS): tf.Tensor2D {
  return tf.tidy(() => {
    const [a, b, c] = NS_COEFFS;
    const tall = G.shape[0] > G.shape[1];
    let X: tf.Tensor2D = tall ? tf.transpose(G) : G;
    X = tf.div(X, tf.add(tf.norm(X), 1e-7));
    for (let i = 0; i < steps; i++) {
      const A = tf.matMul(X, X, false, true);
      const B = tf.add(tf.mul(A, b), tf.mul(tf.matMul(A, A), c));
      X = tf.add(tf.mul(X, a), tf.matMul(B, X));
    }
    return tall ? tf.transpose(X) : X;
  });
}

export interface MuonOptions {
  /** base learning rate (matrix_lr); each step uses lr × lrMultiplier */
  lr: number;
  nesterov: boolean;
  nsSteps: number;
}

export class Muon {
  private buffers = new Map<string, tf.Variable>();
  constructor(
    readonly names: string[],
    readonly opts: MuonOptions,
  ) {}

  /** One step for every matrix; `momentum` is the scheduled μ (0.85 → 0.95 in base_train). Grads are read, not disposed. */
  step(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>, lrMultiplier: number, momentum: number): void {
    const lr = this.opts.lr * lrMultiplier;
    for (const name of this.names) {
      const p = params.get(name);
      const g = grads.get(name);
      if (!p) throw new Error(`Muon: no parameter '${name}'`);
      if (!g) throw new Error(`Muon: no gradient for '${name}'`);
      if (p.rank !== 2) throw new Error(`Muon: '${name}' is not a matrix (shape [${p.shape}])`);
      let buf = this.buffers.get(name);
      if (!buf) {
        buf = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
        this.buffers.set(name, buf);
      }
      const b = buf;
      const [rows, cols] = p.shape;
      const scale = Math.sqrt(Math.max(1, rows / cols));
      tf.tidy(() => {
        const nb = tf.add(b, tf.mul(tf.sub(g, b), 1 - momentum));
        b.assign(nb);
        const u = this.opts.nesterov ? tf.add(g, tf.mul(tf.sub(nb, g), momentum)) : nb;
        const X = newtonSchulz5(u as tf.Tensor2D, this.opts.nsSteps);
        p.assign(tf.sub(p, tf.mul(X, lr * scale)));
      });
    }
  }

  /** Momentum buffers as plain arrays: muon.momentum_buffer.<name>. */
  state(): NamedArrays {
    const out: NamedArrays = new Map();
    for (const [name, b] of this.buffers) out.set(`muon.momentum_buffer.${name}`, { shape: [...b.shape], data: Float32Array.from(b.dataSync()) });
    return out;
  }

  loadState(st: NamedArrays, params: Map<string, tf.Variable>, source = "optimizer state"): void {
    this.dispose();
    for (const name of this.names) {
      const a = st.get(`muon.momentum_buffer.${name}`);
      if (!a) continue; // never stepped
      const p = params.get(name);
      if (!p) throw new Error(`${source}: Muon state names unknown parameter '${name}'`);
      if (a.data.length !== p.size) throw new Error(`${source}: muon.momentum_buffer.${name} has ${a.data.length} values, the parameter has ${p.size}`);
      this.buffers.set(name, tf.tidy(() => tf.variable(tf.tensor(a.data, p.shape, "float32"), false)));
    }
  }

  dispose(): void {
    for (const b of this.buffers.values()) b.dispose();
    this.buffers.clear();
  }
}

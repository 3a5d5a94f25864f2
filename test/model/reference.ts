// A plain reference GPT for the tests: nanochat v1's forward written as loops in Float64 (no tfjs),
// the twin the tfjs model must agree with on any shape (several heads, fewer kv heads).
import type { GPTConfig } from "../../lib/model/config";

type W = Map<string, { data: ArrayLike<number> }>;

const EPS = 1.1920928955078125e-7;

function norm(x: Float64Array): Float64Array {
  let ms = 0;
  for (const v of x) ms += v * v;
  const r = 1 / Math.sqrt(ms / x.length + EPS);
  return x.map((v) => v * r);
}

/** y = W x for W [out, in] (torch Linear layout). */
function linear(w: ArrayLike<number>, out: number, x: Float64Array): Float64Array {
  const n = x.length;
  const y = new Float64Array(out);
  for (let o = 0; o < out; o++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[o * n + i] * x[i];
    y[o] = s;
  }
  return y;
}

function rotate(x: Float64Array, t: number, hd: number): Float64Array {
  const half = hd / 2;
  const y = new Float64Array(hd);
  for (let i = 0; i < half; i++) {
    const a = t / Math.pow(10000, (2 * i) / hd);
    const x1 = x[i];
    const x2 = x[half + i];
    y[i] = x1 * Math.cos(a) + x2 * Math.sin(a);
    y[half + i] = -x1 * Math.sin(a) + x2 * Math.cos(a);
  }
  return y;
}

/** Logits [B][T][V] (soft-capped) for token ids [B][T]. */
export function referenceLogits(c: GPTConfig, w: W, idx: number[][]): number[][][] {
  const d = c.n_embd;
  const hd = d / c.n_head;
  const rep = c.n_head / c.n_kv_head;
  const get = (n: string) => w.get(n)!.data;
  return idx.map((row) => {
    const T = row.length;
    let xs = row.map((tok) => norm(Float64Array.from({ length: d }, (_, i) => get("transformer.wte.weight")[tok * d + i])));
    for (let l = 0; l < c.n_layer; l++) {
      const p = `transformer.h.${l}.`;
      const hs = xs.map(norm);
      const q = hs.map((h) => linear(get(p + "attn.c_q.weight"), d, h));
      const k = hs.map((h) => linear(get(p + "attn.c_k.weight"), c.n_kv_head * hd, h));
      const v = hs.map((h) => linear(get(p + "attn.c_v.weight"), c.n_kv_head * hd, h));
      const head = (vec: Float64Array, hh: number) => vec.slice(hh * hd, (hh + 1) * hd);
      const ys = xs.map(() => new Float64Array(d));
      for (let hh = 0; hh < c.n_head; hh++) {
        const g = Math.floor(hh / rep);
        const qs = q.map((qt, t) => norm(rotate(head(qt, hh), t, hd)));
        const ks = k.map((kt, t) => norm(rotate(head(kt, g), t, hd)));
        for (let t = 0; t < T; t++) {
          const s = [];
          for (let j = 0; j <= t; j++) {
            let dot = 0;
            for (let i = 0; i < hd; i++) dot += qs[t][i] * ks[j][i];
            s.push(dot / Math.sqrt(hd));
          }
          const mx = Math.max(...s);
          const e = s.map((x) => Math.exp(x - mx));
          const z = e.reduce((a, b) => a + b, 0);
          for (let j = 0; j <= t; j++) for (let i = 0; i < hd; i++) ys[t][hh * hd + i] += (e[j] / z) * v[j][g * hd + i];
        }
      }
      xs = xs.map((x, t) => {
        const a = linear(get(p + "attn.c_proj.weight"), d, ys[t]);
        return x.map((xv, i) => xv + a[i]);
      });
      xs = xs.map((x) => {
        const f = linear(get(p + "mlp.c_fc.weight"), 4 * d, norm(x)).map((u) => (u > 0 ? u * u : 0));
        const m = linear(get(p + "mlp.c_proj.weight"), d, f);
        return x.map((xv, i) => xv + m[i]);
      });
    }
    return xs.map((x) => Array.from(linear(get("lm_head.weight"), c.vocab_size, norm(x)), (z) => 15 * Math.tanh(z / 15)));
  });
}

/** Per-token cross-entropy (0 where the target is −1) from reference logits. */
export function referenceLossPerToken(logits: number[][][], targets: number[][]): number[][] {
  return logits.map((row, b) =>
    row.map((z, t) => {
      const y = targets[b][t];
      if (y < 0) return 0;
      const mx = Math.max(...z);
      const lse = mx + Math.log(z.reduce((a, v) => a + Math.exp(v - mx), 0));
      return lse - z[y];
    }),
  );
}

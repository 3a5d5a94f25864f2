import path from "node:path";
import fs from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { runMode, showMarkdown, showPlot, showTable, CJK_FONT_FAMILY } from "../lib/report";
import { loadConfig } from "../lib/config";
import { readParquetRowGroups, listShardFiles } from "../lib/data";
import { trainBpe, type Tokenizer } from "../lib/tokenizer";
import { modelShape, paramCount, paramParts } from "../lib/sizing";
import { headDim, readModelFolder, rotaryTables, SOFTCAP, type GPTConfig, type RotaryTables } from "../lib/model";
import { applyRotary, causalMask, GPT, initBackend, mlp, rmsNorm, runParity } from "../lib/engines/tfjs";
import { engineLine, loadInferenceEngine, ortLoadError, prefill } from "../lib/engines";
import { runOrtParity } from "../lib/engines/ort/parity";
import { gptConfigFor, shapeOf } from "../lib/train";
import { outDir, sharedDataDir } from "../lib/util/paths";

const mode = runMode();
// ---------------- parameters: change these and re-run the notebook ----------------
// A change lasts where you make it: in Jupyter, in this notebook; outside Jupyter, in notebooks/06-model.ipynb or its
// source scripts/notebooks/06-model.nb.md (then `npx tsx scripts/notebooks/build.ts`). `npm start` writes executed
// copies to out/notebooks/, which the next run overwrites — edits there are lost.
const P = {
  config: "configs/cpu-tiny.yaml", //  the model shape (notebook 07 trains this config)
  seed: 42, //                         nanochat's initialisation, seeded
  prompt: "床前明月光，疑是地上霜。It is a truth universally acknowledged.",
  tokenizerChars: 400_000, //          characters of the training shards for the quick tokenizer used to cut the prompt
  layer: 0, //                         the layer and head whose attention is plotted
  head: 0,
  trainedModel: path.join(outDir(), "model"), // notebook 07's model, shown too when it exists
  fixture: path.resolve(sharedDataDir(), "..", "fixtures", "nanochat_v1_tiny.safetensors"),
};
// ------------------------------------------------------------------------------------
const backend = await initBackend();
const cfg = loadConfig(P.config);
const gcfg: GPTConfig = gptConfigFor(cfg);
const model = new GPT(gcfg, { seed: P.seed });
/** cos/sin of positions start…start+T−1 as [T, 1, head_dim/2] tensors (broadcast over batch and heads). */
const rotarySlice = (tab: RotaryTables, start: number, T: number) => ({
  cos: tf.tensor3d(tab.cos.subarray(start * tab.half, (start + T) * tab.half), [T, 1, tab.half]),
  sin: tf.tensor3d(tab.sin.subarray(start * tab.half, (start + T) * tab.half), [T, 1, tab.half]),
});
showMarkdown(
  `mode **${mode}** · backend **${backend}** · \`${P.config}\`: n_layer ${gcfg.n_layer}, n_embd ${gcfg.n_embd}, ` +
    `n_head ${gcfg.n_head} (head_dim ${headDim(gcfg)}), n_kv_head ${gcfg.n_kv_head}, vocab ${gcfg.vocab_size.toLocaleString("en-US")}, sequence_len ${gcfg.sequence_len}`,
);
const rows = model.paramTable();
showTable(
  rows.map((r) => ({ name: r.name, shape: `[${r.shape.join(", ")}]`, count: r.count, share: r.count / model.numParams() })),
  { name: "06-param-table", title: "model.paramTable()", columns: ["name", "shape", "count", { key: "share", digits: 3 }], maxRows: 40 },
);
const part = (re: RegExp) => rows.filter((r) => re.test(r.name)).reduce((s, r) => s + r.count, 0);
const fromModel: Record<string, number> = {
  "wte (token embedding)": part(/^transformer\.wte\./),
  "lm_head (untied)": part(/^lm_head\./),
  attention: part(/\.attn\./),
  MLP: part(/\.mlp\./),
  RMSNorm: 0,
  total: model.numParams(),
};
const sizing = paramParts(shapeOf(gcfg));
showTable(
  sizing.map((p) => ({ part: p.part, formula: p.formula, lib_sizing: p.count, model: fromModel[p.part], equal: fromModel[p.part] === p.count ? "✓" : "✗" })),
  { name: "06-param-parts", title: "The model's own count beside lib/sizing's formula 2·V·d + 12·L·d²" },
);
const allEqual = sizing.every((p) => fromModel[p.part] === p.count);
const d20 = modelShape(20);
const d20Count = paramCount(d20);
showMarkdown(
  `The model holds **${model.numParams().toLocaleString("en-US")}** parameters; lib/sizing's formula gives ` +
    `**${sizing[sizing.length - 1].count.toLocaleString("en-US")}** — ${allEqual ? "equal in every part" : "**they differ: a bug**"}. ` +
    `At this size the two vocabulary matrices hold ${(100 * (fromModel["wte (token embedding)"] + fromModel["lm_head (untied)"]) / model.numParams()).toFixed(1)}% of the weights; ` +
    `at nanochat's d20 (vocab ${d20.vocab_size.toLocaleString("en-US")}, n_embd ${d20.n_embd.toLocaleString("en-US")}) they hold ${((100 * (d20Count.wte + d20Count.lm_head)) / d20Count.total).toFixed(1)}%.`,
);
const shardDir = cfg.data.resolved_shards ?? path.resolve("data/pretrain");
// (tslab cells take top-level await but not a top-level for-await loop: the loop lives in a function)
async function firstTexts(file: string, maxChars: number): Promise<string[]> {
  const out: string[] = [];
  let chars = 0;
  for await (const group of readParquetRowGroups(file)) {
    for (const t of group) {
      out.push(t);
      chars += t.length;
    }
    if (chars >= maxChars) break;
  }
  return out;
}
const texts = await firstTexts(path.join(shardDir, listShardFiles(shardDir)[0]), P.tokenizerChars);
const quick = trainBpe(texts, { vocabSize: gcfg.vocab_size, pattern: cfg.tokenizer.pattern, specials: "nanochat", docCap: cfg.tokenizer.doc_cap, log: () => {} });
const tok: Tokenizer = quick.tokenizer;
const ids = [tok.specialId("<|bos|>"), ...tok.encodeOrdinary(P.prompt)];
/** A token as text, or as its bytes ⟨e7 96⟩ when it is a piece of a UTF-8 character (byte-level BPE). */
function tokenLabel(t: Tokenizer, id: number): string {
  const bytes = t.decodeBytes([id]);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/\s/g, "·");
  } catch {
    return "⟨" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ") + "⟩";
  }
}
const labels = ids.map((id, i) => `${i}:${tokenLabel(tok, id)}`);
showMarkdown(
  `Quick tokenizer: ${quick.stats.chars.toLocaleString("en-US")} characters, vocab ${tok.nVocab.toLocaleString("en-US")} (${quick.stats.seconds.toFixed(1)} s). ` +
    `The prompt is **${ids.length} tokens** (BOS first): ${labels.map((l) => "`" + l + "`").join(" ")}`,
);
const T = ids.length;
const C = gcfg.n_embd;
const H = gcfg.n_head;
const Hkv = gcfg.n_kv_head;
const hd = headDim(gcfg);
const W = (n: string) => model.params.get(n)! as unknown as tf.Tensor2D;
const trace: { step: string; tensor: string; shape: string }[] = [];
const rec = (step: string, tensor: string, t: tf.Tensor) => trace.push({ step, tensor, shape: `[${t.shape.join(", ")}]` });
const attnMaps: number[][][][] = []; // [layer][head][query][key]
const qkStats: { layer: number; q_norm_before: number; q_norm_after: number; max_abs_score: number }[] = [];
const idx = tf.tensor2d([ids], [1, T], "int32");
const manualLogits = tf.tidy(() => {
  const tab = rotaryTables(T, hd);
  const { cos, sin } = rotarySlice(tab, 0, T);
  const mask = causalMask(T, T);
  rec("input", "idx", idx);
  let x = tf.gather(W("transformer.wte.weight"), tf.reshape(idx, [T])) as tf.Tensor2D;
  rec("embedding", "wte[idx]", x);
  x = rmsNorm(x);
  rec("embedding", "x = norm(wte[idx])", x);
  for (let l = 0; l < gcfg.n_layer; l++) {
    const p = `transformer.h.${l}.`;
    const show = l === 0;
    const xn = rmsNorm(x);
    const q = tf.reshape(tf.matMul(xn, W(p + "attn.c_q.weight"), false, true), [1, T, H, hd]) as tf.Tensor4D;
    const k = tf.reshape(tf.matMul(xn, W(p + "attn.c_k.weight"), false, true), [1, T, Hkv, hd]) as tf.Tensor4D;
    const v = tf.reshape(tf.matMul(xn, W(p + "attn.c_v.weight"), false, true), [1, T, Hkv, hd]) as tf.Tensor4D;
    if (show) (rec(`block ${l} · attention`, "q = norm(x)·c_qᵀ → heads", q), rec(`block ${l} · attention`, "k, v (n_kv_head heads)", k));
    const qr = rmsNorm(applyRotary(q, cos, sin));
    const kr = rmsNorm(applyRotary(k, cos, sin));
    if (show) rec(`block ${l} · attention`, "rotary, then QK RMSNorm", qr);
    const rep = H / Hkv;
    const heads = (t: tf.Tensor4D) => {
      const th = tf.transpose(t, [0, 2, 1, 3]) as tf.Tensor4D; // [1, heads, T, hd]
      return rep === 1 || t.shape[2] === H ? th : (tf.reshape(tf.tile(tf.expandDims(th, 2), [1, 1, rep, 1, 1]), [1, H, T, hd]) as tf.Tensor4D);
    };
    const scores = tf.div(tf.matMul(heads(qr), heads(kr), false, true), Math.sqrt(hd));
    const att = tf.softmax(tf.add(scores, mask));
    if (show) (rec(`block ${l} · attention`, "scores = q·kᵀ/√hd + causal mask", scores), rec(`block ${l} · attention`, "softmax → attention weights", att));
    attnMaps.push(att.arraySync()[0] as number[][][]);
    const qNorm = (t: tf.Tensor) => tf.mean(tf.norm(t, "euclidean", -1)).dataSync()[0];
    qkStats.push({ layer: l, q_norm_before: qNorm(q), q_norm_after: qNorm(qr), max_abs_score: tf.max(tf.abs(scores)).dataSync()[0] });
    const y = tf.matMul(att, heads(v));
    const y2 = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [T, C]) as tf.Tensor2D;
    const a = tf.matMul(y2, W(p + "attn.c_proj.weight"), false, true) as tf.Tensor2D;
    if (show) (rec(`block ${l} · attention`, "att·v → merge heads", y2), rec(`block ${l} · attention`, "c_proj", a));
    x = tf.add(x, a) as tf.Tensor2D;
    const h = tf.square(tf.relu(tf.matMul(rmsNorm(x), W(p + "mlp.c_fc.weight"), false, true)));
    if (show) rec(`block ${l} · MLP`, "c_fc, ReLU² (4·n_embd wide)", h);
    x = tf.add(x, mlp(rmsNorm(x), W(p + "mlp.c_fc.weight"), W(p + "mlp.c_proj.weight"))) as tf.Tensor2D;
    rec(`block ${l}`, "x + attn(norm x) + mlp(norm x)", x);
  }
  x = rmsNorm(x);
  rec("head", "final norm", x);
  const logits = tf.mul(tf.tanh(tf.div(tf.matMul(x, W("lm_head.weight"), false, true), SOFTCAP)), SOFTCAP);
  rec("head", `lm_head, then ${SOFTCAP}·tanh(logits/${SOFTCAP})`, logits);
  return logits;
});
const modelLogits = model.forward(idx);
const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.reshape(modelLogits, [T, gcfg.vocab_size]), manualLogits))).dataSync()[0]);
// the same weights on the default engine (ORT when onnxruntime-node loads): its logits at every position
const native = await loadInferenceEngine({ config: gcfg, weights: model.getWeights() });
const nativeRun = await prefill(native, Int32Array.from(ids), T, "all");
nativeRun.cache.dispose();
const manualFlat = manualLogits.dataSync();
const nativeDiff = nativeRun.logits.reduce((m, v, i) => Math.max(m, Math.abs(v - manualFlat[i])), 0);
const nativeName = engineLine(native);
native.dispose();
showTable(trace, { name: "06-forward-shapes", title: `Shapes through one forward pass (B = 1, T = ${T}, C = ${C}, ${H} heads × ${hd})`, maxRows: 60 });
showMarkdown(
  `The hand walk and \`model.forward\` agree to **${diff.toExponential(2)}** (largest absolute difference of the ${(T * gcfg.vocab_size).toLocaleString("en-US")} logits)` +
    (diff < 1e-4 ? "." : " — **more than float32 rounding: they disagree**.") +
    ` The model itself multiplies [B·T, C] matrices (2-D matmuls, the fast path on CPU backends) where this walk keeps B = 1.` +
    ` The same weights on the default engine (${nativeName}) give logits within **${nativeDiff.toExponential(2)}** of the walk` +
    (nativeDiff < 1e-4 ? "." : " — **more than float32 rounding**."),
);
const tab = rotaryTables(gcfg.sequence_len, hd);
const pairs = Array.from({ length: tab.half }, (_, i) => i);
const theta = pairs.map((i) => Math.pow(10_000, (-2 * i) / hd));
await showPlot(
  {
    data: [{ x: pairs, y: theta.map((t) => (2 * Math.PI) / t), type: "scatter", mode: "lines+markers", name: "wavelength" }],
    layout: {
      title: { text: `旋转频率 · Tokens per full turn of each rotary pair (head_dim ${hd}, base 10,000)` },
      xaxis: { title: { text: "pair i (dimension i and i + head_dim/2)" } },
      yaxis: { title: { text: "tokens per turn = 2π/θᵢ" }, type: "log" },
      font: { family: CJK_FONT_FAMILY },
      width: 900,
      height: 420,
    },
  },
  { name: "06-rotary-wavelengths" },
);
const shown = [0, 4, 16, Math.min(tab.half - 1, 40)];
const positions = Array.from({ length: gcfg.sequence_len }, (_, t) => t);
await showPlot(
  {
    data: shown.map((i) => ({ x: positions, y: positions.map((t) => tab.cos[t * tab.half + i]), type: "scatter", mode: "lines", name: `pair ${i}` })),
    layout: {
      title: { text: "cos(t·θᵢ) along the context: the angle each pair is turned by at position t" },
      xaxis: { title: { text: "position t" } },
      yaxis: { title: { text: "cos(t·θᵢ)" } },
      font: { family: CJK_FONT_FAMILY },
      width: 900,
      height: 380,
    },
  },
  { name: "06-rotary-cos" },
);
// relative position: the same q and k vectors placed at different absolute positions
const relRows = tf.tidy(() => {
  const far = gcfg.sequence_len - 1;
  const big = rotaryTables(far + 1, hd);
  const qv = tf.randomNormal([1, 1, 1, hd], 0, 1, "float32", 1) as tf.Tensor4D;
  const kv = tf.randomNormal([1, 1, 1, hd], 0, 1, "float32", 2) as tf.Tensor4D;
  const at = (x: tf.Tensor4D, pos: number) => {
    const { cos, sin } = rotarySlice(big, pos, 1);
    return applyRotary(x, cos, sin);
  };
  const dot = (m: number, n: number) => tf.sum(tf.mul(at(qv, m), at(kv, n))).dataSync()[0];
  return [
    [5, 2],
    [105, 102],
    [far, far - 3],
    [5, 4],
    [far, far - 1],
    [5, 0],
  ].map(([m, n]) => ({ query_pos: m, key_pos: n, distance: m - n, "q·k": dot(m, n) }));
});
showTable(relRows, { name: "06-rotary-relative", title: "Rotated q·k for one pair of vectors at several positions: equal distance, equal score", columns: ["query_pos", "key_pos", "distance", { key: "q·k", digits: 5 }] });
showTable(qkStats, {
  name: "06-qk-norm",
  title: `QK-norm on the prompt: mean ‖q‖ per head before and after, and the largest |score| (bound √${hd} = ${Math.sqrt(hd).toFixed(2)})`,
  columns: ["layer", { key: "q_norm_before", digits: 3 }, { key: "q_norm_after", digits: 3 }, { key: "max_abs_score", digits: 3 }],
});
{
  // The sharpest softmax the bound allows: one key at +√hd, the other T − 1 at −√hd.
  const sharpest = (headDimension: number, keys: number) => {
    const gap = 2 * Math.sqrt(headDimension);
    return 1 / (1 + (keys - 1) * Math.exp(-gap));
  };
  const d20hd = modelShape(20).head_dim;
  const d20T = modelShape(20).max_seq_len;
  showMarkdown(
    `The bound is ±${Math.sqrt(hd).toFixed(1)} here (head_dim ${hd}) and ±${Math.sqrt(d20hd).toFixed(1)} at nanochat's d20 (head_dim ${d20hd}). ` +
      `Within it, one key at the top of the range against all others at the bottom takes a softmax weight of **1 − ${(1 - sharpest(hd, gcfg.sequence_len)).toExponential(1)}** ` +
      `over this model's ${gcfg.sequence_len} positions and **1 − ${(1 - sharpest(d20hd, d20T)).toExponential(1)}** over d20's ${d20T.toLocaleString("en-US")}: a near one-hot softmax is still possible. ` +
      `What QK-norm removes is unbounded growth of the scores (and with it attention-logit blow-up in training), not sharp attention.`,
  );
}
const heatmap = (maps: number[][][][], title: string, name: string) =>
  showPlot(
    {
      data: [{ z: maps[P.layer][P.head], x: labels, y: labels, type: "heatmap", colorscale: "Blues", zmin: 0, zmax: 1 }],
      layout: {
        title: { text: title },
        xaxis: { title: { text: "key (attended to)" }, tickangle: -60, automargin: true },
        yaxis: { title: { text: "query" }, autorange: "reversed", automargin: true },
        font: { family: CJK_FONT_FAMILY, size: 11 },
        width: 900,
        height: 820,
      },
    },
    { name },
  );
await heatmap(attnMaps, `注意力 · layer ${P.layer}, head ${P.head} at initialisation (seed ${P.seed})`, "06-attention-init");
const upper = attnMaps[P.layer][P.head].reduce((s, row, i) => s + row.slice(i + 1).reduce((a, b) => a + b, 0), 0);
const lastRow = attnMaps[P.layer][P.head][T - 1];
showMarkdown(
  `Weight above the diagonal (the future): **${upper.toExponential(1)}**. The last token's weights range from ${Math.min(...lastRow).toFixed(3)} ` +
    `to ${Math.max(...lastRow).toFixed(3)} (uniform would be ${(1 / T).toFixed(3)} each).`,
);
if (fs.existsSync(path.join(P.trainedModel, "config.json"))) {
  const loaded = readModelFolder(P.trainedModel); // plain arrays; this cell runs the layers itself
  const ttok = loaded.tokenizer;
  if (!ttok) {
    showMarkdown(`\`${P.trainedModel}\` has no tokenizer folder; skipped.`);
  } else {
    const tids = [ttok.specialId("<|bos|>"), ...ttok.encodeOrdinary(P.prompt)];
    const tl = tids.map((id, i) => `${i}:${tokenLabel(ttok, id)}`);
    const Tt = tids.length;
    const maps = tf.tidy(() => {
      const tg = loaded.config;
      const thd = headDim(tg);
      const { cos, sin } = rotarySlice(rotaryTables(Tt, thd), 0, Tt);
      const Wt = (n: string) => {
        const a = loaded.weights.get(n)!;
        return tf.tensor2d(a.data as Float32Array, a.shape as [number, number]);
      };
      let x = rmsNorm(tf.gather(Wt("transformer.wte.weight"), tf.tensor1d(tids, "int32"))) as tf.Tensor2D;
      const out: number[][][][] = [];
      for (let l = 0; l <= P.layer; l++) {
        const p = `transformer.h.${l}.`;
        const xn = rmsNorm(x);
        const q = rmsNorm(applyRotary(tf.reshape(tf.matMul(xn, Wt(p + "attn.c_q.weight"), false, true), [1, Tt, tg.n_head, thd]) as tf.Tensor4D, cos, sin));
        const k = rmsNorm(applyRotary(tf.reshape(tf.matMul(xn, Wt(p + "attn.c_k.weight"), false, true), [1, Tt, tg.n_kv_head, thd]) as tf.Tensor4D, cos, sin));
        const v = tf.reshape(tf.matMul(xn, Wt(p + "attn.c_v.weight"), false, true), [1, Tt, tg.n_kv_head, thd]);
        const rep = tg.n_head / tg.n_kv_head;
        const heads = (t: tf.Tensor) => {
          const th = tf.transpose(t, [0, 2, 1, 3]) as tf.Tensor4D;
          return rep === 1 ? th : tf.reshape(tf.tile(tf.expandDims(th, 2), [1, 1, rep, 1, 1]), [1, tg.n_head, Tt, thd]);
        };
        const att = tf.softmax(tf.add(tf.div(tf.matMul(heads(q), heads(k), false, true), Math.sqrt(thd)), causalMask(Tt, Tt)));
        out.push(att.arraySync()[0] as number[][][]);
        const y = tf.reshape(tf.transpose(tf.matMul(att, heads(v)), [0, 2, 1, 3]), [Tt, tg.n_embd]) as tf.Tensor2D;
        x = tf.add(x, tf.matMul(y, Wt(p + "attn.c_proj.weight"), false, true)) as tf.Tensor2D;
        x = tf.add(x, mlp(rmsNorm(x), Wt(p + "mlp.c_fc.weight"), Wt(p + "mlp.c_proj.weight"))) as tf.Tensor2D;
      }
      return out;
    });
    await showPlot(
      {
        data: [{ z: maps[P.layer][P.head], x: tl, y: tl, type: "heatmap", colorscale: "Blues", zmin: 0, zmax: 1 }],
        layout: {
          title: { text: `注意力 · layer ${P.layer}, head ${P.head} of the trained model (${P.trainedModel})` },
          xaxis: { title: { text: "key (attended to)" }, tickangle: -60, automargin: true },
          yaxis: { title: { text: "query" }, autorange: "reversed", automargin: true },
          font: { family: CJK_FONT_FAMILY, size: 11 },
          width: 900,
          height: 820,
        },
      },
      { name: "06-attention-trained" },
    );
    const diagShare = maps[P.layer][P.head].reduce((s, row, i) => s + row[i] + (i > 0 ? row[i - 1] : 0), 0) / Tt;
    showMarkdown(`In the trained model, this head puts on average **${(100 * diagShare).toFixed(0)}%** of each row's weight on the token itself and the one before (uniform over the past would give ${((100 * [...Array(Tt)].reduce((s, _, i) => s + Math.min(2, i + 1) / (i + 1), 0)) / Tt).toFixed(0)}%).`);
  }
} else {
  showMarkdown(
    `No trained model at \`${path.relative(process.cwd(), P.trainedModel)}\` yet — \`npm start\` runs this notebook before 07 trains it. ` +
      `After notebook 07 has run, re-run this cell (in Jupyter) or this notebook (\`npm start -- 06\`, which writes \`${path.relative(process.cwd(), path.join(outDir("notebooks"), "06-model.ipynb"))}\` again) ` +
      `to see the trained model's attention here beside the initialisation.`,
  );
}
if (fs.existsSync(P.fixture)) {
  const runs = [{ engine: "tfjs", r: runParity(P.fixture) }];
  const ortWhy = await ortLoadError();
  if (ortWhy === null) runs.push({ engine: "ort", r: await runOrtParity(P.fixture) });
  const tol = runs[0].r.tolerances;
  const e = (x: number) => x.toExponential(2);
  type R = (typeof runs)[number]["r"];
  const rows: { check: string; value: (r: R) => string; tolerance: string; ok: (r: R) => boolean }[] = [
    { check: "logits, max |Δ|", value: (r) => e(r.logits_max_abs_err), tolerance: `≤ ${tol.logits}`, ok: (r) => r.logits_max_abs_err <= tol.logits },
    { check: "mean loss, |Δ|", value: (r) => e(r.loss_abs_err), tolerance: `≤ ${tol.loss}`, ok: (r) => r.loss_abs_err <= tol.loss },
    { check: "per-token loss (targets −1 ignored), max |Δ|", value: (r) => e(r.loss_per_token_max_abs_err), tolerance: `≤ ${tol.loss}`, ok: (r) => r.loss_per_token_max_abs_err <= tol.loss },
    { check: "gradients, max |Δ| / max |g|", value: (r) => `${e(r.grad_max_rel_err)} (${r.grad_worst_tensor})`, tolerance: `≤ ${tol.grad_rel}`, ok: (r) => r.grad_max_rel_err <= tol.grad_rel },
    { check: "weights after optimizer step 1, max |Δ|", value: (r) => e(r.step1_max_abs_err), tolerance: `≤ ${tol.step}`, ok: (r) => r.step1_max_abs_err <= tol.step },
    { check: "weights after optimizer step 2, max |Δ|", value: (r) => e(r.step2_max_abs_err), tolerance: `≤ ${tol.step}`, ok: (r) => r.step2_max_abs_err <= tol.step },
    { check: "greedy tokens through the KV cache", value: (r) => r.greedy.join(" "), tolerance: runs[0].r.expected_greedy.join(" "), ok: (r) => r.greedy_match },
    { check: "greedy tokens recomputing the prefix", value: (r) => String(r.greedy_nocache_match), tolerance: "true", ok: (r) => r.greedy_nocache_match },
  ];
  showTable(
    rows.map((c) => ({ check: c.check, ...Object.fromEntries(runs.map(({ engine, r }) => [engine, `${c.value(r)} ${c.ok(r) ? "✓" : "✗"}`])), tolerance: c.tolerance })),
    { name: "06-parity", title: `Parity against ${path.basename(P.fixture)} (vocab ${runs[0].r.config.vocab_size}, ${runs[0].r.config.n_layer} layers, n_embd ${runs[0].r.config.n_embd}); tfjs on ${runs[0].r.backend}${ortWhy === null ? ", ORT on onnxruntime-node" : `; ORT not run: ${ortWhy}`}` },
  );
  const failed = runs.filter(({ r }) => !r.ok);
  showMarkdown(
    failed.length === 0
      ? `**Every check is within tolerance on ${runs.map((x) => x.engine).join(" and ")}**: the forward pass, the loss, the gradients (autodiff on tfjs, the hand-derived backward pass on ORT), both optimizers and generation equal nanochat's to float32 rounding.`
      : failed.map(({ engine, r }) => `**${engine}: outside tolerance**: ${r.failures.join("; ")}`).join("\n\n"),
  );
} else {
  showMarkdown(`The parity fixture is not here (\`${P.fixture}\`): it ships with the project's shared data, not with the repository. Skipped.`);
}
export {};

// Issue 15 items 4 and 6 at the model-folder loader every command goes through (sample, chat, eval, sft,
// parity): a tokenizer whose size differs from the model's vocab_size, and weights that are not finite,
// are refused at load naming both sizes and files / the tensor; logits that are not finite are named as
// such while generating, not as "token id -1 is out of range".
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig, saveWeights, sampleToken, Rng } from "../../lib/model";
import { GPT, generate, loadModel, saveModel } from "../../lib/engines/tfjs";
import { readModelFolder } from "../../lib/model/io";
import { evaluate } from "../../lib/eval";
import { bundledDataDir } from "../../lib/util/paths";
import { smallTokenizer } from "../export/smallTokenizer";

await tf.setBackend("cpu");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-loadchecks-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const cfg = (vocab: number): GPTConfig => ({ sequence_len: 32, vocab_size: vocab, n_layer: 1, n_head: 2, n_kv_head: 2, n_embd: 16 });
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

test("a model folder whose tokenizer has fewer tokens than vocab_size is refused at load (both sizes, both files)", async () => {
  const dir = path.join(tmp, "small-tok");
  const m = new GPT(cfg(4096), { seed: 1 });
  saveModel(dir, m, { tokenizer: smallTokenizer() });
  m.dispose();
  const want = new RegExp(`${esc(path.join(dir, "tokenizer"))}: tokenizer has 600 tokens but ${esc(path.join(dir, "config.json"))} vocab_size is 4,096; a model folder needs the tokenizer it was trained with`);
  assert.throws(() => readModelFolder(dir), want);
  assert.throws(() => loadModel(dir), want);
  // eval used to score it as 0.0% and exit 0
  await assert.rejects(
    evaluate({ benchmark: "ceval", dataDir: path.join(bundledDataDir(), "ceval-practice"), split: "val", shots: 0, style: "official", modelDir: dir, backend: "cpu", limitPerSubject: 1, log: () => {} }),
    want,
  );
  // the matching pair loads
  const ok = path.join(tmp, "same-size");
  const m2 = new GPT(cfg(smallTokenizer().nVocab), { seed: 1 });
  saveModel(ok, m2, { tokenizer: smallTokenizer() });
  m2.dispose();
  loadModel(ok).model.dispose();
});

test("a NaN in a weight is refused at load, naming the file and the tensor", () => {
  const dir = path.join(tmp, "nan");
  const m = new GPT(cfg(64), { seed: 1 });
  const w = m.getWeights();
  m.dispose();
  w.get("transformer.h.0.mlp.c_fc.weight")!.data[5] = NaN;
  saveWeights(dir, cfg(64), w);
  assert.throws(() => loadModel(dir), new RegExp(`${esc(path.join(dir, "model.safetensors"))}: tensor 'transformer\\.h\\.0\\.mlp\\.c_fc\\.weight' is not finite \\(element 5 of \\d+ is NaN\\)`));
});

test("logits that are not finite stop generation with a message saying so (not 'token id -1 is out of range')", () => {
  const m = new GPT(cfg(64), { seed: 1 });
  const w = m.getWeights();
  w.get("lm_head.weight")!.data.fill(NaN);
  m.setWeights(w);
  try {
    for (const temperature of [0, 1])
      assert.throws(() => [...generate(m, [1, 2, 3], { maxTokens: 2, temperature })], /^Error: generate: token 1 \(after a 3-token prompt\): the logits are not finite \(logit 0 of 64 is NaN\)/);
  } finally {
    m.dispose();
  }
  assert.throws(() => sampleToken([0.5, Infinity, 1], 0, undefined, new Rng(1)), /sampling: the logits are not finite \(logit 1 of 3 is Infinity\)/);
});

// Issue 15 items 5 and 6 for `eval`: a results file records the weights it scored (size, mtime, SHA-256) and
// --resume refuses when the model folder's weights changed since (it used to mix old and new scores); a
// C-EVAL CSV holding only its header is refused, naming the file (it used to score "0 questions", exit 0).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { evaluate, type EvaluateOptions } from "../../lib/eval";
import { type GPTConfig } from "../../lib/model";
import { GPT, saveModel } from "../../lib/engines/tfjs";
import { bundledDataDir } from "../../lib/util/paths";
import { smallTokenizer } from "../export/smallTokenizer";

await tf.setBackend("cpu");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-eval-weights-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const practice = path.join(bundledDataDir(), "ceval-practice");
const cfg: GPTConfig = { sequence_len: 256, vocab_size: smallTokenizer().nVocab, n_layer: 1, n_head: 2, n_kv_head: 2, n_embd: 16 };

function saveRandomModel(dir: string, seed: number): void {
  const m = new GPT(cfg, { seed });
  saveModel(dir, m, { tokenizer: smallTokenizer() });
  m.dispose();
}

const modelDir = path.join(tmp, "model");
const file = path.join(tmp, "q.jsonl");
const run = (over: Partial<EvaluateOptions> = {}): Promise<unknown> =>
  evaluate({ benchmark: "ceval", dataDir: practice, split: "val", shots: 0, style: "official", modelDir, backend: "cpu", limitPerSubject: 2, resultsFile: file, log: () => {}, ...over });

test("eval --resume refuses a results file scored on other weights at the same --model path", async () => {
  saveRandomModel(modelDir, 1);
  await run({ subjects: ["high_school_physics"] });
  const head = JSON.parse(fs.readFileSync(file, "utf8").split("\n")[0]);
  assert.equal(head.weights.file, path.join(modelDir, "model.safetensors"));
  assert.equal(head.weights.bytes, fs.statSync(head.weights.file).size);
  assert.match(head.weights.sha256, /^[0-9a-f]{64}$/);
  // the same weights: resume continues
  await run({ resume: true });
  // other weights saved at the same path
  saveRandomModel(modelDir, 2);
  await assert.rejects(
    run({ resume: true }),
    /q\.jsonl:1: the weights at .*model\.safetensors changed since these results were scored \((modified .* → .*, )?SHA-256 [0-9a-f]{12}… → [0-9a-f]{12}…\); mixing their scores would be wrong — run without --resume to score every subject again on these weights, or give another results file/,
  );
  // a results file from before weights were recorded cannot be checked: refused too
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const old = JSON.parse(lines[0]);
  delete old.weights;
  fs.writeFileSync(file, [JSON.stringify(old), ...lines.slice(1)].join("\n"));
  await assert.rejects(run({ resume: true }), /q\.jsonl:1: holds no record of the weights it scored/);
  // without --resume the file starts over on the new weights
  await run();
});

test("a C-EVAL CSV holding only its header is refused, naming the file", async () => {
  const data = path.join(tmp, "ceval");
  fs.cpSync(practice, data, { recursive: true });
  const csv = path.join(data, "val", "high_school_physics_val.csv");
  fs.writeFileSync(csv, fs.readFileSync(csv, "utf8").split("\n")[0] + "\n");
  await assert.rejects(
    run({ dataDir: data, resultsFile: undefined, subjects: ["high_school_physics"] }),
    new RegExp(`${csv.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: a header row and no questions \\(subject 'high_school_physics', val split\\)`),
  );
});

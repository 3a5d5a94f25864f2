import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { evaluate, readResultsFile, type EvaluateOptions } from "../../lib/eval";
import { type GPTConfig, Rng } from "../../lib/model";
import { GPT, saveModel } from "../../lib/engines/tfjs";
import { practiceTokenizer } from "../helpers/practiceTokenizer";
import { bundledDataDir } from "../../lib/util/paths";

await tf.setBackend("cpu");

const practice = path.join(bundledDataDir(), "ceval-practice");
const tok = practiceTokenizer();
const cfg: GPTConfig = { sequence_len: 600, vocab_size: tok.nVocab, n_layer: 2, n_head: 2, n_kv_head: 2, n_embd: 32 };
const model = new GPT(cfg, { seed: 3 });
{
  const rng = new Rng(4);
  const w = model.getWeights();
  for (const a of w.values()) a.data = rng.normals(a.data.length, 0.3);
  model.setWeights(w);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-eval-run-"));
const quiet = () => {};
const base: EvaluateOptions = { benchmark: "ceval", dataDir: practice, split: "val", shots: 0, style: "official", model: { source: { model }, tok, name: "tiny" }, log: quiet };

test("evaluate: every practice question scored, prefix scorer = full scorer, results consistent", async () => {
  const fast = await evaluate(base);
  const full = await evaluate({ ...base, scorer: "full" });
  assert.equal(fast.result.n, 20);
  assert.equal(fast.questions.length, 20);
  assert.deepEqual(fast.result.per_subject.map((r) => r.subject), ["college_programming", "high_school_physics", "high_school_chinese"]);
  fast.questions.forEach((q, i) => {
    assert.equal(q.pred, full.questions[i].pred);
    q.ll.forEach((x, c) => assert.ok(Math.abs(x - full.questions[i].ll[c]) < 1e-4));
    assert.equal(q.correct, q.pred === q.gold);
    assert.equal(q.shotsUsed, 0);
  });
  const correct = fast.questions.filter((q) => q.correct).length;
  assert.equal(fast.result.accuracy, correct / 20);
  assert.equal(fast.result.random_baseline, 0.25);
  assert.ok(fast.result.questions_per_s! > 0);
  // small mode and a subject filter
  const small = await evaluate({ ...base, subjects: ["high_school_physics"], limitPerSubject: 2 });
  assert.equal(small.result.n, 2);
  assert.deepEqual(small.questions.map((q) => q.id), ["0", "1"]);
});

test("evaluate 5-shot: shots used, and a subject without dev exemplars is a clear error", async () => {
  const five = await evaluate({ ...base, shots: 5, limitPerSubject: 2 });
  assert.equal(five.result.n, 6);
  assert.ok(five.questions.every((q) => q.shotsUsed === 5), "600 tokens hold these 5-shot prompts");
  assert.equal(five.result.fewer_shots, 0);
  const short = await evaluate({ ...base, shots: 5, limitPerSubject: 2, contextTokens: 480 });
  assert.ok(short.result.fewer_shots > 0, "a shorter context drops shots and the result counts them");
  const dir = path.join(tmp, "nodev");
  fs.cpSync(practice, dir, { recursive: true });
  fs.rmSync(path.join(dir, "dev", "high_school_physics_dev.csv"));
  await assert.rejects(evaluate({ ...base, dataDir: dir, shots: 5 }), /subject 'high_school_physics': 5-shot needs dev exemplars, .*high_school_physics_dev\.csv not found/);
  await assert.rejects(evaluate({ ...base, split: "dev", shots: 5 }), /score the exemplars themselves/);
});

test("a run that dies keeps complete subjects; resume scores only the rest and ends like an unbroken run", async () => {
  const file = path.join(tmp, "q.jsonl");
  const whole = await evaluate({ ...base, resultsFile: file });
  const lines = fs.readFileSync(file, "utf8").split("\n");
  assert.equal(lines.length - 1, 1 + 20 + 3, "header, 20 questions, 3 subject markers");
  // the crash: the first subject complete, the second half written and a torn line
  const firstDone = lines.findIndex((l) => l.includes('"subject_done"'));
  const torn = lines.slice(0, firstDone + 1).join("\n") + "\n" + lines.slice(firstDone + 1, firstDone + 4).join("\n") + "\n" + lines[firstDone + 4].slice(0, 20);
  // mark the kept subject's stored results so we can see they were not scored again
  const origLl = JSON.stringify(whole.questions[0].ll);
  const tampered = torn.replace(`"ll":${origLl}`, `"ll":[1,2,3,4]`);
  assert.notEqual(tampered, torn);
  fs.writeFileSync(file, tampered);
  const logs: string[] = [];
  const resumed = await evaluate({ ...base, resultsFile: file, resume: true, log: (l) => logs.push(l) });
  assert.ok(logs.some((l) => /resuming .*1 subjects \(7 questions\) already scored/.test(l)), logs.join("\n"));
  assert.ok(logs.some((l) => /13\/13 questions/.test(l)), "progress counts only the questions left");
  assert.deepEqual(resumed.questions[0].ll, [1, 2, 3, 4], "the first subject came from the file");
  assert.deepEqual(resumed.questions.slice(7), whole.questions.slice(7));
  assert.equal(resumed.result.n, 20);
  // the file now holds every subject once, complete
  assert.deepEqual([...readResultsFile(file, { benchmark: "ceval", split: "val", shots: 0, style: "official", model: "tiny", limit_per_subject: null }).keys()].sort(), [
    "college_programming",
    "high_school_chinese",
    "high_school_physics",
  ]);
  // a different run refuses the file
  await assert.rejects(evaluate({ ...base, shots: 5, resultsFile: file, resume: true }), /q\.jsonl:1: written by a different run: shots 0, this run has 5/);
  await assert.rejects(evaluate({ ...base, style: "lm-eval", resultsFile: file, resume: true }), /style "official", this run has "lm-eval"/);
  // without resume the file starts over
  await evaluate({ ...base, subjects: ["high_school_physics"], limitPerSubject: 1, resultsFile: file });
  assert.equal(fs.readFileSync(file, "utf8").trim().split("\n").length, 3);
});

test("evaluate from a model folder; a folder without a tokenizer is a clear error", async () => {
  const withTok = path.join(tmp, "m1");
  const noTok = path.join(tmp, "m2");
  saveModel(withTok, model, { tokenizer: tok });
  saveModel(noTok, model);
  const { model: _m, ...rest } = base;
  const r = await evaluate({ ...rest, modelDir: withTok, backend: "cpu", limitPerSubject: 2 });
  const same = await evaluate({ ...base, limitPerSubject: 2 });
  assert.equal(r.result.model, path.resolve(withTok));
  assert.deepEqual(r.questions.map((q) => q.pred), same.questions.map((q) => q.pred));
  await assert.rejects(evaluate({ ...rest, modelDir: noTok, backend: "cpu" }), new RegExp(`${noTok.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the model folder has no tokenizer/`));
});

test.after(() => {
  model.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

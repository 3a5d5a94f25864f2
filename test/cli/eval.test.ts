// nanozh eval, spawned as a user runs it, on a tiny random model and the bundled C-EVAL practice set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { GPT, saveModel } from "../../lib/engines/tfjs";
import { practiceTokenizer } from "../helpers/practiceTokenizer";
import { repoRoot } from "../../lib/util/paths";

function nanozh(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

await tf.setBackend("cpu");

const practice = path.join(repoRoot(), "data", "ceval-practice");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-eval-cli-"));
const modelDir = path.join(tmp, "model");
const bare = path.join(tmp, "bare");
{
  const tok = practiceTokenizer();
  const m = new GPT({ sequence_len: 512, vocab_size: tok.nVocab, n_layer: 1, n_head: 2, n_kv_head: 2, n_embd: 32 }, { seed: 5 });
  saveModel(modelDir, m, { tokenizer: tok });
  saveModel(bare, m);
  m.dispose();
}

test("eval ceval --json: the fields the issue asks for, over every practice question", () => {
  const r = nanozh("eval", "ceval", "--model", modelDir, "--data", practice, "--shots", "5", "--backend", "cpu", "--json");
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  for (const k of ["n", "accuracy", "macro_accuracy", "per_category", "per_subject", "ci95", "random_baseline", "fewer_shots"]) assert.ok(k in o, k);
  assert.equal(o.n, 20);
  assert.deepEqual(Object.keys(o.per_category), ["STEM", "Social Science", "Humanities", "Other"]);
  assert.equal(o.per_subject.length, 3);
  assert.equal(o.random_baseline, 0.25);
  assert.equal(o.ci95.length, 2);
  assert.ok(o.ci95[0] <= o.accuracy && o.accuracy <= o.ci95[1]);
  assert.match(r.stderr, /ceval val 5-shot \(prefix\): 20\/20 questions .* questions\/s/);
  // which engine scored and on how many threads: in the JSON and on stderr (issue 14)
  assert.ok(o.engine && ["ort", "tfjs"].includes(o.engine.engine), JSON.stringify(o.engine));
  assert.ok(typeof o.engine.backend === "string" && o.engine.backend !== "", JSON.stringify(o.engine));
  assert.ok(Number.isInteger(o.engine.threads) && o.engine.threads >= 1, JSON.stringify(o.engine));
  assert.ok(r.stderr.includes(`scored on engine ${o.engine.engine} (${o.engine.backend}), ${o.engine.threads} thread`), r.stderr);
});

test("eval ceval --split test: the official submission file; --out keeps the run, --resume continues it", () => {
  const data = path.join(tmp, "data");
  fs.cpSync(practice, data, { recursive: true });
  fs.mkdirSync(path.join(data, "test"));
  // a test split as C-EVAL publishes it: the answer column empty
  for (const f of fs.readdirSync(path.join(data, "val"))) {
    const text = fs.readFileSync(path.join(data, "val", f), "utf8").replace(/,[A-D]$/gm, ",");
    fs.writeFileSync(path.join(data, "test", f.replace("_val.csv", "_test.csv")), text);
  }
  const out = path.join(tmp, "out");
  const r = nanozh("eval", "ceval", "--model", modelDir, "--data", data, "--split", "test", "--out", out, "--backend", "cpu", "--json");
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.equal(o.n, 20);
  assert.equal(o.accuracy, null);
  const sub = JSON.parse(fs.readFileSync(path.join(out, "submission", "ceval-test-0shot-official.json"), "utf8"));
  assert.deepEqual(Object.keys(sub).sort(), ["college_programming", "high_school_chinese", "high_school_physics"]);
  assert.equal(Object.keys(sub.high_school_physics).length, 7);
  assert.ok(Object.values(sub.high_school_physics).every((l) => /^[A-D]$/.test(l as string)));
  for (const f of ["ceval-test-0shot-official.json", "ceval-test-0shot-official.md", "ceval-test-0shot-official-run.jsonl"]) assert.ok(fs.existsSync(path.join(out, f)), f);
  // the results file and its Markdown say which engine scored, as the --json output does
  const saved = JSON.parse(fs.readFileSync(path.join(out, "ceval-test-0shot-official.json"), "utf8"));
  assert.deepEqual(saved.engine, o.engine);
  assert.ok(fs.readFileSync(path.join(out, "ceval-test-0shot-official.md"), "utf8").includes(`engine ${o.engine.engine} (${o.engine.backend}), ${o.engine.threads} thread`));
  const again = nanozh("eval", "ceval", "--model", modelDir, "--data", data, "--split", "test", "--out", out, "--backend", "cpu");
  assert.equal(again.code, 1);
  assert.match(again.stderr, /ceval-test-0shot-official-run\.jsonl holds an earlier run: --resume to continue it, --overwrite to start over/);
  const resumed = nanozh("eval", "ceval", "--model", modelDir, "--data", data, "--split", "test", "--out", out, "--backend", "cpu", "--resume", "--json");
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /3 subjects \(20 questions\) already scored/);
  assert.deepEqual(JSON.parse(resumed.stdout).pred_letters, o.pred_letters);
});

test("eval: bad input gives clear errors", () => {
  const noTok = nanozh("eval", "ceval", "--model", bare, "--data", practice, "--backend", "cpu");
  assert.equal(noTok.code, 1);
  assert.ok(noTok.stderr.includes(`${bare}: the model folder has no tokenizer/`), noTok.stderr);
  const style = nanozh("eval", "ceval", "--model", modelDir, "--data", practice, "--style", "fancy");
  assert.equal(style.code, 2);
  assert.match(style.stderr, /--style must be one of official, lm-eval, chat, got 'fancy'/);
  const bench = nanozh("eval", "mmlu", "--model", modelDir);
  assert.equal(bench.code, 2);
  assert.match(bench.stderr, /benchmark must be one of ceval, cmmlu, got 'mmlu'/);
  const resume = nanozh("eval", "ceval", "--model", modelDir, "--data", practice, "--resume");
  assert.match(resume.stderr, /--resume needs --out/);
  const subj = nanozh("eval", "ceval", "--model", modelDir, "--data", practice, "--subjects", "law", "--backend", "cpu");
  assert.match(subj.stderr, /subject_mapping\.json: unknown ceval subject 'law'/);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// nanozh sft and nanozh chat end to end as processes: a tiny base model fine-tuned from a YAML config,
// then one --prompt turn and a piped conversation; and the clear errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { repoRoot } from "../../lib/util/paths";
import { baseModelDir, memoFile, MEMO, rawConfig, tempDir } from "./sftFixtures";

function nanozh(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot(), "cli", "nanozh.ts"), ...args], { encoding: "utf8", cwd: repoRoot(), input });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test("nanozh sft then nanozh chat: a model folder, a --prompt reply, a piped conversation with /reset", async () => {
  const dir = tempDir("cli");
  const cfgFile = path.join(dir, "c.yaml");
  const chat = { num_iterations: 30, device_batch_size: 2, init_lr_frac: 1, eval_every: 15, val_share: 0.25, seed: 1, tasks: [{ name: "memo", format: "customjson", path: memoFile(8), weight: 1 }] };
  fs.writeFileSync(cfgFile, JSON.stringify(rawConfig(chat), null, 2)); // JSON is YAML
  const base = await baseModelDir();
  const out = path.join(dir, "sft");
  const r = nanozh(["sft", "--config", cfgFile, "--model", base, "--out", out, "--backend", "cpu", "--engine", "local", "--json"]);
  assert.equal(r.code, 0, r.err);
  const summary = JSON.parse(r.out);
  assert.equal(summary.steps, 30);
  assert.match(r.err, /step 0\/30: val loss [\d.]+ nats/);
  assert.match(r.err, /sft done: 30 steps/);
  // which engine trained and on how many threads: the --json summary, summary.json and the start line (issue 14)
  assert.equal(summary.engine, "local");
  assert.equal(summary.engine_threads, 1);
  const onDisk = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
  assert.deepEqual([onDisk.engine, onDisk.engine_threads], ["local", 1]);
  assert.match(r.err, /engine local \(1 thread\)/);
  const again = nanozh(["sft", "--config", cfgFile, "--model", base, "--out", out, "--backend", "cpu"]);
  assert.equal(again.code, 1);
  assert.match(again.err, /exists and is not empty/);

  const one = nanozh(["chat", "--model", out, "--prompt", MEMO[0].content, "--temperature", "0", "--backend", "cpu"]);
  assert.equal(one.code, 0, one.err);
  assert.equal(one.out, MEMO[1].content + "\n");
  assert.match(one.err, /^engine (ort|tfjs) \([^)]+\), \d+ threads?/m, "chat says which engine ran and its threads");
  const piped = nanozh(["chat", "--model", out, "--temperature", "0", "--backend", "cpu"], `${MEMO[0].content}\n/reset\n${MEMO[0].content}\n`);
  assert.equal(piped.code, 0, piped.err);
  assert.equal(piped.out, `${MEMO[1].content}\n${MEMO[1].content}\n`);
});

test("nanozh sft / chat: clear errors for a config without chat block, a bad --mode, a model without tokenizer, a long prompt", async () => {
  const dir = tempDir("clierr");
  const cfgFile = path.join(dir, "nochat.yaml");
  fs.writeFileSync(cfgFile, JSON.stringify(rawConfig(null)));
  const base = await baseModelDir({ seq: 16 });
  const r = nanozh(["sft", "--config", cfgFile, "--model", base, "--out", path.join(dir, "o"), "--backend", "cpu"]);
  assert.equal(r.code, 1);
  assert.match(r.err, /nochat\.yaml: no chat block/);
  const m = nanozh(["sft", "--config", cfgFile, "--model", base, "--out", path.join(dir, "o"), "--mode", "pre"]);
  assert.equal(m.code, 2);
  assert.match(m.err, /--mode must be one of sft, mid, got 'pre'/);
  const noTok = await baseModelDir({ tokenizer: false });
  const c = nanozh(["chat", "--model", noTok, "--prompt", "hi", "--backend", "cpu"]);
  assert.equal(c.code, 1);
  assert.match(c.err, /no tokenizer\/ folder/);
  const long = nanozh(["chat", "--model", base, "--prompt", "你好！".repeat(20), "--backend", "cpu"]);
  assert.equal(long.code, 1);
  assert.match(long.err, /chat prompt is \d+ tokens .*\(sequence_len\) is 16/);
});

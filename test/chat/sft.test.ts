// The chat fine-tuning loop (lib/chat/sft.ts) on a tiny random-init model: SFT learns a memorisable
// conversation, masked positions take no loss, mid mode trains every token, outputs and bad inputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { validateConfig, ConfigError } from "../../lib/config";
import { initBackend, loadModel, type GPT } from "../../lib/engines/tfjs";
import { LocalEngine } from "../../lib/engines/tfjs";
import { chatSpecials, renderConversation, sftBatches, type Conversation } from "../../lib/chat";
import { chatReply } from "../../lib/chat/chat";
import { openModelFolder } from "../../lib/engines";
import { sft, type SftSummary } from "../../lib/chat/sft";
import { chatValLoss } from "../../lib/chat/sftEval";
import { trimToLongest } from "../../lib/chat/sftData";
import { chatLrMultiplier, midLrMultiplier, sftLrMultiplier } from "../../lib/chat/sftSchedule";
import { generate } from "../../lib/engines/tfjs";
import { chatTokenizer } from "./chatDataFixtures";
import { baseModelDir, memoFile, MEMO, rawConfig, sftConfig, tempDir, tinyGptConfig } from "./sftFixtures";

const quiet = { log: () => {}, backend: "cpu", engine: "local" };

test("schedules: sft decays linearly from init_lr_frac to 0; mid holds 1 for 80% then falls to 0", () => {
  assert.equal(sftLrMultiplier(0, 10, 0.02), 0.02);
  assert.ok(Math.abs(sftLrMultiplier(5, 10, 0.02) - 0.01) < 1e-15);
  assert.ok(Math.abs(sftLrMultiplier(9, 10, 1) - 0.1) < 1e-12);
  for (const s of [0, 3, 7, 8]) assert.equal(midLrMultiplier(s, 10, 1), 1); // up to progress 0.8 inclusive
  assert.ok(Math.abs(midLrMultiplier(9, 10, 1) - 0.5) < 1e-12);
  assert.ok(Math.abs(midLrMultiplier(95, 100, 2) - 0.5) < 1e-12);
  assert.equal(chatLrMultiplier("mid", 0, 10, 1), 1);
  assert.throws(() => chatLrMultiplier("sft", 0, 0, 1), /positive integer/);
});

test("config: the chat block's defaults and cross-field errors name the field", () => {
  const file = "/tmp/x.jsonl";
  const task = { name: "t", format: "customjson", path: file, weight: 1 };
  const c = validateConfig(rawConfig({ num_iterations: 5, tasks: [task] }), "c.yaml").chat!;
  assert.equal(c.mode, "sft");
  assert.equal(c.device_batch_size, 2); // training's
  assert.equal(c.max_seq_len, 48); // model's
  assert.equal(c.init_lr_frac, undefined); // by mode, in lib/chat sftSettings
  assert.equal(c.tasks[0].resolved_path, file);
  assert.equal(validateConfig(rawConfig(null), "c.yaml").chat, undefined);
  const bad = (chat: Record<string, unknown>, re: RegExp) => assert.throws(() => validateConfig(rawConfig(chat), "c.yaml"), (e: unknown) => e instanceof ConfigError && re.test(e.message));
  bad({ num_iterations: 5, max_seq_len: 64, tasks: [task] }, /chat\.max_seq_len: must be ≤ model\.max_seq_len \(48\)/);
  bad({ num_iterations: 5, tasks: [{ ...task, weight: 0.5 }] }, /chat\.tasks: weights .* sum to 1/);
  bad({ num_iterations: 0, tasks: [task] }, /chat\.num_iterations/);
  bad({ num_iterations: 5, tasks: [{ ...task, format: "mc-dev" }] }, /chat\.tasks\[0\]\.benchmark: required/);
  bad({ num_iterations: 5, tasks: [task], typo: 1 }, /chat\.typo: unknown field/);
  bad({ num_iterations: 5, device_batch_size: 2, target_examples_per_step: 3, tasks: [task] }, /target_examples_per_step: 3 is not a multiple/);
});

test("masked positions take no loss: a trailing user turn changes nothing; the loss is the mean over assistant targets", async () => {
  await initBackend("cpu", { quiet: true });
  const tok = chatTokenizer();
  const conv = (tail: string): Conversation => ({ messages: [...MEMO, { role: "user", content: tail }] as Conversation["messages"], source: "t" });
  const T = 40;
  const a = renderConversation(tok, conv("今天天气很好。"), T + 1);
  const b = renderConversation(tok, conv("Hello! How are you?"), T + 1);
  const padId = chatSpecials(tok).assistantEnd;
  const [ba] = sftBatches([a], 1, T, padId);
  const [bb] = sftBatches([b], 1, T, padId);
  // the targets that take a loss: exactly the assistant's tokens and its <|assistant_end|>
  const trained = [...ba.targets].filter((t) => t >= 0);
  const assistant = tok.encodeOrdinary(MEMO[1].content);
  assert.deepEqual(trained, [...assistant, padId]);
  const engine = new LocalEngine(tinyGptConfig(T), { seed: 3, lrs: { embedding_lr: 0.2, unembedding_lr: 0.004, matrix_lr: 0.02 } });
  try {
    const la = (await chatValLoss(engine, [ba], tok.tokenBytes()))!;
    const lb = (await chatValLoss(engine, [bb], tok.tokenBytes()))!;
    assert.equal(la.targets, assistant.length + 1);
    assert.equal(la.loss, lb.loss);
    // plain twin: the model's per-token loss averaged by hand over the mask-1 positions of the rendering
    const idx = tf.tensor2d(Int32Array.from(a.ids.slice(0, T)), [1, T], "int32");
    const all = tf.tensor2d(Int32Array.from(a.ids.slice(1, T + 1)), [1, T], "int32");
    const per = engine.model.loss(idx, all, "none");
    const v = (await per.data()) as Float32Array;
    tf.dispose([idx, all, per]);
    let sum = 0;
    let n = 0;
    for (let t = 0; t < T; t++) if (a.mask[t + 1] === 1) (sum += v[t]), n++;
    assert.ok(Math.abs(sum / n - la.loss) < 1e-5, `${sum / n} vs ${la.loss}`);
    // and the step loss (before its update) is the same masked mean
    const r = await engine.step([ba], 0, 0.85);
    assert.ok(Math.abs(r.loss - la.loss) < 1e-5, `step loss ${r.loss} vs ${la.loss}`);
  } finally {
    await engine.dispose();
  }
});

test("sft batches are cut to their longest row (nanochat v1 collate): only padding without loss is removed, the loss is unchanged", async () => {
  await initBackend("cpu", { quiet: true });
  const tok = chatTokenizer();
  const T = 40;
  const convs: Conversation[] = [
    { messages: MEMO as Conversation["messages"], source: "a" },
    { messages: [{ role: "user", content: "Hello!" }, { role: "assistant", content: "I am fine, thank you." }], source: "b" },
    { messages: [{ role: "user", content: "北京" }, { role: "assistant", content: "首都" }], source: "c" },
  ];
  const rows = convs.map((c) => renderConversation(tok, c, T + 1));
  const full = sftBatches(rows, 2, T, chatSpecials(tok).assistantEnd, { partial: "pad" });
  const cut = trimToLongest(full, rows);
  assert.deepEqual(cut.map((b) => b.T), [Math.max(rows[0].ids.length, rows[1].ids.length) - 1, rows[2].ids.length - 1]);
  for (let k = 0; k < full.length; k++) {
    const f = full[k];
    const c = cut[k];
    for (let i = 0; i < f.B; i++)
      for (let t = 0; t < f.T; t++) {
        if (t < c.T) {
          assert.equal(c.idx[i * c.T + t], f.idx[i * f.T + t]);
          assert.equal(c.targets[i * c.T + t], f.targets[i * f.T + t]);
        } else assert.equal(f.targets[i * f.T + t], -1, `a removed column had a target (batch ${k} row ${i} col ${t})`);
      }
  }
  const engine = new LocalEngine(tinyGptConfig(T), { seed: 3, lrs: { embedding_lr: 0.2, unembedding_lr: 0.004, matrix_lr: 0.02 } });
  try {
    const a = (await chatValLoss(engine, full, tok.tokenBytes()))!;
    const b = (await chatValLoss(engine, cut, tok.tokenBytes()))!;
    assert.equal(a.targets, b.targets);
    assert.ok(Math.abs(a.loss - b.loss) < 1e-5, `${a.loss} vs ${b.loss}`);
  } finally {
    await engine.dispose();
  }
});

let trained: { dir: string; summary: SftSummary } | undefined;

test("sft: a memorisable conversation is learnt (train and val loss fall); the folder holds model, tokenizer, summary, log", async () => {
  const base = await baseModelDir();
  const out = path.join(tempDir("out"), "sft");
  const events: string[] = [];
  const summary = await sft(sftConfig(memoFile(8), { num_iterations: 30, eval_every: 10 }), { ...quiet, model: base, out, onLog: (e) => events.push(e.kind) });
  trained = { dir: out, summary };
  for (const f of ["model.safetensors", "config.json", "tokenizer", "summary.json", "log.csv"]) assert.ok(fs.existsSync(path.join(out, f)), f);
  assert.equal(summary.stage, "sft");
  assert.equal(summary.steps, 30);
  assert.equal(summary.train_conversations, 60);
  assert.ok(summary.val_conversations >= 1);
  assert.ok(summary.val_loss_after! < summary.val_loss_before! - 1, `val loss ${summary.val_loss_before} → ${summary.val_loss_after}`);
  assert.ok(summary.trained_tokens > 0 && summary.trained_tokens < summary.tokens, `${summary.trained_tokens} of ${summary.tokens}`);
  assert.deepEqual(summary.per_task.map((p) => [p.name, p.train, p.val]), [["memo", 60, 2]]);
  const rows = fs.readFileSync(path.join(out, "log.csv"), "utf8").trim().split("\n");
  assert.equal(rows[0], "step,loss,lrm,tokens,trained_tokens,seconds,val_loss,val_bpb");
  assert.equal(rows.length, 32); // header + step-0 eval row + 30 steps
  const loss = (i: number) => Number(rows[i].split(",")[1]);
  assert.ok(loss(31) < loss(2), `train loss ${loss(2)} → ${loss(31)}`);
  assert.equal(rows.filter((r) => r.split(",")[6] !== "" && r !== rows[0]).length, 4); // evals at 0, 10, 20, 30
  const meta = JSON.parse(fs.readFileSync(path.join(out, "config.json"), "utf8"));
  assert.equal(meta.stage, "sft");
  assert.equal(meta.base_model, base);
  assert.equal(meta.steps, 30);
  assert.deepEqual(events.filter((e) => e !== "step" && e !== "eval"), ["start", "done"]);
});

test("chat: the fine-tuned model answers the memorised reply and stops at <|assistant_end|> (twin: raw greedy tokens of the tfjs GPT cut at the first stop id)", async () => {
  assert.ok(trained, "needs the sft test's model");
  const { model, tokenizer } = loadModel(trained.dir);
  const { engine } = await openModelFolder(trained.dir);
  try {
    const tok = tokenizer!;
    let text = "";
    for await (const piece of chatReply(engine, tok, [], MEMO[0].content, { temperature: 0 })) text += piece;
    // twin: generate without stop ids, cut at the first stop token, decode
    const s = chatSpecials(tok);
    const prompt = [s.bos, s.userStart, ...tok.encodeOrdinary(MEMO[0].content), s.userEnd, s.assistantStart];
    const raw = [...generate(model as GPT, prompt, { maxTokens: model.config.sequence_len - prompt.length, temperature: 0 })];
    const stop = raw.findIndex((id) => id === s.assistantEnd || id === s.bos || id === s.userStart);
    assert.ok(stop >= 0, "the trained model emits a stop token");
    assert.equal(raw[stop], s.assistantEnd);
    assert.equal(text, tok.decode(raw.slice(0, stop)));
    assert.equal(text, MEMO[1].content);
  } finally {
    model.dispose();
    await engine.dispose();
  }
});

test("mid mode trains every token (packed rows) and says so in config.json", async () => {
  const out = path.join(tempDir("mid"), "mid");
  const s = await sft(sftConfig(memoFile(8), { num_iterations: 3, eval_every: 10 }), { ...quiet, model: await baseModelDir(), out, mode: "mid" });
  assert.equal(s.stage, "mid");
  assert.equal(s.init_lr_frac, 1);
  assert.equal(s.trained_tokens, s.tokens);
  assert.equal(s.tokens, 3 * 2 * 48);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "config.json"), "utf8")).stage, "mid");
  // an earlier run's folder is replaced with --overwrite; 4 conversations per step = 2 micro-batches of 2
  const again = await sft(sftConfig(memoFile(8), { num_iterations: 2, target_examples_per_step: 4 }), { ...quiet, model: await baseModelDir(), out, overwrite: true });
  assert.equal(again.stage, "sft");
  assert.equal(again.grad_accum, 2);
  assert.equal(again.train_conversations, 8);
  const perConv = renderConversation(chatTokenizer(), { messages: MEMO as Conversation["messages"], source: "m" }).ids.length - 1;
  assert.equal(again.tokens, 8 * perConv); // every batch cut to its (equal) row length
  assert.equal(again.trained_tokens, 8 * (chatTokenizer().encodeOrdinary(MEMO[1].content).length + 1));
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")).steps, 2);
});

test("bad inputs: no chat block, a model without tokenizer, an existing out folder, a chat prompt over the context", async () => {
  const file = memoFile(4);
  const out = () => path.join(tempDir("bad"), "o");
  await assert.rejects(sft(validateConfig(rawConfig(null), "nochat.yaml"), { ...quiet, model: await baseModelDir(), out: out() }), /nochat\.yaml: no chat block/);
  const noTok = await baseModelDir({ tokenizer: false });
  await assert.rejects(sft(sftConfig(file), { ...quiet, model: noTok, out: out() }), new RegExp(`${noTok}: no tokenizer/ folder`));
  const small = await baseModelDir({ seq: 16 });
  await assert.rejects(sft(sftConfig(file), { ...quiet, model: small, out: out() }), /chat\.max_seq_len 48 exceeds .* sequence_len 16/);
  const busy = out();
  fs.mkdirSync(busy, { recursive: true });
  fs.writeFileSync(path.join(busy, "keep.txt"), "x");
  await assert.rejects(sft(sftConfig(file), { ...quiet, model: await baseModelDir(), out: busy }), /exists and is not empty/);
  assert.ok(fs.existsSync(path.join(busy, "keep.txt")));
  const { engine, tokenizer } = await openModelFolder(small);
  try {
    await assert.rejects(async () => {
      for await (const _ of chatReply(engine, tokenizer!, [], "你好！".repeat(20))) void _;
    }, /chat prompt is \d+ tokens .*\(sequence_len\) is 16/);
  } finally {
    await engine.dispose();
  }
});

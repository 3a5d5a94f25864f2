// The guard issue 9 asks for: multiple-choice practice for SFT comes from dev splits only — never val or test.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { mcPractice, readMcDev } from "../../lib/chat/mcPractice";
import { renderConversation } from "../../lib/chat/render";
import { loadConfig } from "../../lib/config/load";
import { allQuestions, loadSplit, loadSubjects } from "../../lib/eval/data";
import { buildPrompt, cevalItem } from "../../lib/eval/prompts";
import { NANOCHAT_SPECIALS, specialIds } from "../../lib/tokenizer/specials";
import { builtinTokenizer } from "../../lib/tokenizer/builtin";
import { Tokenizer } from "../../lib/tokenizer/tokenizer";
import { bundledDataDir, repoRoot, sharedDataDir, sharedDataSkip } from "../../lib/util/paths";

const PRACTICE = path.join(bundledDataDir(), "ceval-practice");

test("dev questions become a user turn (official item ending 答案：) and an assistant turn of the bare letter", () => {
  const dev = loadSplit("ceval", PRACTICE, "dev", ["college_programming"]).get("college_programming")!;
  const convs = mcPractice(dev, "practice");
  assert.equal(convs.length, 5);
  const q = dev[0];
  assert.deepEqual(convs[0].messages, [
    { role: "user", content: q.question + "\nA. " + q.choices[0] + "\nB. " + q.choices[1] + "\nC. " + q.choices[2] + "\nD. " + q.choices[3] + "\n答案：" },
    { role: "assistant", content: q.answer },
  ]);
  assert.equal(convs[0].source, `${q.file}:${q.line}`);
  // the same user turn the chat-style scorer puts after its shots
  const subject = loadSubjects("ceval", PRACTICE).find((s) => s.handle === "college_programming")!;
  const val = loadSplit("ceval", PRACTICE, "val", ["college_programming"]).get("college_programming")!;
  const p = buildPrompt("ceval", "chat", subject, dev, val[0]);
  for (let i = 1; i < 5; i++) assert.deepEqual(p.chat!.messages.slice(1 + 2 * i, 3 + 2 * i), convs[i].messages);
  assert.equal(convs[1].messages[0].content, cevalItem(dev[1]));
  // trained on: the letter and <|assistant_end|> only
  const base = builtinTokenizer("cl100k_base");
  const tok = new Tokenizer({ name: "cl100k+nanochat", tokens: base.bpe.tokens, specials: specialIds(NANOCHAT_SPECIALS, base.nMergeable), pattern: "cl100k" });
  const r = renderConversation(tok, convs[0]);
  const trained = r.ids.filter((_, i) => r.mask[i] === 1);
  assert.deepEqual(trained, [...tok.encodeOrdinary(q.answer!), tok.specialId("<|assistant_end|>")]);
});

test("val and test questions are refused, naming the file", () => {
  const val = loadSplit("ceval", PRACTICE, "val", ["high_school_physics"]).get("high_school_physics")!;
  const dev = loadSplit("ceval", PRACTICE, "dev", ["high_school_physics"]).get("high_school_physics")!;
  assert.throws(() => mcPractice([...dev, val[2]], "mc"), (e: Error) =>
    e.message.startsWith(`${val[2].file}:${val[2].line}: mc: multiple-choice practice takes dev questions only; this is a val question`));
  assert.throws(() => mcPractice([{ ...dev[0], split: "test", answer: undefined }], "mc"), /high_school_physics_dev\.csv:2: mc: .* this is a test question/);
  assert.throws(() => readMcDev(path.join(PRACTICE, "val")), /multiple-choice practice takes the dev split only, not 'val'/);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-mc-"));
  assert.throws(() => readMcDev(empty), /no subject_mapping\.json here or in the parent folder/);
  fs.rmSync(empty, { recursive: true, force: true });
});

test("readMcDev: a benchmark folder or its dev/ folder gives the same dev-only conversations", () => {
  const a = readMcDev(PRACTICE);
  const b = readMcDev(path.join(PRACTICE, "dev"));
  assert.equal(a.length, 15);
  assert.deepEqual(a, b);
  for (const c of a) assert.match(c.source, /[\\/]dev[\\/][a-z_]+_dev\.csv:\d+$/);
});

test("real C-EVAL and CMMLU dev splits: 260 and 335 practice conversations; val/test refused", { skip: sharedDataSkip() }, () => {
  const ceval = path.join(sharedDataDir(), "ceval");
  const cmmlu = path.join(sharedDataDir(), "cmmlu");
  assert.equal(readMcDev(ceval, "ceval").length, 260);
  const cm = readMcDev(cmmlu, "cmmlu");
  assert.equal(cm.length, 335);
  assert.ok(cm[0].messages[0].content.startsWith("题目：") && cm[0].messages[0].content.endsWith("\n答案是："));
  assert.throws(() => mcPractice(allQuestions(loadSplit("ceval", ceval, "val", ["logic"])), "x"), /logic_val\.csv:\d+: x: .*val question/);
  assert.throws(() => mcPractice(allQuestions(loadSplit("cmmlu", cmmlu, "test", ["arts"])), "x"), /arts\.csv:\d+: x: .*test question/);
});

test("repository configs: every mc-dev chat task reads a dev split only (cpu-tiny's default chat mixture)", (t) => {
  const dir = path.join(repoRoot(), "configs");
  let mcTasks = 0;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
    const cfg = loadConfig(path.join(dir, f));
    for (const task of cfg.chat?.tasks ?? []) {
      if (task.format !== "mc-dev") continue;
      mcTasks++;
      const parts = path.resolve(task.resolved_path).split(path.sep);
      assert.ok(!parts.includes("val") && !parts.includes("test"), `${f}: chat task '${task.name}' points at ${task.path}`);
      if (fs.existsSync(task.resolved_path)) {
        const convs = readMcDev(task.resolved_path, task.benchmark ?? "ceval");
        assert.ok(convs.length > 0);
        for (const c of convs) assert.match(c.source, /[\\/]dev[\\/][^\\/]+\.csv:\d+$/, `${f}: ${task.name}`);
      }
    }
  }
  const tiny = loadConfig(path.join(dir, "cpu-tiny.yaml"));
  if (!tiny.chat) t.skip("configs/cpu-tiny.yaml has no chat block yet");
  else {
    assert.ok(tiny.chat.tasks.some((x) => x.format === "mc-dev"), "cpu-tiny's chat mixture has its mc-dev practice task");
    assert.ok(mcTasks >= 1);
  }
});

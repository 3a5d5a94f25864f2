import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { readAlpaca, readCustomJson, readOasst, readShareGpt, readTranslationPairs, roleOrderProblem, type Conversation } from "../../lib/chat";
import { sharedDataDir, sharedDataSkip } from "../../lib/util/paths";
import { tempFiles } from "./chatDataFixtures";

const roles = (c: Conversation) => c.messages.map((m) => m.role).join(",");

test("readCustomJson: nanochat CustomJSON lines, empty lines skipped, sources file:line", () => {
  const dir = tempFiles({
    "id.jsonl": [
      JSON.stringify([{ role: "user", content: "你是谁？" }, { role: "assistant", content: "我是 nanochat-zh。" }]),
      "",
      JSON.stringify([{ role: "user", content: "a" }, { role: "assistant", content: "b" }, { role: "user", content: "c" }, { role: "assistant", content: "d" }]),
    ].join("\n") + "\n",
  });
  const f = path.join(dir, "id.jsonl");
  const convs = readCustomJson(f);
  assert.equal(convs.length, 2);
  assert.deepEqual(convs[0], { source: `${f}:1`, messages: [{ role: "user", content: "你是谁？" }, { role: "assistant", content: "我是 nanochat-zh。" }] });
  assert.equal(convs[1].source, `${f}:3`);
  assert.equal(roles(convs[1]), "user,assistant,user,assistant");
});

test("readCustomJson: bad input names file, line and field", () => {
  const one = (line: string) => {
    const dir = tempFiles({ "x.jsonl": JSON.stringify([{ role: "user", content: "ok" }, { role: "assistant", content: "ok" }]) + "\n" + line + "\n" });
    return () => readCustomJson(path.join(dir, "x.jsonl"));
  };
  assert.throws(one(`[{"role": "user", "content": "a"}, `), /x\.jsonl:2: malformed JSON/);
  assert.throws(one(JSON.stringify([{ role: "assistant", content: "a" }, { role: "user", content: "b" }])), /x\.jsonl:2: message 0 field 'role' is "assistant", expected "user"/);
  assert.throws(one(JSON.stringify([{ role: "user", content: "a" }, { role: "user", content: "b" }])), /x\.jsonl:2: message 1 field 'role' is "user", expected "assistant"/);
  assert.throws(one(JSON.stringify([{ role: "system", content: "s" }, { role: "user", content: "b" }])), /x\.jsonl:2: message 0 field 'role' is "system"/);
  assert.throws(one(JSON.stringify([{ role: "user", content: "a" }, { role: "assistant" }])), /x\.jsonl:2: message 1 field 'content' is missing/);
  assert.throws(one(JSON.stringify([{ role: "user", content: "a" }, { role: "assistant", content: 3 }])), /x\.jsonl:2: message 1 field 'content' is not a string/);
  assert.throws(one(JSON.stringify([{ role: "user", content: "a" }])), /x\.jsonl:2: a conversation needs at least 2 messages, got 1/);
  assert.throws(one(JSON.stringify({ role: "user", content: "a" })), /x\.jsonl:2: expected a JSON array/);
  assert.throws(() => readCustomJson("/nonexistent/none.jsonl"), /none\.jsonl: file not found/);
});

test("readAlpaca: instruction + \\n + input, system and history; errors name file:line and field", () => {
  const data = [
    { instruction: "翻译成英文", input: "你好", output: "Hello" },
    { instruction: "讲个笑话", input: "", output: "好的……" },
    { instruction: "再来一个", output: "还有……", system: "你很幽默。", history: [["讲个笑话", "好的……"]] },
  ];
  const dir = tempFiles({ "a.json": JSON.stringify(data, null, 2), "bad.json": `[\n  {"instruction": "x", "input": ""},\n  {"instruction": "y", "output": "z"}\n]` });
  const f = path.join(dir, "a.json");
  const c = readAlpaca(f);
  assert.equal(c.length, 3);
  assert.deepEqual(c[0].messages, [{ role: "user", content: "翻译成英文\n你好" }, { role: "assistant", content: "Hello" }]);
  assert.deepEqual(c[1].messages, [{ role: "user", content: "讲个笑话" }, { role: "assistant", content: "好的……" }]);
  assert.equal(roles(c[2]), "system,user,assistant,user,assistant");
  assert.equal(c[2].messages[3].content, "再来一个");
  assert.equal(c[0].source, `${f}:2`);
  assert.throws(() => readAlpaca(path.join(dir, "bad.json")), /bad\.json:2: field 'output' is missing/);
  const dir2 = tempFiles({ "h.json": JSON.stringify([{ instruction: "q", output: "a", history: [["only one"]] }]), "m.json": `[{"instruction": "q", "output": "a"},\n {"instruction": "q" "output": "a"}]` });
  assert.throws(() => readAlpaca(path.join(dir2, "h.json")), /h\.json:1: field 'history' item 0 is not a \[user, assistant\] pair/);
  assert.throws(() => readAlpaca(path.join(dir2, "m.json")), /m\.json:2: element 1: malformed JSON/);
});

test("readOasst: LLaMA-Factory oaast layout (history before the last turn)", () => {
  const data = [
    { instruction: "布洛芬是什么？", input: "", output: "一种止痛药。", history: [] },
    { instruction: "谢谢", input: "", output: "不客气！", history: [["推荐三道菜", "青椒土豆丝……"], ["还有吗？", "西红柿炒鸡蛋。"]] },
  ];
  const dir = tempFiles({ "o.json": JSON.stringify(data, null, 2) });
  const c = readOasst(path.join(dir, "o.json"));
  assert.equal(c.length, 2);
  assert.deepEqual(
    c[1].messages.map((m) => m.content),
    ["推荐三道菜", "青椒土豆丝……", "还有吗？", "西红柿炒鸡蛋。", "谢谢", "不客气！"],
  );
  assert.equal(roles(c[1]), "user,assistant,user,assistant,user,assistant");
  const bad = tempFiles({ "o.json": JSON.stringify([{ instruction: 5, output: "x", history: [] }]) });
  assert.throws(() => readOasst(path.join(bad, "o.json")), /o\.json:1: field 'instruction' is not a string/);
});

test("readShareGpt: JSONL and JSON array, human/gpt/system; wrong order and tool roles are errors", () => {
  const rec = (turns: [string, string][], extra: object = {}) => ({ conversations: turns.map(([from, value]) => ({ from, value })), ...extra });
  const recs = [rec([["human", "你好"], ["gpt", "你好！"]]), rec([["system", "简短回答"], ["human", "1+1?"], ["gpt", "2"], ["human", "2+2?"]]), rec([["human", "hi"], ["gpt", "hello"]], { system: "be kind" })];
  const dir = tempFiles({ "s.jsonl": recs.map((r) => JSON.stringify(r)).join("\n") + "\n\n", "s.json": JSON.stringify(recs, null, 1) });
  for (const name of ["s.jsonl", "s.json"]) {
    const c = readShareGpt(path.join(dir, name));
    assert.equal(c.length, 3, name);
    assert.deepEqual(c[0].messages, [{ role: "user", content: "你好" }, { role: "assistant", content: "你好！" }]);
    assert.equal(roles(c[1]), "system,user,assistant,user"); // a trailing unanswered user turn is kept
    assert.equal(roles(c[2]), "system,user,assistant");
  }
  assert.equal(readShareGpt(path.join(dir, "s.jsonl"))[1].source, `${path.join(dir, "s.jsonl")}:2`);
  const bad = (r: object) => {
    const d = tempFiles({ "b.jsonl": JSON.stringify(recs[0]) + "\n" + JSON.stringify(r) + "\n" });
    return () => readShareGpt(path.join(d, "b.jsonl"));
  };
  assert.throws(bad(rec([["gpt", "x"], ["human", "y"]])), /b\.jsonl:2: conversations: message 0 has role 'assistant', expected 'user'/);
  assert.throws(bad(rec([["human", "x"], ["human", "y"]])), /b\.jsonl:2: conversations: message 1 has role 'user'/);
  assert.throws(bad(rec([["human", "x"], ["function_call", "{}"]])), /b\.jsonl:2: conversations\[1\] field 'from' is "function_call".*tool-call/);
  assert.throws(bad({ conversations: [{ from: "human" }] }), /b\.jsonl:2: conversations\[0\] field 'value' is missing/);
  assert.throws(bad({ messages: [] }), /b\.jsonl:2: field 'conversations' is missing/);
});

test("readTranslationPairs: both directions, Simplified Chinese on both sides, templates by line", () => {
  const dir = tempFiles({ "p.txt": "Hi.\t嗨。\nI like books.\t我喜歡書。\n\nThank you.\t謝謝你。\tCC-BY 2.0 (France) Attribution\n" });
  const f = path.join(dir, "p.txt");
  const both = readTranslationPairs(f);
  assert.equal(both.length, 6);
  const zhEn = both[2];
  assert.equal(zhEn.messages[1].content, "I like books.");
  assert.ok(zhEn.messages[0].content.includes("我喜欢书。"), zhEn.messages[0].content); // 歡 書 → 欢 书
  const enZh = both[3];
  assert.ok(enZh.messages[0].content.includes("I like books."));
  assert.equal(enZh.messages[1].content, "我喜欢书。");
  assert.equal(both[5].messages[1].content, "谢谢你。");
  assert.equal(zhEn.source, `${f}:2`);
  assert.equal(enZh.source, `${f}:2`);
  // templates vary by line and are deterministic
  assert.notEqual(both[0].messages[0].content.replace("嗨。", ""), both[2].messages[0].content.replace("我喜欢书。", ""));
  assert.deepEqual(readTranslationPairs(f), both);
  const zhOnly = readTranslationPairs(f, { directions: "zh-en" });
  assert.deepEqual(zhOnly.map((c) => c.messages[1].content), ["Hi.", "I like books.", "Thank you."]);
  assert.deepEqual(readTranslationPairs(f, { directions: "en-zh", limit: 2 }).map((c) => c.messages[1].content), ["嗨。", "我喜欢书。"]);
  const bad = tempFiles({ "p.txt": "Hi.\t嗨。\nno tab here\n", "e.txt": "Hi.\t\n" });
  assert.throws(() => readTranslationPairs(path.join(bad, "p.txt")), /p\.txt:2: expected "English<TAB>Chinese", found no tab/);
  assert.throws(() => readTranslationPairs(path.join(bad, "e.txt")), /e\.txt:1: the Chinese column is empty/);
});

const sft = (name: string) => path.join(sharedDataDir(), "sft", name);

test("real SFT files in ../shared/data/sft read with the expected counts", { skip: sharedDataSkip() }, () => {
  const cases: [string, (f: string) => Conversation[], number][] = [
    ["alpaca_zh_demo.json", readAlpaca, 1000],
    ["oaast_sft_zh.json", readOasst, 689],
    ["sharegpt_zh_1K_format.jsonl", readShareGpt, 1000],
  ];
  for (const [name, read, n] of cases) {
    const f = sft(name);
    if (!fs.existsSync(f)) assert.fail(`${f} is listed in the shared data but missing`);
    const convs = read(f);
    assert.equal(convs.length, n, name);
    for (const c of convs) assert.equal(roleOrderProblem(c.messages), null, c.source);
    assert.ok(convs.every((c) => c.messages.some((m) => m.role === "assistant") || c.messages.length === 1), name);
  }
  const oasst = readOasst(sft("oaast_sft_zh.json"));
  assert.equal(oasst.filter((c) => c.messages.length > 2).length, 390); // records with a history
  // ShareGPT's tool-call set is refused clearly
  assert.throws(() => readShareGpt(sft("glaive_toolcall_zh_demo.json")), /glaive_toolcall_zh_demo\.json:\d+: conversations\[1\] field 'from' is "function_call"/);
});

test("real Tatoeba pairs in ../shared/data/parallel: 20,133 lines, both directions", { skip: sharedDataSkip() }, () => {
  const f = path.join(sharedDataDir(), "parallel", "cmn_eng_tatoeba.txt");
  const both = readTranslationPairs(f);
  assert.equal(both.length, 2 * 20133);
  assert.equal(readTranslationPairs(f, { directions: "zh-en" }).length, 20133);
  assert.equal(both[0].messages[1].content, "Hi.");
  assert.equal(readTranslationPairs(f, { limit: 10 }).length, 20);
});

// The shipped default chat data (data/chat) and its builder (scripts/build-default-chat.ts).
// The CustomJSON checks are written here, strictly, so this test does not lean on lib/chat's readers.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { convertScript } from "../../lib/zh";
import { bundledDataDir, hasSharedData, sharedDataDir } from "../../lib/util/paths";
import { buildDefaultChat, chatReadmeBlock, customJsonText, readChatManifest, CHAT_FILES, MANIFEST_FILE } from "../../scripts/build-default-chat";
import { identityConversations, turnsToMessages } from "../../scripts/chat/identity";
import { oasstConversations, tatoebaPairs, type ChatMessage } from "../../scripts/chat/sources";

const dir = path.join(bundledDataDir(), "chat");

const cp = (s: string) => [...s].length;

/** nanochat CustomJSON, strictly: one JSON array per non-empty line, ≥ 2 {role, content} objects, user/assistant alternating from user. */
function parseCustomJsonStrict(text: string, file: string): ChatMessage[][] {
  const out: ChatMessage[][] = [];
  if (!text.endsWith("\n")) throw new Error(`${file}: no final newline`);
  text.slice(0, -1).split("\n").forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    if (line.trim() === "") throw new Error(`${at}: empty line`);
    const v: unknown = JSON.parse(line);
    if (!Array.isArray(v)) throw new Error(`${at}: not a JSON array`);
    if (v.length < 2) throw new Error(`${at}: ${v.length} message(s); at least 2 needed`);
    out.push(
      v.map((m: unknown, j: number) => {
        if (typeof m !== "object" || m === null || Array.isArray(m)) throw new Error(`${at}[${j}]: not an object`);
        const keys = Object.keys(m).sort().join(",");
        if (keys !== "content,role") throw new Error(`${at}[${j}]: keys ${keys}; expected exactly role, content`);
        const { role, content } = m as { role: unknown; content: unknown };
        const want = j % 2 === 0 ? "user" : "assistant";
        if (role !== want) throw new Error(`${at}[${j}].role: ${String(role)}; expected ${want}`);
        if (typeof content !== "string" || content.trim() === "") throw new Error(`${at}[${j}].content: not a non-empty string`);
        return { role: want, content };
      }),
    );
  });
  return out;
}

function sha256(b: Uint8Array): string {
  return crypto.createHash("sha256").update(b).digest("hex");
}

test("the strict CustomJSON check refuses what nanochat's CustomJSON task refuses, naming file:line", () => {
  const ok = '[{"role":"user","content":"你好"},{"role":"assistant","content":"你好！"}]\n';
  assert.equal(parseCustomJsonStrict(ok, "f").length, 1);
  const bad: [string, RegExp][] = [
    ['[{"role":"user","content":"a"}]\n', /f:1: 1 message/],
    [ok + '[{"role":"assistant","content":"a"},{"role":"user","content":"b"}]\n', /f:2\[0\]\.role: assistant/],
    ['[{"role":"system","content":"s"},{"role":"user","content":"a"}]\n', /f:1\[0\]\.role: system/],
    ['[{"role":"user","content":"a"},{"role":"user","content":"b"}]\n', /f:1\[1\]\.role: user/],
    ['[{"role":"user","content":1},{"role":"assistant","content":"b"}]\n', /f:1\[0\]\.content/],
    ['[{"role":"user","content":"a","x":1},{"role":"assistant","content":"b"}]\n', /f:1\[0\]: keys/],
    ['{"role":"user","content":"a"}\n', /f:1: not a JSON array/],
    [ok.trimEnd(), /no final newline/],
  ];
  for (const [text, re] of bad) assert.throws(() => parseCustomJsonStrict(text, "f"), re, text);
});

test("shipped chat files parse strictly and match MANIFEST.json: rows, messages, characters, bytes, sha256", () => {
  const m = readChatManifest(dir);
  assert.deepEqual(m.files.map((f) => f.file).sort(), Object.values(CHAT_FILES).sort());
  let total = 0;
  for (const f of m.files) {
    const bytes = fs.readFileSync(path.join(dir, f.file));
    total += bytes.length;
    assert.equal(bytes.length, f.bytes, `${f.file}: bytes`);
    assert.equal(sha256(bytes), f.sha256, `${f.file}: sha256`);
    const text = bytes.toString("utf8");
    if (f.format === "customjson") {
      const convs = parseCustomJsonStrict(text, f.file);
      assert.equal(convs.length, f.rows, `${f.file}: rows`);
      assert.equal(convs.reduce((a, c) => a + c.length, 0), f.messages, `${f.file}: messages`);
      assert.equal(convs.reduce((a, c) => a + c.reduce((b, x) => b + cp(x.content), 0), 0), f.characters, `${f.file}: characters`);
    } else {
      const lines = text.slice(0, -1).split("\n");
      assert.equal(lines.length, f.rows, `${f.file}: rows`);
      let chars = 0;
      lines.forEach((l, i) => {
        const cols = l.split("\t");
        assert.equal(cols.length, 2, `${f.file}:${i + 1}: columns`);
        assert.ok(cols[0].trim() !== "" && cols[1].trim() !== "", `${f.file}:${i + 1}: empty side`);
        assert.match(cols[0], /[A-Za-z]/, `${f.file}:${i + 1}: English side`);
        assert.match(cols[1], /\p{Script=Han}/u, `${f.file}:${i + 1}: Chinese side`);
        assert.equal(convertScript(cols[1], "t2s"), cols[1], `${f.file}:${i + 1}: Chinese side not Simplified`);
        chars += cp(cols[0]) + cp(cols[1]);
      });
      assert.equal(chars, f.characters, `${f.file}: characters`);
    }
  }
  assert.ok(total <= 1.5 * 1024 * 1024, `data/chat holds ${total} bytes (limit ~1.5 MB)`);
});

test("only shippable sources: no Alpaca-derived, C-EVAL or CMMLU input; every input has a licence and a sha256", () => {
  const m = readChatManifest(dir);
  for (const f of m.files) {
    assert.ok(f.license.trim() !== "" && !/\bNC\b|non-commercial/i.test(f.license), `${f.file}: ${f.license}`);
    for (const i of f.inputs) {
      assert.doesNotMatch(i.file, /alpaca|ceval|cmmlu|sharegpt|glaive/i, `${f.file}: input ${i.file}`);
      assert.match(i.sha256, /^[0-9a-f]{64}$/);
    }
  }
  assert.ok(fs.readFileSync(path.join(dir, "LICENSE-Apache-2.0.txt"), "utf8").includes("Apache License"), "Apache-2.0 text for the OpenAssistant data");
});

test("identity.jsonl is exactly the conversations of scripts/chat/identity*.ts, short enough for a 256-token context", () => {
  const convs = identityConversations();
  assert.equal(fs.readFileSync(path.join(dir, CHAT_FILES.identity), "utf8"), customJsonText(convs));
  assert.ok(convs.length >= 150 && convs.length <= 300, `${convs.length} conversations`);
  for (const c of convs) {
    const chars = c.reduce((a, x) => a + cp(x.content), 0);
    assert.ok(chars <= 300, `${chars} characters: ${c[0].content}`);
  }
  const han = convs.filter((c) => c.some((x) => /\p{Script=Han}/u.test(x.content))).length;
  const englishOnly = convs.length - han;
  assert.ok(han / convs.length >= 0.6, `only ${han} of ${convs.length} conversations have Chinese`);
  assert.ok(englishOnly >= 20, `only ${englishOnly} English-only conversations`);
  assert.ok(convs.filter((c) => c.length > 2).length >= 10, "multi-turn conversations");
  assert.throws(() => turnsToMessages(["只有一句"], "t#0"), /t#0: 1 turns/);
  assert.throws(() => turnsToMessages(["问", " 答"], "t#1"), /t#1: turn 1/);
});

test("oasstConversations: history becomes earlier turns, long ones dropped, Traditional converted, duplicates dropped", () => {
  const rows = [
    { instruction: "你好", input: "", output: "你好！", history: [] },
    { instruction: "再问", input: "补充", output: "答二", history: [["问一", "答一"]] },
    { instruction: "長", input: "", output: "字".repeat(50), history: [] },
    { instruction: "漢語難嗎", input: "", output: "不難", history: [] },
    { instruction: "你好", input: "", output: "你好！", history: [] },
    { instruction: "空", input: "", output: "  ", history: [] },
  ];
  const r = oasstConversations(JSON.stringify(rows), "o.json", 40);
  assert.deepEqual(r.conversations, [
    [{ role: "user", content: "你好" }, { role: "assistant", content: "你好！" }],
    [{ role: "user", content: "问一" }, { role: "assistant", content: "答一" }, { role: "user", content: "再问\n补充" }, { role: "assistant", content: "答二" }],
    [{ role: "user", content: "汉语难吗" }, { role: "assistant", content: "不难" }],
  ]);
  assert.deepEqual([r.rows, r.tooLong, r.duplicates, r.empty, r.converted], [6, 1, 1, 1, 1]);
  assert.throws(() => oasstConversations(JSON.stringify([{ input: "", output: "x", history: [] }]), "o.json"), /o\.json#0\.instruction/);
  assert.throws(() => oasstConversations(JSON.stringify([{ instruction: "a", output: "b", history: [["x"]] }]), "o.json"), /o\.json#0\.history\[0\]/);
});

test("tatoebaPairs: Simplified, length and duplicate filters, evenly spaced rows in file order", () => {
  const lines = ["Hi.\t你好。", "Hi.\t你好。", "Run!\t跑！", "Too long " + "x".repeat(60) + "\t长", "Thanks.\t謝謝。", "Go.\t走。", "Wait.\t等等。"];
  const r = tatoebaPairs(lines.join("\n") + "\n", "t.txt", 3);
  assert.deepEqual([r.rows, r.eligible, r.tooLong, r.duplicates], [7, 5, 1, 1]);
  // eligible: Hi, Run, Thanks(谢谢), Go, Wait → rows floor(i·5/3) = 0, 1, 3
  assert.deepEqual(r.pairs, ["Hi.\t你好。", "Run!\t跑！", "Go.\t走。"]);
  assert.equal(tatoebaPairs(lines.join("\n"), "t.txt", 5).pairs[2], "Thanks.\t谢谢。");
  assert.throws(() => tatoebaPairs("a\tb\tc\n", "t.txt", 1), /t\.txt:1: expected 2/);
  assert.throws(() => tatoebaPairs("Hi.\t你好。\n", "t.txt", 2), /only 1 eligible/);
});

test("data/README.md carries the table of the shipped MANIFEST.json", () => {
  const readme = fs.readFileSync(path.join(bundledDataDir(), "README.md"), "utf8");
  assert.ok(readme.includes(chatReadmeBlock(readChatManifest(dir))), "data/README.md chat block is stale: run npx tsx scripts/build-default-chat.ts");
});

test("the builder reproduces the shipped chat data byte for byte from ../shared/data", (t) => {
  if (!hasSharedData()) {
    t.skip(`shared data not found at ${sharedDataDir()}: cannot rebuild the default chat data`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-chat-test-"));
  try {
    const rebuilt = buildDefaultChat(tmp);
    const shipped = readChatManifest(dir);
    assert.deepEqual(rebuilt.files.map((f) => [f.file, f.sha256]), shipped.files.map((f) => [f.file, f.sha256]));
    assert.equal(fs.readFileSync(path.join(tmp, MANIFEST_FILE), "utf8"), fs.readFileSync(path.join(dir, MANIFEST_FILE), "utf8"));
    for (const f of rebuilt.files) assert.equal(sha256(fs.readFileSync(path.join(tmp, f.file))), f.sha256, f.file);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

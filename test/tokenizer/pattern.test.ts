import { test } from "node:test";
import assert from "node:assert/strict";
import { PATTERN_NAMES, patternInfo, pretokenizer, splitWithRegex, toJsPattern, WHITE_SPACE } from "../../lib/tokenizer/index";
import { randomText, rng } from "./helpers";

test("every named pattern compiles in JS (u flag)", () => {
  for (const name of PATTERN_NAMES) assert.doesNotThrow(() => new RegExp(toJsPattern(patternInfo(name).source), "gv"), name);
});

test("translation: (?i:…) expanded, possessives dropped, \\s → White_Space", () => {
  const js = toJsPattern(patternInfo("nanochat").source);
  assert.ok(!js.includes("(?i:"));
  assert.ok(!/[?+*}]\+/.test(js.replace(/\\[pP]\{[^}]*\}/g, "X").replace(/\\./g, "")), js);
  assert.ok(js.startsWith("'(?:[sSſdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])"), js);
});

test("explicit case classes equal JS's own /iu simple case folding over all code points", () => {
  const ci = /^[sdmtlvek]$/iu;
  const ours = new RegExp(`^[${"sdmtlvek".split("").map((c) => toJsPattern(`(?i:${c})`).slice(4, -1).replace(/^\[|\]$/g, "")).join("")}]$`, "u");
  for (let cp = 0; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    assert.equal(ours.test(ch), ci.test(ch), `U+${cp.toString(16)}`);
  }
});

test("WHITE_SPACE is exactly \\p{White_Space} (JS \\s differs: U+FEFF in, U+0085 out)", () => {
  const ws = new RegExp(`^[${WHITE_SPACE}]$`, "u");
  const prop = /^\p{White_Space}$/u;
  for (let cp = 0; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    assert.equal(ws.test(ch), prop.test(ch), `U+${cp.toString(16)}`);
  }
  assert.ok(/\s/.test("\ufeff") && !ws.test("\ufeff"));
  assert.ok(!/\s/.test("\u0085") && ws.test("\u0085"));
});

test("nanochat pattern: a Han run up to punctuation is one chunk (reference §4 example)", () => {
  const src = patternInfo("nanochat").source;
  assert.deepEqual(splitWithRegex(src, " 你好世界，今天天气很好。 中文English混合"), [" 你好世界", "，今天天气很好", "。", " 中文English混合"]);
  // the reference shows the input without its leading space; the pattern cannot add one:
  assert.deepEqual(splitWithRegex(src, "你好世界，今天天气很好。"), ["你好世界", "，今天天气很好", "。"]);
  assert.deepEqual(splitWithRegex(src, "12345 I'm"), ["12", "34", "5", " I", "'m"]);
  assert.deepEqual(splitWithRegex(patternInfo("cl100k").source, "12345"), ["123", "45"]);
});

test("han-char and jieba cut Han runs; other characters keep nanochat's chunks", () => {
  const text = "你好世界，今天天气很好。 中文English混合 I'm";
  assert.deepEqual(pretokenizer("han-char").split(text), ["你", "好", "世", "界", "，", "今", "天", "天", "气", "很", "好", "。", " ", "中", "文", "English", "混", "合", " I", "'m"]);
  const j = pretokenizer("jieba").split(text);
  assert.equal(j.join(""), text);
  assert.ok(j.includes("English") && j.includes(" I") && j.includes("'m"), JSON.stringify(j));
  assert.ok(j.includes("中文") && j.includes("混合"), JSON.stringify(j));
});

test("pre-tokens always concatenate back to the text (random Unicode, every pattern)", () => {
  const r = rng(7);
  const pres = PATTERN_NAMES.map((n) => pretokenizer(n));
  for (let i = 0; i < 400; i++) {
    const t = randomText(r, 60);
    for (const p of pres) assert.equal(p.split(t).join(""), t, `${p.info.name}: ${JSON.stringify(t)}`);
  }
});

test("unknown pattern name is a clear error", () => {
  assert.throws(() => patternInfo("bogus"), /unknown pattern 'bogus'.*nanochat/);
});

test("Unicode pin: the changed code points are exactly where Node's tables differ from tiktoken's", { skip: process.versions.unicode !== "17.0" && `runtime Unicode ${process.versions.unicode}` }, async () => {
  const { Tiktoken } = await import("tiktoken");
  const { UNICODE17_CHANGED } = await import("../../lib/tokenizer/unicodePin");
  const lines: string[] = [];
  for (let i = 0; i < 256; i++) lines.push(`${Buffer.from([i]).toString("base64")} ${i}`);
  let all = "";
  for (let cp = 0; cp < 0x110000; cp++) if (cp < 0xd800 || cp > 0xdfff) all += String.fromCodePoint(cp);
  const diff = new Set<number>();
  for (const p of ["L", "N", "M", "Lu", "Ll", "Lt", "Lm", "Lo", "Han"]) {
    // tiktoken's encode_ordinary keeps only regex matches: with pattern \p{X}, exactly the X characters
    const t = new Tiktoken(lines.join("\n"), {}, `\\p{${p}}`);
    const rust = new Set(Array.from(new TextDecoder().decode(t.decode(t.encode_ordinary(all))), (c) => c.codePointAt(0)!));
    t.free();
    const js = new RegExp(`^\\p{${p === "Han" ? "Script=Han" : p}}$`, "u");
    for (const ch of all) if (js.test(ch) !== rust.has(ch.codePointAt(0)!)) diff.add(ch.codePointAt(0)!);
  }
  const table = new Set<number>();
  for (const [lo, hi] of UNICODE17_CHANGED) for (let cp = lo; cp <= hi; cp++) table.add(cp);
  assert.deepEqual([...diff].sort((a, b) => a - b), [...table].sort((a, b) => a - b));
});

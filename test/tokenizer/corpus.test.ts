import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readDocs } from "../../lib/tokenizer/index";
import { readLines } from "../../lib/tokenizer/corpus";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-corpus-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};

test("readDocs .txt: paragraphs when there are blank lines, else lines; CRLF and BOM handled", () => {
  assert.deepEqual([...readDocs(file("p.txt", "\ufeffa\r\nb\r\n\r\n \u3000\n\nc\n\n\n"))], ["a\nb", "c"]);
  assert.deepEqual([...readDocs(file("l.txt", "one\ntwo\n  \nthree"))], ["one\ntwo", "three"]);
  assert.deepEqual([...readDocs(file("m.txt", "one\ntwo\r\nthree"))], ["one", "two", "three"]);
});

test("readLines streams across read boundaries and multi-byte characters", () => {
  const line = "你好世界🌍".repeat(30000); // > 1 MiB per line: splits inside characters
  const f = file("big.txt", `${line}\n${line}\nend`);
  assert.deepEqual([...readLines(f)], [line, line, "end"]);
});

test("readDocs .jsonl / .json: text field, else all strings; bad JSON names file and line", () => {
  assert.deepEqual([...readDocs(file("a.jsonl", '{"text":"x"}\n\n{"a":["y","z"]}\n'))], ["x", "y", "z"]);
  assert.deepEqual([...readDocs(file("a.json", '[{"q":"1","r":{"s":"2"}}]'))], ["1", "2"]);
  assert.throws(() => [...readDocs(file("b.jsonl", '{"text":"x"}\n{oops\n'))], /b\.jsonl:2: not JSON/);
});

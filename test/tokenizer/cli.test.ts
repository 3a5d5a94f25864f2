// nanozh tok: the command line end to end (spawned through tsx).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { builtinTokenizer, loadTokenizer } from "../../lib/tokenizer/index";
import { hasSharedData, repoRoot, sharedDataDir } from "../../lib/util/paths";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-tokcli-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

function nanozh(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "tok", ...args], { cwd: repoRoot(), input: input === undefined ? undefined : Buffer.from(input) });
  return { code: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8"), raw: r.stdout };
}

const txt = path.join(tmp, "a.txt");
fs.writeFileSync(txt, "今天天气很好，我们去公园散步。\n\n昨天下雨了。The weather is nice today.\n\n" + "中文和English混合的句子。\n\n".repeat(30));
const jsonl = path.join(tmp, "b.jsonl");
fs.writeFileSync(jsonl, ['{"text":"hello world, hello tokenizer"}', '{"text":"你好世界 🌍"}'].join("\n") + "\n");
const out = path.join(tmp, "tok");

test("tok train writes the three files; encode/decode round-trip through the CLI", () => {
  const r = nanozh(["train", "--input", txt, "--input", jsonl, "--vocab", "330", "--out", out, "--quiet"]);
  assert.equal(r.code, 0, r.stderr);
  for (const f of ["tokenizer.tiktoken", "tokenizer.json", "meta.json"]) assert.ok(fs.existsSync(path.join(out, f)), f);
  const meta = JSON.parse(fs.readFileSync(path.join(out, "meta.json"), "utf8"));
  assert.equal(meta.vocabSize, 330);
  assert.equal(meta.training.docs, 34);
  assert.equal(meta.training.files.length, 2);
  const text = "今天天气很好 hello 🌍\n";
  const enc = nanozh(["encode", "--tokenizer", out, "--json"], text);
  assert.equal(enc.code, 0, enc.stderr);
  const ids = JSON.parse(enc.stdout) as number[];
  assert.deepEqual(ids, loadTokenizer(out).encodeOrdinary(text));
  const dec = nanozh(["decode", "--tokenizer", out], JSON.stringify(ids));
  assert.equal(dec.code, 0, dec.stderr);
  assert.equal(dec.stdout, text);
  const dec2 = nanozh(["decode", "--tokenizer", out], ids.join(" ") + "\n");
  assert.equal(dec2.stdout, text);
});

test("tok encode with a built-in; special text is encoded as text", () => {
  const text = "hello <|endoftext|> 世界";
  const r = nanozh(["encode", "--tokenizer", "cl100k_base", "--json"], text);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), builtinTokenizer("cl100k_base").encodeOrdinary(text));
});

test("tok eval and tok bench print JSON", () => {
  const e = nanozh(["eval", "--tokenizer", "gpt2", "--json", "--max-chars", "20000"]);
  assert.equal(e.code, 0, e.stderr);
  const res = JSON.parse(e.stdout);
  // with ../shared/data: its text domains; without (a fresh clone): the bundled corpus, said on stderr
  const [zh, en] = hasSharedData() ? ["zh_text", "english"] : ["zh", "en"];
  assert.ok(res.domains[zh].bytesPerToken > 0 && res.domains[en].charsPerToken > 2, e.stdout);
  if (!hasSharedData()) {
    assert.ok(e.stderr.includes(`shared data not found at ${sharedDataDir()}`) && e.stderr.includes("bundled corpus"), e.stderr);
    assert.equal(res.source, path.join(repoRoot(), "data", "corpus"));
  } else assert.equal(e.stderr, "");
  const b = nanozh(["bench", "--tokenizer", out, "--input", txt, "--doc-chars", "100", "--json"]);
  assert.equal(b.code, 0, b.stderr);
  assert.ok(JSON.parse(b.stdout).mb_per_s > 0);
});

test("bad input: clear errors and exit code 1", () => {
  const cases: [string[], string | undefined, RegExp][] = [
    [["train", "--input", txt, "--vocab", "260", "--out", path.join(tmp, "x")], undefined, /--vocab: 260 is below 256 bytes \+ 9 specials = 265/],
    [["train", "--input", txt, "--vocab", "300", "--out", path.join(tmp, "x"), "--pattern", "nope"], undefined, /unknown pattern 'nope'/],
    [["train", "--input", path.join(tmp, "missing.txt"), "--vocab", "300", "--out", path.join(tmp, "x")], undefined, /missing\.txt: no such file/],
    [["decode", "--tokenizer", out], "[1, 2, 99999]", /id #3 = 99999 is out of range \[0, 330\)/],
    [["decode", "--tokenizer", out], "1 2 x", /id #3 \("x"\) is not an integer/],
    [["encode", "--tokenizer", path.join(tmp, "nowhere")], "x", /neither a built-in .* nor a tokenizer folder/],
  ];
  const blank = path.join(tmp, "blank.txt");
  fs.writeFileSync(blank, "  \n\n \t \n");
  cases.push([["train", "--input", blank, "--vocab", "300", "--out", path.join(tmp, "y"), "--quiet"], undefined, /corpus is empty/]);
  const broken = path.join(tmp, "broken");
  fs.cpSync(out, broken, { recursive: true });
  fs.writeFileSync(path.join(broken, "tokenizer.tiktoken"), fs.readFileSync(path.join(out, "tokenizer.tiktoken"), "utf8").replace(/\n[^\n]*\n$/, "\n!!!! 320\n"));
  cases.push([["encode", "--tokenizer", broken], "x", /broken\/tokenizer\.tiktoken:321: '!!!!' is not base64/]);
  for (const [args, input, re] of cases) {
    const r = nanozh(args, input);
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(" "));
  }
});

test("tok train --out an existing tokenizer: refused without --overwrite (old files untouched), replaced whole with it", () => {
  const dest = path.join(tmp, "tok-ow");
  const first = nanozh(["train", "--input", txt, "--vocab", "300", "--out", dest, "--quiet"]);
  assert.equal(first.code, 0, first.stderr);
  const before = new Map(fs.readdirSync(dest).map((f) => [f, fs.readFileSync(path.join(dest, f))]));
  // a killed earlier run's staging folder beside it (pid long gone) is cleared by the next write
  const deadPid = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
  const stale = path.join(tmp, `.tok-ow.tmp-${deadPid}-0badf00d`);
  fs.mkdirSync(stale);
  fs.writeFileSync(path.join(stale, "tokenizer.tiktoken"), "half");
  const refused = nanozh(["train", "--input", txt, "--vocab", "330", "--out", dest, "--quiet"]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /--out: .*tok-ow already holds a tokenizer \(tokenizer\.tiktoken, tokenizer\.json, meta\.json\); pass --overwrite/);
  for (const [f, bytes] of before) assert.ok(fs.readFileSync(path.join(dest, f)).equals(bytes), f);
  const replaced = nanozh(["train", "--input", txt, "--vocab", "330", "--out", dest, "--quiet", "--overwrite"]);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.equal(loadTokenizer(dest).nVocab, 330);
  assert.ok(!fs.existsSync(stale), "stale staging folder removed");
  assert.deepEqual(fs.readdirSync(tmp).filter((n) => n.startsWith(".tok-ow.")), []);
});

test("errors name the file: a folder as --input, a special-token collision in meta.json", () => {
  const dirIn = nanozh(["train", "--input", tmp, "--vocab", "300", "--out", path.join(tmp, "z"), "--quiet"]);
  assert.equal(dirIn.code, 1);
  assert.ok(dirIn.stderr.includes(`--input: ${tmp} is a folder, not a file`), dirIn.stderr);
  const bench = nanozh(["bench", "--tokenizer", "gpt2", "--input", tmp]);
  assert.equal(bench.code, 1);
  assert.ok(bench.stderr.includes(tmp) && !/EISDIR/.test(bench.stderr), bench.stderr);
  const collide = path.join(tmp, "collide");
  fs.cpSync(out, collide, { recursive: true });
  const meta = JSON.parse(fs.readFileSync(path.join(collide, "meta.json"), "utf8"));
  meta.specials["<|bos|>"] = 100;
  fs.writeFileSync(path.join(collide, "meta.json"), JSON.stringify(meta));
  const enc = nanozh(["encode", "--tokenizer", collide], "x");
  assert.equal(enc.code, 1);
  assert.match(enc.stderr, /collide\/meta\.json: specials\["<\|bos\|>"\]: id 100 collides with mergeable token 100/);
});

test("--tokenizer a Hugging Face model folder (only tokenizer.json): read like the file; a folder with no tokenizer: the error names it", () => {
  // our trained folder's tokenizer.json, alone in a folder as a downloaded model's would be
  const hfDir = path.join(tmp, "hf-model");
  fs.mkdirSync(hfDir);
  fs.copyFileSync(path.join(out, "tokenizer.json"), path.join(hfDir, "tokenizer.json"));
  fs.writeFileSync(path.join(hfDir, "config.json"), "{}");
  const text = "今天天气很好 hello 🌍\n";
  const viaDir = nanozh(["encode", "--tokenizer", hfDir, "--json"], text);
  assert.equal(viaDir.code, 0, viaDir.stderr);
  const viaFile = nanozh(["encode", "--tokenizer", path.join(hfDir, "tokenizer.json"), "--json"], text);
  assert.equal(viaFile.code, 0, viaFile.stderr);
  assert.deepEqual(JSON.parse(viaDir.stdout), JSON.parse(viaFile.stdout));
  assert.deepEqual(JSON.parse(viaDir.stdout), loadTokenizer(out).encodeOrdinary(text));
  const empty = path.join(tmp, "no-tokenizer");
  fs.mkdirSync(empty);
  fs.writeFileSync(path.join(empty, "config.json"), "{}");
  const r = nanozh(["encode", "--tokenizer", empty], "x");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no-tokenizer: holds no tokenizer — looked for meta\.json \+ tokenizer\.tiktoken .* and tokenizer\.json/);
});

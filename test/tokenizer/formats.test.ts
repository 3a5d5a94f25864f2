// tokenizer.tiktoken / tokenizer.json / meta.json: written, read back, and loaded by tiktoken and
// Hugging Face tokenizers.js with identical ids.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Tiktoken } from "tiktoken";
import { Tokenizer as HFTokenizer } from "@huggingface/tokenizers";
import { listTextFiles, loadTokenizer, readDocs, recoverMerges, saveTokenizer, trainBpe, type TokenizerMeta } from "../../lib/tokenizer/index";
import { bundledDataDir, hasSharedData, sharedDataDir } from "../../lib/util/paths";
import { sharedTexts } from "./helpers";

const quiet = () => {};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-tok-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every document of the bundled corpus (data/corpus/{zh,en}: ~55K characters, enough for a vocab of 3,000). */
function bundledDocs(): string[] {
  const corpus = path.join(bundledDataDir(), "corpus");
  return [...listTextFiles(path.join(corpus, "zh")), ...listTextFiles(path.join(corpus, "en"))].flatMap((f) => [...readDocs(f)]);
}

// Shared data when present (zh Wikipedia + Alice); without it (a fresh clone) the bundled corpus.
if (!hasSharedData()) console.log(`# formats.test: ../shared/data not found at ${sharedDataDir()}: training and comparing on the bundled corpus`);
function trainSmall() {
  const d = sharedDataDir();
  const docs = hasSharedData()
    ? [...readDocs(path.join(d, "zh_text/wiki_zh_cmrc2018/cmrc2018_paragraphs_zh.txt"))].slice(0, 300).concat([...readDocs(path.join(d, "english/gutenberg_raw/alice.txt"))].slice(0, 300))
    : bundledDocs();
  return trainBpe(docs, { vocabSize: 3000, log: quiet });
}
const trained = trainSmall();
const dir = path.join(tmp, "tok");
saveTokenizer(dir, trained.tokenizer, { merges: trained.merges, training: { files: ["x"], docs: 600, chars: 1, seconds: 0 } });

function sampleTexts(every: number): string[] {
  if (!hasSharedData()) return ["你好世界 🌍", "hello world", "x'S 123456", ...bundledDocs()];
  return sharedTexts().filter((_, i) => i % every === 0);
}

test("saveTokenizer → loadTokenizer gives the same tokenizer", () => {
  const tok = loadTokenizer(dir);
  const orig = trained.tokenizer;
  assert.equal(tok.nVocab, orig.nVocab);
  assert.deepEqual([...tok.specials], [...orig.specials]);
  assert.equal(tok.pattern.name, "nanochat");
  assert.deepEqual(tok.mergeableTokens(), orig.mergeableTokens());
  const text = "今天天气很好，The weather is nice. 𠀀👨‍👩‍👧";
  assert.deepEqual(tok.encodeOrdinary(text), orig.encodeOrdinary(text));
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as TokenizerMeta;
  assert.equal(meta.vocabSize, 3000);
  assert.equal(meta.merges, 3000 - 256 - 9);
  assert.equal(meta.specials["<|bos|>"], 2991);
  assert.equal(meta.pattern.name, "nanochat");
  assert.equal(meta.training?.docs, 600);
  const tb = tok.tokenBytes();
  assert.equal(tb.length, 3000);
  assert.equal(tb[2991], 0);
  assert.equal(tb[300], tok.tokenToBytes(300).length);
});

test("tiktoken (npm) loads tokenizer.tiktoken and encodes identically", () => {
  const tok = loadTokenizer(dir);
  const tt = new Tiktoken(fs.readFileSync(path.join(dir, "tokenizer.tiktoken"), "utf8"), Object.fromEntries(tok.specials), tok.pattern.source);
  let bytes = 0;
  for (const t of sampleTexts(10)) {
    assert.deepEqual(tok.encodeOrdinary(t), Array.from(tt.encode_ordinary(t)), JSON.stringify(t.slice(0, 60)));
    bytes += Buffer.byteLength(t);
  }
  const withSpecials = "<|bos|>你好<|user_start|>hi<|user_end|>";
  assert.deepEqual(tok.encode(withSpecials, { allowedSpecial: "all" }), Array.from(tt.encode(withSpecials, "all")));
  tt.free();
  if (hasSharedData()) assert.ok(bytes > 5e6, `${bytes} bytes`);
});

test("Hugging Face tokenizers.js loads tokenizer.json and encodes identically (~2 MB of zh/en)", () => {
  const tok = loadTokenizer(dir);
  const hf = new HFTokenizer(JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8")), {});
  let bytes = 0;
  for (const t of sampleTexts(27)) {
    assert.deepEqual(hf.encode(t, { add_special_tokens: false }).ids, tok.encodeOrdinary(t), JSON.stringify(t.slice(0, 60)));
    bytes += Buffer.byteLength(t);
  }
  assert.deepEqual(hf.encode("<|bos|>你好", { add_special_tokens: false }).ids, tok.encode("<|bos|>你好", { allowedSpecial: "all" }));
  if (hasSharedData()) assert.ok(bytes > 1.5e6, `${bytes} bytes`);
});

test("tokenizer.json merges are the training merges; recoverMerges derives them from the ranks alone", () => {
  const json = JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8")) as { model: { merges: string[]; vocab: Record<string, number> } };
  assert.equal(json.model.merges.length, trained.merges.length);
  assert.equal(Object.keys(json.model.vocab).length, 3000 - 9);
  const recovered = recoverMerges(trained.tokenizer.mergeableTokens()).map(([a, b]) => [a, b]);
  assert.deepEqual(recovered, trained.merges);
});

function corrupt(name: string, edit: (files: Record<string, string>) => void): string {
  const d = path.join(tmp, name);
  fs.mkdirSync(d, { recursive: true });
  const files: Record<string, string> = {};
  for (const f of ["tokenizer.tiktoken", "tokenizer.json", "meta.json"]) files[f] = fs.readFileSync(path.join(dir, f), "utf8");
  edit(files);
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(d, f), text);
  return d;
}

test("corrupt or truncated files: errors name the file and line", () => {
  const badB64 = corrupt("bad-b64", (f) => {
    const lines = f["tokenizer.tiktoken"].split("\n");
    lines[299] = "%%%notbase64 299";
    f["tokenizer.tiktoken"] = lines.join("\n");
  });
  assert.throws(() => loadTokenizer(badB64), /bad-b64\/tokenizer\.tiktoken:300: '%%%notbase64' is not base64/);
  const badRank = corrupt("bad-rank", (f) => {
    f["tokenizer.tiktoken"] = f["tokenizer.tiktoken"].replace(/ 41\n/, " 7\n");
  });
  assert.throws(() => loadTokenizer(badRank), /tokenizer\.tiktoken:42: rank 7 out of order/);
  const noRank = corrupt("no-rank", (f) => {
    f["tokenizer.tiktoken"] = f["tokenizer.tiktoken"].replace(/ 12\n/, "\n");
  });
  assert.throws(() => loadTokenizer(noRank), /tokenizer\.tiktoken:13: expected "<base64> <rank>"/);
  const truncated = corrupt("truncated", (f) => {
    f["tokenizer.tiktoken"] = f["tokenizer.tiktoken"].slice(0, Math.floor(f["tokenizer.tiktoken"].length / 2));
  });
  assert.throws(() => loadTokenizer(truncated), /truncated\/tokenizer\.tiktoken(:\d+: (expected|'.*' is not base64)|: \d+ tokens but meta\.json says nMergeable = 2991)/);
  const cut = corrupt("cut-lines", (f) => {
    f["tokenizer.tiktoken"] = f["tokenizer.tiktoken"].split("\n").slice(0, 2000).join("\n") + "\n";
  });
  assert.throws(() => loadTokenizer(cut), /cut-lines\/tokenizer\.tiktoken: 2000 tokens but meta\.json says nMergeable = 2991 \(truncated/);
  const badMeta = corrupt("bad-meta", (f) => {
    f["meta.json"] = f["meta.json"].slice(0, 40);
  });
  assert.throws(() => loadTokenizer(badMeta), /bad-meta\/meta\.json: not valid JSON/);
  const noMeta = path.join(tmp, "empty");
  fs.mkdirSync(noMeta, { recursive: true });
  assert.throws(() => loadTokenizer(noMeta), /empty\/meta\.json: not found/);
});

test("the three files must agree: a swapped file is named, by the sha256 meta.json records or by sizes and specials", () => {
  const metaOf = (f: Record<string, string>) => JSON.parse(f["meta.json"]) as TokenizerMeta & Record<string, unknown>;
  // tokenizer.tiktoken of another vocabulary of the same size (two ranks swapped): parses, counts right, hash differs
  const swapped = corrupt("swapped-ranks", (f) => {
    const lines = f["tokenizer.tiktoken"].split("\n");
    const [a, b] = [lines[400].split(" ")[0], lines[401].split(" ")[0]];
    lines[400] = `${b} 400`;
    lines[401] = `${a} 401`;
    f["tokenizer.tiktoken"] = lines.join("\n");
  });
  assert.throws(() => loadTokenizer(swapped), /swapped-ranks\/tokenizer\.tiktoken: does not match meta\.json .*mixes files of two tokenizers/);
  const hfEdited = corrupt("hf-edited", (f) => {
    f["tokenizer.json"] = f["tokenizer.json"].replace('"ignore_merges":true', '"ignore_merges":false');
  });
  assert.throws(() => loadTokenizer(hfEdited), /hf-edited\/tokenizer\.json: does not match meta\.json/);
  const hfMissing = path.join(corrupt("hf-missing", () => undefined));
  fs.rmSync(path.join(hfMissing, "tokenizer.json"));
  assert.throws(() => loadTokenizer(hfMissing), /hf-missing\/tokenizer\.json: not found \(meta\.json lists it\)/);
  // an older folder without recorded hashes: tokenizer.json is checked by its vocabulary and specials
  const oldFolder = corrupt("old-folder", (f) => {
    const m = metaOf(f);
    delete m.files;
    f["meta.json"] = JSON.stringify(m);
  });
  assert.equal(loadTokenizer(oldFolder).nVocab, 3000);
  const oldMixed = corrupt("old-mixed", (f) => {
    const m = metaOf(f);
    delete m.files;
    f["meta.json"] = JSON.stringify(m);
    f["tokenizer.json"] = f["tokenizer.json"].replace('"content":"<|bos|>"', '"content":"<|begin|>"');
  });
  assert.throws(() => loadTokenizer(oldMixed), /old-mixed\/tokenizer\.json: added_tokens .*<\|begin\|>.* differ from meta\.json specials/);
});

test("special-token errors in meta.json name meta.json and the special", () => {
  const cases: [string, (s: Record<string, number>) => void, RegExp][] = [
    ["collide", (s) => (s["<|bos|>"] = 5), /collide\/meta\.json: specials\["<\|bos\|>"\]: id 5 collides with mergeable token 5/],
    ["twice", (s) => (s["<|bos|>"] = s["<|user_start|>"]), /twice\/meta\.json: specials\[.*\]: id \d+ is also the id of/],
    ["beyond", (s) => (s["<|bos|>"] = 99999), /beyond\/meta\.json: specials\["<\|bos\|>"\]: id 99999 is not below vocabSize 3000/],
  ];
  for (const [name, edit, re] of cases) {
    const d = corrupt(name, (f) => {
      const m = JSON.parse(f["meta.json"]) as TokenizerMeta;
      edit(m.specials);
      f["meta.json"] = JSON.stringify(m);
    });
    assert.throws(() => loadTokenizer(d), re, name);
  }
});

test("saveTokenizer over an existing folder swaps the three files in whole; other files stay; nothing left beside it", () => {
  const parent = path.join(tmp, "resave");
  const target = path.join(parent, "tok");
  saveTokenizer(target, trained.tokenizer, { merges: trained.merges, log: quiet });
  fs.writeFileSync(path.join(target, "NOTES.md"), "mine");
  const small = trainBpe(["今天天气很好，我们去公园散步。The weather is nice today."], { vocabSize: 280, log: quiet });
  saveTokenizer(target, small.tokenizer, { merges: small.merges, log: quiet });
  assert.deepEqual(fs.readdirSync(target).sort(), ["NOTES.md", "meta.json", "tokenizer.json", "tokenizer.tiktoken"]);
  assert.equal(loadTokenizer(target).nVocab, small.tokenizer.nVocab);
  fs.rmSync(path.join(target, "NOTES.md"));
  saveTokenizer(target, trained.tokenizer, { merges: trained.merges, log: quiet });
  assert.equal(loadTokenizer(target).nVocab, 3000);
  assert.deepEqual(fs.readdirSync(parent), ["tok"]);
});

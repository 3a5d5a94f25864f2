// The fast trainer against the plain reference twin (recount all pairs every merge).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { countChunks, learnMerges, readDocs, trainBpe, NANOCHAT_SPECIALS, LANG_SPECIALS } from "../../lib/tokenizer/index";
import { sharedDataDir, sharedDataSkip } from "../../lib/util/paths";
import { referenceMerges } from "./reference";
import { bundledTexts } from "./helpers";

const quiet = () => {};

function sample(rel: string, maxChars: number): string[] {
  const out: string[] = [];
  let n = 0;
  for (const d of readDocs(path.join(sharedDataDir(), rel))) {
    out.push(d);
    n += d.length;
    if (n >= maxChars) break;
  }
  return out;
}

function check(docs: string[], merges: number, pattern = "nanochat"): void {
  const { counts } = countChunks(docs, { pattern, log: quiet });
  const fast = learnMerges(counts, merges, quiet);
  const ref = referenceMerges(counts, merges);
  assert.equal(fast.length, ref.length);
  for (let i = 0; i < ref.length; i++) assert.deepEqual(fast[i], ref[i], `merge ${i}`);
}

const CORPORA: [string, string[]][] = [
  ["zh wiki", ["zh_text/wiki_zh_cmrc2018/cmrc2018_paragraphs_zh.txt"]],
  ["luxun", ["zh_text/luxun/野草.txt"]],
  ["english", ["english/gutenberg_raw/alice.txt"]],
  ["mixed", ["parallel/cmn_eng_tatoeba.txt", "zh_text/reviews/waimai_10k.csv", "english/c4_demo.jsonl"]],
];

for (const [name, files] of CORPORA)
  test(`fast merges = reference merges: ${name}`, { skip: sharedDataSkip() }, () => {
    const docs = files.flatMap((f) => sample(f, 12_000 / files.length));
    check(docs, 250);
  });

test("fast = reference with the han-char and jieba patterns", { skip: sharedDataSkip() }, () => {
  const docs = sample("zh_text/luxun/呐喊.txt", 8000);
  check(docs, 150, "han-char");
  check(docs, 150, "jieba");
});

// the same twin check on the bundled corpus, so a clone without ../shared still runs it
test("fast merges = reference merges on the bundled corpus (zh, en, mixed; nanochat, han-char, jieba patterns)", () => {
  const head = (docs: string[], maxChars: number) => {
    const out: string[] = [];
    let n = 0;
    for (const d of docs) {
      if (n >= maxChars) break;
      out.push(d);
      n += d.length;
    }
    return out;
  };
  const zh = bundledTexts("zh");
  const en = bundledTexts("en");
  check(head(zh, 12_000), 250);
  check(head(en, 12_000), 250);
  check(head(zh, 6000).concat(head(en, 6000)), 250);
  check(head(zh, 8000), 150, "han-char");
  check(head(zh, 8000), 150, "jieba");
});

test("edge cases: overlapping repeats, emoji, CJK extension B, empty documents", () => {
  check(["aaaa"], 10);
  check(["aaaaa"], 10);
  check(["aaaaaaaaa aa aaa", "aaaa", "", "  "], 20);
  check(["👨‍👩‍👧‍👦 🌍🌍🌍 𠀀𠀁𠀂𠀀𠀁 𪚥𪚥", "", "𠀀𠀁"], 40);
  check(["abababab", "babababa ab ba"], 20);
  // "aaaa": (a,a) counted 3 times (overlapping), merged twice left to right → then (aa,aa)
  const { counts } = countChunks(["aaaa"], { log: quiet });
  assert.deepEqual(learnMerges(counts, 5, quiet), [[97, 97], [256, 256]]);
});

test("specials follow the mergeable tokens; vocab of exactly 256 + specials has no merges", () => {
  const r = trainBpe(["hello world"], { vocabSize: 256 + 9, log: quiet });
  assert.equal(r.merges.length, 0);
  assert.equal(r.tokenizer.nVocab, 265);
  assert.equal(r.tokenizer.specialId("<|bos|>"), 256);
  const r2 = trainBpe(["hello hello world"], { vocabSize: 256 + 12 + 3, specials: "nanochat+lang", log: quiet });
  assert.equal(r2.tokenizer.nMergeable, 259);
  const names = [...NANOCHAT_SPECIALS, ...LANG_SPECIALS];
  names.forEach((s, i) => assert.equal(r2.tokenizer.specialId(s), 259 + i));
  assert.equal(r2.tokenizer.decode(r2.tokenizer.encode("<|bos|>hello", { allowedSpecial: "all" })), "<|bos|>hello");
});

test("fewer possible merges than requested: stop early with a warning and a smaller vocabulary", () => {
  const r = trainBpe(["abc"], { vocabSize: 1000, log: quiet });
  assert.equal(r.merges.length, 2);
  assert.equal(r.tokenizer.nVocab, 256 + 2 + 9);
  assert.match(r.warnings[0], /only 2 of 735 merges possible/);
});

test("bad input: small vocab, empty or all-whitespace corpus, unknown pattern or specials", () => {
  assert.throws(() => trainBpe(["x"], { vocabSize: 264, log: quiet }), /vocab size 264 is below 256 bytes \+ 9 specials = 265/);
  assert.throws(() => trainBpe([], { vocabSize: 300, log: quiet }), /corpus is empty: 0 documents/);
  assert.throws(() => trainBpe(["  \n\t", "\u3000"], { vocabSize: 300, log: quiet }), /corpus is empty: 2 documents/);
  assert.throws(() => trainBpe(["x"], { vocabSize: 300, pattern: "nope", log: quiet }), /unknown pattern 'nope'/);
  assert.throws(() => trainBpe(["x"], { vocabSize: 300, specials: "nope", log: quiet }), /unknown specials set 'nope'/);
});

test("docCap crops each document (code points); maxChars stops after the document that crosses it", () => {
  const docs = ["𠀀".repeat(50), "b".repeat(50), "c".repeat(50)];
  const c = countChunks(docs, { docCap: 10, maxChars: 15, log: quiet });
  assert.equal(c.docs, 2);
  assert.equal(c.counts.get("𠀀".repeat(10)), 1);
  assert.equal(c.chars, 10 + 10); // code points, as Python's len
});

test("trained tokenizer round-trips and encodes its training text compactly", () => {
  const text = "今天天气很好，我们去公园散步。The weather is nice today. ".repeat(20);
  const r = trainBpe([text], { vocabSize: 400, log: quiet });
  const ids = r.tokenizer.encodeOrdinary(text);
  assert.equal(r.tokenizer.decode(ids), text);
  assert.ok(ids.length < Buffer.byteLength(text) / 4, `${ids.length} tokens`);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { trainBpe } from "../../lib/tokenizer";
import {
  BUNDLED_EVAL_DOMAINS, bundledCorpusDir, domainDocuments, evalSet, isHeldout, loadTokenizerSet, prefixTokenizer, splitDocuments, strideSample, trainingMix,
  trainTokenizerSet, trainVocabLadder, waterFill,
} from "../../lib/tokenizer/evaluate";

const silent = () => {};

function bundledMix(maxChars: number): string[] {
  return trainingMix(BUNDLED_EVAL_DOMAINS, bundledCorpusDir(), { zhShare: 0.7, maxChars }).docs;
}

// The claim notebook 04 rests on: the first k merges of a longer run are a k-merge run.
for (const pattern of ["nanochat", "han-char", "jieba"]) {
  test(`merge-list prefix equals training at the smaller vocab (${pattern})`, () => {
    const docs = bundledMix(40_000);
    const ladder = trainVocabLadder(docs, { vocabSizes: [1200, 400, 700], pattern, log: silent });
    assert.deepEqual(ladder.entries.map((e) => e.vocabSize), [400, 700, 1200]);
    for (const e of ladder.entries) {
      const direct = trainBpe(docs, { vocabSize: e.vocabSize, pattern, log: silent });
      assert.deepEqual(e.merges, direct.merges, `merges at ${e.vocabSize}`);
      assert.equal(e.tokenizer.nVocab, direct.tokenizer.nVocab);
      assert.deepEqual([...e.tokenizer.specials], [...direct.tokenizer.specials]);
      assert.deepEqual(e.tokenizer.mergeableTokens(), direct.tokenizer.mergeableTokens());
      for (const text of ["语言模型的训练需要大量文字。", "Tokenizers split text into pieces.", "臺北的捷運 2026 年"])
        assert.deepEqual(e.tokenizer.encodeOrdinary(text), direct.tokenizer.encodeOrdinary(text), `${pattern} ${e.vocabSize}: ${text}`);
    }
  });
}

test("prefixTokenizer: vocab below bytes + specials, or beyond the run, is an error", () => {
  const run = trainBpe(["ab ab ab cd cd"], { vocabSize: 270, log: silent });
  assert.throws(() => prefixTokenizer(run.merges, 200), /below 256 bytes \+ 9 specials/);
  assert.throws(() => prefixTokenizer(run.merges, 300), /needs 35 merges; the run has/);
  const p = prefixTokenizer(run.merges, 266);
  assert.equal(p.tokenizer.nVocab, 266);
  assert.equal(p.tokenizer.specialId("<|bos|>"), 257);
});

test("trainVocabLadder times each size: seconds to reach it rise with the vocab, the largest is the whole run", () => {
  const seen: number[] = [];
  const ladder = trainVocabLadder(bundledMix(40_000), { vocabSizes: [400, 1200, 700], log: silent, onMerge: (d) => seen.push(d) });
  const s = ladder.entries.map((e) => e.seconds);
  assert.ok(s.every((x) => Number.isFinite(x) && x >= 0), String(s));
  assert.ok(s[0] <= s[1] && s[1] <= s[2], String(s));
  assert.equal(s[2], ladder.stats.seconds);
  assert.ok(s[0] >= ladder.stats.countSeconds - 0.01, `${s[0]} vs count ${ladder.stats.countSeconds}`);
  // the caller's own onMerge still sees every merge
  assert.equal(seen.length, 1200 - 256 - 9);
  assert.equal(seen[seen.length - 1], 1200 - 256 - 9);
});

test("trainVocabLadder leaves out sizes the corpus cannot reach, with a warning", () => {
  const ladder = trainVocabLadder(["ab ab ab cd cd"], { vocabSizes: [266, 5000], log: silent });
  assert.deepEqual(ladder.entries.map((e) => e.vocabSize), [266]);
  assert.ok(ladder.warnings.some((w) => /5000/.test(w)));
});

test("waterFill shares a budget evenly, small parts take what they have", () => {
  assert.deepEqual(waterFill([10, 100, 100], 90), [10, 40, 40]);
  assert.deepEqual(waterFill([10, 20], 100), [10, 20]);
  assert.deepEqual(waterFill([50, 50], 60), [30, 30]);
});

test("held-out split: every 10th document, or the last of a short domain; stride sample stays in budget", () => {
  const docs = Array.from({ length: 25 }, (_, i) => `d${i}`);
  assert.deepEqual(splitDocuments(docs, "heldout"), ["d9", "d19"]);
  assert.equal(splitDocuments(docs, "train").length, 23);
  assert.deepEqual(splitDocuments(["a", "b", "c"], "heldout"), ["c"]);
  assert.equal(isHeldout(2, 3), true);
  const long = Array.from({ length: 100 }, (_, i) => "x".repeat(10 + (i % 7)));
  const s = strideSample(long, 400);
  assert.ok(s.join("").length <= 400);
  assert.ok(s.join("").length > 300);
  assert.deepEqual(strideSample(long, 400), s);
});

test("trainingMix on the bundled corpus: 70/30 by characters from the training split only", () => {
  const mix = trainingMix(BUNDLED_EVAL_DOMAINS, bundledCorpusDir(), { zhShare: 0.7, maxChars: 1e9 });
  assert.ok(Math.abs(mix.zhShare - 0.7) < 0.03, `zh share ${mix.zhShare}`);
  const heldout = new Set(BUNDLED_EVAL_DOMAINS.flatMap((d) => splitDocuments(domainDocuments(d, bundledCorpusDir()), "heldout")));
  for (const d of mix.docs) assert.equal(heldout.has(d), false);
});

test("trainingMix refuses undefined, NaN and out-of-range options, naming them (issue 15 item 9)", () => {
  const mix = (o: object) => () => trainingMix(BUNDLED_EVAL_DOMAINS, bundledCorpusDir(), o as { zhShare: number; maxChars: number });
  assert.throws(mix({ zhShare: 0.7, maxChars: undefined }), /trainingMix: maxChars must be a positive number of characters \(Infinity for all the text\), got undefined/);
  assert.throws(mix({ zhShare: 0.7, maxChars: NaN }), /maxChars .* got NaN/);
  assert.throws(mix({ zhShare: 0.7, maxChars: 0 }), /maxChars .* got 0/);
  assert.throws(mix({ zhShare: undefined, maxChars: 1e9 }), /trainingMix: zhShare must be a number in \(0, 1\), got undefined/);
  assert.throws(mix({ zhShare: 1, maxChars: 1e9 }), /zhShare .* got 1/);
  const all = trainingMix(BUNDLED_EVAL_DOMAINS, bundledCorpusDir(), { zhShare: 0.7, maxChars: Infinity });
  assert.ok(Math.abs(all.zhShare - 0.7) < 0.03, `Infinity keeps the 70% share, got ${all.zhShare}`);
});

test("trainTokenizerSet saves every tokenizer and a manifest; loadTokenizerSet reads the same tokenizers back", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-tokset-"));
  try {
    const set = trainTokenizerSet({ mode: "small", set: evalSet("small", false), vocabSizes: [300, 400], patterns: ["nanochat", "han-char"], zhShare: 0.7, maxChars: 20_000, dir });
    assert.deepEqual(set.manifest.entries.map((e) => e.name), ["small-zh70-nanochat-300", "small-zh70-nanochat-400", "small-zh70-han-char-300", "small-zh70-han-char-400"]);
    const back = loadTokenizerSet("small", dir)!;
    assert.ok(back);
    for (const [name, tok] of set.tokenizers) assert.deepEqual(back.tokenizers.get(name)!.encodeOrdinary("中文分词 tokenizer 测试"), tok.encodeOrdinary("中文分词 tokenizer 测试"));
    assert.equal(loadTokenizerSet("full", dir), null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  absentFromTexts, checkClaims, filterRanking, GUIDE_CLAIMS, hanCoverage, hanFrequencyFromDict, isSingleTokenByBytes, mixPooled, poolMeasurements, rankChars, textStats, verdict, measureAll,
  type DomainSample, type EvalDomain, type NamedTokenizer, type Pooled,
} from "../../lib/tokenizer/evaluate";
import { byteTokenizer, toyTokenizer } from "./helpers";

test("256-byte tokenizer: Han text is 1/3 char per token, 1 byte per token, every token partial", () => {
  const s = textStats(byteTokenizer(), ["你好世界", "中文"]);
  assert.equal(s.chars, 6);
  assert.equal(s.bytes, 18);
  assert.equal(s.tokens, 18);
  assert.equal(s.charsPerToken, 1 / 3);
  assert.equal(s.bytesPerToken, 1);
  assert.equal(s.partialTokens, 18);
  assert.equal(s.partialShare, 1);
  // distinct bytes of 你好世界中文: E4 BD A0 E5 A5 BD E4 B8 96 E7 95 8C E4 B8 AD E6 96 87
  assert.equal(s.distinctIds, new Set(Buffer.from("你好世界中文", "utf8")).size);
  assert.equal(s.vocabUsed, s.distinctIds / 256);
});

test("256-byte tokenizer: ASCII is 1 char = 1 byte = 1 token, nothing partial; an emoji is 4 partial tokens, 1 char", () => {
  const a = textStats(byteTokenizer(), ["Hello, world!"]);
  assert.deepEqual([a.chars, a.bytes, a.tokens, a.partialTokens], [13, 13, 13, 0]);
  const e = textStats(byteTokenizer(), ["😀"]);
  assert.deepEqual([e.chars, e.bytes, e.tokens, e.partialTokens], [1, 4, 4, 4]);
});

test("toy vocabulary: 你 and 好 whole, 世 not → 你好世 = 5 tokens, 2 partial", () => {
  const tok = toyTokenizer(["你", "好"]);
  const s = textStats(tok, ["你好世"]);
  assert.equal(s.tokens, 1 + 1 + 3);
  assert.equal(s.partialTokens, 3);
  assert.equal(s.charsPerToken, 3 / 5);
  assert.equal(s.bytesPerToken, 9 / 5);
});

test("hanFrequencyFromDict: characters weighted by word frequency and occurrences", () => {
  const f = hanFrequencyFromDict("妈妈 10 n\n妈 5 n\n好妈 3 a\nAT&T 3 nz\n\n");
  assert.deepEqual([...f].sort(), [["妈", 28], ["好", 3]].sort());
  assert.throws(() => hanFrequencyFromDict("好 x n\n", "d.txt"), /d\.txt:1/);
  const r = rankChars(new Map([["乙", 5], ["甲", 5], ["丙", 9]]), "toy");
  assert.deepEqual(r.chars, ["丙", "乙", "甲"]); // ties by code point: 乙 U+4E59 < 甲 U+7532
});

test("hanCoverage on a toy vocabulary, and its byte-lookup twin", () => {
  const tok = toyTokenizer(["的", "是"]);
  const ranking = rankChars(new Map([["的", 60], ["一", 30], ["是", 10], ["𠀀", 0.5]]), "toy");
  const c = hanCoverage(tok, ranking, 3);
  assert.equal(c.chars, 3);
  assert.equal(c.single, 2);
  assert.equal(c.singleShare, 2 / 3);
  assert.equal(c.weightedShare, 70 / 100);
  assert.equal(c.threePlus, 1); // 一 = E4 B8 80: three byte tokens
  assert.deepEqual(c.missing, ["一"]);
  assert.equal(c.tokensPerChar, (1 + 3 + 1) / 3);
  for (const ch of ranking.chars) assert.equal(tok.encodeOrdinary(ch).length === 1, isSingleTokenByBytes(tok, ch), ch);
  const all = hanCoverage(tok, ranking, 10);
  assert.equal(all.chars, 4);
  assert.equal(all.threePlus, 2); // 一 and 𠀀 (4 byte tokens)
  assert.equal(all.two, 0);
});

test("verdict and the pooled 50/50 mix (harmonic in chars/token)", () => {
  assert.equal(verdict(2, 1.5, 2), "✓ agrees");
  assert.match(verdict(0.75, 1.5, 2), /below \(50% of 1\.5\)/);
  const zh: Pooled = { label: "t", pool: "zh", chars: 100, bytes: 300, tokens: 100, charsPerToken: 1, bytesPerToken: 3, partialShare: 0.2 };
  const en: Pooled = { label: "t", pool: "en", chars: 400, bytes: 400, tokens: 100, charsPerToken: 4, bytesPerToken: 4, partialShare: 0 };
  const m = mixPooled("t", zh, en, 0.5);
  assert.equal(m.pool, "mix50");
  assert.equal(m.charsPerToken, 1 / (0.5 / 1 + 0.5 / 4)); // 1.6
  assert.equal(m.bytesPerToken, (0.5 * 3 + 0.5 * 1) / (0.5 / 1 + 0.5 / 4)); // 3.2
  assert.equal(m.partialShare, (0.5 * 0.2) / (0.5 + 0.125));
});

test("poolMeasurements and checkClaims on the 256-byte tokenizer: every Chinese rate claim fails in characters", () => {
  const dom = (name: string, lang: string, pool: "zh" | "en"): EvalDomain => ({ name, label: name, lang, pool, paths: [], reader: { kind: "docs" } });
  const samples: DomainSample[] = [
    { domain: dom("z", "zh", "zh"), split: "heldout", texts: ["你好世界"], available: 1 },
    { domain: dom("e", "en", "en"), split: "heldout", texts: ["Hello world"], available: 1 },
  ];
  const bytes: NamedTokenizer = { label: "bytes", tokenizer: byteTokenizer(), kind: "reference" };
  const ms = measureAll([bytes], samples);
  const pooled = poolMeasurements(ms);
  assert.deepEqual(pooled.map((p) => p.pool), ["zh", "en", "mix50", "mix70"]);
  assert.equal(pooled[0].charsPerToken, 1 / 3);
  const rows = checkClaims(GUIDE_CLAIMS, { pooled, english: [bytes], multilingual: [], ours: [{ ...bytes, kind: "ours", vocabSize: 256 }], coverage: [] });
  const hello = rows.filter((r) => r.claim.includes('"Hello世界"'));
  assert.ok(hello.length > 0);
  assert.match(hello[0].note, /7\/3 = 2\.33 ✗/);
  assert.match(hello[0].tokenizer, /bytes: 11 tokens/); // 5 ASCII + 6 bytes
  const zhRates = rows.filter((r) => r.claimed.endsWith("(zh)"));
  assert.ok(zhRates.length >= 5);
  for (const r of zhRates) assert.match(r.in_chars, /^✗ below/);
  const helloWorld = rows.find((r) => r.claim.includes('"Hello, world!"'))!;
  assert.match(helloWorld.note, /13\/4 = 3\.25 ✓/);
});

test("filterRanking drops characters and keeps order; absentFromTexts finds top characters missing from texts", () => {
  const r = rankChars(new Map([["的", 9], ["涓", 8], ["一", 7]]), "toy");
  const absent = absentFromTexts(r, ["的一个", "一"], 3);
  assert.deepEqual(absent, ["涓"]);
  const f = filterRanking(r, (ch) => !absent.includes(ch), "mojibake removed");
  assert.deepEqual(f.ranking.chars, ["的", "一"]);
  assert.deepEqual(f.ranking.freqs, [9, 7]);
  assert.deepEqual(f.dropped, ["涓"]);
  assert.match(f.ranking.source, /toy, mojibake removed/);
});

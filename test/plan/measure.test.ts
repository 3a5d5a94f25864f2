import { test } from "node:test";
import assert from "node:assert/strict";
import { get_encoding } from "tiktoken";
import { BYTES_PER_CHAR, countChars, measureCharsPerToken, measureDomains, measureSamples, poolByLang, sampleDocuments, SHARED_DOMAINS } from "../../lib/plan";
import { sharedDataDir, sharedDataSkip } from "../../lib/util/paths";
import path from "node:path";

const SAMPLE = 40_000; // bytes per domain: enough for stable ratios, fast in js-tiktoken

test("characters are code points; bytes are UTF-8", () => {
  for (const s of ["", "abc", "你好，世界！", "Hello世界", "𠀀𠀁x", "emoji 😀 ok"]) assert.equal(countChars(s), Array.from(s).length, s);
  const m = measureCharsPerToken("你好，世界！", "cl100k_base");
  assert.deepEqual([m.chars, m.bytes, m.tokens], [6, 18, 7]);
  const h = measureCharsPerToken("Hello世界", "cl100k_base"); // guide §2.1 claims 3 tokens (errata 7)
  assert.deepEqual([h.chars, h.bytes, h.tokens], [7, 11, 4]);
  assert.throws(() => measureCharsPerToken("x", "gpt2" as never), /cl100k_base or o200k_base/);
  assert.throws(() => measureCharsPerToken([], "cl100k_base"), /no text/);
});

test("sampling is deterministic and bounded", { skip: sharedDataSkip() }, () => {
  const paths = [path.join(sharedDataDir(), "zh_text/wiki_zh_cmrc2018/cmrc2018_paragraphs_zh.txt")];
  const a = sampleDocuments(paths, SAMPLE);
  const b = sampleDocuments(paths, SAMPLE);
  assert.deepEqual(a, b);
  assert.ok(a.reduce((n, d) => n + Buffer.byteLength(d), 0) <= SAMPLE);
  assert.ok(a.length > 5);
});

test("chars/token on shared data, js-tiktoken against the tiktoken (Rust/wasm) twin", { skip: sharedDataSkip() }, () => {
  for (const encName of ["cl100k_base", "o200k_base"] as const) {
    const ms = measureDomains(encName, SAMPLE);
    const twin = get_encoding(encName);
    try {
      for (const d of SHARED_DOMAINS) {
        const docs = sampleDocuments(d.paths.map((p) => path.join(sharedDataDir(), p)), SAMPLE);
        const tokens = docs.reduce((n, t) => n + twin.encode(t).length, 0);
        const m = ms.find((x) => x.domain === d.name)!;
        assert.equal(m.tokens, tokens, `${encName} ${d.name}`);
      }
    } finally {
      twin.free();
    }
    const by = Object.fromEntries(ms.map((m) => [m.domain, m]));
    // Chinese: about 0.8 chars/token with cl100k, 1.1–1.3 with o200k (errata 6); English ≈ 4.3–4.7
    const zhRange = encName === "cl100k_base" ? [0.7, 1.0] : [1.0, 1.4];
    for (const d of ["zh_wiki", "zh_luxun"]) {
      assert.ok(by[d].charsPerToken > zhRange[0] && by[d].charsPerToken < zhRange[1], `${encName} ${d} ${by[d].charsPerToken}`);
      assert.ok(Math.abs(by[d].bytesPerChar - BYTES_PER_CHAR.zh) < 0.2, `${d} bytes/char ${by[d].bytesPerChar}`);
      assert.ok(by[d].bytesPerToken > 2 * by[d].charsPerToken); // the guide's "2.5–3.0" is closer to bytes/token
    }
    for (const d of ["en_gutenberg", "en_c4"]) {
      assert.ok(by[d].charsPerToken > 3.8 && by[d].charsPerToken < 5.2, `${encName} ${d} ${by[d].charsPerToken}`);
      assert.ok(Math.abs(by[d].bytesPerChar - 1) < 0.02, `${d} bytes/char ${by[d].bytesPerChar}`);
    }
  }
});

test("pools follow each sample's pool: Traditional, classical and code text are measured but not pooled", () => {
  const samples = [
    { name: "zh_a", lang: "zh", pool: "zh", texts: ["今天天气很好，我们去公园散步。", "模型的参数量由深度决定。"] },
    { name: "zh_b", lang: "zh", pool: "zh", texts: ["分词器把文本切成词元。"] },
    { name: "zh_trad", lang: "zh-Hant", pool: null, texts: ["今天天氣很好。"] },
    { name: "zh_code", lang: "zh", pool: null, texts: ["for (let i = 0; i < n; i++) { sum += i; } // 求和"] },
    { name: "en", lang: "en", pool: "en", texts: ["The weather is nice today."] },
    { name: "empty", lang: "zh", pool: "zh", texts: [] },
  ];
  const ms = measureSamples("cl100k_base", samples);
  assert.deepEqual(ms.map((m) => m.domain), ["zh_a", "zh_b", "zh_trad", "zh_code", "en"]);
  const pooled = poolByLang(ms);
  assert.deepEqual(pooled.map((p) => [p.lang, p.domains]), [["zh", 2], ["en", 1]]);
  // reference twin: Σ chars ÷ Σ tokens over the pooled samples' texts, each encoded on its own
  const zhTexts = [...samples[0].texts, ...samples[1].texts];
  const twin = measureCharsPerToken(zhTexts, "cl100k_base");
  const zh = pooled.find((p) => p.lang === "zh")!;
  assert.deepEqual([zh.chars, zh.tokens, zh.charsPerToken], [twin.chars, twin.tokens, twin.charsPerToken]);
  // without a pool field a measurement pools by its lang, as before
  assert.deepEqual(poolByLang(ms.map(({ pool: _p, ...m }) => m)).map((p) => p.lang), ["zh", "zh-Hant", "en"]);
});

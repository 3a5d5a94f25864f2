// The encoder against tiktoken (wasm, the Rust original) and against the plain reference twin.
import { test } from "node:test";
import assert from "node:assert/strict";
import { get_encoding, Tiktoken } from "tiktoken";
import { builtinRanks, builtinTokenizer } from "../../lib/tokenizer/builtin";
import { patternInfo, Tokenizer } from "../../lib/tokenizer/index";
import { sharedDataSkip } from "../../lib/util/paths";
import { bundledTexts, randomText, rng, sharedTexts } from "./helpers";
import { referenceEncodePiece } from "./reference";

type Ref = { encode_ordinary(t: string): Uint32Array; encode(t: string, a?: "all" | string[], d?: "all" | string[]): Uint32Array; free(): void };

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const cl = builtinTokenizer("cl100k_base");
const combos: { name: string; ours: Tokenizer; ref: () => Ref; every: number }[] = [
  { name: "cl100k_base", ours: cl, ref: () => get_encoding("cl100k_base"), every: 4 },
  { name: "o200k_base", ours: builtinTokenizer("o200k_base"), ref: () => get_encoding("o200k_base"), every: 8 },
  { name: "gpt2", ours: builtinTokenizer("gpt2"), ref: () => get_encoding("gpt2"), every: 16 },
  {
    name: "cl100k ranks + nanochat pattern",
    ours: new Tokenizer({ name: "cl100k-nanochat", tokens: cl.mergeableTokens(), specials: {}, pattern: "nanochat" }),
    ref: () => new Tiktoken(builtinRanks("cl100k_base").bpe_ranks, {}, patternInfo("nanochat").source),
    every: 4,
  },
  {
    name: "cl100k ranks + Python cl100k pattern (possessive)",
    ours: new Tokenizer({ name: "cl100k-py", tokens: cl.mergeableTokens(), specials: {}, pattern: "cl100k-py" }),
    ref: () => new Tiktoken(builtinRanks("cl100k_base").bpe_ranks, {}, patternInfo("cl100k-py").source),
    every: 8,
  },
];

test("identical ids to tiktoken on the shared data (deterministic sample; full run: bench/tok-equiv.ts)", { skip: sharedDataSkip() }, () => {
  const texts = sharedTexts();
  assert.ok(texts.length > 100_000, `only ${texts.length} texts`);
  for (const c of combos) {
    const ref = c.ref();
    let n = 0;
    let bytes = 0;
    for (let i = 0; i < texts.length; i += c.every) {
      const t = texts[i];
      const a = c.ours.encodeOrdinary(t);
      const b = ref.encode_ordinary(t);
      if (!same(a, b)) assert.deepEqual(a, Array.from(b), `${c.name}: text #${i} ${JSON.stringify(t.slice(0, 80))}`);
      n++;
      bytes += Buffer.byteLength(t);
    }
    ref.free();
    assert.ok(n > 10_000 && bytes > 3e6, `${c.name}: ${n} texts, ${bytes} bytes`);
  }
});

test("identical ids to tiktoken on the bundled corpus (every document; runs without ../shared)", () => {
  const texts = bundledTexts();
  assert.ok(texts.length > 200, `${texts.length} texts`);
  for (const c of combos) {
    const ref = c.ref();
    for (const t of texts) {
      const a = c.ours.encodeOrdinary(t);
      const b = ref.encode_ordinary(t);
      if (!same(a, b)) assert.deepEqual(a, Array.from(b), `${c.name}: ${JSON.stringify(t.slice(0, 80))}`);
    }
    ref.free();
  }
});

test("identical ids to tiktoken on random Unicode; decode(encode(x)) === x", () => {
  const r = rng(2024);
  for (const c of combos) {
    const ref = c.ref();
    for (let i = 0; i < 1500; i++) {
      const t = randomText(r, 80);
      const a = c.ours.encodeOrdinary(t);
      assert.deepEqual(a, Array.from(ref.encode_ordinary(t)), `${c.name}: ${JSON.stringify(t)}`);
      assert.equal(c.ours.decode(a), t, `${c.name} round trip: ${JSON.stringify(t)}`);
    }
    ref.free();
  }
});

test("edge texts: BOM, NEL, long-s contraction, whitespace runs, lone surrogates", () => {
  const ref = get_encoding("cl100k_base") as unknown as Ref;
  const texts = ["\ufeff你好", "a\u0085b", "x'ſa 'S 'LL", "   \n\n  \t x  ", "\ud800abc\udc00", "", " ", "\r\n\r\n", "a".repeat(5000), "的".repeat(3000)];
  for (const t of texts) assert.deepEqual(cl.encodeOrdinary(t), Array.from(ref.encode_ordinary(t)), JSON.stringify(t.slice(0, 30)));
  ref.free();
});

test("fast byte-pair merge equals the reference twin (tiktoken's loop, literally), short and long pieces", () => {
  const tokens = cl.mergeableTokens();
  const byKey = new Map<string, number>();
  tokens.forEach((t, id) => byKey.set(Array.from(t).join(","), id));
  const rankOf = (k: string) => byKey.get(k);
  const r = rng(99);
  const enc = new TextEncoder();
  for (let i = 0; i < 600; i++) {
    // random bytes, random UTF-8 text and long Han runs (the heap path is ≥ 48 bytes)
    const kind = i % 3;
    let bytes: Uint8Array;
    if (kind === 0) bytes = Uint8Array.from({ length: 1 + Math.floor(r() * 120) }, () => Math.floor(r() * 256));
    else if (kind === 1) bytes = enc.encode(randomText(r, 60));
    else bytes = enc.encode(Array.from({ length: 5 + Math.floor(r() * 80) }, () => "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"[Math.floor(r() * 200)]).join(""));
    if (bytes.length === 0) continue;
    assert.deepEqual(cl.bpe.encodeBytes(bytes), referenceEncodePiece(bytes, rankOf), `piece ${i}`);
  }
});

test("special tokens: tiktoken semantics (disallowed by default, allowed → ids, ordinary → text)", () => {
  const ref = get_encoding("cl100k_base") as unknown as Ref;
  const text = "hi <|endoftext|> there <|fim_prefix|>x";
  assert.throws(() => cl.encode(text), /special token '<\|endoftext\|>' at character offset 3/);
  assert.deepEqual(cl.encode(text, { allowedSpecial: "all" }), Array.from(ref.encode(text, "all")));
  assert.deepEqual(cl.encode(text, { allowedSpecial: ["<|endoftext|>"], disallowedSpecial: [] }), Array.from(ref.encode(text, ["<|endoftext|>"], [])));
  assert.throws(() => cl.encode(text, { allowedSpecial: ["<|endoftext|>"] }), /'<\|fim_prefix\|>' at character offset 23/);
  assert.deepEqual(cl.encode(text, { disallowedSpecial: [] }), cl.encodeOrdinary(text));
  assert.deepEqual(cl.encodeOrdinary(text), Array.from(ref.encode_ordinary(text)));
  assert.equal(cl.decode(cl.encode(text, { allowedSpecial: "all" })), text);
  assert.deepEqual(cl.encodeBatch(["a", "<|endoftext|>"], { allowedSpecial: "all" }), [cl.encode("a"), [100257]]);
  assert.throws(() => cl.encode("x", { allowedSpecial: ["<|nope|>"] }), /not a special token/);
  ref.free();
});

test("decode: bytes, U+FFFD for partial UTF-8, streaming decoder across split sequences, range errors", () => {
  const text = "你好世界 🌍👨‍👩‍👧 𠀀𠀁 ok";
  const ids = cl.encodeOrdinary(text);
  assert.equal(Buffer.from(cl.decodeBytes(ids)).toString("utf8"), text);
  const partial = ids.find((id) => new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(cl.tokenToBytes(id), { stream: true }) === "" );
  if (partial !== undefined) assert.ok(cl.decode([partial]).includes("\ufffd"));
  for (const step of [1, 2, 3]) {
    const dec = cl.decoder();
    let out = "";
    for (let i = 0; i < ids.length; i += step) {
      const piece = dec.push(ids.slice(i, i + step));
      assert.ok(!piece.includes("\ufffd"), `step ${step}: replacement char mid-stream`);
      out += piece;
    }
    out += dec.flush();
    assert.equal(out, text);
  }
  assert.throws(() => cl.decode([cl.nVocab]), /out of range \[0, 100277\)/);
  assert.throws(() => cl.decode([-1]), /out of range/);
  assert.throws(() => cl.decode([100270]), /not a token/);
});

test("tokenBytes: byte length per id, 0 for specials (nanochat HEAD)", () => {
  const tb = cl.tokenBytes();
  assert.equal(tb.length, cl.nVocab);
  assert.equal(tb[100257], 0);
  for (const id of [0, 1000, 50000, 100255]) assert.equal(tb[id], cl.tokenToBytes(id).length);
});

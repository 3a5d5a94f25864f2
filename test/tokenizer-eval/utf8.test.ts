import { test } from "node:test";
import assert from "node:assert/strict";
import { getTokenizer } from "../../lib/tokenizer";
import { charStarts, isCompleteUtf8, utf8Shape, vocabProfile } from "../../lib/tokenizer/evaluate";
import { byteTokenizer, rng } from "./helpers";

/** Reference twin: WHATWG TextDecoder in fatal mode. */
function completeByDecoder(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

test("isCompleteUtf8 agrees with TextDecoder(fatal) on random bytes and near-UTF-8 strings", () => {
  const r = rng(7);
  const interesting = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
  for (let k = 0; k < 20000; k++) {
    const n = 1 + Math.floor(r() * 6);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = r() < 0.7 ? interesting[Math.floor(r() * interesting.length)] : Math.floor(r() * 256);
    assert.equal(isCompleteUtf8(b), completeByDecoder(b), `bytes ${Buffer.from(b).toString("hex")}`);
  }
  for (const s of ["", "a", "你好", "😀", "é", "\u{10ffff}", "\ud7ff", "\ue000"]) assert.equal(isCompleteUtf8(Buffer.from(s, "utf8")), true, s);
});

test("isCompleteUtf8 agrees with TextDecoder(fatal) on every cl100k_base token", () => {
  const tok = getTokenizer("cl100k_base");
  let partial = 0;
  for (const t of tok.mergeableTokens()) {
    const c = isCompleteUtf8(t);
    assert.equal(c, completeByDecoder(t));
    if (!c) partial++;
  }
  assert.equal(vocabProfile(tok).partial, partial);
});

test("utf8Shape: the pieces of 你 (E4 BD A0) and of 你好", () => {
  assert.equal(utf8Shape([0xe4]), "head"); // first byte of a 3-byte character
  assert.equal(utf8Shape([0xe4, 0xbd]), "head");
  assert.equal(utf8Shape([0xbd, 0xa0]), "tail");
  assert.equal(utf8Shape([0xa0, 0xe5]), "middle"); // end of 你, start of 好 (E5 A5 BD)
  assert.equal(utf8Shape([0xe4, 0xbd, 0xa0]), "complete");
  assert.equal(utf8Shape([0x20, 0xe4, 0xbd]), "head");
  assert.equal(utf8Shape([0xc0]), "invalid");
  assert.equal(utf8Shape([0xff]), "invalid");
  assert.equal(utf8Shape([0xe0, 0x80, 0x80]), "invalid"); // overlong
  assert.equal(charStarts(Buffer.from("你好", "utf8")), 2);
  assert.equal(charStarts([0xbd, 0xa0, 0xe5]), 1);
});

test("cl100k_base: the single-byte token E4 is partial UTF-8; 的 is one whole token", () => {
  const tok = getTokenizer("cl100k_base");
  // the byte tokens of cl100k are its first 256 ranks in GPT-2's printable-byte order, not 0..255
  const e4 = tok.mergeableTokens().findIndex((t) => t.length === 1 && t[0] === 0xe4);
  assert.ok(e4 >= 0);
  assert.equal(isCompleteUtf8(tok.mergeableTokens()[e4]), false);
  assert.equal(utf8Shape(tok.mergeableTokens()[e4]), "head");
  const de = tok.encodeOrdinary("的");
  assert.equal(de.length, 1);
  assert.equal(isCompleteUtf8(tok.mergeableTokens()[de[0]]), true);
  // a rare character (U+20000, 4 bytes) falls back to partial pieces
  const ids = tok.encodeOrdinary("\u{20000}");
  assert.ok(ids.length >= 2);
  for (const id of ids) assert.equal(isCompleteUtf8(tok.mergeableTokens()[id]), false);
});

test("vocabProfile of the 256-byte tokenizer: exactly the 128 non-ASCII bytes are partial", () => {
  const p = vocabProfile(byteTokenizer());
  assert.equal(p.mergeable, 256);
  assert.equal(p.partial, 128);
  assert.equal(p.partialShare, 0.5);
  // lead bytes C2–DF, E0–EF, F0–F4 are heads; 80–BF continuation tails; C0, C1, F5–FF never occur in UTF-8
  assert.deepEqual(p.shapes, { complete: 128, head: 30 + 16 + 5, tail: 64, middle: 0, invalid: 2 + 11 });
  assert.equal(p.avgBytes, 1);
  assert.equal(p.avgChars, (256 - 64) / 256); // continuation bytes start no character
  assert.equal(p.hanTokens, 0);
});

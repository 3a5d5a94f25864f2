// nanochat v1's token_bytes (scripts/tok_train.py @3a5e0bc, nanochat-formats §1): per id, 0 for a
// special token, else len(enc.decode([id]).encode("utf-8")) — the byte length of the LOSSY decode,
// so invalid UTF-8 counts 3 bytes per U+FFFD (maximal-subpart replacement, which Node's TextDecoder
// and Python's errors="replace" share). bits-per-byte divides by these counts. (Later nanochat,
// commit 2ce972a, uses the raw byte length: Tokenizer.tokenBytes().)
import type { Tokenizer } from "../tokenizer/tokenizer";

/** UTF-8 byte length of `bytes` decoded with U+FFFD replacement, re-encoded. */
export function lossyUtf8Length(bytes: Uint8Array, decoder = new TextDecoder("utf-8", { ignoreBOM: true })): number {
  return Buffer.byteLength(decoder.decode(bytes), "utf8");
}

/** v1 token_bytes for every id 0..nVocab-1; throws on an id that is neither a token nor a special. */
export function nanochatTokenBytes(tok: Tokenizer): Int32Array {
  const out = new Int32Array(tok.nVocab);
  const specialIds = new Set(tok.specials.values());
  const tokens = tok.mergeableTokens();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  for (let id = 0; id < tok.nVocab; id++) {
    if (specialIds.has(id)) continue;
    if (id >= tokens.length) throw new Error(`token_bytes: id ${id} of ${tok.name} is neither a mergeable token (< ${tokens.length}) nor a special token (a gap in the ids)`);
    out[id] = lossyUtf8Length(tokens[id], decoder);
  }
  return out;
}

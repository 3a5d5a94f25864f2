// A tokenizer on texts: characters and UTF-8 bytes per token (nanochat's tok_eval reports bytes per
// token, reference §4; shards count characters — errata item 6), the share of tokens that are
// partial UTF-8, and how much of the vocabulary the texts use. Texts are encoded as plain text
// (encodeOrdinary): special-token text counts as text.
import type { Tokenizer } from "../tokenizer";
import { codePointLength } from "../../util/text";
import { isCompleteUtf8 } from "./utf8";

export interface TextStats {
  tokenizer: string;
  texts: number;
  /** Unicode code points (Python's len) */
  chars: number;
  /** UTF-8 bytes */
  bytes: number;
  tokens: number;
  charsPerToken: number;
  bytesPerToken: number;
  /** tokens (occurrences) whose bytes are not whole UTF-8 */
  partialTokens: number;
  partialShare: number;
  /** distinct ids seen */
  distinctIds: number;
  /** distinct ids ÷ tokenizer vocabulary size (n_vocab) */
  vocabUsed: number;
}

/** Code points of a string (surrogate pairs count once): Python's len. */
export const countCodePoints = codePointLength;

/** Per tokenizer, which ids are partial UTF-8 (cached: vocabularies are reused across domains). */
const partialCache = new WeakMap<Tokenizer, Uint8Array>();
export function partialIdMask(tok: Tokenizer): Uint8Array {
  let mask = partialCache.get(tok);
  if (!mask) {
    mask = new Uint8Array(tok.nVocab);
    const tokens = tok.mergeableTokens();
    for (let id = 0; id < tokens.length; id++) if (!isCompleteUtf8(tokens[id])) mask[id] = 1;
    partialCache.set(tok, mask);
  }
  return mask;
}

export function textStats(tok: Tokenizer, texts: Iterable<string>): TextStats {
  const partial = partialIdMask(tok);
  const seen = new Uint8Array(tok.nVocab);
  let n = 0;
  let chars = 0;
  let bytes = 0;
  let tokens = 0;
  let partialTokens = 0;
  let distinct = 0;
  for (const t of texts) {
    n++;
    chars += countCodePoints(t);
    bytes += Buffer.byteLength(t, "utf8");
    const ids = tok.encodeOrdinary(t);
    tokens += ids.length;
    for (const id of ids) {
      partialTokens += partial[id];
      if (seen[id] === 0) {
        seen[id] = 1;
        distinct++;
      }
    }
  }
  return {
    tokenizer: tok.name,
    texts: n,
    chars,
    bytes,
    tokens,
    charsPerToken: tokens ? chars / tokens : 0,
    bytesPerToken: tokens ? bytes / tokens : 0,
    partialTokens,
    partialShare: tokens ? partialTokens / tokens : 0,
    distinctIds: distinct,
    vocabUsed: tok.nVocab ? distinct / tok.nVocab : 0,
  };
}

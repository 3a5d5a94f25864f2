// Compression of a tokenizer on texts: characters and UTF-8 bytes per token (tok_eval reports
// bytes/token, reference §4) — the numbers the evaluation notebooks build on.
import { codePointLength } from "../util/text";
import type { Tokenizer } from "./tokenizer";

export interface CompressionStats {
  texts: number;
  chars: number;
  bytes: number;
  tokens: number;
  charsPerToken: number;
  bytesPerToken: number;
}

export function compressionStats(tok: Tokenizer, texts: Iterable<string>): CompressionStats {
  let n = 0;
  let chars = 0;
  let bytes = 0;
  let tokens = 0;
  for (const t of texts) {
    n++;
    chars += codePointLength(t);
    bytes += Buffer.byteLength(t, "utf8");
    tokens += tok.encodeOrdinary(t).length;
  }
  return { texts: n, chars, bytes, tokens, charsPerToken: tokens ? chars / tokens : 0, bytesPerToken: tokens ? bytes / tokens : 0 };
}

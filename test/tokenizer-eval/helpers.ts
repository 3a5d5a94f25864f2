// Helpers for the tokenizer-evaluation tests: tiny tokenizers built by hand.
import { Tokenizer, tokensFromMerges } from "../../lib/tokenizer";
export { rng } from "../tokenizer/helpers";

/** A tokenizer with only the 256 byte tokens (no merges, no specials), nanochat's split pattern. */
export function byteTokenizer(): Tokenizer {
  return new Tokenizer({ name: "bytes-256", tokens: tokensFromMerges([]), specials: {}, pattern: "nanochat" });
}

/** A toy vocabulary: the 256 bytes plus whole tokens for the given characters (merged byte by byte). */
export function toyTokenizer(chars: string[], name = "toy"): Tokenizer {
  const merges: [number, number][] = [];
  const ids = new Map<string, number>();
  const idOf = (bytes: number[]): number => {
    if (bytes.length === 1) return bytes[0];
    const key = bytes.join(",");
    const known = ids.get(key);
    if (known !== undefined) return known;
    const left = idOf(bytes.slice(0, -1));
    merges.push([left, bytes[bytes.length - 1]]);
    const id = 255 + merges.length;
    ids.set(key, id);
    return id;
  };
  for (const ch of chars) idOf([...Buffer.from(ch, "utf8")]);
  return new Tokenizer({ name, tokens: tokensFromMerges(merges), specials: { "<|bos|>": 256 + merges.length }, pattern: "nanochat" });
}

// nanochat's tokenizer.pkl (a pickled tiktoken.Encoding, nanochat-formats.md §1) read back without Python:
// NEWOBJ(tiktoken.core.Encoding) + BUILD({name, pat_str, mergeable_ranks, special_tokens}), protocols 2–4.
// tokenizerFromTiktoken turns it into a lib/tokenizer Tokenizer when its pat_str is one of our named patterns.
import fs from "node:fs";
import { PATTERN_NAMES, patternInfo } from "../tokenizer/patterns";
import { Tokenizer } from "../tokenizer/tokenizer";
import type { TiktokenEncoding } from "./pickle";
import { unpickle } from "./unpickle";


class EncodingObject {
  state: unknown = undefined;
}

/** Parse tokenizer.pkl bytes; `source` names the file in errors. */
export function parseTiktokenPickle(data: Uint8Array, source: string): TiktokenEncoding {
  const value = unpickle(data, {
    source,
    globals: {
      "tiktoken.core.Encoding": {
        newobj: () => new EncodingObject(),
        build: (obj, state) => {
          (obj as EncodingObject).state = state;
          return obj;
        },
      },
    },
  });
  if (!(value instanceof EncodingObject)) throw new Error(`${source}: the pickle holds no tiktoken.core.Encoding`);
  const st = value.state;
  if (typeof st === "string") throw new Error(`${source}: a registry encoding ('${st}') pickled by name; nanochat's tokenizer.pkl carries its ranks`);
  if (!(st instanceof Map)) throw new Error(`${source}: Encoding state is not a dict`);
  const field = (k: string): unknown => {
    if (!st.has(k)) throw new Error(`${source}: Encoding state has no '${k}'`);
    return st.get(k);
  };
  const name = field("name");
  const patStr = field("pat_str");
  const ranks = field("mergeable_ranks");
  const specials = field("special_tokens");
  if (typeof name !== "string") throw new Error(`${source}: 'name' is not a string`);
  if (typeof patStr !== "string") throw new Error(`${source}: 'pat_str' is not a string`);
  if (!(ranks instanceof Map)) throw new Error(`${source}: 'mergeable_ranks' is not a dict`);
  if (!(specials instanceof Map)) throw new Error(`${source}: 'special_tokens' is not a dict`);
  const mergeableRanks: [Uint8Array, number][] = [];
  for (const [b, r] of ranks) {
    if (!(b instanceof Uint8Array)) throw new Error(`${source}: mergeable_ranks key #${mergeableRanks.length} is not bytes`);
    if (typeof r !== "number" || !Number.isInteger(r) || r < 0) throw new Error(`${source}: mergeable_ranks value #${mergeableRanks.length} is not a non-negative int`);
    mergeableRanks.push([b, r]);
  }
  const specialTokens: [string, number][] = [];
  for (const [s, id] of specials) {
    if (typeof s !== "string") throw new Error(`${source}: special_tokens key #${specialTokens.length} is not a string`);
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0) throw new Error(`${source}: special_tokens['${s}'] is not a non-negative int`);
    specialTokens.push([s, id]);
  }
  return { name, patStr, mergeableRanks, specialTokens };
}

export function readTiktokenPickle(file: string): TiktokenEncoding {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as Error).message})`);
  }
  return parseTiktokenPickle(data, file);
}

/** Our pattern name for a pat_str (jieba excluded: it is not a regex); null when none matches. */
export function patternNameOf(patStr: string): string | null {
  for (const n of PATTERN_NAMES) {
    const info = patternInfo(n);
    if (info.regexExact && info.source === patStr) return n;
  }
  return null;
}

/** A Tokenizer from a tiktoken encoding: ranks must be dense 0..n-1 (rank = id), pat_str a known pattern. */
export function tokenizerFromTiktoken(enc: TiktokenEncoding, source: string): Tokenizer {
  const pattern = patternNameOf(enc.patStr);
  if (!pattern) throw new Error(`${source}: pat_str ${JSON.stringify(enc.patStr.slice(0, 80))}… is none of the known patterns (${PATTERN_NAMES.filter((n) => n !== "jieba").join(", ")})`);
  const n = enc.mergeableRanks.length;
  const tokens: Uint8Array[] = new Array(n);
  for (const [b, r] of enc.mergeableRanks) {
    if (r >= n) throw new Error(`${source}: rank ${r} is not below the number of mergeable tokens ${n} (ranks must be 0..${n - 1})`);
    if (tokens[r]) throw new Error(`${source}: rank ${r} is used twice`);
    tokens[r] = b;
  }
  const specials: Record<string, number> = {};
  for (const [s, id] of enc.specialTokens) specials[s] = id;
  try {
    return new Tokenizer({ name: enc.name, tokens, specials, pattern });
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
}

/** readTiktokenPickle + tokenizerFromTiktoken. */
export function tokenizerFromPickle(file: string): Tokenizer {
  return tokenizerFromTiktoken(readTiktokenPickle(file), file);
}

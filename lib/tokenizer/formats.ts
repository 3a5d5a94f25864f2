// Tokenizer files (nanochat-formats §1 and Hugging Face):
// - tokenizer.tiktoken: one "base64(token bytes) rank" line per mergeable token, rank = id
//   (loads in tiktoken: `new Tiktoken(text, specials, pattern)`).
// - tokenizer.json: Hugging Face BPE with the byte-level alphabet, merges in rank order,
//   pre_tokenizer Sequence[Split(pattern, Isolated), ByteLevel(no prefix space, no regex)],
//   ByteLevel decoder, specials as added_tokens. ignore_merges = true gives tiktoken's
//   "a piece that is itself a token stays whole".
// - meta.json: specials, pattern, sizes and a training summary.
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomicWrite";
import { patternInfo } from "./patterns";
import { Tokenizer } from "./tokenizer";

export const TIKTOKEN_FILE = "tokenizer.tiktoken";
export const HF_FILE = "tokenizer.json";
export const META_FILE = "meta.json";

export interface TrainingSummary {
  files: string[];
  docs: number;
  chars: number;
  uniqueChunks?: number;
  seconds: number;
  vocabRequested?: number;
  docCap?: number;
  maxChars?: number;
  warnings?: string[];
}

export interface TokenizerMeta {
  format: "nanochat-zh-tokenizer";
  version: 1;
  name: string;
  vocabSize: number;
  nMergeable: number;
  merges: number;
  specials: Record<string, number>;
  pattern: { name: string; source: string; origin: string; regexExact: boolean };
  training?: TrainingSummary;
}

/** The tiktoken rank file text. */
export function tiktokenText(tok: Tokenizer): string {
  const lines: string[] = [];
  const tokens = tok.mergeableTokens();
  for (let id = 0; id < tokens.length; id++) lines.push(`${Buffer.from(tokens[id]).toString("base64")} ${id}`);
  return lines.join("\n") + "\n";
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parse a tiktoken rank file; ranks must be dense 0..n-1 in order. Errors name file and line. */
export function parseTiktoken(text: string, file = TIKTOKEN_FILE): Uint8Array[] {
  const tokens: Uint8Array[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const parts = lines[i].split(" ");
    if (parts.length !== 2) throw new Error(`${where}: expected "<base64> <rank>", got ${JSON.stringify(lines[i].slice(0, 60))}`);
    const [b64, rankText] = parts;
    if (!B64.test(b64) || b64.length % 4 !== 0) throw new Error(`${where}: '${b64.slice(0, 40)}' is not base64`);
    if (!/^\d+$/.test(rankText)) throw new Error(`${where}: rank '${rankText}' is not a non-negative integer`);
    const rank = Number(rankText);
    if (rank !== i) throw new Error(`${where}: rank ${rank} out of order (expected ${i}; ranks must be dense and sorted)`);
    const bytes = new Uint8Array(Buffer.from(b64, "base64"));
    if (bytes.length === 0) throw new Error(`${where}: empty token`);
    tokens.push(bytes);
  }
  return tokens;
}

/** GPT-2's byte → printable character map used by byte-level BPE in tokenizer.json. */
export function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const map: string[] = new Array(256);
  for (const b of bs) map[b] = String.fromCharCode(b);
  let n = 0;
  for (let b = 0; b < 256; b++) if (map[b] === undefined) map[b] = String.fromCharCode(256 + n++);
  return map;
}

/**
 * Recover each token's merge (left id, right id): BPE-encode its bytes using only lower ranks
 * (minbpe's recover_merges); a token built by BPE comes out as exactly two parts.
 */
export function recoverMerges(tokens: Uint8Array[]): [number, number, number][] {
  const byKey = new Map<string, number>();
  const key = (b: Uint8Array, s: number, e: number): string => {
    let k = "";
    for (let i = s; i < e; i++) k += String.fromCharCode(b[i]);
    return k;
  };
  tokens.forEach((t, id) => byKey.set(key(t, 0, t.length), id));
  const out: [number, number, number][] = [];
  for (let id = 0; id < tokens.length; id++) {
    const t = tokens[id];
    if (t.length < 2) continue;
    const bounds: number[] = [];
    for (let i = 0; i <= t.length; i++) bounds.push(i);
    for (;;) {
      let best = id;
      let at = -1;
      for (let i = 0; i + 2 < bounds.length; i++) {
        const r = byKey.get(key(t, bounds[i], bounds[i + 2]));
        if (r !== undefined && r < best) {
          best = r;
          at = i;
        }
      }
      if (at < 0) break;
      bounds.splice(at + 1, 1);
    }
    if (bounds.length !== 3) throw new Error(`token ${id}: its bytes do not reduce to one merge of lower-ranked tokens (not a BPE vocabulary)`);
    out.push([byKey.get(key(t, 0, bounds[1]))!, byKey.get(key(t, bounds[1], t.length))!, id]);
  }
  return out;
}

/** The Hugging Face tokenizer.json object. */
export function huggingFaceJson(tok: Tokenizer, merges?: [number, number][]): Record<string, unknown> {
  const b2u = bytesToUnicode();
  const tokens = tok.mergeableTokens();
  const str = (t: Uint8Array): string => {
    let s = "";
    for (let i = 0; i < t.length; i++) s += b2u[t[i]];
    return s;
  };
  const vocab: Record<string, number> = {};
  tokens.forEach((t, id) => (vocab[str(t)] = id));
  const triples: [number, number, number][] = merges ? merges.map(([a, b], k) => [a, b, 256 + k]) : recoverMerges(tokens);
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [...tok.specials].map(([content, id]) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "Split", pattern: { Regex: tok.pattern.source }, behavior: "Isolated", invert: false },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: "BPE",
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: true,
      vocab,
      merges: triples.map(([a, b]) => `${str(tokens[a])} ${str(tokens[b])}`),
    },
  };
}

export function tokenizerMeta(tok: Tokenizer, training?: TrainingSummary): TokenizerMeta {
  const { name, source, origin, regexExact } = tok.pattern;
  return {
    format: "nanochat-zh-tokenizer",
    version: 1,
    name: tok.name,
    vocabSize: tok.nVocab,
    nMergeable: tok.nMergeable,
    merges: tok.nMergeable - 256,
    specials: Object.fromEntries(tok.specials),
    pattern: { name, source, origin, regexExact },
    ...(training ? { training } : {}),
  };
}

/** Write tokenizer.tiktoken, tokenizer.json and meta.json into `dir` (atomically, each). */
export function saveTokenizer(dir: string, tok: Tokenizer, opts: { merges?: [number, number][]; training?: TrainingSummary } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, TIKTOKEN_FILE), tiktokenText(tok));
  writeFileAtomic(path.join(dir, HF_FILE), JSON.stringify(huggingFaceJson(tok, opts.merges)) + "\n");
  writeJsonAtomic(path.join(dir, META_FILE), tokenizerMeta(tok, opts.training));
}

function readMeta(dir: string): TokenizerMeta {
  const file = path.join(dir, META_FILE);
  if (!fs.existsSync(file)) throw new Error(`${file}: not found (a tokenizer folder holds ${TIKTOKEN_FILE}, ${HF_FILE}, ${META_FILE})`);
  let meta: TokenizerMeta;
  try {
    meta = JSON.parse(fs.readFileSync(file, "utf8")) as TokenizerMeta;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  for (const field of ["nMergeable", "vocabSize"] as const)
    if (!Number.isInteger(meta[field])) throw new Error(`${file}: field '${field}' missing or not an integer`);
  if (!meta.specials || typeof meta.specials !== "object") throw new Error(`${file}: field 'specials' missing`);
  if (!meta.pattern || typeof meta.pattern.name !== "string") throw new Error(`${file}: field 'pattern.name' missing`);
  return meta;
}

/** Read a tokenizer folder written by saveTokenizer back into the same tokenizer. */
export function loadTokenizer(dir: string): Tokenizer {
  const meta = readMeta(dir);
  const file = path.join(dir, TIKTOKEN_FILE);
  if (!fs.existsSync(file)) throw new Error(`${file}: not found`);
  const tokens = parseTiktoken(fs.readFileSync(file, "utf8"), file);
  if (tokens.length !== meta.nMergeable)
    throw new Error(`${file}: ${tokens.length} tokens but ${META_FILE} says nMergeable = ${meta.nMergeable} (truncated or mismatched file)`);
  const info = patternInfo(meta.pattern.name);
  if (meta.pattern.source && meta.pattern.source !== info.source)
    throw new Error(`${path.join(dir, META_FILE)}: pattern '${meta.pattern.name}' source differs from this version's pattern of that name`);
  const tok = new Tokenizer({ name: meta.name ?? path.basename(dir), tokens, specials: meta.specials, pattern: meta.pattern.name });
  if (tok.nVocab !== meta.vocabSize) throw new Error(`${path.join(dir, META_FILE)}: vocabSize ${meta.vocabSize} but the files give ${tok.nVocab}`);
  return tok;
}

// Tokenizer files (nanochat-formats §1 and Hugging Face):
// - tokenizer.tiktoken: one "base64(token bytes) rank" line per mergeable token, rank = id
//   (loads in tiktoken: `new Tiktoken(text, specials, pattern)`).
// - tokenizer.json: Hugging Face BPE with the byte-level alphabet, merges in rank order,
//   pre_tokenizer Sequence[Split(pattern, Isolated), ByteLevel(no prefix space, no regex)],
//   ByteLevel decoder, specials as added_tokens. ignore_merges = true gives tiktoken's
//   "a piece that is itself a token stays whole".
// - meta.json: specials, pattern, sizes, the sha256 of the other two files, a training summary.
// The folder is written whole (staging folder beside it, swapped in by rename: lib/util/dirSwap), and
// loading checks that the three files agree, naming the one that does not.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomicWrite";
import { commitDir, discardDir, recoverDir, stageDir } from "../util/dirSwap";
import { patternInfo } from "./patterns";
import { Tokenizer } from "./tokenizer";
import { statusLine } from "../util/tslab";

export const TIKTOKEN_FILE = "tokenizer.tiktoken";
export const HF_FILE = "tokenizer.json";
export const META_FILE = "meta.json";

export interface TrainingSummary {
  files: string[];
  docs: number;
  /** Characters trained on (after the doc cap). */
  chars: number;
  /** Characters read (before the doc cap) and documents the cap cut. */
  charsRead?: number;
  docsCapped?: number;
  invalidUtf8?: { file: string; count: number; firstOffset: number }[];
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
  /** sha256 and size of tokenizer.tiktoken and tokenizer.json as written (absent in older folders) */
  files?: Record<string, { sha256: string; bytes: number }>;
  training?: TrainingSummary;
}

/** The files of a tokenizer folder. */
export const TOKENIZER_FILES: readonly string[] = [TIKTOKEN_FILE, HF_FILE, META_FILE];

/** Tokenizer files already in `dir` (a folder that a new tokenizer would replace). */
export function tokenizerFilesIn(dir: string): string[] {
  return TOKENIZER_FILES.filter((f) => fs.existsSync(path.join(dir, f)));
}

function sha256(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
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

/**
 * Write tokenizer.tiktoken, tokenizer.json and meta.json as one folder `dir`: into a staging folder
 * beside it, then swapped in whole, so a killed run leaves the old tokenizer (or none) — never a new
 * tokenizer.tiktoken beside an old meta.json. Other files in `dir` are kept. Replaces an existing
 * tokenizer (the CLI asks for --overwrite first). Notes on what a killed run left go to `log`.
 */
export function saveTokenizer(
  dir: string,
  tok: Tokenizer,
  opts: { merges?: [number, number][]; training?: TrainingSummary; log?: (line: string) => void } = {},
): void {
  // a tokenizer read from a Hugging Face tokenizer.json has its own pre-tokeniser, not a named pattern: keep that file
  if (tok.pattern.name === "tokenizer.json") throw new Error(`saveTokenizer: ${tok.name} was read from a tokenizer.json; copy that file instead (its pre-tokeniser has no pattern name)`);
  const log = opts.log ?? statusLine;
  for (const line of recoverDir(dir)) log(line);
  const staging = stageDir(dir);
  try {
    const tiktoken = Buffer.from(tiktokenText(tok), "utf8");
    const hf = Buffer.from(JSON.stringify(huggingFaceJson(tok, opts.merges)) + "\n", "utf8");
    writeFileAtomic(path.join(staging, TIKTOKEN_FILE), tiktoken);
    writeFileAtomic(path.join(staging, HF_FILE), hf);
    const files = { [TIKTOKEN_FILE]: { sha256: sha256(tiktoken), bytes: tiktoken.length }, [HF_FILE]: { sha256: sha256(hf), bytes: hf.length } };
    const meta = tokenizerMeta(tok, opts.training);
    const { training, ...rest } = meta;
    writeJsonAtomic(path.join(staging, META_FILE), { ...rest, files, ...(training ? { training } : {}) });
    commitDir(staging, dir, { owned: (n) => TOKENIZER_FILES.includes(n), last: META_FILE });
  } catch (err) {
    discardDir(staging);
    throw err;
  }
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

/** Throw `file: …` when a file's bytes are not the ones meta.json recorded. */
function checkRecordedHash(meta: TokenizerMeta, dir: string, name: string, bytes: Buffer): void {
  const want = meta.files?.[name];
  if (!want) return;
  const file = path.join(dir, name);
  if (bytes.length !== want.bytes || sha256(bytes) !== want.sha256)
    throw new Error(
      `${file}: does not match ${META_FILE} (${bytes.length} bytes, sha256 ${sha256(bytes).slice(0, 12)}…; ${META_FILE} records ${want.bytes} bytes, ${want.sha256.slice(0, 12)}…): ` +
        `the folder mixes files of two tokenizers (an interrupted write or a copied file); retrain, or restore all three files together`,
    );
}

/** Specials from meta.json: integer ids above the mergeable ranks, each once, below vocabSize. */
function checkSpecials(meta: TokenizerMeta, metaFile: string): void {
  const byId = new Map<number, string>();
  for (const [text, id] of Object.entries(meta.specials)) {
    const where = `${metaFile}: specials[${JSON.stringify(text)}]`;
    if (!Number.isInteger(id)) throw new Error(`${where}: id ${JSON.stringify(id)} is not an integer`);
    if (id < meta.nMergeable) throw new Error(`${where}: id ${id} collides with mergeable token ${id} (ids 0..${meta.nMergeable - 1} are tokenizer.tiktoken's ranks)`);
    if (id >= meta.vocabSize) throw new Error(`${where}: id ${id} is not below vocabSize ${meta.vocabSize}`);
    const other = byId.get(id);
    if (other !== undefined) throw new Error(`${where}: id ${id} is also the id of ${JSON.stringify(other)}`);
    byId.set(id, text);
  }
}

/** tokenizer.json against meta.json: the recorded hash, else the vocabulary size and the specials. */
function checkHuggingFace(meta: TokenizerMeta, dir: string): void {
  const file = path.join(dir, HF_FILE);
  if (!fs.existsSync(file)) {
    if (meta.files?.[HF_FILE]) throw new Error(`${file}: not found (${META_FILE} lists it)`);
    return;
  }
  const bytes = fs.readFileSync(file);
  if (meta.files?.[HF_FILE]) return checkRecordedHash(meta, dir, HF_FILE, bytes);
  let json: { model?: { vocab?: Record<string, number> }; added_tokens?: { id: number; content: string }[] };
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const nVocab = Object.keys(json.model?.vocab ?? {}).length;
  if (nVocab !== meta.nMergeable) throw new Error(`${file}: model.vocab has ${nVocab} tokens but ${META_FILE} says nMergeable = ${meta.nMergeable} (files of two tokenizers)`);
  const added = Object.fromEntries((json.added_tokens ?? []).map((t) => [t.content, t.id]));
  if (JSON.stringify(Object.entries(added).sort()) !== JSON.stringify(Object.entries(meta.specials).sort()))
    throw new Error(`${file}: added_tokens ${JSON.stringify(added)} differ from ${META_FILE} specials ${JSON.stringify(meta.specials)}`);
}

/**
 * Read a tokenizer folder written by saveTokenizer back into the same tokenizer. The three files
 * must agree (sizes, specials, the sha256 meta.json records); an error names the file that does not.
 */
export function loadTokenizer(dir: string): Tokenizer {
  const meta = readMeta(dir);
  const metaFile = path.join(dir, META_FILE);
  const file = path.join(dir, TIKTOKEN_FILE);
  if (!fs.existsSync(file)) throw new Error(`${file}: not found`);
  const bytes = fs.readFileSync(file);
  const tokens = parseTiktoken(bytes.toString("utf8"), file);
  if (tokens.length !== meta.nMergeable)
    throw new Error(`${file}: ${tokens.length} tokens but ${META_FILE} says nMergeable = ${meta.nMergeable} (truncated or mismatched file)`);
  checkRecordedHash(meta, dir, TIKTOKEN_FILE, bytes);
  checkSpecials(meta, metaFile);
  checkHuggingFace(meta, dir);
  const info = patternInfo(meta.pattern.name);
  if (meta.pattern.source && meta.pattern.source !== info.source)
    throw new Error(`${metaFile}: pattern '${meta.pattern.name}' source differs from this version's pattern of that name`);
  let tok: Tokenizer;
  try {
    tok = new Tokenizer({ name: meta.name ?? path.basename(dir), tokens, specials: meta.specials, pattern: meta.pattern.name });
  } catch (err) {
    throw new Error(`${dir}: ${(err as Error).message}`);
  }
  if (tok.nVocab !== meta.vocabSize) throw new Error(`${metaFile}: vocabSize ${meta.vocabSize} but the files give ${tok.nVocab}`);
  return tok;
}

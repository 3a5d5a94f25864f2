// Read a Hugging Face byte-level BPE `tokenizer.json` (Qwen3, DeepSeek-V3, GPT-2-style files) into
// our encoder. What it expresses: model BPE (merges as "a b" or [a, b]; ignore_merges), normalizer
// none / NFC, pre_tokenizer ByteLevel or a Sequence of Split (Isolated) / Digits ending in
// ByteLevel, decoder ByteLevel, added tokens. Anything else is refused by name, never approximated.
//
// Merging: HF BPE merges the adjacent pair with the lowest merge index; our encoder merges the pair
// whose merged token has the lowest id. The two agree when merged ids rise with the merge index (both
// files here: checked at load) and only listed pairs merge (the merges become the pair table); a
// piece that is a whole token is not taken whole unless ignore_merges (so unreachable tokens stay
// unreachable, as in HF).
//
// Not carried over: the post-processor (BOS templates): ids are HF's `add_special_tokens: false`.
// Every added token becomes one of our special tokens (HF splits all of them out of the text, special
// or not): `encode(text, { allowedSpecial: "all" })` gives HF's ids, `encodeOrdinary` treats them as text.
import fs from "node:fs";
import { bytesToUnicode } from "./formats";
import { SplitSequence } from "./hfPretokenize";
import { GPT2_PATTERN } from "./patterns";
import { Tokenizer } from "./tokenizer";

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const typeOf = (v: unknown): string => String(obj(v).type ?? "?");

function refuse(what: string, why: string): never {
  throw new Error(`tokenizer.json: ${what} is outside what this encoder expresses (${why}); refusing rather than encoding differently`);
}

function normalizerOf(n: unknown): "NFC" | undefined {
  if (n === null || n === undefined) return undefined;
  const t = typeOf(n);
  if (t === "NFC") return "NFC";
  if (t === "Sequence") {
    const parts = (obj(n).normalizers as unknown[]) ?? [];
    const kinds = parts.map(normalizerOf);
    if (kinds.length === 0) return undefined;
    if (kinds.length === 1) return kinds[0];
    return refuse(`normalizer Sequence of ${parts.map(typeOf).join(", ")}`, "at most one NFC");
  }
  return refuse(`normalizer '${t}'`, "known: NFC, an empty Sequence");
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function checkByteLevel(p: Json, where: string): void {
  if (p.add_prefix_space === true) refuse(`${where} ByteLevel with add_prefix_space`, "a space would be prepended");
}

/** The Split regexes of a pre_tokenizer (ByteLevel last; its use_regex means GPT-2's pattern). */
function splitSources(p: unknown): string[] {
  const t = typeOf(p);
  const steps = t === "Sequence" ? ((obj(p).pretokenizers as unknown[]) ?? []) : [p];
  if (steps.length === 0 || typeOf(steps[steps.length - 1]) !== "ByteLevel") refuse(`pre_tokenizer '${t}'`, "a byte-level BPE ends its pre-tokeniser with ByteLevel");
  const sources: string[] = [];
  steps.forEach((s, i) => {
    const st = obj(s);
    const kind = typeOf(s);
    if (kind === "ByteLevel") {
      if (i !== steps.length - 1) refuse("pre_tokenizer ByteLevel before another step", "ByteLevel must come last");
      checkByteLevel(st, "pre_tokenizer");
      if (st.use_regex !== false) sources.push(GPT2_PATTERN);
    } else if (kind === "Split") {
      if (st.behavior !== "Isolated") refuse(`pre_tokenizer Split with behavior '${String(st.behavior)}'`, "known: Isolated");
      if (st.invert === true) refuse("pre_tokenizer Split with invert", "known: invert false");
      const pat = obj(st.pattern);
      if (typeof pat.Regex === "string") sources.push(pat.Regex);
      else if (typeof pat.String === "string") sources.push(escapeRegex(pat.String));
      else refuse("pre_tokenizer Split pattern", "neither Regex nor String");
    } else if (kind === "Digits") sources.push(st.individual_digits === true ? "\\p{N}" : "\\p{N}+");
    else refuse(`pre_tokenizer '${kind}'`, "known: Split (Isolated), Digits, ByteLevel");
  });
  if (sources.length === 0) refuse("pre_tokenizer ByteLevel without use_regex", "nothing would split the text");
  return sources;
}

function checkModel(m: Json): void {
  if (m.type !== "BPE") refuse(`model '${String(m.type)}'`, "known: BPE");
  if (m.dropout !== null && m.dropout !== undefined && m.dropout !== 0) refuse("BPE dropout", "encoding would be random");
  if (m.byte_fallback === true) refuse("BPE byte_fallback", "a SentencePiece-style vocabulary, not byte-level");
  for (const k of ["continuing_subword_prefix", "end_of_word_suffix"] as const)
    if (typeof m[k] === "string" && m[k] !== "") refuse(`BPE ${k} '${String(m[k])}'`, "word-piece markers");
}

/** A parsed tokenizer.json → our Tokenizer. */
export function tokenizerFromHfJson(json: unknown, name: string): Tokenizer {
  const root = obj(json);
  const model = obj(root.model);
  checkModel(model);
  const normalize = normalizerOf(root.normalizer);
  const sources = splitSources(root.pre_tokenizer);
  if (root.decoder !== null && root.decoder !== undefined && typeOf(root.decoder) !== "ByteLevel") refuse(`decoder '${typeOf(root.decoder)}'`, "known: ByteLevel");
  const vocab = obj(model.vocab) as Record<string, number>;
  const added = ((root.added_tokens as unknown[]) ?? []).map(obj);
  const addedById = new Map<number, string>();
  for (const a of added) {
    if (a.lstrip === true || a.rstrip === true || a.single_word === true) refuse(`added token ${String(a.content)} with lstrip/rstrip/single_word`, "whitespace around it would change");
    addedById.set(Number(a.id), String(a.content));
  }
  const byteOf = new Map<string, number>(bytesToUnicode().map((c, b) => [c, b]));
  const n = Object.keys(vocab).length;
  const tokens: Uint8Array[] = new Array(n);
  let holes = false;
  for (const [text, id] of Object.entries(vocab)) {
    if (!Number.isInteger(id) || id < 0 || id >= n || tokens[id] !== undefined) throw new Error(`tokenizer.json: vocab ids are not dense 0..${n - 1} (at '${text}' → ${id})`);
    if (addedById.get(id) === text) {
      tokens[id] = new Uint8Array(0); // an added token inside the vocab (DeepSeek-V3's BOS / EOS / pad)
      holes = true;
      continue;
    }
    const bytes = new Uint8Array(text.length);
    let k = 0;
    for (const ch of text) {
      const b = byteOf.get(ch);
      if (b === undefined) refuse(`vocab entry '${text}' (id ${id})`, `'${ch}' is not a byte-level character`);
      bytes[k++] = b;
    }
    tokens[id] = bytes.subarray(0, k);
  }
  const rawMerges = (model.merges as unknown[]) ?? [];
  const merges = new Int32Array(rawMerges.length * 3);
  rawMerges.forEach((mg, i) => {
    const [a, b] = typeof mg === "string" ? mg.split(" ") : (mg as string[]);
    const ia = vocab[a];
    const ib = vocab[b];
    const im = vocab[a + b];
    if (ia === undefined || ib === undefined || im === undefined) throw new Error(`tokenizer.json: merge #${i} '${a} ${b}' names a token not in the vocab`);
    merges[3 * i] = ia;
    merges[3 * i + 1] = ib;
    merges[3 * i + 2] = im;
  });
  const specials: Record<string, number> = {};
  for (const [id, text] of addedById) specials[text] = id;
  return new Tokenizer({
    name,
    tokens,
    specials,
    pattern: "gpt2", // unused: the Split sequence below is the pre-tokeniser
    pretokenizer: new SplitSequence(sources, `${name} tokenizer.json pre_tokenizer`),
    normalize,
    bpe: { merges, wholeTokens: model.ignore_merges === true, holes },
  });
}

/** Read a tokenizer.json file (name: the file path unless given). */
export function loadHfTokenizerJson(file: string, name: string = file): Tokenizer {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: not a readable tokenizer.json (${(err as Error).message})`);
  }
  try {
    return tokenizerFromHfJson(json, name);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

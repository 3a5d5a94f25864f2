// Measure characters (and UTF-8 bytes) per token of an existing tokenizer on real text, to feed the
// shard plan. Characters are Unicode code points. nanochat's tok_eval reports BYTES per token, its shards
// count CHARACTERS (guide-errata.md item 6), so both are returned.
// js-tiktoken is pure JS (≈0.5 MB/s on Chinese): sample, deterministically, a few hundred KB per domain.
import fs from "node:fs";
import path from "node:path";
import { getEncoding, type Tiktoken, type TiktokenEncoding } from "js-tiktoken";
import { bundledDataDir, sharedDataDir } from "../util/paths";
import { codePointLength } from "../util/text";

export type EncodingName = "cl100k_base" | "o200k_base";

export interface CharsPerToken {
  chars: number;
  bytes: number;
  tokens: number;
  charsPerToken: number;
  bytesPerToken: number;
  bytesPerChar: number;
}

const encodings = new Map<string, Tiktoken>();

export function encodingFor(name: EncodingName): Tiktoken {
  if (name !== "cl100k_base" && name !== "o200k_base") throw new Error(`encoding must be cl100k_base or o200k_base, got '${String(name)}'`);
  let enc = encodings.get(name);
  if (!enc) {
    enc = getEncoding(name as TiktokenEncoding);
    encodings.set(name, enc);
  }
  return enc;
}

/** Unicode code points in s (a surrogate pair is one character). */
export const countChars = codePointLength;

/** Characters, bytes and tokens over texts (each text encoded on its own, as documents are). */
export function measureCharsPerToken(texts: string | string[], encodingName: EncodingName): CharsPerToken {
  const enc = encodingFor(encodingName);
  const list = typeof texts === "string" ? [texts] : texts;
  let chars = 0;
  let bytes = 0;
  let tokens = 0;
  for (const t of list) {
    chars += countChars(t);
    bytes += Buffer.byteLength(t, "utf8");
    tokens += enc.encode(t).length;
  }
  if (tokens === 0) throw new Error("no text to measure");
  return { chars, bytes, tokens, charsPerToken: chars / tokens, bytesPerToken: bytes / tokens, bytesPerChar: bytes / chars };
}

/** Documents of a .txt (one per non-empty line) or .jsonl (its `text` field) file. */
export function readDocuments(file: string): string[] {
  const raw = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const lines = raw.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (file.endsWith(".jsonl")) {
    return lines.map((l, i) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      const text = o.text ?? o.raw_content ?? o.content;
      if (typeof text !== "string") throw new Error(`${file}:${i + 1}: no text field`);
      return text;
    });
  }
  return lines;
}

function filesUnder(p: string): string[] {
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .filter((f) => f.endsWith(".txt") || f.endsWith(".jsonl"))
    .sort()
    .map((f) => path.join(p, f));
}

/**
 * A deterministic sample of at most maxBytes UTF-8 bytes: the documents of all files (sorted), every
 * k-th one with k = ceil(total bytes / maxBytes), so the sample spreads over the whole domain.
 */
export function sampleDocuments(paths: string[], maxBytes: number): string[] {
  const docs = paths.flatMap(filesUnder).flatMap(readDocuments);
  const total = docs.reduce((a, d) => a + Buffer.byteLength(d, "utf8"), 0);
  const stride = Math.max(1, Math.ceil(total / maxBytes));
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < docs.length; i += stride) {
    const b = Buffer.byteLength(docs[i], "utf8");
    if (used + b > maxBytes) {
      if (out.length === 0) out.push(docs[i].slice(0, maxBytes / 3)); // one huge document: take its head
      break;
    }
    out.push(docs[i]);
    used += b;
  }
  return out;
}

export interface Domain {
  name: string;
  /** "zh" (Simplified), "zh-Hant" (Traditional), "en" … */
  lang: string;
  /** absolute, or relative to the base folder measureDomains is given (default sharedDataDir()) */
  paths: string[];
}

export const SHARED_DOMAINS: readonly Domain[] = [
  { name: "zh_wiki", lang: "zh", paths: ["zh_text/wiki_zh_cmrc2018/cmrc2018_paragraphs_zh.txt"] },
  { name: "zh_luxun", lang: "zh", paths: ["zh_text/luxun"] },
  { name: "en_gutenberg", lang: "en", paths: ["english/gutenberg_raw"] },
  { name: "en_c4", lang: "en", paths: ["english/c4_demo.jsonl"] },
];

/** SHARED_DOMAINS and a few more of ../shared/data: noisy Chinese web text, Traditional Chinese Wikipedia, Shakespeare. */
export const SHARED_DOMAINS_WIDE: readonly Domain[] = [
  ...SHARED_DOMAINS.slice(0, 2),
  { name: "zh_web", lang: "zh", paths: ["zh_text/web_noisy_chinesewebtext/cc2021-43_cleared1.jsonl"] },
  { name: "zh_trad_wiki", lang: "zh-Hant", paths: ["zh_trad/wiki_zhtw_drcd/drcd_paragraphs_zhtw.txt"] },
  ...SHARED_DOMAINS.slice(2),
  { name: "en_shakespeare", lang: "en", paths: ["english/tinyshakespeare.txt"] },
];

/**
 * The bundled default corpus as domains: one per file of data/corpus/<lang>/*.txt, named
 * "<lang>/<file stem>", with absolute paths. Empty when the corpus is not there.
 */
export function bundledDomains(corpusDir: string = path.join(bundledDataDir(), "corpus")): Domain[] {
  if (!fs.existsSync(corpusDir)) return [];
  return fs
    .readdirSync(corpusDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .flatMap((lang) =>
      fs
        .readdirSync(path.join(corpusDir, lang))
        .filter((f) => f.endsWith(".txt") || f.endsWith(".jsonl"))
        .sort()
        .map((f) => ({ name: `${lang}/${f.replace(/\.(txt|jsonl)$/, "")}`, lang, paths: [path.join(corpusDir, lang, f)] })),
    );
}

export interface DomainMeasurement extends CharsPerToken {
  domain: string;
  lang: string;
  /** the language pool this domain counts in (poolByLang), null to keep it out; absent: its lang */
  pool?: string | null;
  encoding: EncodingName;
  documents: number;
}

/** Texts already sampled from a domain, with the pool they count in (lib/tokenizer/evaluate's domains). */
export interface TextSample {
  name: string;
  lang: string;
  pool: string | null;
  texts: readonly string[];
}

/** chars/token of an encoding over samples someone else drew (e.g. notebook 05's held-out samples). */
export function measureSamples(encodingName: EncodingName, samples: readonly TextSample[]): DomainMeasurement[] {
  return samples
    .filter((s) => s.texts.length > 0)
    .map((s) => ({ domain: s.name, lang: s.lang, pool: s.pool, encoding: encodingName, documents: s.texts.length, ...measureCharsPerToken([...s.texts], encodingName) }));
}

/** chars/token of an encoding over each domain (≤ maxBytes sampled per domain); paths relative to baseDir. */
export function measureDomains(encodingName: EncodingName, maxBytes = 300_000, domains: readonly Domain[] = SHARED_DOMAINS, baseDir: string = sharedDataDir()): DomainMeasurement[] {
  return domains.map((d) => {
    const docs = sampleDocuments(d.paths.map((p) => path.resolve(baseDir, p)), maxBytes);
    return { domain: d.name, lang: d.lang, encoding: encodingName, documents: docs.length, ...measureCharsPerToken(docs, encodingName) };
  });
}

export interface LangMeasurement extends CharsPerToken {
  lang: string;
  encoding: EncodingName;
  domains: number;
  documents: number;
}

/**
 * Pool the domains of each language and encoding: Σ chars ÷ Σ tokens (each domain weighs by the size
 * of its sample), the single chars/token a shard plan needs per language. A measurement's `pool`, when
 * given, names its group (null: left out), so Traditional, classical or code & math text can be measured
 * without being pooled as "zh".
 */
export function poolByLang(measurements: readonly DomainMeasurement[]): LangMeasurement[] {
  const groups = new Map<string, DomainMeasurement[]>();
  for (const m of measurements) {
    const pool = m.pool === undefined ? m.lang : m.pool;
    if (pool === null) continue;
    const key = `${m.encoding}\u0000${pool}`;
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  return [...groups.values()].map((list) => {
    const chars = list.reduce((a, m) => a + m.chars, 0);
    const bytes = list.reduce((a, m) => a + m.bytes, 0);
    const tokens = list.reduce((a, m) => a + m.tokens, 0);
    const first = list[0];
    return {
      lang: first.pool === undefined || first.pool === null ? first.lang : first.pool,
      encoding: first.encoding,
      domains: list.length,
      documents: list.reduce((a, m) => a + m.documents, 0),
      chars,
      bytes,
      tokens,
      charsPerToken: chars / tokens,
      bytesPerToken: bytes / tokens,
      bytesPerChar: bytes / chars,
    };
  });
}

/**
 * Measurements of several encodings side by side, one row per domain: its sample (characters, UTF-8
 * bytes, bytes per character) and, per encoding, chars/token and bytes/token — two different units.
 */
export function charsPerTokenTable(measurements: readonly (DomainMeasurement | (LangMeasurement & { domain?: string }))[]): Record<string, string | number>[] {
  const rows = new Map<string, Record<string, string | number>>();
  for (const m of measurements) {
    const name = "domain" in m && m.domain ? m.domain : `${m.lang} (pooled)`;
    let row = rows.get(name);
    if (!row) {
      row = { domain: name, lang: m.lang, documents: m.documents, chars: m.chars, utf8_bytes: m.bytes, bytes_per_char: m.bytesPerChar };
      rows.set(name, row);
    }
    row[`${m.encoding} chars/token`] = m.charsPerToken;
    row[`${m.encoding} bytes/token`] = m.bytesPerToken;
  }
  return [...rows.values()];
}

// nanozh tok: train / encode / decode / eval / bench over lib/tokenizer. Options and help: cli/specs/tok.ts.
import fs from "node:fs";
import path from "node:path";
import { printJson } from "../args";
import { parse, subcommand } from "../spec";
import { TOK_BENCH, TOK_DECODE, TOK_ENCODE, TOK_EVAL, TOK_GROUP, TOK_TRAIN } from "../specs/tok";
import {
  compressionStats,
  domainTexts,
  getTokenizer,
  listTextFiles,
  patternInfo,
  readDocs,
  saveTokenizer,
  SHARED_TEXT_DOMAINS,
  tokenizerFilesIn,
  specialsList,
  trainBpe,
  type Tokenizer,
} from "../../lib/tokenizer/index";
import { bundledDataDir, hasSharedData, sharedDataDir } from "../../lib/util/paths";
import { requireInputFile } from "../../lib/util/pathChecks";
import { decodeUtf8Counted, invalidUtf8Message } from "../../lib/util/utf8Stream";
import { show } from "./tokShow";
import { vocabProfile } from "../../lib/tokenizer/evaluate/vocab";

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Files with invalid UTF-8 met while reading (each replaced by U+FFFD and reported). */
type InvalidUtf8Files = { file: string; count: number; firstOffset: number }[];

function* docsOf(files: string[], invalid: InvalidUtf8Files = []): Generator<string> {
  for (const f of files) yield* readDocs(f, { onInvalidUtf8: (file, bad) => invalid.push({ file, ...bad }) });
}

async function train(argv: string[]): Promise<number> {
  const args = parse(TOK_TRAIN, argv);
  if (!args) return 0;
  const values = args.values;
  const inputs = values.input;
  const vocabSize = values.vocab;
  const out = values.out;
  const pattern = values.pattern;
  patternInfo(pattern);
  const specials = values.specials;
  const nSpecials = specialsList(specials).length;
  if (vocabSize < 256 + nSpecials) throw new Error(`--vocab: ${vocabSize} is below 256 bytes + ${nSpecials} specials = ${256 + nSpecials}`);
  for (const f of inputs) requireInputFile(f, "--input");
  // refuse before training (minutes), not after: the old tokenizer stays unless --overwrite
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new Error(`--out: ${out} is a file; a tokenizer is a folder`);
  const existing = tokenizerFilesIn(out);
  if (existing.length > 0 && !values.overwrite) throw new Error(`--out: ${out} already holds a tokenizer (${existing.join(", ")}); pass --overwrite to replace it`);
  const docCap = values["doc-cap"];
  const maxChars = values["max-chars"];
  const log = values.quiet ? () => {} : (l: string) => process.stderr.write(l + "\n");
  const invalid: InvalidUtf8Files = [];
  const r = trainBpe(docsOf(inputs, invalid), { vocabSize, pattern, specials, docCap, maxChars, log });
  for (const bad of invalid) r.warnings.push(invalidUtf8Message(bad.file, bad));
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  const st = r.stats;
  const droppedPct = st.charsRead > 0 ? (100 * (st.charsRead - st.chars)) / st.charsRead : 0;
  log(`tok train: read ${st.docs} documents, ${st.charsRead} characters; trained on ${st.chars} (${droppedPct.toFixed(1)}% cut by --doc-cap ${docCap} in ${st.docsCapped} documents)`);
  saveTokenizer(out, r.tokenizer, {
    merges: r.merges,
    training: {
      files: inputs.map((f) => path.resolve(f)),
      docs: r.stats.docs,
      chars: r.stats.chars,
      charsRead: r.stats.charsRead,
      docsCapped: r.stats.docsCapped,
      invalidUtf8: invalid,
      uniqueChunks: r.stats.uniqueChunks,
      seconds: r.stats.seconds,
      vocabRequested: vocabSize,
      docCap,
      maxChars,
      warnings: r.warnings,
    },
  });
  printJson({ out, vocabSize: r.tokenizer.nVocab, merges: r.stats.mergesDone, ...r.stats });
  return 0;
}

async function encode(argv: string[]): Promise<number> {
  const args = parse(TOK_ENCODE, argv);
  if (!args) return 0;
  const values = args.values;
  const tok = getTokenizer(values.tokenizer);
  const { text, invalid } = decodeUtf8Counted(await readStdin());
  if (invalid.count > 0) process.stderr.write(`nanozh tok encode: ${invalidUtf8Message("stdin", invalid)}\n`);
  const ids = tok.encodeOrdinary(text);
  process.stdout.write((values.json ? JSON.stringify(ids) : ids.join(" ")) + "\n");
  return 0;
}

/** Ids from text: a JSON array, or whitespace-separated integers. Errors say where. */
export function parseIds(text: string): number[] {
  const t = text.trim();
  if (t === "") return [];
  let ids: unknown[];
  if (t.startsWith("[")) {
    try {
      ids = JSON.parse(t) as unknown[];
    } catch (err) {
      throw new Error(`stdin: not a JSON array of ids (${(err as Error).message})`);
    }
    if (!Array.isArray(ids)) throw new Error("stdin: not a JSON array of ids");
  } else ids = t.split(/\s+/).map((s) => (/^-?\d+$/.test(s) ? Number(s) : s));
  ids.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isInteger(x)) throw new Error(`stdin: id #${i + 1} (${JSON.stringify(x)}) is not an integer`);
  });
  return ids as number[];
}

async function decode(argv: string[]): Promise<number> {
  const args = parse(TOK_DECODE, argv);
  if (!args) return 0;
  const tok = getTokenizer(args.values.tokenizer);
  const ids = parseIds((await readStdin()).toString("utf8"));
  ids.forEach((id, i) => {
    if (id < 0 || id >= tok.nVocab) throw new Error(`id #${i + 1} = ${id} is out of range [0, ${tok.nVocab}) for ${tok.name}`);
  });
  process.stdout.write(tok.decodeBytes(ids));
  return 0;
}

/** The folders tok eval measures: the shared-data text domains, or the bundled corpus when ../shared/data is absent. */
export function evalSources(): { source: string; domains: { name: string; dir: string }[] } {
  if (hasSharedData()) return { source: sharedDataDir(), domains: SHARED_TEXT_DOMAINS.map((d) => ({ name: d, dir: path.join(sharedDataDir(), d) })) };
  const corpus = path.join(bundledDataDir(), "corpus");
  return { source: corpus, domains: ["zh", "en"].map((d) => ({ name: d, dir: path.join(corpus, d) })) };
}

function evalDomains(tok: Tokenizer, maxChars: number, domains: { name: string; dir: string }[]): Record<string, ReturnType<typeof compressionStats>> {
  const out: Record<string, ReturnType<typeof compressionStats>> = {};
  for (const d of domains) {
    if (!fs.existsSync(d.dir)) throw new Error(`tok eval: domain folder ${d.dir} not found`);
    const texts: string[] = [];
    let chars = 0;
    for (const t of domainTexts(d.dir)) {
      texts.push(t.text);
      chars += t.text.length;
      if (chars >= maxChars) break;
    }
    out[d.name] = compressionStats(tok, texts);
  }
  return out;
}

async function evaluate(argv: string[]): Promise<number> {
  const args = parse(TOK_EVAL, argv);
  if (!args) return 0;
  const values = args.values;
  const tok = getTokenizer(values.tokenizer);
  const maxChars = values["max-chars"];
  const src = evalSources();
  if (!hasSharedData()) process.stderr.write(`tok eval: shared data not found at ${sharedDataDir()} (no MANIFEST.tsv); measuring the bundled corpus ${src.source} instead\n`);
  const all = [tok, ...(values.reference ?? []).map((r) => getTokenizer(r))];
  const results = all.map((t) => ({ tok: t, vocab: vocabProfile(t), domains: evalDomains(t, maxChars, src.domains) }));
  const summary = (r: (typeof results)[number]) => ({ tokenizer: r.tok.name, vocabSize: r.tok.nVocab, hanVocabShare: r.vocab.hanShare, partialVocabShare: r.vocab.partialShare, domains: r.domains });
  if (values.json) printJson({ ...summary(results[0]), source: src.source, references: results.slice(1).map(summary) });
  else {
    const lines: string[] = [];
    for (const r of results) {
      const kind = r === results[0] ? "tokenizer" : "reference";
      lines.push(`${kind} ${r.tok.name} (vocab ${r.tok.nVocab}; ${(100 * r.vocab.hanShare).toFixed(1)}% of entries Han, ${(100 * r.vocab.partialShare).toFixed(1)}% partial UTF-8) on ${src.source}`, "domain      texts      chars     tokens  chars/tok  bytes/tok");
      for (const [d, s] of Object.entries(r.domains))
        lines.push(`${d.padEnd(10)} ${String(s.texts).padStart(6)} ${String(s.chars).padStart(10)} ${String(s.tokens).padStart(10)} ${s.charsPerToken.toFixed(3).padStart(10)} ${s.bytesPerToken.toFixed(3).padStart(10)}`);
    }
    process.stdout.write(lines.join("\n") + "\n");
  }
  return 0;
}

/** Cut text into documents of about `chars` UTF-16 units, never splitting a surrogate pair. */
export function cutDocs(text: string, chars: number): string[] {
  const docs: string[] = [];
  let i = 0;
  while (i < text.length) {
    let e = Math.min(text.length, i + chars);
    const c = text.charCodeAt(e - 1);
    if (e < text.length && c >= 0xd800 && c <= 0xdbff) e++;
    docs.push(text.slice(i, e));
    i = e;
  }
  return docs;
}

/** Warm-up text for `tok bench`: the bundled corpus (data/corpus), minus the benchmarked file. */
export function warmupTexts(exclude: string): string[] {
  const dir = path.join(bundledDataDir(), "corpus");
  if (!fs.existsSync(dir)) return [];
  const skip = path.resolve(exclude);
  return listTextFiles(dir)
    .filter((f) => path.resolve(f) !== skip)
    .map((f) => fs.readFileSync(f, "utf8"));
}

async function bench(argv: string[]): Promise<number> {
  const args = parse(TOK_BENCH, argv);
  if (!args) return 0;
  const values = args.values;
  const tok = getTokenizer(values.tokenizer);
  const file = values.input;
  requireInputFile(file, "--input");
  const docChars = values["doc-chars"];
  const warmupBytes = values["warmup-bytes"];
  const { text, invalid } = decodeUtf8Counted(fs.readFileSync(file));
  if (invalid.count > 0) process.stderr.write(`nanozh tok bench: ${invalidUtf8Message(file, invalid)}\n`);
  const docs = cutDocs(text, docChars);
  const bytes = Buffer.byteLength(text, "utf8");
  // untimed warm-up on other text: the timed pass measures the compiled encoder, not the JIT
  let warmed = 0;
  const warm = warmupBytes > 0 ? warmupTexts(file).flatMap((t) => cutDocs(t, docChars)) : [];
  while (warm.length > 0 && warmed < warmupBytes)
    for (const d of warm) {
      tok.encodeOrdinary(d);
      warmed += Buffer.byteLength(d, "utf8");
    }
  const t0 = process.hrtime.bigint();
  let tokens = 0;
  for (const d of docs) tokens += tok.encodeOrdinary(d).length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const res = { tokenizer: tok.name, file, docs: docs.length, bytes, tokens, seconds, mb_per_s: bytes / 1e6 / seconds, warmup_bytes: warmed };
  if (values.json) process.stdout.write(JSON.stringify(res) + "\n");
  else
    process.stdout.write(
      `${res.mb_per_s.toFixed(2)} MB/s (${docs.length} docs, ${bytes} bytes, ${tokens} tokens, ${seconds.toFixed(2)} s; one pass after ${warmed} bytes of warm-up on other text)\n`,
    );
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const sub = subcommand(TOK_GROUP, argv);
  if (!sub) return 0;
  const [name, rest] = sub;
  switch (name) {
    case "train":
      return train(rest);
    case "encode":
      return encode(rest);
    case "decode":
      return decode(rest);
    case "eval":
      return evaluate(rest);
    case "bench":
      return bench(rest);
    case "show":
      return show(rest);
    default:
      throw new Error(`tok ${name}: declared in cli/specs/tok.ts but not implemented`);
  }
}

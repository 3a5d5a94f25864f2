// nanozh tok: train / encode / decode / eval / bench over lib/tokenizer.
import fs from "node:fs";
import path from "node:path";
import { numberOption, parseOptions, printJson, requireOption } from "../args";
import {
  compressionStats,
  domainTexts,
  getTokenizer,
  patternInfo,
  readDocs,
  saveTokenizer,
  SHARED_TEXT_DOMAINS,
  specialsList,
  trainBpe,
  type Tokenizer,
} from "../../lib/tokenizer/index";
import { sharedDataDir } from "../../lib/util/paths";

const HELP = `usage: nanozh tok <train|encode|decode|eval|bench> [options]
  train  --input FILE... --vocab V --out DIR [--pattern nanochat|jieba|han-char] [--max-chars N]
         [--doc-cap N] [--specials nanochat|nanochat+lang]
         inputs: .txt (one document per paragraph, or per line without blank lines), .jsonl ("text"
         field), .json (every string). Writes DIR/tokenizer.tiktoken, tokenizer.json, meta.json.
  encode --tokenizer DIR|gpt2|cl100k_base|o200k_base [--json] < text   (no special-token parsing)
  decode --tokenizer … < ids   (a JSON array or whitespace-separated ids)
  eval   --tokenizer … [--json] [--max-chars N]   chars/token and bytes/token per shared-data domain
  bench  --tokenizer … --input FILE [--doc-chars 2000] [--json]   single-thread encode MB/s`;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function* docsOf(files: string[]): Generator<string> {
  for (const f of files) yield* readDocs(f);
}

async function train(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    input: { type: "string", multiple: true },
    vocab: { type: "string" },
    out: { type: "string" },
    pattern: { type: "string" },
    "max-chars": { type: "string" },
    "doc-cap": { type: "string" },
    specials: { type: "string" },
    quiet: { type: "boolean" },
  });
  const inputs = requireOption(values.input, "input");
  const vocabSize = requireOption(numberOption(values.vocab, "vocab", { integer: true, positive: true }), "vocab");
  const out = requireOption(values.out, "out");
  const pattern = values.pattern ?? "nanochat";
  patternInfo(pattern);
  const specials = values.specials ?? "nanochat";
  const nSpecials = specialsList(specials).length;
  if (vocabSize < 256 + nSpecials) throw new Error(`--vocab: ${vocabSize} is below 256 bytes + ${nSpecials} specials = ${256 + nSpecials}`);
  for (const f of inputs) if (!fs.existsSync(f)) throw new Error(`--input: ${f}: no such file`);
  const docCap = numberOption(values["doc-cap"], "doc-cap", { integer: true, positive: true }) ?? 10_000;
  const maxChars = numberOption(values["max-chars"], "max-chars", { integer: true, positive: true }) ?? 2_000_000_000;
  const log = values.quiet ? () => {} : (l: string) => process.stderr.write(l + "\n");
  const r = trainBpe(docsOf(inputs), { vocabSize, pattern, specials, docCap, maxChars, log });
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  saveTokenizer(out, r.tokenizer, {
    merges: r.merges,
    training: {
      files: inputs.map((f) => path.resolve(f)),
      docs: r.stats.docs,
      chars: r.stats.chars,
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
  const { values } = parseOptions(argv, { tokenizer: { type: "string" }, json: { type: "boolean" } });
  const tok = getTokenizer(requireOption(values.tokenizer, "tokenizer"));
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await readStdin());
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
  const { values } = parseOptions(argv, { tokenizer: { type: "string" } });
  const tok = getTokenizer(requireOption(values.tokenizer, "tokenizer"));
  const ids = parseIds((await readStdin()).toString("utf8"));
  ids.forEach((id, i) => {
    if (id < 0 || id >= tok.nVocab) throw new Error(`id #${i + 1} = ${id} is out of range [0, ${tok.nVocab}) for ${tok.name}`);
  });
  process.stdout.write(tok.decodeBytes(ids));
  return 0;
}

function evalDomains(tok: Tokenizer, maxChars: number): Record<string, ReturnType<typeof compressionStats>> {
  const out: Record<string, ReturnType<typeof compressionStats>> = {};
  for (const d of SHARED_TEXT_DOMAINS) {
    const texts: string[] = [];
    let chars = 0;
    for (const t of domainTexts(path.join(sharedDataDir(), d))) {
      texts.push(t.text);
      chars += t.text.length;
      if (chars >= maxChars) break;
    }
    out[d] = compressionStats(tok, texts);
  }
  return out;
}

async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { tokenizer: { type: "string" }, json: { type: "boolean" }, "max-chars": { type: "string" } });
  const tok = getTokenizer(requireOption(values.tokenizer, "tokenizer"));
  const maxChars = numberOption(values["max-chars"], "max-chars", { integer: true, positive: true }) ?? 2_000_000;
  const res = evalDomains(tok, maxChars);
  if (values.json) printJson({ tokenizer: tok.name, vocabSize: tok.nVocab, domains: res });
  else {
    const lines = [`tokenizer ${tok.name} (vocab ${tok.nVocab})`, "domain      texts      chars     tokens  chars/tok  bytes/tok"];
    for (const [d, s] of Object.entries(res))
      lines.push(`${d.padEnd(10)} ${String(s.texts).padStart(6)} ${String(s.chars).padStart(10)} ${String(s.tokens).padStart(10)} ${s.charsPerToken.toFixed(3).padStart(10)} ${s.bytesPerToken.toFixed(3).padStart(10)}`);
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

async function bench(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    tokenizer: { type: "string" },
    input: { type: "string" },
    "doc-chars": { type: "string" },
    json: { type: "boolean" },
  });
  const tok = getTokenizer(requireOption(values.tokenizer, "tokenizer"));
  const file = requireOption(values.input, "input");
  if (!fs.existsSync(file)) throw new Error(`--input: ${file}: no such file`);
  const docChars = numberOption(values["doc-chars"], "doc-chars", { integer: true, positive: true }) ?? 2000;
  const text = fs.readFileSync(file, "utf8");
  const docs = cutDocs(text, docChars);
  const bytes = Buffer.byteLength(text, "utf8");
  const t0 = process.hrtime.bigint();
  let tokens = 0;
  for (const d of docs) tokens += tok.encodeOrdinary(d).length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const res = { tokenizer: tok.name, file, docs: docs.length, bytes, tokens, seconds, mb_per_s: bytes / 1e6 / seconds };
  if (values.json) process.stdout.write(JSON.stringify(res) + "\n");
  else process.stdout.write(`${res.mb_per_s.toFixed(2)} MB/s (${docs.length} docs, ${bytes} bytes, ${tokens} tokens, ${seconds.toFixed(2)} s)\n`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h" || rest.includes("--help")) {
    process.stdout.write(HELP + "\n");
    return sub ? 0 : 2;
  }
  switch (sub) {
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
    default:
      throw new Error(`unknown subcommand '${sub}'\n${HELP}`);
  }
}

// Builds the default pretraining corpus data/pretrain/ from public-domain text in ../shared/data:
// Lu Xun's collections, classical Chinese texts (chinese-poetry, MIT; Traditional converted with t2s)
// and Gutenberg / Shakespeare English. Normalised with lib/zh, cut into documents of at most
// DOC_CHARS characters at paragraph boundaries, shuffled with a fixed seed, and written as
// nanochat-format parquet shards (zstd) whose last shard is validation, with manifest.json
// (shards, sha256, and the provenance of every input file). It also rewrites the block between the
// pretrain markers in data/README.md. Same inputs → byte-identical shards (a test checks the sha256).
//
//   npx tsx scripts/build-default-corpus.ts [--out data/pretrain] [--check]
//
// --check rebuilds into a temp folder and compares every shard's sha256 with the shipped manifest.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { makeNormalizer, type NormalizeOptions } from "../lib/zh";
import { ShardWriter, readManifest, mulberry32, codePointLength, type ShardManifest } from "../lib/data";
import { makeManifest, writeManifest } from "../lib/data/manifest";
import { repoRoot, sharedDataDir } from "../lib/util/paths";
import { corpusSources, type CorpusSource, type SourceDoc } from "./corpus/sources";

/** Longest document (code points); longer texts are cut at paragraph boundaries. */
export const DOC_CHARS = 2000;
/** Share of documents held out for the validation shard. */
export const VAL_FRACTION = 0.03;
export const SEED = 20240611;
export const CHARS_PER_SHARD = 1_000_000;
export const ROW_GROUP_DOCS = 256;

/** Cut `text` into pieces of at most `maxChars` code points at line breaks (a longer single line is its own piece). */
export function cutAtParagraphs(text: string, maxChars = DOC_CHARS): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let curChars = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const n = codePointLength(line) + 1;
    if (cur.length > 0 && curChars + n > maxChars) {
      out.push(cur.join("\n"));
      cur = [];
      curChars = 0;
    }
    cur.push(line);
    curChars += n;
  }
  if (cur.length > 0) out.push(cur.join("\n"));
  return out;
}

export interface BuiltDoc {
  text: string;
  source: string;
}

/** Every document of every source, normalised and cut, in source order. */
export function collectDocs(dataDir: string, sources: CorpusSource[] = corpusSources()): { docs: BuiltDoc[]; inputs: InputRecord[] } {
  const docs: BuiltDoc[] = [];
  const inputs: InputRecord[] = [];
  for (const src of sources) {
    const normalize = makeNormalizer(src.normalize as NormalizeOptions);
    for (const rel of src.files) {
      const file = path.join(dataDir, rel);
      if (!fs.existsSync(file)) throw new Error(`${file}: missing input of source ${src.name}`);
      const bytes = fs.readFileSync(file);
      let chars = 0;
      let n = 0;
      const raw: SourceDoc[] = src.extract(bytes.toString("utf8"), rel);
      for (const d of raw) {
        const text = normalize(d.text).trim();
        if (text === "") continue;
        for (const piece of cutAtParagraphs(text)) {
          if (codePointLength(piece) < src.minChars) continue;
          docs.push({ text: piece, source: src.name });
          chars += codePointLength(piece);
          n++;
        }
      }
      inputs.push({ source: src.name, file: rel, sha256: sha256(bytes), bytes: bytes.length, documents: n, characters: chars, origin: src.origin, license: src.license });
    }
  }
  return { docs, inputs };
}

export interface InputRecord {
  source: string;
  file: string;
  sha256: string;
  bytes: number;
  documents: number;
  characters: number;
  origin: string;
  license: string;
}

function sha256(b: Uint8Array): string {
  return crypto.createHash("sha256").update(b).digest("hex");
}

/** Seeded Fisher–Yates shuffle; then the first VAL_FRACTION of documents become validation. */
export function splitDocs(docs: BuiltDoc[], seed = SEED): { train: BuiltDoc[]; val: BuiltDoc[] } {
  const rng = mulberry32(seed);
  const a = docs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  const nVal = Math.max(1, Math.round(a.length * VAL_FRACTION));
  return { val: a.slice(0, nVal), train: a.slice(nVal) };
}

export async function buildDefaultCorpus(outDir: string, dataDir = sharedDataDir()): Promise<ShardManifest & { provenance: unknown }> {
  const { docs, inputs } = collectDocs(dataDir);
  const { train, val } = splitDocs(docs);
  const writer = ShardWriter.create(outDir, { charsPerShard: CHARS_PER_SHARD, rowGroupDocs: ROW_GROUP_DOCS, compression: "zstd", overwrite: true });
  try {
    for (const d of train) await writer.add(d.text, d.source);
    await writer.beginSplit("val");
    for (const d of val) await writer.add(d.text, d.source);
    await writer.finish();
  } catch (err) {
    await writer.abort(err as Error);
    throw err;
  }
  const manifest = makeManifest({ shards: writer.shards, sources: writer.sources, config: "default-corpus", charsPerShard: CHARS_PER_SHARD, rowGroupDocs: ROW_GROUP_DOCS, compression: "zstd" });
  const provenance = {
    builder: "scripts/build-default-corpus.ts",
    seed: SEED,
    doc_chars: DOC_CHARS,
    val_fraction: VAL_FRACTION,
    val_documents: val.length,
    train_documents: train.length,
    inputs,
  };
  const full = { ...manifest, provenance };
  writeManifest(outDir, full as ShardManifest);
  return full;
}

/** The markdown block between the pretrain markers in data/README.md. */
export function readmeBlock(m: ShardManifest & { provenance: unknown }): string {
  const p = m.provenance as { inputs: InputRecord[]; seed: number };
  const bySource = new Map<string, { files: number; docs: number; chars: number; origin: string; license: string }>();
  for (const i of p.inputs) {
    const s = bySource.get(i.source) ?? { files: 0, docs: 0, chars: 0, origin: i.origin, license: i.license };
    s.files++;
    s.docs += i.documents;
    s.chars += i.characters;
    bySource.set(i.source, s);
  }
  const fmt = (n: number) => n.toLocaleString("en-US");
  const lines = [
    "| source | files | documents | characters | origin (repository @ commit) | license |",
    "|---|---:|---:|---:|---|---|",
    ...[...bySource].map(([name, s]) => `| \`${name}\` | ${s.files} | ${fmt(s.docs)} | ${fmt(s.chars)} | ${s.origin} | ${s.license} |`),
    "",
    "| shard | split | documents | characters | UTF-8 bytes | file bytes | sha256 |",
    "|---|---|---:|---:|---:|---:|---|",
    ...m.shards.map((s) => `| \`${s.file}\` | ${s.split} | ${fmt(s.documents)} | ${fmt(s.characters)} | ${fmt(s.utf8Bytes)} | ${fmt(s.fileBytes)} | \`${s.sha256.slice(0, 16)}…\` |`),
    "",
    `Totals: ${fmt(m.totals.documents)} documents, ${fmt(m.totals.characters)} characters, ${fmt(m.totals.utf8Bytes)} bytes of UTF-8 text stored in ${fmt(m.totals.fileBytes)} bytes of parquet (zstd). Seed ${p.seed}. Every input file's sha256 is in \`pretrain/manifest.json\` (\`provenance.inputs\`).`,
  ];
  return lines.join("\n");
}

const BEGIN = "<!-- pretrain:begin (written by scripts/build-default-corpus.ts) -->";
const END = "<!-- pretrain:end -->";

export function updateReadme(readmeFile: string, block: string): void {
  const text = fs.readFileSync(readmeFile, "utf8");
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${readmeFile}: markers ${BEGIN} … ${END} not found`);
  const next = text.slice(0, a + BEGIN.length) + "\n" + block + "\n" + text.slice(b);
  const tmp = readmeFile + ".tmp-" + process.pid;
  fs.writeFileSync(tmp, next);
  fs.renameSync(tmp, readmeFile);
}

async function main(argv: string[]): Promise<number> {
  const root = repoRoot();
  const outArg = argv.indexOf("--out");
  const out = path.resolve(root, outArg >= 0 ? argv[outArg + 1] : "data/pretrain");
  if (!fs.existsSync(path.join(sharedDataDir(), "MANIFEST.tsv"))) {
    process.stderr.write(`shared data not found at ${sharedDataDir()} (set NANOZH_SHARED_DATA)\n`);
    return 2;
  }
  if (argv.includes("--check")) {
    const shipped = readManifest(out);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-corpus-"));
    const rebuilt = await buildDefaultCorpus(tmp);
    let ok = shipped.shards.length === rebuilt.shards.length;
    for (let i = 0; i < rebuilt.shards.length; i++) {
      const same = shipped.shards[i]?.sha256 === rebuilt.shards[i].sha256;
      ok = ok && same;
      process.stdout.write(`${rebuilt.shards[i].file}  ${same ? "identical" : "DIFFERS"}\n`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    process.stdout.write(ok ? "shipped shards are byte-identical to a rebuild\n" : "shipped shards differ from a rebuild\n");
    return ok ? 0 : 1;
  }
  const m = await buildDefaultCorpus(out);
  if (path.resolve(out) === path.join(root, "data", "pretrain")) updateReadme(path.join(root, "data", "README.md"), readmeBlock(m));
  process.stdout.write(readmeBlock(m) + "\n");
  return 0;
}

if (process.argv[1] && /build-default-corpus\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`build-default-corpus: ${err.message}\n`);
      process.exit(1);
    },
  );
}

// The tokenizer benchmarks' training corpus: ~23 MB of shared data, Chinese ~70% and English ~30%
// by characters, one document per line, written to out/bench/corpus-23mb.txt (deterministic).
import fs from "node:fs";
import path from "node:path";
import { domainTexts } from "../lib/tokenizer/corpus";
import { outDir, sharedDataDir } from "../lib/util/paths";

export const CORPUS_BYTES = 23_000_000;

function* lines(dirs: string[]): Generator<string> {
  for (const d of dirs)
    for (const t of domainTexts(path.join(sharedDataDir(), d), 4000))
      for (const line of t.text.split("\n")) {
        const s = line.replace(/\r/g, "").trim();
        if (s.length >= 2) yield s;
      }
}

function build(totalChars: number): { lines: string[]; zh: number; en: number; bytes: number } {
  const zhQuota = 0.7 * totalChars;
  const enQuota = 0.3 * totalChars;
  const out: string[] = [];
  let zh = 0;
  let bytes = 0;
  for (const l of lines(["zh_text", "zh_trad"])) {
    if (zh >= zhQuota) break;
    out.push(l);
    zh += l.length;
    bytes += Buffer.byteLength(l) + 1;
  }
  let en = 0;
  for (const l of lines(["english"])) {
    if (en >= enQuota) break;
    out.push(l);
    en += l.length;
    bytes += Buffer.byteLength(l) + 1;
  }
  if (zh < zhQuota * 0.9 || en < enQuota * 0.9) throw new Error(`shared data too small for the corpus: zh ${zh} chars, en ${en} chars`);
  return { lines: out, zh, en, bytes };
}

/** Build (or reuse) the corpus file; returns its path. */
export function buildCorpus(): string {
  const file = path.join(outDir("bench"), "corpus-23mb.txt");
  if (fs.existsSync(file) && Math.abs(fs.statSync(file).size - CORPUS_BYTES) < CORPUS_BYTES * 0.02) return file;
  // chars: 0.7x zh (~3 bytes each) + 0.3x en (1 byte) ≈ 2.4x bytes; one correction from the first try
  let c = build(CORPUS_BYTES / 2.4);
  c = build((CORPUS_BYTES / 2.4) * (CORPUS_BYTES / c.bytes));
  fs.writeFileSync(file, c.lines.join("\n") + "\n");
  return file;
}

if (process.argv[1] && process.argv[1].endsWith("tok-corpus.ts")) {
  const f = buildCorpus();
  process.stdout.write(`${f} ${fs.statSync(f).size} bytes\n`);
}

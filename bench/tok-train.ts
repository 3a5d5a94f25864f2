// BPE training time and peak memory on identical text: ours (nanozh tok train, one thread) vs Hugging
// Face `tokenizers` (Rust, native, all cores) and, with --spm, sentencepiece's spm_train (BPE, 2 threads).
// Each trainer runs in a child process under /usr/bin/time -v (wall time, peak RSS).
//
// Identical text: the ~23 MB zh/en corpus (bench/tok-corpus) is written once as one document per line,
// every line cut to at most 4,000 characters (below our doc cap and spm's 100,000-byte sentence limit),
// so that no trainer drops or cuts anything; the characters each trainer consumed are printed and
// checked (ours: its charsRead/chars; spm: its "all chars count"; HF reports nothing: it reads every
// line of the file, plus the line's "\n").
//
// Vocabulary: HF's node binding trains only at its default vocab, 30,000 (Tokenizer.train(files) takes
// no trainer), so 30,000 is the default here for all; --vocab V changes ours and spm, HF stays at 30,000.
//   npx tsx bench/tok-train.ts [--spm] [--vocab 30000]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cutDocs } from "../cli/commands/tok";
import { NANOCHAT_PATTERN } from "../lib/tokenizer/patterns";
import { writeFileAtomic } from "../lib/util/atomicWrite";
import { outDir, repoRoot } from "../lib/util/paths";
import { codePointLength } from "../lib/util/text";
import { buildCorpus } from "./tok-corpus";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const HF_VOCAB = 30_000; // the node binding's BpeTrainer default; it cannot be changed from JS
const DOC_CHARS = 4000;

/** HF tokenizer.json before training: empty BPE, nanochat's split pattern, then byte-level (as ours). */
function hfUntrained(): string {
  const byteLevel = { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false };
  return JSON.stringify({
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "Split", pattern: { Regex: NANOCHAT_PATTERN }, behavior: "Isolated", invert: false }, byteLevel] },
    post_processor: null,
    decoder: byteLevel,
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: {}, merges: [] },
  });
}

/** Child: train HF on `file`, save the result, print its vocabulary size. */
async function hfChild(file: string, out: string): Promise<void> {
  const { Tokenizer } = await import("tokenizers");
  const tok = Tokenizer.fromString(hfUntrained());
  const t0 = Date.now();
  tok.train([file]);
  const seconds = (Date.now() - t0) / 1000;
  fs.mkdirSync(out, { recursive: true });
  tok.save(path.join(out, "tokenizer.json"));
  process.stdout.write(JSON.stringify({ vocab: tok.getVocabSize(), seconds }) + "\n");
}

interface Run {
  wallSeconds: number;
  peakRssMB: number;
  stdout: string;
  stderr: string;
}

function timed(cmd: string, args: string[]): Run {
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { cwd: repoRoot(), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!wall || !rss) throw new Error(`could not read /usr/bin/time output:\n${r.stderr.slice(-1000)}`);
  const wallSeconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { wallSeconds, peakRssMB: Number(rss[1]) / 1024, stdout: r.stdout, stderr: r.stderr };
}

/** The corpus as one document per line, each at most DOC_CHARS characters; its documents and characters. */
function writeBenchCorpus(): { file: string; docs: number; chars: number; bytes: number } {
  const src = buildCorpus();
  const lines: string[] = [];
  let chars = 0;
  for (const line of fs.readFileSync(src, "utf8").split("\n"))
    for (const piece of cutDocs(line, DOC_CHARS)) {
      const doc = piece.trim(); // no whitespace-only line, no edge spaces a trainer might treat differently
      if (doc.length === 0) continue;
      lines.push(doc);
      chars += codePointLength(doc);
    }
  const file = path.join(outDir("bench"), "tok-train-corpus.txt");
  const text = lines.join("\n") + "\n";
  writeFileAtomic(file, text);
  return { file, docs: lines.length, chars, bytes: Buffer.byteLength(text) };
}

interface Contender {
  name: string;
  threads: string;
  vocab: number;
  wallSeconds: number;
  peakRssMB: number;
  /** Documents and characters the trainer says it consumed (null: it does not say). */
  docs: number | null;
  chars: number | null;
  extra?: Record<string, unknown>;
}

function main(): void {
  const vocab = Number(arg("--vocab") ?? HF_VOCAB);
  if (!Number.isInteger(vocab) || vocab < 300) throw new Error(`--vocab: ${arg("--vocab")} is not an integer ≥ 300`);
  const withSpm = process.argv.includes("--spm");
  const corpus = writeBenchCorpus();
  const load0 = os.loadavg();
  console.log(
    `corpus ${corpus.file}: ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.docs} documents (one per line, ≤ ${DOC_CHARS} chars), ${corpus.chars} characters; ` +
      `vocab ${vocab}${vocab !== HF_VOCAB ? ` (HF: ${HF_VOCAB}, the only one its node binding trains)` : ""}; ${os.cpus().length} CPUs, load average ${load0.map((x) => x.toFixed(2)).join(" ")}`,
  );
  const runs: Contender[] = [];

  const oursDir = path.join(outDir("bench"), "tok-train-ours");
  const ours = timed(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "tok", "train", "--input", corpus.file, "--vocab", String(vocab), "--out", oursDir, "--doc-cap", "1000000000", "--overwrite", "--quiet"]);
  const o = JSON.parse(ours.stdout) as { vocabSize: number; docs: number; chars: number; charsRead: number; countSeconds: number; mergeSeconds: number; seconds: number };
  runs.push({ name: "nanochat-zh (ours)", threads: "1", vocab: o.vocabSize, wallSeconds: ours.wallSeconds, peakRssMB: ours.peakRssMB, docs: o.docs, chars: o.chars, extra: { charsRead: o.charsRead, countSeconds: o.countSeconds, mergeSeconds: o.mergeSeconds } });
  console.log(`ours: ${ours.wallSeconds.toFixed(1)} s wall (${o.countSeconds.toFixed(1)} s reading/counting + ${o.mergeSeconds.toFixed(1)} s merging), peak RSS ${ours.peakRssMB.toFixed(0)} MB`);

  const hfDir = path.join(outDir("bench"), "tok-train-hf");
  const hf = timed(process.execPath, ["--import", "tsx", "bench/tok-train.ts", "--child-hf", corpus.file, hfDir]);
  const h = JSON.parse(hf.stdout.trim().split("\n").pop()!) as { vocab: number; seconds: number };
  runs.push({ name: "HF tokenizers (Rust)", threads: `all (${os.cpus().length})`, vocab: h.vocab, wallSeconds: hf.wallSeconds, peakRssMB: hf.peakRssMB, docs: null, chars: null, extra: { trainSeconds: h.seconds } });
  console.log(`HF tokenizers: ${hf.wallSeconds.toFixed(1)} s wall (${h.seconds.toFixed(1)} s in train), peak RSS ${hf.peakRssMB.toFixed(0)} MB, vocab ${h.vocab}`);

  if (withSpm) {
    const prefix = path.join(outDir("bench"), "tok-train-spm");
    const spm = timed("spm_train", [
      `--input=${corpus.file}`,
      `--model_prefix=${prefix}`,
      "--model_type=bpe",
      `--vocab_size=${vocab}`,
      "--num_threads=2",
      "--character_coverage=0.9995",
      "--byte_fallback=true",
      "--input_sentence_size=100000000",
      "--max_sentence_length=100000",
      // the same text as the others: no NFKC, no whitespace squeezing, no dummy prefix
      "--normalization_rule_name=identity",
      "--remove_extra_whitespaces=false",
      "--add_dummy_prefix=false",
    ]);
    const loaded = /Loaded all (\d+) sentences/.exec(spm.stderr);
    const all = /all chars count=(\d+)/.exec(spm.stderr);
    const skipped = /Skipped (\d+) too long sentences/.exec(spm.stderr);
    runs.push({ name: "sentencepiece bpe", threads: "2", vocab, wallSeconds: spm.wallSeconds, peakRssMB: spm.peakRssMB, docs: loaded ? Number(loaded[1]) : null, chars: all ? Number(all[1]) : null, extra: { skippedTooLong: skipped ? Number(skipped[1]) : 0 } });
    console.log(`sentencepiece: ${spm.wallSeconds.toFixed(1)} s wall, peak RSS ${spm.peakRssMB.toFixed(0)} MB`);
  }

  // identical work: every trainer that reports what it consumed must have consumed the whole corpus
  const unequal = runs.filter((r) => (r.docs !== null && r.docs !== corpus.docs) || (r.chars !== null && r.chars !== corpus.chars));
  const base = runs[0].wallSeconds;
  console.log(`\ntrainer                threads  vocab    docs consumed  chars consumed   wall s  peak RSS MB  ours faster by`);
  for (const r of runs)
    console.log(
      `${r.name.padEnd(22)} ${r.threads.padStart(7)} ${String(r.vocab).padStart(6)} ${String(r.docs ?? "(all lines)").padStart(15)} ${String(r.chars ?? "(not reported)").padStart(15)} ` +
        `${r.wallSeconds.toFixed(1).padStart(8)} ${r.peakRssMB.toFixed(0).padStart(12)} ${(r.wallSeconds / base).toFixed(1).padStart(13)}×`,
    );
  const load1 = os.loadavg();
  const file = path.join(outDir("bench"), "tok-train.json");
  writeFileAtomic(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        loadavg: { start: load0, end: load1 },
        corpus: { file: corpus.file, bytes: corpus.bytes, docs: corpus.docs, chars: corpus.chars, maxDocChars: DOC_CHARS },
        vocab,
        hfVocab: HF_VOCAB,
        contenders: runs.map((r) => ({ ...r, oursFasterBy: r.wallSeconds / base })),
        identicalText: unequal.length === 0,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`\nwrote ${file} (load average at end ${load1.map((x) => x.toFixed(2)).join(" ")})`);
  if (unequal.length > 0) {
    console.error(`unequal work: ${unequal.map((r) => `${r.name} consumed ${r.docs} docs / ${r.chars} chars`).join("; ")}; corpus has ${corpus.docs} / ${corpus.chars}`);
    process.exitCode = 1;
  }
}

const hfArgs = process.argv.indexOf("--child-hf");
if (hfArgs > 0) await hfChild(process.argv[hfArgs + 1], process.argv[hfArgs + 2]);
else main();

// BPE training time and peak memory at vocab 32,000 on the ~23 MB zh/en corpus (bench/tok-corpus):
// ours (nanozh tok train, one thread) vs sentencepiece's spm_train (BPE, 2 threads), each in a child
// process under /usr/bin/time -v (wall time, peak RSS). The peer takes ~5 minutes: pass --spm.
//   npx tsx bench/tok-train.ts [--spm] [--vocab 32000]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { outDir, repoRoot } from "../lib/util/paths";
import { buildCorpus } from "./tok-corpus";

const vocabArg = process.argv.indexOf("--vocab");
const VOCAB = vocabArg > 0 ? Number(process.argv[vocabArg + 1]) : 32_000;
const withSpm = process.argv.includes("--spm");

interface Run {
  wallSeconds: number;
  peakRssMB: number;
  stdout: string;
}

function timed(cmd: string, args: string[]): Run {
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { cwd: repoRoot(), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!wall || !rss) throw new Error(`could not read /usr/bin/time output:\n${r.stderr.slice(-1000)}`);
  const wallSeconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { wallSeconds, peakRssMB: Number(rss[1]) / 1024, stdout: r.stdout };
}

const corpus = buildCorpus();
const bytes = fs.statSync(corpus).size;
const load0 = os.loadavg();
console.log(`corpus ${corpus}: ${(bytes / 1e6).toFixed(1)} MB; vocab ${VOCAB}; load average ${load0.map((x) => x.toFixed(2)).join(" ")}`);

const oursDir = path.join(outDir("bench"), "tok-train-ours");
const ours = timed(process.execPath, ["--import", "tsx", "cli/nanozh.ts", "tok", "train", "--input", corpus, "--vocab", String(VOCAB), "--out", oursDir, "--quiet"]);
const oursStats = JSON.parse(ours.stdout) as { seconds: number; countSeconds: number; mergeSeconds: number; merges: number; uniqueChunks: number; docs: number };
console.log(`ours: ${ours.wallSeconds.toFixed(1)} s wall (${oursStats.seconds.toFixed(1)} s training: ${oursStats.countSeconds.toFixed(1)} s reading/counting + ${oursStats.mergeSeconds.toFixed(1)} s merging), peak RSS ${ours.peakRssMB.toFixed(0)} MB`);

let spm: Run | null = null;
if (withSpm) {
  const prefix = path.join(outDir("bench"), "tok-train-spm");
  spm = timed("spm_train", [
    `--input=${corpus}`,
    `--model_prefix=${prefix}`,
    "--model_type=bpe",
    `--vocab_size=${VOCAB}`,
    "--num_threads=2",
    "--character_coverage=0.9995",
    "--byte_fallback=true",
    "--input_sentence_size=100000000",
    "--max_sentence_length=100000",
  ]);
  console.log(`sentencepiece: ${spm.wallSeconds.toFixed(1)} s wall, peak RSS ${spm.peakRssMB.toFixed(0)} MB`);
}

const load1 = os.loadavg();
console.log("\ntrainer              wall s   peak RSS MB   speed-up vs spm");
console.log(`nanochat-zh (ours) ${ours.wallSeconds.toFixed(1).padStart(8)} ${ours.peakRssMB.toFixed(0).padStart(12)}   ${spm ? (spm.wallSeconds / ours.wallSeconds).toFixed(1) + "×" : "(run with --spm)"}`);
if (spm) console.log(`sentencepiece bpe  ${spm.wallSeconds.toFixed(1).padStart(8)} ${spm.peakRssMB.toFixed(0).padStart(12)}   1.0×`);
const file = path.join(outDir("bench"), "tok-train.json");
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      corpus: { file: corpus, bytes },
      vocab: VOCAB,
      loadavg: { start: load0, end: load1 },
      cpus: os.cpus().length,
      ours: { wallSeconds: ours.wallSeconds, peakRssMB: ours.peakRssMB, ...oursStats },
      sentencepiece: spm ? { wallSeconds: spm.wallSeconds, peakRssMB: spm.peakRssMB, threads: 2 } : null,
      speedup: spm ? spm.wallSeconds / ours.wallSeconds : null,
    },
    null,
    2,
  ) + "\n",
);
console.log(`\nwrote ${file} (load average at end ${load1.map((x) => x.toFixed(2)).join(" ")})`);

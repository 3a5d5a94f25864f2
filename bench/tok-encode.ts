// Encode throughput, single thread, cl100k_base ranks, 2,000-character documents: ours vs tiktoken
// (wasm), tiktoken-node (native Rust tiktoken through napi), gpt-tokenizer and js-tiktoken, on Chinese
// and English text separately. Each encoder warms up on other text (untimed), then one timed pass. Each encoder runs
// in its own process (sharing one heap penalises whichever allocates most: the peers' big Maps
// make every GC slower). Every encoder must produce our ids: a checksum over all ids is compared.
// Writes out/bench/tok-encode.json.
//   npx tsx bench/tok-encode.ts [--mb 3]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cutDocs } from "../cli/commands/tok";
import { domainTexts } from "../lib/tokenizer/corpus";
import { writeFileAtomic } from "../lib/util/atomicWrite";
import { outDir, repoRoot, sharedDataDir } from "../lib/util/paths";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const MB = Number(arg("--mb") ?? 3);
const DOC_CHARS = 2000;
const PEERS = ["nanochat-zh (ours)", "tiktoken (wasm)", "tiktoken-node (native)", "gpt-tokenizer", "js-tiktoken"];

function gather(dirs: string[], bytes: number): string {
  const parts: string[] = [];
  let got = 0;
  for (const d of dirs)
    for (const t of domainTexts(path.join(sharedDataDir(), d))) {
      parts.push(t.text);
      got += Buffer.byteLength(t.text);
      if (got >= bytes) return parts.join("\n");
    }
  return parts.join("\n");
}

type Enc = (t: string) => ArrayLike<number>;

async function encoderFor(name: string): Promise<Enc> {
  if (name.startsWith("nanochat-zh")) {
    const { builtinTokenizer } = await import("../lib/tokenizer/builtin");
    const tok = builtinTokenizer("cl100k_base");
    return (t) => tok.encodeOrdinary(t);
  }
  if (name.startsWith("tiktoken-node")) {
    // native Rust tiktoken (napi); its encode() is encode_ordinary for text without special tokens
    // its ESM entry has only a default export (the napi binding); its .d.ts declares named ones
    type Binding = typeof import("tiktoken-node");
    const mod = (await import("tiktoken-node")) as unknown as Binding & { default?: Binding };
    const enc = (mod.default ?? mod).getEncoding("cl100k_base");
    return (t) => enc.encode(t);
  }
  if (name.startsWith("tiktoken")) {
    const { get_encoding } = await import("tiktoken");
    const enc = get_encoding("cl100k_base");
    return (t) => enc.encode_ordinary(t);
  }
  if (name === "gpt-tokenizer") {
    // its .d.ts files use syntax newer than this project's TypeScript: load it untyped
    const spec = "gpt-tokenizer/encoding/cl100k_base";
    const mod = (await import(spec)) as { encode: (t: string) => number[] };
    return (t) => mod.encode(t);
  }
  if (name === "js-tiktoken") {
    const { Tiktoken } = await import("js-tiktoken/lite");
    const ranks = (await import("js-tiktoken/ranks/cl100k_base")).default;
    const enc = new Tiktoken(ranks);
    return (t) => enc.encode(t);
  }
  throw new Error(`unknown peer ${name}`);
}

async function child(name: string): Promise<void> {
  const texts: Record<string, string> = {
    chinese: gather(["zh_text/luxun", "zh_text/wiki_zh_cmrc2018", "zh_text/reviews"], MB * 1e6),
    english: gather(["english"], MB * 1e6),
  };
  const enc = await encoderFor(name);
  // JIT warm-up on other text, so the timed pass is the encoder's steady state with a cold cache
  for (const d of cutDocs(gather(["parallel", "sft"], 400_000), DOC_CHARS)) enc(d);
  const res: Record<string, { mb_per_s: number; seconds: number; tokens: number; checksum: number }> = {};
  for (const [lang, text] of Object.entries(texts)) {
    const docs = cutDocs(text, DOC_CHARS);
    const outs: ArrayLike<number>[] = new Array(docs.length);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < docs.length; i++) outs[i] = enc(docs[i]);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    let h = 0x811c9dc5;
    let tokens = 0;
    for (const o of outs) {
      tokens += o.length;
      for (let k = 0; k < o.length; k++) h = Math.imul(h ^ o[k], 0x01000193) >>> 0;
      h = Math.imul(h ^ 0xffff, 0x01000193) >>> 0;
    }
    res[lang] = { mb_per_s: Buffer.byteLength(text) / 1e6 / seconds, seconds, tokens, checksum: h };
  }
  process.stdout.write(JSON.stringify(res) + "\n");
}

function parent(): void {
  const results: Record<string, Record<string, { mb_per_s: number; seconds: number; tokens: number; checksum: number }>> = {};
  const load0 = os.loadavg();
  for (const name of PEERS) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "bench/tok-encode.ts", "--child", name, "--mb", String(MB)], { cwd: repoRoot(), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
    for (const [lang, v] of Object.entries(out)) (results[lang] ??= {})[name] = v as (typeof results)[string][string];
  }
  const summary: Record<string, Record<string, { mb_per_s: number; ours_over_peer: number; identical_ids: boolean }>> = {};
  const mismatches: string[] = [];
  for (const [lang, byPeer] of Object.entries(results)) {
    const ours = byPeer[PEERS[0]];
    console.log(`\n${lang}: ${MB} MB in ${DOC_CHARS}-character documents, cl100k_base, one thread, one process per encoder`);
    console.log("encoder                  MB/s   ours/peer  identical ids");
    summary[lang] = {};
    for (const [name, v] of Object.entries(byPeer)) {
      const same = v.checksum === ours.checksum && v.tokens === ours.tokens;
      summary[lang][name] = { mb_per_s: v.mb_per_s, ours_over_peer: ours.mb_per_s / v.mb_per_s, identical_ids: same };
      console.log(`${name.padEnd(22)} ${v.mb_per_s.toFixed(2).padStart(6)}  ${(ours.mb_per_s / v.mb_per_s).toFixed(2).padStart(8)}×  ${same}  ${v.tokens} tokens`);
      if (!same) mismatches.push(`${lang}: ${name} gave ${v.tokens} tokens (checksum ${v.checksum}), ours ${ours.tokens} (checksum ${ours.checksum})`);
    }
  }
  const file = path.join(outDir("bench"), "tok-encode.json");
  const load1 = os.loadavg();
  writeFileAtomic(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: { start: load0, end: load1 }, mb: MB, docChars: DOC_CHARS, summary, mismatches, raw: results }, null, 2) + "\n");
  console.log(`\nwrote ${file} (load average start ${load0.map((x) => x.toFixed(2)).join(" ")}, end ${load1.map((x) => x.toFixed(2)).join(" ")})`);
  // every contender must produce the same ids on the same text: otherwise the speeds compare unequal work
  if (mismatches.length > 0) {
    console.error(`different output on the same text:\n  ${mismatches.join("\n  ")}`);
    process.exitCode = 1;
  }
}

const childName = arg("--child");
if (childName) await child(childName);
else parent();

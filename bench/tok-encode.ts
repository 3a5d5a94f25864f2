// Encode throughput, single thread, cl100k_base ranks, 2,000-character documents: ours vs tiktoken
// (wasm), gpt-tokenizer and js-tiktoken, on Chinese and English text separately. Every peer must
// give our ids (checked on every document). Writes out/bench/tok-encode.json.
//   npx tsx bench/tok-encode.ts [--mb 3]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { get_encoding } from "tiktoken";
import { Tiktoken as JsTiktoken } from "js-tiktoken/lite";
import cl100kJs from "js-tiktoken/ranks/cl100k_base";
import { encode as gptEncode } from "gpt-tokenizer/encoding/cl100k_base";
import { builtinTokenizer } from "../lib/tokenizer/builtin";
import { cutDocs } from "../cli/commands/tok";
import { domainTexts } from "../lib/tokenizer/corpus";
import { outDir, sharedDataDir } from "../lib/util/paths";

const mbArg = process.argv.indexOf("--mb");
const TARGET_BYTES = (mbArg > 0 ? Number(process.argv[mbArg + 1]) : 3) * 1e6;
const DOC_CHARS = 2000;

function gather(dirs: string[], skipBytes: number, bytes: number): string {
  const parts: string[] = [];
  let seen = 0;
  let got = 0;
  for (const d of dirs)
    for (const t of domainTexts(path.join(sharedDataDir(), d))) {
      const b = Buffer.byteLength(t.text);
      seen += b;
      if (seen <= skipBytes) continue;
      parts.push(t.text);
      got += b;
      if (got >= bytes) return parts.join("\n");
    }
  return parts.join("\n");
}

type Enc = (t: string) => ArrayLike<number>;

function time(enc: Enc, docs: string[]): { seconds: number; out: ArrayLike<number>[] } {
  const out: ArrayLike<number>[] = new Array(docs.length);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i++) out[i] = enc(docs[i]);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, out };
}

const texts = {
  chinese: gather(["zh_text/luxun", "zh_text/wiki_zh_cmrc2018", "zh_text/reviews"], 0, TARGET_BYTES),
  english: gather(["english"], 0, TARGET_BYTES),
};
const warm = gather(["parallel", "sft"], 0, 400_000);

const ours = builtinTokenizer("cl100k_base");
const tk = get_encoding("cl100k_base");
const js = new JsTiktoken(cl100kJs);
const peers: [string, Enc][] = [
  ["nanochat-zh (ours)", (t) => ours.encodeOrdinary(t)],
  ["tiktoken (wasm)", (t) => tk.encode_ordinary(t)],
  ["gpt-tokenizer", (t) => gptEncode(t)],
  ["js-tiktoken", (t) => js.encode(t)],
];
// JIT warm-up on other text, so the timed pass is each encoder's cold-cache steady state
for (const [, enc] of peers) for (const d of cutDocs(warm, DOC_CHARS)) enc(d);

const results: Record<string, Record<string, { mb_per_s: number; seconds: number; identical: boolean }>> = {};
for (const [lang, text] of Object.entries(texts)) {
  const docs = cutDocs(text, DOC_CHARS);
  const bytes = Buffer.byteLength(text);
  results[lang] = {};
  let ref: ArrayLike<number>[] | null = null;
  for (const [name, enc] of peers) {
    const { seconds, out } = time(enc, docs);
    let identical = true;
    if (ref === null) ref = out;
    else
      for (let i = 0; i < out.length && identical; i++) {
        const a = ref[i];
        const b = out[i];
        if (a.length !== b.length) identical = false;
        else for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) identical = false;
      }
    results[lang][name] = { mb_per_s: bytes / 1e6 / seconds, seconds, identical };
  }
  const o = results[lang]["nanochat-zh (ours)"].mb_per_s;
  console.log(`\n${lang}: ${docs.length} docs of ${DOC_CHARS} chars, ${(bytes / 1e6).toFixed(2)} MB`);
  console.log("encoder               MB/s    ours/peer  identical ids");
  for (const [name, r] of Object.entries(results[lang]))
    console.log(`${name.padEnd(20)} ${r.mb_per_s.toFixed(2).padStart(6)}  ${(o / r.mb_per_s).toFixed(2).padStart(9)}×  ${r.identical}`);
}
tk.free();
const file = path.join(outDir("bench"), "tok-encode.json");
fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, loadavg: os.loadavg(), cpus: os.cpus().length, docChars: DOC_CHARS, results }, null, 2) + "\n");
console.log(`\nwrote ${file} (load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")})`);

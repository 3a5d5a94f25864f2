// Full-data equivalence run: every text of ../shared/data (JSON string fields one by one, text files
// in ~4,000-character pieces) encoded by our encoder and by tiktoken (wasm), for cl100k_base,
// o200k_base, gpt2 and cl100k ranks under nanochat's and Python cl100k's patterns. Any difference
// is printed. Writes out/bench/tok-equiv.json.  npx tsx bench/tok-equiv.ts
import fs from "node:fs";
import path from "node:path";
import { get_encoding, Tiktoken } from "tiktoken";
import { builtinRanks, builtinTokenizer } from "../lib/tokenizer/builtin";
import { domainTexts, SHARED_TEXT_DOMAINS } from "../lib/tokenizer/corpus";
import { patternInfo } from "../lib/tokenizer/patterns";
import { Tokenizer } from "../lib/tokenizer/tokenizer";
import { outDir, sharedDataDir } from "../lib/util/paths";

interface Ref {
  encode_ordinary(t: string): Uint32Array;
  free(): void;
}

const texts: string[] = [];
for (const d of SHARED_TEXT_DOMAINS) for (const t of domainTexts(path.join(sharedDataDir(), d))) texts.push(t.text);
const totalBytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
console.log(`${texts.length} texts, ${(totalBytes / 1e6).toFixed(1)} MB`);

const cl = builtinTokenizer("cl100k_base");
const combos: [string, Tokenizer, () => Ref][] = [
  ["cl100k_base", cl, () => get_encoding("cl100k_base")],
  ["o200k_base", builtinTokenizer("o200k_base"), () => get_encoding("o200k_base")],
  ["gpt2", builtinTokenizer("gpt2"), () => get_encoding("gpt2")],
  ["cl100k ranks + nanochat pattern", new Tokenizer({ name: "x", tokens: cl.mergeableTokens(), specials: {}, pattern: "nanochat" }), () => new Tiktoken(builtinRanks("cl100k_base").bpe_ranks, {}, patternInfo("nanochat").source)],
  ["cl100k ranks + Python cl100k pattern", new Tokenizer({ name: "y", tokens: cl.mergeableTokens(), specials: {}, pattern: "cl100k-py" }), () => new Tiktoken(builtinRanks("cl100k_base").bpe_ranks, {}, patternInfo("cl100k-py").source)],
];

const results: Record<string, { texts: number; bytes: number; tokens: number; different: number; oursSeconds: number; tiktokenSeconds: number }> = {};
for (const [name, ours, mk] of combos) {
  const ref = mk();
  let different = 0;
  let tokens = 0;
  let so = 0;
  let sr = 0;
  for (const t of texts) {
    const t0 = process.hrtime.bigint();
    const a = ours.encodeOrdinary(t);
    const t1 = process.hrtime.bigint();
    const b = ref.encode_ordinary(t);
    const t2 = process.hrtime.bigint();
    so += Number(t1 - t0);
    sr += Number(t2 - t1);
    tokens += a.length;
    let same = a.length === b.length;
    for (let i = 0; same && i < a.length; i++) if (a[i] !== b[i]) same = false;
    if (!same) {
      different++;
      if (different <= 5) console.log(`  DIFFERENT (${name}): ${JSON.stringify(t.slice(0, 100))}`);
    }
  }
  ref.free();
  results[name] = { texts: texts.length, bytes: totalBytes, tokens, different, oursSeconds: so / 1e9, tiktokenSeconds: sr / 1e9 };
  console.log(`${name.padEnd(38)} ${different === 0 ? "identical" : `${different} different`} on ${texts.length} texts (${tokens} tokens); ours ${(so / 1e9).toFixed(1)} s, tiktoken ${(sr / 1e9).toFixed(1)} s`);
}
const file = path.join(outDir("bench"), "tok-equiv.json");
fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), texts: texts.length, bytes: totalBytes, results }, null, 2) + "\n");
console.log(`wrote ${file}`);

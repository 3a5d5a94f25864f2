// Shared test helpers: a seeded PRNG, random Unicode text, shared-data texts.
import path from "node:path";
import { domainTexts, listTextFiles, readDocs, SHARED_TEXT_DOMAINS } from "../../lib/tokenizer/corpus";
import { bundledDataDir, sharedDataDir } from "../../lib/util/paths";
import { mulberry32 } from "../../lib/data/rng";

/** mulberry32: small deterministic PRNG in [0, 1) (the one lib/data shuffles with). */
export const rng = mulberry32;

const PIECES = [
  "👨‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🇨🇳", "e\u0301", "'s", "'S", "'ll", "'ſ", "\r\n", "\n\n", "   ", "\t", "\u3000", "\u00a0", "\u0085", "\ufeff",
  "，", "。", "「」", "123", "4567", "١٢٣", "Ⅻ", "½", "你好", "世界", "<|bos|>", "http://x.y/z?a=1", "  \n ",
];

/** Random text: ASCII, CJK (incl. extension A/B), emoji, ZWJ sequences, odd whitespace, every plane. */
export function randomText(r: () => number, maxLen = 40): string {
  const n = Math.floor(r() * maxLen);
  let s = "";
  for (let i = 0; i < n; i++) {
    const k = r();
    let cp: number;
    if (k < 0.25) cp = 0x20 + Math.floor(r() * 95);
    else if (k < 0.4) cp = 0x4e00 + Math.floor(r() * 0x5200);
    else if (k < 0.45) cp = 0x3400 + Math.floor(r() * 0x19c0);
    else if (k < 0.5) cp = 0x20000 + Math.floor(r() * 0xa6e0);
    else if (k < 0.55) cp = 0x1f300 + Math.floor(r() * 0x800);
    else if (k < 0.75) {
      s += PIECES[Math.floor(r() * PIECES.length)];
      continue;
    } else if (k < 0.85) cp = 0x80 + Math.floor(r() * 0x780);
    else {
      // any scalar value from any plane (no surrogates)
      do cp = Math.floor(r() * 0x110000);
      while (cp >= 0xd800 && cp <= 0xdfff);
    }
    s += String.fromCodePoint(cp);
  }
  return s;
}

/** Every text of the shared data domains (JSON strings; text files cut at line ends). */
export function sharedTexts(): string[] {
  const out: string[] = [];
  for (const d of SHARED_TEXT_DOMAINS) for (const t of domainTexts(path.join(sharedDataDir(), d))) out.push(t.text);
  return out;
}

/** Every document (one per line) of the bundled corpus data/corpus/{zh,en}: present in every clone. */
export function bundledTexts(lang?: "zh" | "en"): string[] {
  const langs = lang ? [lang] : ["zh", "en"];
  return langs.flatMap((l) => listTextFiles(path.join(bundledDataDir(), "corpus", l)).flatMap((f) => [...readDocs(f)]));
}

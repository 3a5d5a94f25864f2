// The hand-written GPT-4-family scanner against its reference twin, the (translated) regex.
import { test } from "node:test";
import assert from "node:assert/strict";
import { patternInfo, splitWithRegex } from "../../lib/tokenizer/index";
import { scanGpt4Family } from "../../lib/tokenizer/scanner";
import { sharedDataSkip } from "../../lib/util/paths";
import { bundledTexts, randomText, rng, sharedTexts } from "./helpers";

function scan(text: string, digits: number): string[] {
  const out: string[] = [];
  scanGpt4Family(text, digits, (s, e) => out.push(text.slice(s, e)));
  return out;
}

const FAMILY: [string, number][] = [
  ["nanochat", 2],
  ["cl100k", 3],
];

test("scanner = regex on hand-picked edge cases", () => {
  const cases = [
    "", " ", "  ", "\n", " \n ", "a  b", "a \n\n b", "x\r\n\r\ny", "   \t\n  \u3000x", "end   ", "end \n ",
    "'s 'S 'll 'LL 're 've 'd 'm 't 'ſ 'x '", "I'm you're", "12345 1 22 333", "١٢٣٤", "Ⅻ½",
    "，今天天气很好。 中文English混合", ".com !!! ?! a.b", "\ufeff\u0085x", "𠀀𠀁 👍🏽 🇨🇳 e\u0301", "\u202f\u205fa",
    "a\u0300\u0301b", "(x)", "-- --x", "  --", "\t\tfoo", " \u00a0bar",
  ];
  for (const [name, d] of FAMILY) for (const t of cases) assert.deepEqual(scan(t, d), splitWithRegex(patternInfo(name).source, t), `${name}: ${JSON.stringify(t)}`);
});

test("scanner = regex on random Unicode", () => {
  const r = rng(11);
  for (let i = 0; i < 3000; i++) {
    const t = randomText(r, 60);
    for (const [name, d] of FAMILY) assert.deepEqual(scan(t, d), splitWithRegex(patternInfo(name).source, t), `${name}: ${JSON.stringify(t)}`);
  }
});

test("scanner = regex on the shared data (every 3rd text)", { skip: sharedDataSkip() }, () => {
  const texts = sharedTexts();
  for (let i = 0; i < texts.length; i += 3)
    for (const [name, d] of FAMILY) {
      const a = scan(texts[i], d);
      const b = splitWithRegex(patternInfo(name).source, texts[i]);
      if (a.length !== b.length || a.some((x, k) => x !== b[k])) assert.deepEqual(a, b, `${name}: text #${i}`);
    }
});

test("scanner = regex on the bundled corpus (every document)", () => {
  const texts = bundledTexts();
  assert.ok(texts.length > 200, `${texts.length} texts`);
  for (const t of texts) for (const [name, d] of FAMILY) assert.deepEqual(scan(t, d), splitWithRegex(patternInfo(name).source, t), `${name}: ${JSON.stringify(t.slice(0, 60))}`);
});

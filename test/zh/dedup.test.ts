import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { bundledDataDir, hasSharedData, sharedDataDir } from "../../lib/util/paths";
import { candidateProbability, Deduper, dedupTexts, estimateJaccard, LshIndex, MinHasher, optimalBandsRows, shingleJaccard, shingleSet as libShingleSet } from "../../lib/zh/index";

/** Plain twin: the set of 5-character shingles as strings (whitespace dropped, ASCII lowercased). */
function shingleSet(text: string, k = 5): Set<string> {
  const s = text.replace(/[ \n\t\r\u3000\u00a0\u000b\u000c]/g, "").replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out = new Set<string>();
  if (s.length === 0) return out;
  if (s.length <= k) return out.add(s);
  for (let i = 0; i + k <= s.length; i++) out.add(s.slice(i, i + k));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Plain twin of a signature: per permutation the minimum of (a·x + b) mod 2^32 in BigInt. */
function plainSignature(h: MinHasher, text: string): number[] {
  const xs = [...h.shingleHashes(text)].map((x) => BigInt(x >>> 0));
  const out: number[] = [];
  for (let i = 0; i < h.numPerm; i++) {
    const a = BigInt(h.a[i] >>> 0), b = BigInt(h.b[i] >>> 0);
    let m = 0xffffffffn;
    for (const x of xs) {
      const v = (a * x + b) % 0x100000000n;
      if (v < m) m = v;
    }
    out.push(Number(m));
  }
  return out;
}

/**
 * 40 paragraphs over 300 characters: Chinese Wikipedia from ../shared/data, or (a clone without it)
 * the bundled Chinese corpus without its noisy-web file, whose deliberate near-duplicates would blur the counts.
 */
function corpus(): string[] {
  if (hasSharedData()) {
    const text = fs.readFileSync(path.join(sharedDataDir(), "zh_text", "wiki_zh_cmrc2018", "cmrc2018_paragraphs_zh.txt"), "utf8");
    return text.split("\n").filter((l) => l.length > 300).slice(0, 40);
  }
  const dir = path.join(bundledDataDir(), "corpus", "zh");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".txt") && !f.includes("noisy_web")).sort();
  const docs: string[] = [];
  for (const f of files) {
    let doc = ""; // consecutive paragraphs of one file joined until over 300 characters, like the Wikipedia ones
    for (const line of fs.readFileSync(path.join(dir, f), "utf8").split("\n")) {
      doc += line;
      if (doc.length > 300) {
        docs.push(doc);
        doc = "";
      }
    }
  }
  assert.ok(docs.length >= 40, `the bundled corpus gives ${docs.length} paragraphs over 300 characters`);
  return docs.slice(0, 40);
}

/** Variants with known overlap: a copy with edits at a few places, and half of a paragraph. */
function variants(docs: string[]): string[] {
  const out = [...docs];
  for (let i = 0; i < 10; i++) {
    const d = docs[i];
    const step = Math.floor(d.length / 4);
    out.push(d.slice(0, step) + "某" + d.slice(step + 1, 2 * step) + "些" + d.slice(2 * step + 1)); // 2 edits: J ≈ 0.95
    out.push(d.slice(0, Math.floor(d.length / 2))); // half: J ≈ 0.5
  }
  return out;
}

test("MinHash signature (SIMD kernel and JS loop) equals its BigInt plain twin", () => {
  const h = new MinHasher({ numPerm: 32 });
  const js = new MinHasher({ numPerm: 32, simd: false });
  assert.equal(h.usesSimd, true); // Node ≥ 16.4 has WebAssembly SIMD
  assert.equal(js.usesSimd, false);
  for (const t of ["今天天气很好，我们去公园散步吧。", "abc", "", "Hello World 你好世界 ＡＢＣ"]) {
    assert.deepEqual([...h.signature(t)], plainSignature(h, t));
    assert.deepEqual([...js.signature(t)], plainSignature(h, t));
  }
});

test("SIMD and JS signatures agree on long random input (memory growth included)", () => {
  const h = new MinHasher();
  const xs = new Int32Array(100_000);
  let s = 12345;
  for (let i = 0; i < xs.length; i++) xs[i] = s = (Math.imul(s, 1103515245) + 12345) | 0;
  for (const n of [0, 1, 17, 5000, 100_000]) assert.deepEqual(h.signatureOfHashes(xs, n), h.signatureOfHashesJs(xs, n), `n = ${n}`);
});

test("shingle hashes cover exactly the plain shingle set (no collisions on real text)", () => {
  const h = new MinHasher();
  for (const d of corpus().slice(0, 10)) assert.equal(new Set(h.shingleHashes(d)).size, shingleSet(d).size);
});

test("MinHash estimates agree with exact Jaccard over all pairs (within 4.5σ)", () => {
  const docs = variants(corpus());
  const h = new MinHasher();
  const sigs = docs.map((d) => h.signature(d));
  const sets = docs.map((d) => shingleSet(d));
  let pairs = 0, worst = 0;
  for (let i = 0; i < docs.length; i++)
    for (let j = i + 1; j < docs.length; j++) {
      const exact = jaccard(sets[i], sets[j]);
      const est = estimateJaccard(sigs[i], sigs[j]);
      const sigma = Math.sqrt(Math.max(exact * (1 - exact), 0.5 / 128) / 128);
      worst = Math.max(worst, Math.abs(est - exact) / sigma);
      assert.ok(Math.abs(est - exact) <= 4.5 * sigma, `pair ${i},${j}: exact ${exact.toFixed(3)} est ${est.toFixed(3)}`);
      pairs++;
    }
  assert.ok(pairs > 1000);
});

test("LSH bands × rows from the threshold", () => {
  const br = optimalBandsRows(0.8, 128);
  assert.deepEqual(br, { bands: 9, rows: 13 });
  assert.ok(br.bands * br.rows <= 128);
  assert.ok(candidateProbability(0.95, br.bands, br.rows) > 0.99);
  assert.ok(candidateProbability(0.5, br.bands, br.rows) < 0.01);
  const low = optimalBandsRows(0.5, 128);
  assert.ok(low.rows < br.rows);
});

test("Deduper agrees with the exact all-pairs twin on clear duplicates and clear non-duplicates", () => {
  const docs = variants(corpus());
  docs.push(docs[3]); // an exact copy
  docs.push(docs[5].replace(/，/g, " ， ")); // equal up to whitespace → exact
  const sets = docs.map((d) => shingleSet(d));
  const r = dedupTexts(docs, { threshold: 0.8 });
  const kept: number[] = [];
  for (const v of r.verdicts) {
    // the twin: best exact Jaccard against documents kept so far
    let best = 0;
    for (const k of kept) best = Math.max(best, jaccard(sets[v.index], sets[k]));
    if (best >= 0.9) assert.notEqual(v.kind, "unique", `doc ${v.index}: exact Jaccard ${best.toFixed(3)} but kept`);
    if (best <= 0.65) assert.equal(v.kind, "unique", `doc ${v.index}: exact Jaccard ${best.toFixed(3)} but dropped`);
    if (v.kind === "unique") kept.push(v.index);
  }
  assert.equal(r.stats.exact, 2);
  assert.equal(r.stats.near, 10); // the ten edited copies; the halves (J ≈ 0.5) stay
  assert.equal(r.verdicts[docs.length - 2].kind, "exact");
});

test("Deduper streams: no texts kept, options validated", () => {
  const d = new Deduper({ threshold: 0.7, ngram: 3 });
  assert.equal(d.add("床前明月光，疑是地上霜。").kind, "unique");
  assert.equal(d.add("床前明月光，疑是地上霜").kind, "near");
  assert.equal(d.add("举头望明月，低头思故乡。").kind, "unique");
  assert.equal(d.add("床前 明月光，疑是地上霜。").kind, "exact");
  assert.deepEqual(d.stats(), { seen: 4, kept: 2, exact: 1, near: 1, bands: d.lsh.bands, rows: d.lsh.rows });
  assert.throws(() => new MinHasher({ ngram: 0 }), /ngram/);
  assert.throws(() => optimalBandsRows(1.2, 128), /threshold/);
});

test("LshIndex returns exactly the ids that share a band (plain twin: compare band rows)", () => {
  const bands = 8, rows = 4;
  const lsh = new LshIndex({ bands, rows });
  const sigs: Uint32Array[] = [];
  let s = 7;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % 3; // few values: many shared bands
  for (let id = 0; id < 600; id++) {
    const sig = Uint32Array.from({ length: bands * rows }, rnd);
    const got = lsh.query(sig).sort((a, b) => a - b);
    const want = sigs.map((o, j) => [o, j] as const).filter(([o]) => Array.from({ length: bands }, (_, b) => b).some((b) => o.subarray(b * rows, b * rows + rows).every((v, r) => v === sig[b * rows + r]))).map(([, j]) => j);
    assert.deepEqual(got, want, `id ${id}`);
    lsh.insert(id, sig, id % 2 === 0);
    sigs.push(sig);
  }
});

test("shingleJaccard (lib) equals the plain twin, and MinHash shingles are the same set", () => {
  const texts = ["如何在家里种出好吃的番茄？番茄喜欢阳光。", "如何在家里种出好吃的番茄?番茄喜欢阳光。", "Hello World 你好世界", "hello  world你好 世界", "短", "", "ABCDEFG abc"];
  const h = new MinHasher();
  for (const a of texts) {
    assert.deepEqual([...libShingleSet(a)].sort(), [...shingleSet(a)].sort());
    if (a.length > 0) assert.equal(new Set(h.shingleHashes(a)).size, shingleSet(a).size);
    for (const b of texts) {
      const sa = shingleSet(a), sb = shingleSet(b);
      const twin = sa.size === 0 && sb.size === 0 ? 1 : jaccard(sa, sb);
      assert.equal(shingleJaccard(a, b), twin, `${a} / ${b}`);
    }
  }
  assert.equal(shingleJaccard("Hello World 你好世界", "hello  world你好 世界"), 1);
  assert.equal(shingleJaccard("abcdefg", "abcdefg", 3), 1);
});

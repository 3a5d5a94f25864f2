import { test } from "node:test";
import assert from "node:assert/strict";
import { BpbAccumulator, bitsPerByte } from "../../lib/train/bpb";
import { NgramCounts, ngramBaselines } from "../../lib/train/ngramBaseline";
import { trainBpe } from "../../lib/tokenizer";

test("bitsPerByte: special tokens (0 bytes) and ignored targets (−1) carry nothing; hand value", () => {
  const tokenBytes = Int32Array.from([3, 0, 2, 1]);
  const loss = [1, 2, 3, 4, 5];
  const targets = [0, 1, 2, -1, 3];
  // nats 1 + 3 + 5 over bytes 3 + 2 + 1
  assert.ok(Math.abs(bitsPerByte(loss, targets, tokenBytes) - 9 / (Math.LN2 * 6)) < 1e-12);
  assert.equal(bitsPerByte([1], [1], tokenBytes), Infinity);
  assert.throws(() => bitsPerByte([1], [7], tokenBytes), /target id 7/);
  assert.throws(() => bitsPerByte([1, 2], [1], tokenBytes), /2 losses but 1 targets/);
});

test("bitsPerByte: accumulating batches equals one big batch", () => {
  const tb = Int32Array.from([1, 2, 3, 4, 0]);
  const loss = [0.5, 1.5, 2.5, 0.1, 9, 3.3];
  const tg = [0, 1, 4, 3, 2, 1];
  const acc = new BpbAccumulator(tb);
  acc.add(loss.slice(0, 2), tg.slice(0, 2));
  acc.add(loss.slice(2), tg.slice(2));
  assert.ok(Math.abs(acc.bpb() - bitsPerByte(loss, tg, tb)) < 1e-12);
  assert.equal(acc.tokens, 5);
});

test("token_bytes of a trained tokenizer: the bytes of encoded text add up to its UTF-8 length; BOS counts 0", () => {
  const docs = ["床前明月光，疑是地上霜。", "The quick brown fox jumps over the lazy dog.", "举头望明月，低头思故乡。 hello world"];
  const tok = trainBpe(docs, { vocabSize: 300, log: () => {} }).tokenizer;
  const tb = tok.tokenBytes();
  assert.equal(tb[tok.specialId("<|bos|>")], 0);
  for (const d of docs) {
    const ids = tok.encodeOrdinary(d);
    assert.equal(ids.reduce((a, id) => a + tb[id], 0), Buffer.byteLength(d, "utf8"));
  }
  // a model that spreads probability evenly over V tokens: bpb = tokens·ln V / (ln 2 · bytes)
  const ids = tok.encodeOrdinary(docs[0]);
  const lnV = Math.log(tok.nVocab);
  const bpb = bitsPerByte(ids.map(() => lnV), ids, tb);
  assert.ok(Math.abs(bpb - (ids.length * lnV) / (Math.LN2 * Buffer.byteLength(docs[0]))) < 1e-9);
});

/** Plain twin of ngramBaseline: lists of pairs, scanned for every probability. */
function referenceNgram(train: [number, number][], val: [number, number][], V: number, tb: Int32Array) {
  const N = train.length;
  const pu = (w: number) => (train.filter(([, y]) => y === w).length + 1) / (N + V);
  const pb = (v: number, w: number) => {
    const after = train.filter(([x]) => x === v);
    if (after.length === 0) return pu(w);
    const distinct = new Set(after.map(([, y]) => y)).size;
    return (after.filter(([, y]) => y === w).length + distinct * pu(w)) / (after.length + distinct);
  };
  let nu = 0;
  let nb = 0;
  let bytes = 0;
  for (const [v, w] of val) {
    if (w < 0 || tb[w] === 0) continue;
    nu += -Math.log(pu(w));
    nb += -Math.log(pb(v, w));
    bytes += tb[w];
  }
  return { unigram_bpb: nu / (Math.LN2 * bytes), bigram_bpb: nb / (Math.LN2 * bytes) };
}

test("n-gram baselines equal their plain reference (add-one unigram, Witten–Bell bigram)", () => {
  const V = 7;
  const tb = Int32Array.from([0, 1, 1, 2, 3, 1, 2]);
  let s = 12345;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const seq = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * rnd() * V));
  const tr = seq(400);
  const va = seq(120);
  const counts = new NgramCounts(V);
  counts.add(tr.slice(0, 150), tr.slice(1, 151));
  counts.add(tr.slice(151, -1), tr.slice(152));
  va[7] = -1; // an ignored target
  const got = ngramBaselines(counts, [{ inputs: va.slice(0, -1), targets: va.slice(1) }], tb);
  const pairs = (a: number[], from: number, to: number) => a.slice(from, to - 1).map((x, i) => [x, a[from + i + 1]] as [number, number]);
  const ref = referenceNgram([...pairs(tr, 0, 151), ...pairs(tr, 151, tr.length)], pairs(va, 0, va.length), V, tb);
  assert.ok(Math.abs(got.unigram_bpb - ref.unigram_bpb) < 1e-12, `${got.unigram_bpb} vs ${ref.unigram_bpb}`);
  assert.ok(Math.abs(got.bigram_bpb - ref.bigram_bpb) < 1e-12, `${got.bigram_bpb} vs ${ref.bigram_bpb}`);
  // every context's distribution sums to 1 (seen and unseen contexts)
  for (let v = 0; v < V; v++) {
    let sum = 0;
    for (let w = 0; w < V; w++) sum += counts.bigramProb(v, w);
    assert.ok(Math.abs(sum - 1) < 1e-12, `context ${v}: Σp = ${sum}`);
  }
});

test("n-gram baselines: on a patterned stream the bigram beats the unigram", () => {
  const V = 4;
  const tb = Int32Array.from([1, 1, 1, 1]);
  const stream = Array.from({ length: 200 }, (_, i) => i % 4);
  const counts = new NgramCounts(V);
  counts.add(stream.slice(0, -1), stream.slice(1));
  const r = ngramBaselines(counts, [{ inputs: stream.slice(0, 40), targets: stream.slice(1, 41) }], tb);
  assert.ok(Math.abs(r.unigram_bpb - 2) < 0.01, `unigram ${r.unigram_bpb}`); // uniform over 4 → 2 bits
  assert.ok(r.bigram_bpb < 0.1, `bigram ${r.bigram_bpb}`);
  assert.throws(() => counts.add([9], [1]), /outside the vocabulary of 4/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { packedBatches, renderConversation, sftBatches, type Rendered } from "../../lib/chat";
import { chatTokenizer } from "./chatDataFixtures";

const PAD = 99;

/** Plain reference for one sftBatches row: per nanochat chat_sft's collate, with lists. */
function referenceRow(r: Rendered | undefined, T: number, pad: number): { inputs: number[]; targets: number[] } {
  const inputs: number[] = [];
  const targets: number[] = [];
  if (r) {
    const ids = r.ids.slice(0, T + 1);
    const mask = r.mask.slice(0, T + 1);
    for (const id of ids.slice(0, -1)) inputs.push(id);
    ids.slice(1).forEach((id, i) => targets.push(mask[i + 1] === 0 ? -1 : id));
  }
  while (inputs.length < T) inputs.push(pad);
  while (targets.length < T) targets.push(-1);
  return { inputs, targets };
}

test("sftBatches: a hand-built case (truncation to T+1, −1 where mask is 0, padding)", () => {
  const rows: Rendered[] = [
    { ids: [1, 2, 3, 4, 5, 6, 7, 8], mask: [0, 0, 0, 1, 1, 0, 1, 1], truncated: false }, // longer than T+1 = 6
    { ids: [1, 2, 3], mask: [0, 1, 1], truncated: false },
  ];
  const [b, ...rest] = sftBatches(rows, 2, 5, PAD);
  assert.equal(rest.length, 0);
  assert.deepEqual([b.B, b.T], [2, 5]);
  assert.deepEqual(Array.from(b.idx), [1, 2, 3, 4, 5, /**/ 1, 2, PAD, PAD, PAD]);
  assert.deepEqual(Array.from(b.targets), [-1, -1, 4, 5, -1, /**/ 2, 3, -1, -1, -1]);
});

test("sftBatches agrees with the plain reference on rendered conversations; partial batches dropped or padded", () => {
  const tok = chatTokenizer();
  const texts = ["你好", "今天天气很好。", "Hello! How are you today?", "北京是中国的首都。", "I am fine, thank you."];
  const rows = texts.map((t, i) =>
    renderConversation(tok, { source: `r:${i}`, messages: [{ role: "user", content: t }, { role: "assistant", content: texts[(i + 1) % texts.length] }] }),
  );
  const B = 2;
  const T = 12;
  const pad = tok.specialId("<|assistant_end|>");
  for (const partial of ["drop", "pad"] as const) {
    const batches = sftBatches(rows, B, T, pad, { partial });
    assert.equal(batches.length, partial === "drop" ? 2 : 3);
    batches.forEach((b, k) => {
      for (let r = 0; r < B; r++) {
        const ref = referenceRow(rows[k * B + r], T, pad);
        assert.deepEqual(Array.from(b.idx.subarray(r * T, (r + 1) * T)), ref.inputs);
        assert.deepEqual(Array.from(b.targets.subarray(r * T, (r + 1) * T)), ref.targets);
      }
    });
    if (partial === "pad") assert.ok(batches[2].targets.subarray(T).every((t) => t === -1), "the padding row carries no loss");
  }
  assert.throws(() => sftBatches(rows.slice(0, 1), 2, T, pad), /1 conversation\(s\) make no full batch of B = 2/);
  assert.throws(() => sftBatches(rows, 0, T, pad), /B must be/);
});

test("sftBatches: the targets of a rendered conversation are exactly the assistant's answer and <|assistant_end|>", () => {
  const tok = chatTokenizer();
  const r = renderConversation(tok, {
    source: "m:1",
    messages: [
      { role: "system", content: "请用一句话回答问题。" },
      { role: "user", content: "中国的首都是哪里？" },
      { role: "assistant", content: "北京是中国的首都。" },
    ],
  });
  const T = 64;
  assert.ok(r.ids.length <= T + 1);
  const [b] = sftBatches([r], 1, T, tok.specialId("<|assistant_end|>"));
  const trained = Array.from(b.targets).filter((t) => t !== -1);
  assert.equal(tok.decode(trained), "北京是中国的首都。<|assistant_end|>");
  // each trained target sits right after its input: the input at that position is the previous token
  const firstTrained = Array.from(b.targets).findIndex((t) => t !== -1);
  assert.equal(b.idx[firstTrained], tok.specialId("<|assistant_start|>"));
  // the row is padded with <|assistant_end|>
  assert.equal(b.idx[T - 1], tok.specialId("<|assistant_end|>"));
});

test("packedBatches: consecutive B·T+1 windows of the concatenated conversations, every token trained", () => {
  const rows: Rendered[] = [
    { ids: [10, 11, 12, 13], mask: [0, 0, 1, 1], truncated: false },
    { ids: [10, 21, 22], mask: [0, 1, 1], truncated: false },
    { ids: [10, 31, 32, 33, 34, 35], mask: [0, 0, 0, 0, 1, 1], truncated: false },
  ];
  // 13 tokens; B·T+1 = 2·3+1 = 7 → 1 batch of 7, 6 tokens left over (dropped)
  const batches = packedBatches(rows, 2, 3);
  assert.equal(batches.length, 1);
  assert.deepEqual(Array.from(batches[0].idx), [10, 11, 12, 13, 10, 21]);
  assert.deepEqual(Array.from(batches[0].targets), [11, 12, 13, 10, 21, 22]);
  // B=1, T=2: windows of 3 → 4 batches; the second starts after the first's 3 tokens
  const small = packedBatches(rows, 1, 2);
  assert.equal(small.length, 4);
  assert.deepEqual(small.map((b) => Array.from(b.idx)), [[10, 11], [13, 10], [22, 10], [32, 33]]);
  assert.deepEqual(small.map((b) => Array.from(b.targets)), [[11, 12], [10, 21], [10, 31], [33, 34]]);
  assert.throws(() => packedBatches(rows, 4, 4), /13 tokens, fewer than one batch \(B·T \+ 1 = 4·4 \+ 1 = 17\)/);
});

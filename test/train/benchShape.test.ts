// Issue 15 item 6 for `bench train`: a shape that cannot be allocated is refused with the options to
// lower, before any allocation (it died on a raw "Invalid typed array length").
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateConfig } from "../../lib/model/config";
import { checkBenchShape, measureTrainSpeed } from "../../lib/train/trainSpeed";

const shape = (vocab: number, d: number, T = 64) => validateConfig({ n_layer: 1, n_embd: d, n_head: 1, n_kv_head: 1, vocab_size: vocab, sequence_len: T }, "bench");

test("bench train: weights or logits past one typed array, or past this machine's memory, are refused naming the options", async () => {
  await assert.rejects(
    measureTrainSpeed({ cfg: shape(1_000_000_000, 64), batch: 1, steps: 1, warmup: 0, backend: "cpu" }),
    /transformer\.wte\.weight would hold 1,000,000,000 × 64 = 64,000,000,000 floats, more than one typed array can \(4,294,967,296\); lower --vocab or --n-embd/,
  );
  assert.throws(() => checkBenchShape(shape(65_536, 64, 8192), 16), /the logits would hold --batch 16 × --seq 8,192 × --vocab 65,536 = 8,589,934,592 floats.*lower --batch, --seq or --vocab/);
  assert.throws(() => checkBenchShape(shape(65_536, 1024), 8, 1e9), /this shape needs at least [\d.]+ GB \(.* parameters × 16 bytes .*\), more than this machine's 1\.0 GB; lower --vocab/);
  checkBenchShape(shape(300, 32), 4); // a small shape passes
});

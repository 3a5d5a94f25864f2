// Issue 15 item 8: a Jupyter Interrupt stops a training run between steps (with a checkpoint to
// resume from), and a second run into a folder a live run holds is refused. The kernel launcher
// turns SIGINT into requestInterrupt(); here the engine calls it itself, mid-run.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { validateConfig } from "../../lib/config";
import { sft } from "../../lib/chat/sft";
import { train, type EngineFactory, type TrainSummary } from "../../lib/train";
import { LocalEngine } from "../../lib/engines/tfjs";
import { bundledDataDir } from "../../lib/util/paths";
import { InterruptedError, requestInterrupt } from "../../lib/util/interrupt";
import { acquireRunLock, runLockFile } from "../../lib/util/runLock";
import { tempDir } from "./helpers";

const DATA = path.join(bundledDataDir(), "corpus", "en");
const cfg = validateConfig(
  {
    name: "tiny-interrupt",
    model: { depth: 2, vocab_size: 300, max_seq_len: 16, n_embd: 32, n_head: 2 },
    training: { total_batch_size: 32, device_batch_size: 2, num_iterations: 8, eval_every: 4, sample_every: 0, eval_tokens: 64, matrix_lr: 0.02, embedding_lr: 0.2, unembedding_lr: 0.004 },
    hardware: { gpu: "cpu", gpus: 0 },
    tokenizer: { vocab_size: 300 },
    data: { mix: [{ lang: "en", weight: 1, chars_per_token: 3 }], sources: [{ name: "en", lang: "en", weight: 1, format: "txt", path: path.join(DATA, "*.txt") }] },
  },
  "tiny-interrupt.yaml",
);
const quiet = { log: () => {}, backend: "cpu", data: DATA };

test("train: an interrupt stops the run after the current step; a second run into the folder is refused meanwhile; resume finishes it", async () => {
  const dir = path.join(tempDir("interrupt"), "run");
  let steps = 0;
  let second: Promise<unknown> | undefined;
  const engine: EngineFactory = async (s) => {
    const e = new LocalEngine(s.model, { seed: s.seed, lrs: s.lrs });
    const step = e.step.bind(e);
    e.step = async (...a: Parameters<typeof step>) => {
      const r = await step(...a);
      if (++steps === 3) {
        second = train(cfg, { ...quiet, out: dir }); // the cell run again while this run steps
        assert.equal(requestInterrupt(), 1, "the run watches for interrupts");
      }
      return r;
    };
    return e;
  };
  await assert.rejects(train(cfg, { ...quiet, out: dir, engine }), (e: Error) => e instanceof InterruptedError && /train: interrupted at step 3\/8; the checkpoint is in .*checkpoint/.test(e.message));
  await assert.rejects(second!, /run: a run is already writing this folder: an earlier train in this same process/);
  assert.equal(steps, 3, "no step after the interrupt");
  const s = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as TrainSummary;
  assert.equal(s.status, "stopped: interrupted");
  assert.equal(s.steps, 3);
  assert.ok(!fs.existsSync(runLockFile(dir)), "the lock is released");
  const done = await train(cfg, { ...quiet, out: dir, resume: true });
  assert.equal(done.status, "complete");
  assert.equal(done.steps, 8);
});

test("sft: refused while another run holds its output folder, before reading anything", async () => {
  const out = path.join(tempDir("sftlock"), "chat");
  const lock = acquireRunLock(out, "train");
  try {
    await assert.rejects(sft(cfg, { model: path.join(out, "no-such-model"), out, log: () => {} }), /chat: a run is already writing this folder: an earlier train in this same process/);
  } finally {
    lock.release();
  }
});

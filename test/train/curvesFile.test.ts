// Each training run gets its own curves page: out/plots/train-<config>-<run folder>.html (notebook 07's full mode
// trains three runs of one config; they used to overwrite one train-<config>.html).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { curvesFileFor } from "../../lib/train/summary";
import { outDir } from "../../lib/util/paths";

test("curvesFileFor: one page per run folder, under out/plots", () => {
  const main = curvesFileFor("cpu-tiny", path.join(outDir(), "model"));
  assert.equal(main, path.join(outDir("plots"), "train-cpu-tiny-model.html"));
  const vocab = curvesFileFor("cpu-tiny", path.join(outDir("runs"), "07-vocab-8192"));
  const depth = curvesFileFor("cpu-tiny", path.join(outDir("runs"), "07-depth-6") + path.sep);
  assert.equal(path.basename(vocab), "train-cpu-tiny-07-vocab-8192.html");
  assert.equal(path.basename(depth), "train-cpu-tiny-07-depth-6.html", "a trailing separator does not change the name");
  assert.equal(new Set([main, vocab, depth]).size, 3);
  assert.equal(path.basename(curvesFileFor("cpu-tiny", "relative/run")), "train-cpu-tiny-run.html");
});

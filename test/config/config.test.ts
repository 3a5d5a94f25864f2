import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig, memoryForConfig, parseConfig, shardPlanForConfig, sizeForConfig, validateConfig } from "../../lib/config";
import { repoRoot } from "../../lib/util/paths";

const cfgPath = (name: string) => path.join(repoRoot(), "configs", name);
const GOOD = fs.readFileSync(cfgPath("d16-chinese.yaml"), "utf8");

/** The error messages of parsing `text` (one per line). */
function errorsOf(text: string, label = "configs/x.yaml"): string[] {
  try {
    parseConfig(text, label);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message.split("\n");
  }
  assert.fail("expected a ConfigError");
}

test("every file in configs/ loads", () => {
  const files = fs.readdirSync(path.join(repoRoot(), "configs")).filter((f) => f.endsWith(".yaml")).sort();
  assert.deepEqual(files, ["cpu-tiny.yaml", "d16-chinese.yaml", "d20-bilingual.yaml", "d8-single-gpu.yaml"]);
  for (const f of files) {
    const c = loadConfig(cfgPath(f));
    assert.equal(c.name, f.replace(/\.yaml$/, ""));
    assert.equal(c.file, `configs/${f}`);
    assert.equal(c.tokenizer.vocab_size, c.model.vocab_size);
  }
});

test("the guide's scenarios as configs, with what they imply", () => {
  const d16 = loadConfig(cfgPath("d16-chinese.yaml"));
  assert.deepEqual([d16.model.depth, d16.model.vocab_size, d16.training.target_param_data_ratio, d16.hardware.gpu, d16.hardware.gpus], [16, 40_000, 25, "H100 SXM", 8]);
  assert.equal(sizeForConfig(d16)!.params.total, 283_246_592);
  assert.equal(sizeForConfig(d16)!.iterations, Math.floor((25 * 283_246_592) / 524_288));
  assert.equal(memoryForConfig(d16).grad_accum, 1);
  assert.equal(shardPlanForConfig(d16).tokens, 25 * 283_246_592);
  const d8 = loadConfig(cfgPath("d8-single-gpu.yaml"));
  assert.deepEqual([d8.model.max_seq_len, d8.training.device_batch_size, d8.training.total_batch_size, d8.training.num_iterations], [1024, 8, 131_072, 10_000]);
  assert.equal(memoryForConfig(d8).grad_accum, 16); // guide §4.3
  assert.equal(memoryForConfig(d8).fit!.device_batch_size, 32);
  assert.equal(sizeForConfig(d8)!.tokens_trained, 1_310_720_000); // errata 10
  const tiny = loadConfig(cfgPath("cpu-tiny.yaml"));
  assert.deepEqual([tiny.hardware.gpu, tiny.model.depth, tiny.model.vocab_size, tiny.model.max_seq_len], ["cpu", 4, tiny.tokenizer.vocab_size, 128]);
  assert.equal(sizeForConfig(tiny), null);
  assert.equal(memoryForConfig(tiny).grad_accum, 1);
  assert.equal(tiny.data.sources[0].path, "data/corpus/zh/*.txt");
  assert.equal(tiny.data.sources[0].resolved_path, path.join(repoRoot(), "data/corpus/zh/*.txt"));
  const bi = loadConfig(cfgPath("d20-bilingual.yaml"));
  assert.equal(bi.data.sources.find((s) => s.name === "en_c4")!.resolved_path, path.resolve(repoRoot(), "../shared/data/english/c4_demo.jsonl"));
});

test("fields left out take guide §1.4 defaults by depth", () => {
  const minimal = `name: m
model: { depth: 6, vocab_size: 8192 }
tokenizer: { vocab_size: 8192 }
data:
  mix: [ { lang: en, weight: 1, chars_per_token: 4.5 } ]
  sources: [ { name: a, lang: en, weight: 1, format: txt, path: data/x.txt } ]
`;
  const c = parseConfig(minimal, "m.yaml");
  assert.deepEqual(
    [c.model.max_seq_len, c.training.device_batch_size, c.training.eval_every, c.training.core_metric_every, c.training.sample_every, c.training.total_batch_size, c.training.num_iterations],
    [1024, 32, 100, 500, 500, 524_288, -1],
  );
  assert.deepEqual([c.training.matrix_lr, c.training.embedding_lr, c.training.unembedding_lr, c.training.target_param_data_ratio], [0.02, 0.2, 0.004, 20]);
  assert.deepEqual(c.hardware, { gpu: "H100 SXM", gpus: 8, mfu: 0.4, usd_per_gpu_hour: 3 });
  assert.deepEqual([c.tokenizer.pattern, c.tokenizer.specials, c.tokenizer.doc_cap], ["nanochat", "nanochat", 10_000]);
  assert.deepEqual([c.data.chars_per_shard, c.data.margin, c.data.seed, c.data.val_docs], [250_000_000, 0.1, 42, 1024]);
  const big = parseConfig(minimal.replace("depth: 6", "depth: 26").replace(/8192/g, "65536"), "m.yaml");
  assert.deepEqual([big.model.max_seq_len, big.training.device_batch_size, big.training.core_metric_every], [2048, 16, 2000]);
});

test("an unknown field is named with its path and line", () => {
  const text = GOOD.replace("  num_iterations: -1\n", "  num_iterations: -1\n  foo: 3\n");
  const line = text.split("\n").findIndex((l) => l.startsWith("  foo:")) + 1;
  assert.deepEqual(errorsOf(text), [`configs/x.yaml: training.foo: unknown field (line ${line})`]);
  assert.match(errorsOf(GOOD + "extra: 1\n")[0], /^configs\/x\.yaml: extra: unknown field \(line \d+\)$/);
  assert.match(errorsOf(GOOD.replace("lang: zh, weight: 0.75,", "lang: zh, wieght: 0.75, weight: 0.75,"))[0], /data\.mix\[0\]\.wieght: unknown field/);
});

test("ill-typed fields are named", () => {
  const depthLine = GOOD.split("\n").findIndex((l) => l.startsWith("  depth:")) + 1;
  assert.deepEqual(errorsOf(GOOD.replace("depth: 16", 'depth: "sixteen"')), [`configs/x.yaml: model.depth: must be integer (line ${depthLine})`]);
  assert.deepEqual(errorsOf(GOOD.replace("depth: 16", "depth: 15.5")), [`configs/x.yaml: model.depth: must be integer (line ${depthLine})`]);
  assert.match(errorsOf(GOOD.replace("depth: 16", "depth: 15"))[0], /model\.depth: must be multiple of 2/);
  assert.match(errorsOf(GOOD.replace("mfu: 0.4", "mfu: 1.4"))[0], /hardware\.mfu: must be <= 1/);
  assert.match(errorsOf(GOOD.replace("format: txt,", "format: docx,"))[0], /data\.sources\[0\]\.format: must be one of txt, jsonl, csv, json, parquet/);
  assert.match(errorsOf(GOOD.replace("specials: nanochat", "specials: 3"))[0], /tokenizer\.specials: must be 'nanochat', 'none' or a list/);
  assert.match(errorsOf(GOOD.replace("  vocab_size: 40000\n  max_seq_len", "  max_seq_len"))[0], /^configs\/x\.yaml: model\.vocab_size: required field missing/);
  // several problems at once
  assert.equal(errorsOf(GOOD.replace("depth: 16", "depth: x").replace("gpus: 8", "gpus: many")).length, 2);
});

test("cross-field checks", () => {
  assert.match(errorsOf(GOOD.replace("  vocab_size: 40000\n  pattern", "  vocab_size: 32768\n  pattern"))[0], /tokenizer\.vocab_size: must equal model\.vocab_size \(40000\), got 32768/);
  assert.match(errorsOf(GOOD.replace("weight: 0.75, chars", "weight: 0.7, chars"))[0], /data\.mix: weights \(by tokens\) must sum to 1, got 0\.95/);
  assert.match(errorsOf(GOOD.replace("name: zh_luxun, lang: zh, weight: 0.15", "name: zh_luxun, lang: ja, weight: 0.15"))[0], /data\.sources\[1\]\.lang: 'ja' is not a language of data\.mix/);
  assert.match(errorsOf(GOOD.replace("name: zh_luxun, lang: zh, weight: 0.15", "name: zh_luxun, lang: zh, weight: 0.25"))[0], /data\.sources: weights \(by characters\) must sum to 1, got 1\.1/);
  assert.match(errorsOf(GOOD.replace("gpu: H100", "gpu: K80"))[0], /hardware\.gpu: unknown GPU 'K80'; known: H100 SXM/);
  assert.match(errorsOf(GOOD.replace("device_batch_size: 32", "device_batch_size: 24"))[0], /training\.total_batch_size: 524288 is not a multiple of device_batch_size·max_seq_len·gpus = 24·2048·8/);
  assert.match(errorsOf(GOOD.replace("gpus: 8", "gpus: 0"))[0], /hardware\.gpus: must be ≥ 1/);
});

test("YAML errors, unreadable files and validateConfig on plain objects", () => {
  assert.match(errorsOf("name: [unclosed\n")[0], /^configs\/x\.yaml: YAML: .*\(line \d+\)$/);
  assert.match(errorsOf("name: a\nname: b\n")[0], /YAML: .*(unique|duplicate)/i);
  assert.throws(() => loadConfig(cfgPath("nope.yaml")), /configs\/nope\.yaml: cannot read: ENOENT/);
  assert.throws(() => validateConfig({ name: "x" }, "obj"), (e: Error) => e.message.split("\n").length === 3 && /^obj: model: required field missing$/m.test(e.message));
  assert.throws(() => validateConfig([], "obj"), /obj: must be object/);
});

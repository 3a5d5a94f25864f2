// The size, shards and recommend commands, spawned as a user runs them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { repoRoot } from "../../lib/util/paths";

function nanozh(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("size --depth 20 --json", () => {
  const r = nanozh("size", "--depth", "20", "--json");
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.deepEqual([o.depth, o.n_layer, o.n_embd, o.n_head, o.n_kv_head, o.vocab_size], [20, 20, 1280, 10, 10, 65_536]);
  assert.deepEqual(o.params.total, 560_988_160);
  assert.deepEqual([o.params.wte, o.params.lm_head, o.params.transformer], [83_886_080, 83_886_080, 393_216_000]);
  assert.equal(o.flops_per_token.toExponential(6), "3.491758e+9");
  assert.equal(o.tokens, 11_219_763_200);
  assert.equal(o.iterations, 21_400);
  assert.equal(o.hours.toFixed(4), "3.4386");
  assert.equal(o.cost_usd.toFixed(2), "82.53");
  assert.deepEqual([o.memory.grad_accum, o.memory.fits_80gb], [1, 32]);
});

test("size with options, a config, the guide table and readable output", () => {
  const o = JSON.parse(nanozh("size", "--depth", "32", "--vocab", "65536", "--gpu", "4090", "--gpus", "1", "--price", "0.5", "--json").stdout);
  assert.deepEqual([o.params.total, o.iterations, o.gpu, o.gpus], [1_879_048_192, 71_680, "RTX 4090", 1]);
  assert.equal(o.cost_usd, o.hours * 0.5);
  const c = JSON.parse(nanozh("size", "--config", "configs/d16-chinese.yaml", "--json").stdout);
  assert.deepEqual([c.params.total, c.ratio, c.vocab_size], [283_246_592, 25, 40_000]);
  const text = nanozh("size", "--depth", "20");
  assert.equal(text.code, 0);
  assert.match(text.stdout, /total\s+560,988,160\s+100\.0%/);
  assert.match(text.stdout, /iterations \(batch 524,288\)\s+21,400/);
  const g = nanozh("size", "--guide");
  assert.equal(g.code, 0);
  assert.match(g.stdout, /d26\s+1200 ✗e2\s+1,082\.0/);
});

test("size: bad input exits non-zero with a message", () => {
  for (const [args, msg] of [
    [["--depth", "5"], /depth must be even, got 5/],
    [["--depth", "0"], /--depth must be an integer in \[2, 1024\], got 0/],
    [["--depth", "abc"], /--depth must be an integer in \[2, 1024\], got 'abc'/],
    [["--depth", "20", "--vocab=-3"], /--vocab must be an integer in \[265, 2147483647\], got -3/],
    [["--depth", "20", "--gpu", "TPU"], /unknown GPU 'TPU'; known:/],
    [["--depth", "20", "--device-batch", "24"], /not a multiple of device_batch_size/],
    [["--depth", "20", "--bogus"], /bogus/],
    [[], /--depth is required/],
  ] as const) {
    const r = nanozh("size", ...args);
    assert.notEqual(r.code, 0, args.join(" "));
    assert.match(r.stderr, msg, args.join(" "));
  }
});

test("shards --json: totals and per-language parts", () => {
  const r = nanozh("shards", "--depth", "16", "--vocab", "40000", "--ratio", "25", "--chars-per-token", "2.8", "--margin", "0", "--json");
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.deepEqual([o.tokens, o.shards], [7_081_164_800, 80]);
  const both = nanozh("shards", "--tokens", "1e9", "--chars-per-token", "1", "--mix", "zh=0.7:1.4,en=0.3:4.8", "--json");
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give --chars-per-token or --mix/);
  const mix = JSON.parse(nanozh("shards", "--tokens", "1000000000", "--mix", "zh=0.7:1.4,en=0.3:4.8", "--json").stdout);
  assert.deepEqual([mix.tokens, mix.shards, mix.parts.length, mix.parts[0].lang], [1e9, 11, 2, "zh"]);
  assert.ok(mix.bytes > mix.chars);
  const bad = nanozh("shards", "--tokens", "1e9", "--mix", "zh=0.7:1.4,en=0.2:4.8");
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /must sum to 1, got 0\.9/);
  const none = nanozh("shards", "--chars-per-token", "3");
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /exactly one of --depth, --params or --tokens/);
  const sc = nanozh("shards", "--scenarios");
  assert.match(sc.stdout, /d16-chinese\s+guide §4\.1 as printed\s+238,000,000\s+5,950,000,000\s+16,660,000,000\s+67\s+67/);
});

test("recommend --json and bad input", () => {
  const r = nanozh("recommend", "--budget", "100", "--gpu", "H100", "--gpus", "8", "--corpus", "zh", "--purpose", "prototype", "--json");
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.deepEqual([o.depth, o.vocab_size, o.ratio, o.mode], [20, 40_000, 25, "gpu"]);
  assert.equal(o.cost_usd.toFixed(2), "86.01");
  assert.ok(Array.isArray(o.reasons) && o.reasons.length > 3);
  const cpu = JSON.parse(nanozh("recommend", "--budget", "0", "--gpus", "0", "--corpus", "en", "--purpose", "learn", "--json").stdout);
  assert.deepEqual([cpu.mode, cpu.depth], ["cpu", 4]);
  const bad = nanozh("recommend", "--budget", "100", "--gpu", "H100", "--gpus", "8", "--corpus", "fr", "--purpose", "learn");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--corpus must be one of zh, en, mixed, got 'fr'/);
  const missing = nanozh("recommend", "--gpu", "H100", "--gpus", "8", "--corpus", "zh", "--purpose", "learn");
  assert.match(missing.stderr, /--budget is required/);
});

test("recommend: own RTX 4090 for learning is held by the time budget (--hours) and the card's memory", () => {
  const own = ["recommend", "--budget", "0", "--gpu", "4090", "--gpus", "1", "--corpus", "zh", "--purpose", "learn", "--price", "0"];
  const r = nanozh(...own);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /recommendation: d8 \(1× RTX 4090\)/);
  assert.match(r.stdout, /time budget\s+4 h \(default for the purpose\)/);
  assert.match(r.stdout, /d16\s+283,246,592\s+55\.26 h\s+\$0\.00\s+8\s+[\d.]+\s+yes\s+no\s+yes\s+no/);
  const day = JSON.parse(nanozh(...own, "--hours", "8", "--json").stdout);
  assert.deepEqual([day.depth, day.hours_budget, day.hours_budget_source, day.device_batch_size], [10, 8, "given", 16]);
  const bad = nanozh(...own, "--hours", "0");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--hours must be a number in \(0, 1000000\], got 0/);
});

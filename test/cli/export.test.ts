// nanozh export nanochat: a kit from a config file, its summary and run.sh path; a config nanochat
// cannot run (cpu-tiny's 128-wide d4) refused with the field named and nothing written; --overwrite.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-export-cli-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

function nanozh(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("export nanochat --small: summary, run.sh path, kit on disk; an existing kit needs --overwrite", () => {
  // cpu-tiny without its width override (nanochat derives the width from depth); relative paths resolve against the repo root
  const text = fs.readFileSync(path.join(repoRoot(), "configs/cpu-tiny.yaml"), "utf8").replace(/^\s*n_embd:.*\n/m, "");
  assert.ok(!/n_embd/.test(text.split("training:")[0].split("model:")[1]));
  const cfg = path.join(tmp, "tiny-nanochat.yaml");
  fs.writeFileSync(cfg, text);
  const out = path.join(tmp, "kit");
  const r = nanozh("export", "nanochat", "--config", cfg, "--out", out, "--small", "--gpus", "1");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /nanochat kit \(small\) in .*kit, nanochat 507d542, 1 node\(s\) × 1 GPU\(s\)/);
  assert.match(r.stdout, /model {5}d4, /);
  assert.match(r.stdout, new RegExp(`run: bash ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/run\\.sh`));
  const kit = JSON.parse(fs.readFileSync(path.join(out, "kit.json"), "utf8"));
  assert.equal(kit.mode, "small");
  assert.ok(kit.shards.written >= 2);
  const again = nanozh("export", "nanochat", "--config", cfg, "--out", out, "--small", "--gpus", "1");
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exists .*pass --overwrite/);
  const json = nanozh("export", "nanochat", "--config", cfg, "--out", out, "--small", "--gpus", "1", "--overwrite", "--json");
  assert.equal(json.code, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout).format, "nanozh-nanochat-kit");
});

test("export nanochat: configs nanochat cannot run are refused, nothing written", () => {
  const out = path.join(tmp, "refused");
  const r = nanozh("export", "nanochat", "--config", "configs/cpu-tiny.yaml", "--out", out, "--small");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /configs\/cpu-tiny\.yaml: model\.n_embd 128: nanochat 507d542 derives the shape from depth/);
  assert.ok(!fs.existsSync(out));
  const d16 = nanozh("export", "nanochat", "--config", "configs/d16-chinese.yaml", "--out", out, "--small", "--gpus", "3");
  assert.equal(d16.code, 1);
  assert.match(d16.stderr, /training\.total_batch_size 524,288 is not a multiple of .*32 × 2,048 × 3/);
  assert.ok(!fs.existsSync(out));
  const usage = nanozh("export", "huggingface");
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown target 'huggingface'/);
});

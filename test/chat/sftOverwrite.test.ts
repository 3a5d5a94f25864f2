// Issue 15 items 2, 3 and 6 for `sft`: an earlier run in --out survives bad inputs, a run that fails
// part-way and kill -9 during `sft --overwrite`; it is replaced only by a complete run. The refusal of an
// existing folder does not suggest --resume (sft has none).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sft } from "../../lib/chat/sft";
import { RUN_MARK, type EngineFactory } from "../../lib/train";
import { LocalEngine } from "../../lib/engines/tfjs";
import { recoverDir } from "../../lib/util/dirSwap";
import { repoRoot } from "../../lib/util/paths";
import { baseModelDir, memoFile, rawConfig, sftConfig, tempDir } from "./sftFixtures";

const quiet = { log: () => {}, backend: "cpu", engine: "local" as const };

/** An earlier sft run's folder (its mark and files with known contents). */
function oldRun(): { dir: string; files: Record<string, string> } {
  const dir = path.join(tempDir("old"), "sft");
  const files: Record<string, string> = { [RUN_MARK]: "mark\n", "model.safetensors": "old weights", "config.json": '{"stage":"sft"}', "summary.json": '{"steps":30}' };
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return { dir, files };
}

function assertUnchanged(run: { dir: string; files: Record<string, string> }, opts: { staging?: boolean } = {}): void {
  assert.deepEqual(fs.readdirSync(run.dir).sort(), Object.keys(run.files).sort());
  for (const [f, text] of Object.entries(run.files)) assert.equal(fs.readFileSync(path.join(run.dir, f), "utf8"), text, f);
  if (!opts.staging) assert.deepEqual(fs.readdirSync(path.dirname(run.dir)).filter((n) => n !== "sft" && !n.endsWith(".lock")), [], "nothing left beside it");
}

test("sft --overwrite: a base model without tokenizer, or a run that fails part-way, leaves the earlier run as it was", async () => {
  const run = oldRun();
  const noTok = await baseModelDir({ tokenizer: false });
  await assert.rejects(sft(sftConfig(memoFile(4)), { ...quiet, model: noTok, out: run.dir, overwrite: true }), /no tokenizer\/ folder/);
  assertUnchanged(run);
  let steps = 0;
  const failing: EngineFactory = async (s) => {
    const e = new LocalEngine(s.model, { seed: s.seed, lrs: s.lrs });
    const step = e.step.bind(e);
    e.step = async (...a: Parameters<typeof step>) => {
      if (++steps === 2) throw new Error("engine died at step 2");
      return step(...a);
    };
    return e;
  };
  await assert.rejects(sft(sftConfig(memoFile(4), { num_iterations: 3 }), { ...quiet, model: await baseModelDir(), out: run.dir, overwrite: true, engine: failing }), /engine died at step 2/);
  assert.equal(steps, 2);
  assertUnchanged(run);
  // an --out that holds the base model would delete it when swapped in
  const holder = oldRun();
  fs.cpSync(await baseModelDir(), path.join(holder.dir, "base"), { recursive: true });
  await assert.rejects(sft(sftConfig(memoFile(4)), { ...quiet, model: path.join(holder.dir, "base"), out: holder.dir, overwrite: true }), /--out .*sft contains --model .*base \(.*\); writing there would replace what is read/);
  assert.ok(fs.existsSync(path.join(holder.dir, "base", "model.safetensors")));
  // an existing folder without --overwrite: the message offers what sft accepts
  await assert.rejects(sft(sftConfig(memoFile(4)), { ...quiet, model: await baseModelDir(), out: run.dir }), (e: Error) => /exists and is not empty; pass --overwrite/.test(e.message) && !e.message.includes("--resume"));
});

test("sft --overwrite killed with SIGKILL mid-run: the earlier model folder is intact; the next run clears what the kill left", async () => {
  const run = oldRun();
  const dir = tempDir("kill");
  const cfgFile = path.join(dir, "c.json");
  const chat = { num_iterations: 5000, device_batch_size: 2, init_lr_frac: 1, eval_every: 5000, val_share: 0.25, seed: 1, tasks: [{ name: "memo", format: "customjson", path: memoFile(8), weight: 1 }] };
  fs.writeFileSync(cfgFile, JSON.stringify(rawConfig(chat))); // JSON is YAML
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot(), "cli", "nanozh.ts"), "sft", "--config", cfgFile, "--model", await baseModelDir(), "--out", run.dir, "--overwrite", "--backend", "cpu", "--engine", "local"], { cwd: repoRoot() });
  let err = "";
  const stepping = new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (b: Buffer) => {
      err += b.toString("utf8");
      if (/step 0*1\/5000/.test(err)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`sft exited (${code}) before its first step:\n${err}`)));
  });
  await stepping;
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  const beside = fs.readdirSync(path.dirname(run.dir)).filter((n) => n.startsWith(".sft.tmp-"));
  assert.equal(beside.length, 1, "the killed run's staging folder (it was mid-run)");
  assertUnchanged(run, { staging: true });
  assert.deepEqual(recoverDir(run.dir).map((l) => l.replace(/:.*/, "")), [path.join(path.dirname(run.dir), beside[0])]);
  assertUnchanged(run);
});

// kill -9 while `nanozh shard --overwrite` / `nanozh mix --overwrite` write a new set: the old set stays
// intact (same files, same bytes), nothing of the new set appears under final names, and the next run
// clears the killed run's staging folder. The child is killed as soon as its staging folder holds a
// finished shard (polled), so the test does not depend on how fast the machine is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { listShardFiles, readManifest } from "../../lib/data";
import { repoRoot } from "../../lib/util/paths";
import { tempDir } from "./helpers";

const cli = path.join(repoRoot(), "cli", "nanozh.ts");

function nanozh(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", cli, ...args], { encoding: "utf8", cwd: repoRoot() });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** One document per line: `n` lines of mixed Chinese and English, each distinct. */
function writeLines(file: string, n: number, tag: string): void {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`${tag} ${i}: 今天天气很好，我们去公园散步。The weather is nice today, number ${i * 7919}.`);
  fs.writeFileSync(file, lines.join("\n") + "\n");
}

/** Staging folders of `outDir` (beside it) that hold at least one finished shard. */
function stagedShards(outDir: string): string[] {
  const parent = path.dirname(outDir);
  return fs
    .readdirSync(parent)
    .filter((n) => n.startsWith(`.${path.basename(outDir)}.tmp-`))
    .filter((n) => listShardFiles(path.join(parent, n)).length > 0);
}

/** Run `nanozh args`, SIGKILL it once its staging folder holds a finished shard; resolves to how it ended. */
function killWhenStaged(args: string[], outDir: string): Promise<{ killed: boolean; code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], { cwd: repoRoot(), stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
    let killed = false;
    const timer = setInterval(() => {
      if (!killed && stagedShards(outDir).length > 0) {
        killed = child.kill("SIGKILL");
      }
    }, 10);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(timer);
      resolve({ killed, code, err });
    });
  });
}

function snapshot(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

function assertSame(dir: string, before: Map<string, Buffer>): void {
  assert.deepEqual(fs.readdirSync(dir).sort(), [...before.keys()].sort());
  for (const [f, bytes] of before) assert.ok(fs.readFileSync(path.join(dir, f)).equals(bytes), `${f} changed`);
}

test("kill -9 during `shard --overwrite`: the old set is intact, nothing new under final names; the next run clears the staging folder", async () => {
  const dir = tempDir("kill-shard");
  const out = path.join(dir, "shards");
  const small = path.join(dir, "small.txt");
  writeLines(small, 2100, "old");
  const first = nanozh(["shard", "--in", small, "--out", out, "--chars-per-shard", "1"]);
  assert.equal(first.code, 0, first.err);
  const before = snapshot(out);
  assert.equal(listShardFiles(out).length, 3);
  const big = path.join(dir, "big.txt");
  writeLines(big, 100_000, "new");
  const r = await killWhenStaged(["shard", "--in", big, "--out", out, "--chars-per-shard", "1", "--overwrite"], out);
  assert.ok(r.killed, `the run ended (code ${r.code}) before a shard was staged: ${r.err.slice(-500)}`);
  assertSame(out, before);
  assert.equal(readManifest(out).totals.documents, 2100);
  assert.equal(stagedShards(out).length, 1, "the killed run's staging folder is still there (until the next run)");
  const again = nanozh(["shard", "--in", small, "--out", out, "--chars-per-shard", "1", "--overwrite"]);
  assert.equal(again.code, 0, again.err);
  assert.match(again.err, /\.shards\.tmp-\d+-[0-9a-f]+: removed \(left by a killed run\)/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ["big.txt", "shards", "small.txt"]);
});

test("kill -9 during `mix --overwrite`: no train shard without its val shard under final names; the old set is intact", async () => {
  const dir = tempDir("kill-mix");
  const zh = path.join(dir, "zh.txt");
  const en = path.join(dir, "en.txt");
  writeLines(zh, 20_000, "中文");
  writeLines(en, 20_000, "en");
  const config = fs
    .readFileSync(path.join(repoRoot(), "configs", "cpu-tiny.yaml"), "utf8")
    .replace(/path: "data\/corpus\/zh\/\*\.txt"/, `path: ${JSON.stringify(zh)}`)
    .replace(/path: "data\/corpus\/en\/\*\.txt"/, `path: ${JSON.stringify(en)}`)
    .replace(/chars_per_shard: \d+/, "chars_per_shard: 1");
  assert.ok(config.includes(zh) && config.includes(en), "the config's sources were replaced");
  const cfg = path.join(dir, "mix.yaml");
  fs.writeFileSync(cfg, config);
  const out = path.join(dir, "mixed");
  const first = nanozh(["mix", "--config", cfg, "--out", out, "--target-chars", "200000"]);
  assert.equal(first.code, 0, first.err);
  const before = snapshot(out);
  const m = readManifest(out);
  assert.ok(m.shards.length >= 2 && m.val === m.shards[m.shards.length - 1].file, JSON.stringify(m.shards.map((s) => [s.file, s.split])));
  const r = await killWhenStaged(["mix", "--config", cfg, "--out", out, "--target-chars", "9000000", "--overwrite"], out);
  assert.ok(r.killed, `the run ended (code ${r.code}) before a shard was staged: ${r.err.slice(-500)}`);
  assertSame(out, before);
});

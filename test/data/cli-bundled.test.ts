import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { collectCorpus, listShardFiles, readManifest, newReadStats, readCorpus, parseCsv, type MixtureReport } from "../../lib/data";
import { bundledDataDir, repoRoot } from "../../lib/util/paths";
import { spawnSync } from "node:child_process";
import { tempDir } from "./helpers";

/** Run `nanozh <args>` in a child process (the test runner owns this process's stdout). */
function nanozh(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot(), "cli", "nanozh.ts"), ...args], { encoding: "utf8", cwd: repoRoot() });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test("bundled corpus: both languages present, sizes in range, readable offline", async () => {
  for (const lang of ["zh", "en"]) {
    const stats = newReadStats();
    for await (const d of readCorpus(path.join(bundledDataDir(), "corpus", lang, "*.txt"), { stats, onWarning: () => undefined })) assert.ok(d.text.trim());
    assert.ok(stats.files >= 5, `${lang}: ${stats.files} files`);
    assert.ok(stats.chars > 10_000, `${lang}: ${stats.chars} chars`);
    assert.equal(stats.emptyFiles.length, 0);
  }
});

test("bundled C-EVAL practice: C-EVAL headers, answers in A–D, dev has explanations", () => {
  const dir = path.join(bundledDataDir(), "ceval-practice");
  let n = 0;
  for (const split of ["dev", "val"]) {
    for (const f of fs.readdirSync(path.join(dir, split)).filter((x) => x.endsWith(`_${split}.csv`))) {
      const recs = parseCsv(fs.readFileSync(path.join(dir, split, f), "utf8"), f);
      const header = split === "dev" ? ["id", "question", "A", "B", "C", "D", "answer", "explanation"] : ["id", "question", "A", "B", "C", "D", "answer"];
      assert.deepEqual(recs[0].fields, header, f);
      for (const r of recs.slice(1)) {
        assert.equal(r.fields.length, header.length, `${f}:${r.line}`);
        assert.match(r.fields[6], /^[ABCD]$/, `${f}:${r.line}`);
        n++;
      }
      if (split === "dev") assert.equal(recs.length - 1, 5, `${f}: 5 dev exemplars per subject (5-shot)`);
    }
  }
  assert.ok(n >= 20 && n <= 40, `${n} questions`);
});

test("nanozh shard: files in, shards + manifest out; refuses a folder with shards; --overwrite", async () => {
  const out = tempDir("cli-shard");
  const args = ["shard", "--in", path.join(bundledDataDir(), "corpus", "*", "*.txt"), "--out", out, "--chars-per-shard", "5000"];
  const r = nanozh(args);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /wrote \d+ shard\(s\)/);
  const files = listShardFiles(out);
  // fewer than 1,024 documents: nanochat's rule cannot close a shard early, so one shard, and a note says so
  assert.deepEqual(files, ["shard_00000.parquet"]);
  assert.match(r.out, /needs at least 2 shards/);
  const m = readManifest(out);
  assert.equal(m.shards.length, files.length);
  const docs = await collectCorpus(path.join(bundledDataDir(), "corpus", "*", "*.txt"), { onWarning: () => undefined });
  assert.equal(m.totals.documents, docs.length);
  const again = nanozh(args);
  assert.equal(again.code, 1);
  assert.match(again.err, /already holds/);
  assert.equal(nanozh([...args, "--overwrite"]).code, 0);
  assert.match(nanozh(["shard", "--out", out]).err, /--in is required/);
});

test("nanozh mix: the cpu-tiny config on the bundled corpus, offline; val shard sorts last", { skip: !fs.existsSync(path.join(repoRoot(), "configs", "cpu-tiny.yaml")) && "no configs/cpu-tiny.yaml" }, async () => {
  const out = tempDir("cli-mix");
  const r = nanozh(["mix", "--config", path.join(repoRoot(), "configs", "cpu-tiny.yaml"), "--out", out, "--target-chars", "60000"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /requested\s+realised/);
  const m = readManifest(out);
  const files = listShardFiles(out);
  assert.equal(m.val, files[files.length - 1]);
  const rep = m.mixture as MixtureReport;
  assert.equal(rep.sources.length, 2);
  for (const s of rep.sources) assert.ok(Math.abs(s.realisedWeight - s.requestedWeight) < 0.05, `${s.name}: ${s.realisedWeight} vs ${s.requestedWeight}`);
});

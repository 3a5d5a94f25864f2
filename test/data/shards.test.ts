import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { writeShards, readParquetRowGroups, readParquetHead, listShardFiles, collectCorpus, readManifest } from "../../lib/data";
import { mulberry32 } from "../../lib/data/rng";
import { tempDir } from "./helpers";

const PIECES = ["中文", "English words", "繁體字", "😀", "ｆｕｌｌ－ｗｉｄｔｈ", "\n", "数学 ∑x²", "code: let x = 1;", "，。！？"];

function makeDocs(n: number, seed: number): string[] {
  const rng = mulberry32(seed);
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = `doc ${i}: `;
    const k = 3 + Math.floor(rng() * 20);
    for (let j = 0; j < k; j++) s += PIECES[Math.floor(rng() * PIECES.length)];
    docs.push(s);
  }
  return docs;
}

// hyparquet has no zstd codec of its own; the zstd command-line tool, where installed, decodes the
// pages independently of parquet-wasm (Node 20's zlib has no zstd). Without it, the zstd shards are
// read back by parquet-wasm only and the hyparquet text check runs on the gzip variant.
const HAVE_ZSTD_CLI = spawnSync("zstd", ["--version"]).status === 0;
if (!HAVE_ZSTD_CLI) process.stderr.write("shards.test: no zstd command; hyparquet reads back the gzip variant only\n");
function zstdCli(input: Uint8Array): Uint8Array {
  const r = spawnSync("zstd", ["-d", "-c", "-q"], { input });
  if (r.status !== 0) throw new Error(`zstd -d failed: ${r.stderr}`);
  return new Uint8Array(r.stdout);
}

function fileBuffer(file: string): ArrayBuffer {
  const b = fs.readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

test("shards: round trip through parquet-wasm and hyparquet (zstd pages via the zstd CLI); nanochat's closing rule; row groups of 1024; manifest", async () => {
  const docs = makeDocs(5000, 1);
  const avg = docs.reduce((a, d) => a + [...d].length, 0) / docs.length;
  // ≥ 1.5 row groups of characters: a shard can only close at 2048 docs
  const charsPerShard = Math.round(avg * 1536);
  for (const compression of ["zstd", "gzip"] as const) {
    const dir = tempDir(`rt-${compression}`);
    const m = await writeShards(docs, dir, { charsPerShard, compression, progress: false, configName: "test" });
    assert.deepEqual(listShardFiles(dir), ["shard_00000.parquet", "shard_00001.parquet", "shard_00002.parquet"]);
    assert.deepEqual(m.shards.map((s) => s.documents), [2048, 2048, 904]);
    assert.deepEqual(m.shards.map((s) => s.rowGroups), [2, 2, 1]);
    assert.equal(m.totals.documents, 5000);
    assert.equal(m.totals.characters, docs.reduce((a, d) => a + [...d].length, 0));
    assert.equal(m.totals.utf8Bytes, docs.reduce((a, d) => a + Buffer.byteLength(d), 0));
    assert.deepEqual(readManifest(dir).shards, m.shards);
    const wasmBack: string[] = [];
    const hyBack: string[] = [];
    for (const s of m.shards) {
      const file = path.join(dir, s.file);
      const bytes = fs.readFileSync(file);
      assert.equal(s.sha256, crypto.createHash("sha256").update(bytes).digest("hex"));
      assert.equal(s.fileBytes, bytes.length);
      for await (const g of readParquetRowGroups(file)) wasmBack.push(...g);
      const md = parquetMetadata(fileBuffer(file));
      assert.deepEqual(md.schema.slice(1).map((e) => e.name), ["text"]);
      assert.equal(md.schema[1].type, "BYTE_ARRAY");
      assert.equal(md.schema[1].converted_type, "UTF8");
      for (const rg of md.row_groups) {
        const col = rg.columns[0].meta_data!;
        assert.equal(col.codec, compression === "zstd" ? "ZSTD" : "GZIP");
        assert.equal(col.statistics, undefined, "no statistics");
        assert.ok(!col.encodings.some((e) => e.includes("DICTIONARY")), `no dictionary: ${col.encodings}`);
        assert.equal(col.dictionary_page_offset, undefined);
      }
      const sizes = md.row_groups.map((rg) => Number(rg.num_rows));
      assert.ok(sizes.slice(0, -1).every((n) => n === 1024));
      if (s !== m.shards[m.shards.length - 1]) assert.equal(sizes[sizes.length - 1], 1024);
      if (compression === "gzip" || HAVE_ZSTD_CLI) {
        const rows = await parquetReadObjects({ file: fileBuffer(file), compressors: { GZIP: (input: Uint8Array) => new Uint8Array(zlib.gunzipSync(input)), ZSTD: zstdCli } });
        hyBack.push(...rows.map((r) => r.text as string));
      }
    }
    assert.deepEqual(wasmBack, docs, `parquet-wasm read-back (${compression})`);
    if (compression === "gzip" || HAVE_ZSTD_CLI) assert.deepEqual(hyBack, docs, `hyparquet read-back (${compression})`);
    // and through the corpus front door
    assert.deepEqual((await collectCorpus(path.join(dir, "*.parquet"))).map((d) => d.text), docs);
  }
});

test("shards: batches of several row groups still give row groups of exactly 1024 (batchRowGroups 1, 3, 4)", async () => {
  const docs = makeDocs(5000, 5);
  for (const batchRowGroups of [1, 3, 4]) {
    const dir = tempDir(`batch${batchRowGroups}`);
    const m = await writeShards(docs, dir, { batchRowGroups, progress: false });
    const md = parquetMetadata(fileBuffer(path.join(dir, "shard_00000.parquet")));
    assert.deepEqual(md.row_groups.map((g) => Number(g.num_rows)), [1024, 1024, 1024, 1024, 904]);
    assert.equal(m.shards[0].rowGroups, 5);
    const back: string[] = [];
    for await (const g of readParquetRowGroups(path.join(dir, "shard_00000.parquet"))) back.push(...g);
    assert.deepEqual(back, docs);
    if (batchRowGroups === 1) {
      // readParquetHead: the same first rows, across a row-group boundary too
      for (const n of [0, 3, 1024, 1030, 6000]) assert.deepEqual(await readParquetHead(path.join(dir, "shard_00000.parquet"), n), docs.slice(0, n));
    }
  }
});

test("shards: a folder with shards is refused; overwrite removes the old shards first", async () => {
  const dir = tempDir("ow");
  await writeShards(makeDocs(3000, 2), dir, { charsPerShard: 1, progress: false });
  assert.equal(listShardFiles(dir).length, 3);
  await assert.rejects(writeShards(["x"], dir, { progress: false }), /already holds 3 shard file\(s\).*overwrite/);
  const m = await writeShards(["only one"], dir, { progress: false, overwrite: true });
  assert.deepEqual(listShardFiles(dir), ["shard_00000.parquet"]);
  assert.equal(m.totals.documents, 1);
});

/** Names beside `dir` that start with its temporary prefix (staging folders). */
function stagingBeside(dir: string): string[] {
  return fs.readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`.${path.basename(dir)}.`));
}

test("shards: a source that throws mid-set leaves nothing under final names (no shard, no temp, no manifest, no staging)", async () => {
  const dir = tempDir("crash");
  const docs = makeDocs(1600, 3);
  async function* failing() {
    for (let i = 0; i < docs.length; i++) {
      if (i === 1500) throw new Error("disk on fire");
      yield docs[i];
    }
  }
  await assert.rejects(writeShards(failing(), dir, { charsPerShard: 10, progress: false }), /disk on fire/);
  assert.deepEqual(fs.readdirSync(dir), []); // shard_00000 was finished in staging, but the set was not
  assert.deepEqual(stagingBeside(dir), []);
});

test("shards --overwrite: a failing new set leaves the old set (files, bytes, manifest) as it was", async () => {
  const dir = tempDir("keep");
  const old = await writeShards(makeDocs(2100, 4), dir, { charsPerShard: 1, progress: false });
  const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  assert.deepEqual([...before.keys()].sort(), ["manifest.json", "shard_00000.parquet", "shard_00001.parquet", "shard_00002.parquet"]);
  async function* failing() {
    yield* makeDocs(1500, 5);
    throw new Error("killed mid-write");
  }
  await assert.rejects(writeShards(failing(), dir, { charsPerShard: 1, progress: false, overwrite: true }), /killed mid-write/);
  assert.deepEqual(fs.readdirSync(dir).sort(), [...before.keys()].sort());
  for (const [f, bytes] of before) assert.ok(fs.readFileSync(path.join(dir, f)).equals(bytes), f);
  assert.deepEqual(readManifest(dir).shards.map((s) => s.sha256), old.shards.map((s) => s.sha256));
  assert.deepEqual(stagingBeside(dir), []);
  // a complete new set replaces the old one whole: fewer shards, none of the old left over
  const m = await writeShards(makeDocs(10, 6), dir, { progress: false, overwrite: true });
  assert.deepEqual(fs.readdirSync(dir).sort(), ["manifest.json", "shard_00000.parquet"]);
  assert.equal(m.totals.documents, 10);
});

test("shards: a folder holding other files keeps them; the set's files are replaced", async () => {
  const dir = tempDir("mixed");
  fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
  await writeShards(makeDocs(2100, 7), dir, { charsPerShard: 1, progress: false });
  assert.deepEqual(fs.readdirSync(dir).sort(), ["manifest.json", "notes.txt", "shard_00000.parquet", "shard_00001.parquet", "shard_00002.parquet"]);
  await writeShards(makeDocs(5, 8), dir, { progress: false, overwrite: true });
  assert.deepEqual(fs.readdirSync(dir).sort(), ["manifest.json", "notes.txt", "shard_00000.parquet"]);
  assert.equal(fs.readFileSync(path.join(dir, "notes.txt"), "utf8"), "mine");
  assert.equal(readManifest(dir).totals.documents, 5);
});

test("a corrupt parquet file among good ones: the error names that file", async () => {
  const dir = tempDir("corruptpq");
  await writeShards(makeDocs(2100, 9), dir, { charsPerShard: 1, progress: false });
  const bad = path.join(dir, "shard_00001.parquet");
  const bytes = fs.readFileSync(bad);
  // the footer's metadata length (4 bytes before the final "PAR1") now points past the file start
  bytes.writeUInt32LE(bytes.length * 2, bytes.length - 8);
  fs.writeFileSync(bad, bytes);
  await assert.rejects(collectCorpus(path.join(dir, "*.parquet")), (err: Error) => {
    assert.ok(err.message.startsWith(`${bad}: not a readable parquet file: `), err.message);
    return true;
  });
  // parquet-wasm's own words for these: "Corrupt footer" (bad trailing magic, a truncated copy)
  const bad2 = path.join(dir, "shard_00002.parquet");
  const b2 = fs.readFileSync(bad2);
  b2.write("XXXX", b2.length - 4);
  fs.writeFileSync(bad2, b2);
  const truncated = path.join(dir, "truncated.parquet");
  const good = fs.readFileSync(path.join(dir, "shard_00000.parquet"));
  fs.writeFileSync(truncated, good.subarray(0, good.length - 100));
  for (const f of [bad2, truncated])
    await assert.rejects(collectCorpus(f), (err: Error) => {
      assert.ok(err.message.startsWith(`${f}: not a readable parquet file: `) && err.message.includes("Corrupt footer"), err.message);
      return true;
    });
  // the good one still reads
  assert.equal((await collectCorpus(path.join(dir, "shard_00000.parquet"))).length, 1024);
});

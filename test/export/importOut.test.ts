// Issue 15 items 1 and 6 for `import nanochat`: --out is never the checkpoint it reads (nor holds it, nor lies
// inside it), --overwrite replaces only a model folder, a tokenizer smaller than the model's vocabulary is
// refused, and the progress of a deflated checkpoint is a share of the bytes it reads (never over 100%).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { importNanochat } from "../../lib/export/importNanochat";
import { torchArchive } from "../../lib/export/torchZip";
import { crc32, type ZipEntry, zipStored } from "../../lib/export/zipWrite";
import { type GPTConfig, type NamedArrays, paramSpecs } from "../../lib/model";
import { saveTokenizer } from "../../lib/tokenizer/index";
import { smallTokenizer } from "./smallTokenizer";
import { stateDictPkl, type CraftTensor } from "./torchCraft";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-import-out-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const quiet = () => {};
const CFG: GPTConfig = { sequence_len: 8, vocab_size: 640, n_layer: 1, n_head: 2, n_kv_head: 1, n_embd: 16 };

/** Weights that deflate well (mostly zeros), so a deflated file is much smaller than its tensors. */
function weights(c: GPTConfig): NamedArrays {
  const w: NamedArrays = new Map();
  for (const s of paramSpecs(c)) w.set(s.name, { shape: [...s.shape], data: Float32Array.from({ length: s.shape[0] * s.shape[1] }, (_, i) => (i % 7 === 0 ? 0.01 : 0)) });
  return w;
}

/** A zip whose members are all DEFLATED (torch writes stored ones; other tools re-zip). */
function zipDeflated(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const packed = zlib.deflateRawSync(e.data);
    const head = (sig: number, len: number) => {
      const b = Buffer.alloc(len);
      b.writeUInt32LE(sig, 0);
      return b;
    };
    const local = head(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = head(0x02014b50, 46);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc32(e.data), 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(e.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cdBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, eocd]);
}

/** model_000005.pt (deflated or stored) + meta_000005.json in `dir`. */
function writeCheckpoint(dir: string, opts: { deflate?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const tensors: CraftTensor[] = [];
  const storages: Uint8Array[] = [];
  [...weights(CFG)].forEach(([name, t], i) => {
    tensors.push({ name, storageClass: "FloatStorage", key: i, numel: t.data.length, offset: 0, shape: t.shape, stride: [t.shape[1], 1] });
    storages.push(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  });
  const entries = torchArchive("model_000005", stateDictPkl(tensors), storages);
  fs.writeFileSync(path.join(dir, "model_000005.pt"), opts.deflate ? zipDeflated(entries) : zipStored(entries));
  fs.writeFileSync(path.join(dir, "meta_000005.json"), JSON.stringify({ step: 5, model_config: CFG }));
}

const snapshot = (dir: string) => Object.fromEntries(fs.readdirSync(dir, { recursive: true }).map((f) => [String(f), fs.statSync(path.join(dir, String(f))).isFile() ? fs.readFileSync(path.join(dir, String(f)), "latin1") : "dir"]));

test("import --out that is, holds or lies inside --checkpoint is refused, and the checkpoint is kept", async () => {
  const ckpt = path.join(tmp, "base_checkpoints", "d1");
  writeCheckpoint(ckpt);
  const before = snapshot(path.dirname(ckpt));
  await assert.rejects(importNanochat({ checkpoint: ckpt, out: ckpt, overwrite: true, log: quiet }), /--out .*d1 is --checkpoint .*d1; writing there would replace what is read/);
  await assert.rejects(importNanochat({ checkpoint: ckpt, out: path.dirname(ckpt), overwrite: true, log: quiet }), /--out .*base_checkpoints contains --checkpoint/);
  await assert.rejects(importNanochat({ checkpoint: path.join(ckpt, "model_000005.pt"), out: ckpt, overwrite: true, log: quiet }), /contains --checkpoint .*model_000005\.pt/);
  await assert.rejects(importNanochat({ checkpoint: ckpt, out: path.join(ckpt, "model"), log: quiet }), /lies inside --checkpoint/);
  const link = path.join(tmp, "link-to-d1");
  fs.symlinkSync(ckpt, link);
  await assert.rejects(importNanochat({ checkpoint: ckpt, out: link, overwrite: true, log: quiet }), /is --checkpoint/);
  assert.deepEqual(snapshot(path.dirname(ckpt)), before);
});

test("import --overwrite replaces a model folder, never one holding other files (they are named)", async () => {
  const ckpt = path.join(tmp, "ckpt-b");
  writeCheckpoint(ckpt);
  const out = path.join(tmp, "mixed");
  fs.mkdirSync(path.join(out, "runs", "r1"), { recursive: true });
  fs.writeFileSync(path.join(out, "runs", "r1", "log.csv"), "mine");
  fs.writeFileSync(path.join(out, "notes.md"), "mine");
  fs.writeFileSync(path.join(out, "config.json"), "{}");
  const before = snapshot(out);
  await assert.rejects(importNanochat({ checkpoint: ckpt, out, overwrite: true, log: quiet }), /mixed: holds notes\.md, runs, which an import does not write .*; --overwrite replaces only model folders .* — move them or import into a new folder/);
  assert.deepEqual(snapshot(out), before);
  // a model folder (what an import writes) is replaced
  const model = path.join(tmp, "model");
  await importNanochat({ checkpoint: ckpt, out: model, log: quiet });
  const r = await importNanochat({ checkpoint: ckpt, out: model, overwrite: true, log: quiet });
  assert.equal(r.step, 5);
  assert.deepEqual(fs.readdirSync(model).sort(), ["config.json", "model.safetensors"]);
});

test("import: a tokenizer with fewer tokens than the model's vocab_size is refused, naming both sizes and files", async () => {
  const ckpt = path.join(tmp, "ckpt-c");
  writeCheckpoint(ckpt);
  const tdir = path.join(tmp, "tok600");
  saveTokenizer(tdir, smallTokenizer(), { log: quiet });
  await assert.rejects(importNanochat({ checkpoint: ckpt, out: path.join(tmp, "m-small-tok"), tokenizer: tdir, log: quiet }), /tok600: tokenizer has 600 tokens but .*meta_000005\.json vocab_size is 640/);
  assert.equal(fs.existsSync(path.join(tmp, "m-small-tok")), false);
});

test("import progress on a deflated checkpoint is a share of the file's bytes read: it ends at most at 100%", async () => {
  const ckpt = path.join(tmp, "ckpt-deflated");
  writeCheckpoint(ckpt, { deflate: true });
  const file = path.join(ckpt, "model_000005.pt");
  const tensorBytes = [...weights(CFG).values()].reduce((n, t) => n + 4 * t.data.length, 0);
  assert.ok(fs.statSync(file).size < tensorBytes / 2, "the fixture deflates");
  const lines: string[] = [];
  await importNanochat({ checkpoint: ckpt, out: path.join(tmp, "m-deflated"), log: (l) => lines.push(l) });
  const last = lines.filter((l) => l.startsWith("reading model_000005.pt")).pop();
  assert.ok(last, lines.join("\n"));
  const pct = Number(/\(([\d.]+)%\)/.exec(last)![1]);
  assert.ok(pct > 0 && pct <= 100, last); // counting the inflated tensors gave several hundred per cent
});

// Reading a nanochat checkpoint: readTorchStateDict (lib/export/torchLoad) against torch.load in Python on the
// same file in the same run, with a plain read of the file as the disk ceiling. The file is a nanochat-shaped
// state dict written by torch (python3-torch): wte bfloat16, every other tensor float32, ~200 MB by default
// (depth 8, vocab 65,536; `--depth N` for another). The two readers must agree on every tensor's bytes.
// Writes out/bench/torch-load.json.   npx tsx bench/torch-load.ts [--depth 8] [--keep]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readTorchStateDict } from "../lib/export/torchLoad";
import { fastCrc32 } from "../lib/export/zipRead";
import { writeJsonAtomic } from "../lib/util/atomicWrite";
import { outDir } from "../lib/util/paths";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DEPTH = Number(arg("--depth") ?? 8);
const PY = process.env.NANOZH_PYTHON ?? "/usr/bin/python3";

const WRITE_PY = `
import torch, sys
from collections import OrderedDict
L, V = int(sys.argv[2]), 65536
C = 64 * L
g = torch.Generator().manual_seed(0)
sd = OrderedDict()
sd["transformer.wte.weight"] = torch.randn(V, C, generator=g).to(torch.bfloat16)
for i in range(L):
    p = f"transformer.h.{i}."
    for n, s in [("attn.c_q", (C, C)), ("attn.c_k", (C, C)), ("attn.c_v", (C, C)), ("attn.c_proj", (C, C)), ("mlp.c_fc", (4 * C, C)), ("mlp.c_proj", (C, 4 * C))]:
        sd[p + n + ".weight"] = torch.randn(*s, generator=g)
sd["lm_head.weight"] = torch.randn(V, C, generator=g)
torch.save(sd, sys.argv[1])
`;

// torch.load timed inside Python (interpreter start-up excluded); CRC of each tensor's f32 bytes to compare
const LOAD_PY = `
import torch, sys, time, json, zlib
t = time.perf_counter(); sd = torch.load(sys.argv[1]); s = time.perf_counter() - t
print(json.dumps({"seconds": s, "crc": {k: zlib.crc32(v.float().contiguous().numpy().tobytes()) for k, v in sd.items()}}))
`;

function py(script: string, args: string[]): string {
  const r = spawnSync(PY, ["-c", script, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${PY}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-bench-torch-"));
  const file = path.join(dir, `model_d${DEPTH}.pt`);
  try {
    py(WRITE_PY, [file, String(DEPTH)]);
    const bytes = fs.statSync(file).size;
    const mb = bytes / 1e6;
    // disk ceiling: a plain read in 64 MiB chunks (the file is in the page cache after torch wrote it)
    let t = process.hrtime.bigint();
    const fd = fs.openSync(file, "r");
    const chunk = Buffer.allocUnsafe(64 << 20);
    let pos = 0;
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, pos)) > 0; ) pos += n;
    fs.closeSync(fd);
    const rawS = Number(process.hrtime.bigint() - t) / 1e9;
    // ours (best of 3)
    let oursS = Infinity;
    let sd = readTorchStateDict(file);
    for (let k = 0; k < 3; k++) {
      t = process.hrtime.bigint();
      sd = readTorchStateDict(file);
      oursS = Math.min(oursS, Number(process.hrtime.bigint() - t) / 1e9);
    }
    let noCrcS = Infinity;
    for (let k = 0; k < 3; k++) {
      t = process.hrtime.bigint();
      readTorchStateDict(file, { verifyCrc: false });
      noCrcS = Math.min(noCrcS, Number(process.hrtime.bigint() - t) / 1e9);
    }
    // torch.load (best of 3)
    let torchS = Infinity;
    let crc: Record<string, number> = {};
    for (let k = 0; k < 3; k++) {
      const r = JSON.parse(py(LOAD_PY, [file])) as { seconds: number; crc: Record<string, number> };
      torchS = Math.min(torchS, r.seconds);
      crc = r.crc;
    }
    let same = 0;
    for (const [name, tt] of sd) {
      const d = tt.data as Float32Array;
      if (fastCrc32(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)) === crc[name]) same++;
      else throw new Error(`tensor ${name}: readTorchStateDict and torch.load differ`);
    }
    const rows = [
      { reader: "plain fs read (ceiling)", seconds: rawS, mb_per_s: mb / rawS },
      { reader: "readTorchStateDict (ours, bf16→f32, CRC-checked)", seconds: oursS, mb_per_s: mb / oursS },
      { reader: "readTorchStateDict, verifyCrc: false", seconds: noCrcS, mb_per_s: mb / noCrcS },
      { reader: "torch.load (Python, torch 1.13)", seconds: torchS, mb_per_s: mb / torchS },
    ];
    console.log(`file: depth ${DEPTH}, ${sd.size} tensors, ${mb.toFixed(1)} MB; ${same}/${sd.size} tensors equal in both readers; ${os.cpus().length} cpus`);
    console.log("| reader | seconds | MB/s | vs torch.load |\n|---|---:|---:|---:|");
    for (const r of rows) console.log(`| ${r.reader} | ${r.seconds.toFixed(3)} | ${r.mb_per_s.toFixed(0)} | ${(torchS / r.seconds).toFixed(2)}× |`);
    const d20Bytes = 2.1e9;
    console.log(`at this speed a d20 checkpoint (~2.1 GB) reads in ~${(d20Bytes / 1e6 / rows[1].mb_per_s).toFixed(1)} s (torch.load ~${(d20Bytes / 1e6 / rows[3].mb_per_s).toFixed(1)} s)`);
    writeJsonAtomic(path.join(outDir("bench"), "torch-load.json"), { depth: DEPTH, bytes, tensors: sd.size, rows, cpus: os.cpus().length, date: new Date().toISOString() });
  } finally {
    if (!process.argv.includes("--keep")) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();

// readTorchStateDict against torch.save itself (python3-torch; skipped without it): every dtype, views sharing
// a storage, a file-object save (root "archive"), a non-contiguous view refused; then, without Python, files
// written in TypeScript: a hand-made zip64 archive, and corrupt / truncated / foreign files with clear errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { OP } from "../../lib/export/pickle";
import { readTorchStateDict } from "../../lib/export/torchLoad";
import { torchArchive } from "../../lib/export/torchZip";
import { fastCrc32, ZipReader } from "../../lib/export/zipRead";
import { crc32, zipStored } from "../../lib/export/zipWrite";
import { pythonSkip, runPython, torchSkip } from "./pythonCheck";
import { craftF32, craftPt, stateDictPkl, zip64Stored } from "./torchCraft";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-torchload-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

const TORCH_PY = `
import torch, json, sys, struct
from collections import OrderedDict
d = sys.argv[1]
torch.manual_seed(0)
x = torch.randn(6, 5)
sd = OrderedDict()
sd["f32"] = torch.randn(3, 4)
sd["bf16"] = (torch.randn(4, 8) * 100).to(torch.bfloat16)
sd["f16"] = torch.tensor([0.0, -0.0, 1e-7, 65504.0, -2.5, float("inf")]).half()
sd["f64"] = torch.randn(2, 2, dtype=torch.float64)
sd["i64"] = torch.tensor([0, -5, 2**40, -(2**62), 7])
sd["i32"] = torch.tensor([1, -2, 2**31 - 1], dtype=torch.int32)
sd["u8"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
sd["bool"] = torch.tensor([True, False, True])
sd["scalar"] = torch.tensor(3.5)
sd["base"] = x
sd["rows"] = x[2:4]
sd["row1"] = x[1]
sd["unsq"] = x[5].unsqueeze(0).unsqueeze(2)
sd["empty"] = torch.zeros(0, 3)
torch.save(sd, d + "/model_000003.pt")
with open(d + "/fileobj.pt", "wb") as f:
    torch.save({"a": torch.arange(10, dtype=torch.float32)}, f)
torch.save({"t": x.t()}, d + "/noncontig.pt")
def vals(v):
    if v.is_floating_point(): return [struct.pack("<f", f).hex() for f in v.float().flatten().tolist()]
    return [str(int(i)) for i in v.flatten().tolist()]
print(json.dumps({k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "values": vals(v)} for k, v in sd.items()}))
`;

test("torch.save'd state dict: every dtype, views sharing a storage, a scalar, an empty tensor", { skip: torchSkip() }, () => {
  const expected = JSON.parse(runPython(TORCH_PY, [tmp])) as Record<string, { dtype: string; shape: number[]; values: (number | string)[] }>;
  const sd = readTorchStateDict(path.join(tmp, "model_000003.pt"));
  assert.deepEqual([...sd.keys()], Object.keys(expected));
  for (const [name, e] of Object.entries(expected)) {
    const t = sd.get(name)!;
    assert.equal(t.dtype, e.dtype, name);
    assert.deepEqual(t.shape, e.shape, name);
    // floats as their f32 bits, exactly: bf16/f16 upcasts are exact and f64 → f32 rounds to nearest in both
    const got =
      t.data instanceof Float32Array
        ? Array.from(t.data, (v) => Buffer.from(Float32Array.of(v).buffer).toString("hex"))
        : Array.from(t.data as ArrayLike<number | bigint>, (v) => String(v));
    assert.deepEqual(got, e.values, name);
  }
  // a view is a copy of its part, not an alias of the base
  const base = sd.get("base")!.data as Float32Array;
  (sd.get("rows")!.data as Float32Array)[0] = 12345;
  assert.notEqual(base[10], 12345);
});

test("file-object save (zip root 'archive') and a non-contiguous view refused", { skip: torchSkip() }, () => {
  if (!fs.existsSync(path.join(tmp, "fileobj.pt"))) runPython(TORCH_PY, [tmp]);
  const zip = new ZipReader(path.join(tmp, "fileobj.pt"));
  assert.equal(zip.entries[0].name, "archive/data.pkl");
  zip.close();
  const sd = readTorchStateDict(path.join(tmp, "fileobj.pt"));
  assert.deepEqual(Array.from(sd.get("a")!.data as Float32Array), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.throws(() => readTorchStateDict(path.join(tmp, "noncontig.pt")), /noncontig\.pt: tensor 't' is not contiguous \(shape \[5,6\], stride \[1,5\]\)/);
});

const w = (name: string, bytes: Uint8Array): string => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, bytes);
  return f;
};
const f32 = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i));

/** The same two tensors as a plain torch-style zip and as a hand-made zip64 one. */
function zip64Pair(): { a: Float32Array; b: Float32Array; members: { name: string; data: Buffer }[]; file64: string } {
  const a = f32(12, 1);
  const b = f32(5, 2);
  const zip = new ZipReader(w("plain.pt", craftF32("m", [["a", [3, 4], a], ["b", [5], b]])));
  const members = zip.entries.map((e) => ({ name: e.name, data: zip.read(e.name) }));
  zip.close();
  return { a, b, members, file64: w("zip64.pt", zip64Stored(members)) };
}

test("a hand-made zip64 archive (0xFFFFFFFF fields, extra 0x0001, zip64 EOCD) reads like the plain one", () => {
  const { a, b, members, file64 } = zip64Pair();
  const z64 = new ZipReader(file64);
  assert.deepEqual(z64.entries.map((e) => [e.name, e.size]), members.map((m) => [m.name, m.data.length]));
  z64.close();
  const sd = readTorchStateDict(file64);
  assert.deepEqual(Array.from(sd.get("a")!.data as Float32Array), Array.from(a));
  assert.deepEqual(sd.get("a")!.shape, [3, 4]);
  assert.deepEqual(Array.from(sd.get("b")!.data as Float32Array), Array.from(b));
});

test("the hand-made zip64 archive is one Python's zipfile reads too (so the test above tests zip64, not a private dialect)", { skip: pythonSkip() }, () => {
  const { members, file64 } = zip64Pair();
  const out = runPython("import zipfile, sys, json; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps([[i.filename, i.file_size, z.read(i.filename).hex()] for i in z.infolist()]))", [file64]);
  assert.deepEqual(JSON.parse(out), members.map((m) => [m.name, m.data.length, m.data.toString("hex")]));
});

test("storage offset and shared storages in a TypeScript-written file; bf16 → f32 by << 16", () => {
  const base = f32(20, 3);
  const bf = new Uint16Array([0x3f80, 0xc000, 0x7f80, 0x0001]); // 1, -2, inf, tiny subnormal
  const tensors = [
    { name: "whole", storageClass: "FloatStorage", key: 0, numel: 20, offset: 0, shape: [4, 5], stride: [5, 1] },
    { name: "tail", storageClass: "FloatStorage", key: 0, numel: 20, offset: 15, shape: [1, 5], stride: [7, 1] }, // size-1 dim: any stride
    { name: "bf", storageClass: "BFloat16Storage", key: 1, numel: 4, offset: 0, shape: [4], stride: [1] },
  ];
  const file = w("views.pt", craftPt("views", tensors, [new Uint8Array(base.buffer), new Uint8Array(bf.buffer)]));
  const sd = readTorchStateDict(file);
  assert.deepEqual(Array.from(sd.get("tail")!.data as Float32Array), Array.from(base.subarray(15)));
  assert.deepEqual(Array.from(sd.get("bf")!.data as Float32Array), [1, -2, Infinity, new Float32Array(new Uint32Array([0x00010000]).buffer)[0]]);
  // past the end of its storage
  const bad = [{ ...tensors[1], offset: 16 }];
  assert.throws(() => readTorchStateDict(w("past.pt", craftPt("past", bad, [new Uint8Array(base.buffer)]))), /tensor 'tail' \(offset 16, 5 elements\) runs past its storage '0' \(20 elements\)/);
  // the storage member shorter than numel says
  const short = [{ ...tensors[0], numel: 40, shape: [8, 5] }];
  assert.throws(() => readTorchStateDict(w("short.pt", craftPt("short", short, [new Uint8Array(base.buffer)]))), /storage 'short\/data\/0' has 80 bytes, its float32 storage needs 40 × 4 = 160/);
});

test("corrupt, truncated and foreign files: errors that say what is wrong", () => {
  const good = craftF32("m", [["a", [64], f32(64, 4)]]);
  // one flipped byte inside the tensor data
  const zip = new ZipReader(w("good.pt", good));
  const off = zip.dataOffset("m/data/0");
  zip.close();
  const flipped = Buffer.from(good);
  flipped[off + 10] ^= 0xff;
  assert.throws(() => readTorchStateDict(w("flipped.pt", flipped)), /flipped\.pt: member 'm\/data\/0' fails its CRC-32 check/);
  // cut short: the central directory is gone
  assert.throws(() => readTorchStateDict(w("cut.pt", good.subarray(0, good.length - 30))), /cut\.pt: no end-of-central-directory record \(a zip cut short: truncated file\?\)/);
  assert.throws(() => readTorchStateDict(w("tiny.pt", good.subarray(0, 10))), /tiny\.pt: 10 bytes is too short for a zip file/);
  // a central directory pointing past the end
  const eocd = good.length - 22;
  const moved = Buffer.from(good);
  moved.writeUInt32LE(good.length + 100, eocd + 16);
  assert.throws(() => readTorchStateDict(w("moved.pt", moved)), /the central directory \(bytes \d+\.\.\d+\) lies past the end of the file/);
  // not a zip; the pre-1.6 pickle format
  assert.throws(() => readTorchStateDict(w("text.pt", Buffer.from("hello, this is not a checkpoint at all".repeat(3)))), /text\.pt: not a zip file/);
  assert.throws(() => readTorchStateDict(w("legacy.pt", Buffer.concat([Buffer.from([0x80, 0x02, 0x8a, 0x0a]), crypto.randomBytes(64)]))), /legacy format \(torch < 1\.6\) is not supported/);
  // a data.pkl with an opcode torch never writes
  const pkl = stateDictPkl([], (p) => p.op(0x8f));
  assert.throws(() => readTorchStateDict(w("set.pt", craftPt("set", [], [], pkl))), /set\.pt:set\/data\.pkl: pickle EMPTY_SET \(0x8f\) at byte \d+: opcode not supported/);
  // a data.pkl calling a global outside torch's few
  const evil = stateDictPkl([], (p) => p.str("x").global("builtins", "eval").op(OP.EMPTY_TUPLE).op(OP.REDUCE));
  assert.throws(() => readTorchStateDict(w("evil.pt", craftPt("evil", [], [], evil))), /pickle GLOBAL \(0x63\) at byte \d+: global 'builtins\.eval' is not allowed/);
  // a zip without torch's records
  const noVersion = torchArchive("nv", stateDictPkl([]), []).filter((e) => !e.name.endsWith("version"));
  assert.throws(() => readTorchStateDict(w("nv.pt", zipStored(noVersion))), /no 'nv\/version' record \(not a torch\.save file\?\)/);
});

test("fastCrc32 (zlib's native code where present) equals the table CRC-32", () => {
  for (const n of [0, 1, 7, 1000, 100_003]) {
    const b = crypto.randomBytes(n);
    assert.equal(fastCrc32(b), crc32(b), `${n} bytes`);
  }
  assert.equal(fastCrc32(Buffer.from("123456789")), 0xcbf43926);
});

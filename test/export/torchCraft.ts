// Test helpers: torch.save-style state dicts written in TypeScript (no Python needed), laid out as
// nanochat-formats.md §2 lists them, and a hand-made zip64 archive (torch writes zip64 only past 4 GiB).
import { OP, PickleWriter } from "../../lib/export/pickle";
import { torchArchive, TORCH_ALIGN } from "../../lib/export/torchZip";
import { crc32, zipStored } from "../../lib/export/zipWrite";

export interface CraftTensor {
  name: string;
  /** torch storage class, e.g. FloatStorage, BFloat16Storage */
  storageClass: string;
  /** index of the storage in `storages` (its key is the index as text) */
  key: number;
  numel: number;
  offset: number;
  shape: number[];
  stride: number[];
}

function tuple(w: PickleWriter, xs: number[]): void {
  if (xs.length === 0) w.op(OP.EMPTY_TUPLE);
  else {
    w.op(OP.MARK);
    for (const x of xs) w.int(x);
    w.op(OP.TUPLE);
  }
}

/** data.pkl of an OrderedDict state dict, protocol 2, as torch 1.13 writes it (without the memo). */
export function stateDictPkl(tensors: CraftTensor[], extra?: (w: PickleWriter) => void): Buffer {
  const w = new PickleWriter(1024);
  w.proto(2).global("collections", "OrderedDict").op(OP.EMPTY_TUPLE).op(OP.REDUCE).op(OP.MARK);
  for (const t of tensors) {
    w.str(t.name).global("torch._utils", "_rebuild_tensor_v2").op(OP.MARK);
    w.op(OP.MARK).str("storage").global("torch", t.storageClass).str(String(t.key)).str("cpu").int(t.numel).op(OP.TUPLE).op(OP.BINPERSID);
    w.int(t.offset);
    tuple(w, t.shape);
    tuple(w, t.stride);
    w.op(OP.NEWFALSE).global("collections", "OrderedDict").op(OP.EMPTY_TUPLE).op(OP.REDUCE).op(OP.TUPLE).op(OP.REDUCE);
  }
  extra?.(w);
  w.op(OP.SETITEMS).op(OP.STOP);
  return w.finish();
}

/** A whole .pt file (root/ data.pkl, byteorder, data/<i>, version). */
export function craftPt(root: string, tensors: CraftTensor[], storages: Uint8Array[], pkl?: Buffer): Buffer {
  return zipStored(torchArchive(root, pkl ?? stateDictPkl(tensors), storages), { align: TORCH_ALIGN });
}

/** Contiguous float32 tensors, one storage each: name → [shape, values]. */
export function craftF32(root: string, named: [string, number[], Float32Array][]): Buffer {
  const tensors: CraftTensor[] = [];
  const storages: Uint8Array[] = [];
  named.forEach(([name, shape, data], i) => {
    const stride = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
    tensors.push({ name, storageClass: "FloatStorage", key: i, numel: data.length, offset: 0, shape, stride });
    storages.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  });
  return craftPt(root, tensors, storages);
}

/**
 * A STORED zip in zip64 form: every central-directory size and offset is 0xFFFFFFFF with the real values in
 * extra field 0x0001, the EOCD points nowhere (0xFFFFFFFF / 0xFFFF) and a zip64 EOCD + locator follow.
 */
export function zip64Stored(entries: { name: string; data: Uint8Array }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let off = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(28);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(e.data.length), 4);
    extra.writeBigUInt64LE(BigInt(e.data.length), 12);
    extra.writeBigUInt64LE(BigInt(off), 20);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(45, 4);
    c.writeUInt16LE(45, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(0xffffffff, 20);
    c.writeUInt32LE(0xffffffff, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt16LE(extra.length, 30);
    c.writeUInt32LE(0xffffffff, 42);
    central.push(c, name, extra);
    parts.push(local, name, Buffer.from(e.data));
    off += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const cdOffset = off;
  const z64 = Buffer.alloc(56);
  z64.writeUInt32LE(0x06064b50, 0);
  z64.writeBigUInt64LE(44n, 4);
  z64.writeUInt16LE(45, 12);
  z64.writeUInt16LE(45, 14);
  z64.writeBigUInt64LE(BigInt(entries.length), 24);
  z64.writeBigUInt64LE(BigInt(entries.length), 32);
  z64.writeBigUInt64LE(BigInt(cd.length), 40);
  z64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(cdOffset + cd.length), 8);
  loc.writeUInt32LE(1, 16);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(0xffff, 8);
  eocd.writeUInt16LE(0xffff, 10);
  eocd.writeUInt32LE(0xffffffff, 12);
  eocd.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...parts, cd, z64, loc, eocd]);
}

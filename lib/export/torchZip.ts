// torch.save's zip layout for one 1-D int32 tensor: token_bytes.pt (nanochat-formats §1 "Minimal
// file", §2). Root "archive/" (tok_train.py saves to an open file), members data.pkl, byteorder,
// data/0, version; STORED with correct CRCs and 64-byte aligned data. data.pkl uses protocol-2
// opcodes only, so torch.load(weights_only=True) — the default from torch 2.6 — accepts it.
//   fs.writeFileSync("token_bytes.pt", tokenBytesPt(nanochatTokenBytes(tok)))
import { OP, PickleWriter } from "./pickle";
import { zipStored, type ZipEntry } from "./zipWrite";

/** torch.save's data alignment (caffe2 inline_container kFieldAlignment). */
export const TORCH_ALIGN = 64;

/** data.pkl for a contiguous 1-D tensor of `numel` elements whose storage is record "0" of `storageClass`. */
export function tensorDataPkl(numel: number, storageClass = "IntStorage"): Buffer {
  const w = new PickleWriter(256);
  w.proto(2).global("torch._utils", "_rebuild_tensor_v2").op(OP.MARK);
  // persistent id ('storage', torch.IntStorage, key, location, numel) → the storage
  w.op(OP.MARK).str("storage").global("torch", storageClass).str("0").str("cpu").int(numel).op(OP.TUPLE).op(OP.BINPERSID);
  // storage_offset, size (numel,), stride (1,), requires_grad=False, backward_hooks=OrderedDict()
  w.int(0).int(numel).op(OP.TUPLE1).int(1).op(OP.TUPLE1).op(OP.NEWFALSE);
  w.global("collections", "OrderedDict").op(OP.EMPTY_TUPLE).op(OP.REDUCE);
  w.op(OP.TUPLE).op(OP.REDUCE).op(OP.STOP);
  return w.finish();
}

/** The zip members of a torch.save archive under `root/`, in torch's write order. */
export function torchArchive(root: string, dataPkl: Uint8Array, storages: Uint8Array[]): ZipEntry[] {
  const entries: ZipEntry[] = [{ name: `${root}/data.pkl`, data: dataPkl }];
  entries.push({ name: `${root}/byteorder`, data: Buffer.from("little", "latin1") });
  storages.forEach((data, i) => entries.push({ name: `${root}/data/${i}`, data }));
  entries.push({ name: `${root}/version`, data: Buffer.from("3\n", "latin1") });
  return entries;
}

function littleEndianInt32(values: Int32Array): Uint8Array {
  const out = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) out.writeInt32LE(values[i], i * 4);
  return out;
}

/** token_bytes.pt bytes: what torch.save(torch.tensor(values, dtype=torch.int32), f) writes, in effect. */
export function tokenBytesPt(values: Int32Array): Buffer {
  const entries = torchArchive("archive", tensorDataPkl(values.length, "IntStorage"), [littleEndianInt32(values)]);
  return zipStored(entries, { align: TORCH_ALIGN });
}

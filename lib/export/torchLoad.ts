// torch.save state dicts (nanochat-formats.md §2) read without Python: the zip's data.pkl is run through the
// pickle VM with torch's few globals allowed, then every tensor's bytes are read from data/<key> by offset.
// bfloat16 and float16 are upcast to float32 (bf16: the u16 is the top half of the f32 bits), int64 stays
// BigInt64Array, other integer types become Int32Array. Views must be contiguous (storage_offset is honoured).
import os from "node:os";
import { type GlobalHandler, PyGlobal, PyTuple, unpickle } from "./unpickle";
import { ZipReader } from "./zipRead";
import { f16ToF32 } from "../model/safetensors";

export type TorchDtype = "float32" | "bfloat16" | "float16" | "float64" | "int64" | "int32" | "int16" | "int8" | "uint8" | "bool";

export interface TorchTensor {
  dtype: TorchDtype;
  shape: number[];
  data: Float32Array | Int32Array | BigInt64Array;
}

/** torch's legacy storage classes (the persistent id names one) → dtype and bytes per element */
export const STORAGE_DTYPES: Record<string, { dtype: TorchDtype; itemsize: number }> = {
  FloatStorage: { dtype: "float32", itemsize: 4 },
  BFloat16Storage: { dtype: "bfloat16", itemsize: 2 },
  HalfStorage: { dtype: "float16", itemsize: 2 },
  DoubleStorage: { dtype: "float64", itemsize: 8 },
  LongStorage: { dtype: "int64", itemsize: 8 },
  IntStorage: { dtype: "int32", itemsize: 4 },
  ShortStorage: { dtype: "int16", itemsize: 2 },
  CharStorage: { dtype: "int8", itemsize: 1 },
  ByteStorage: { dtype: "uint8", itemsize: 1 },
  BoolStorage: { dtype: "bool", itemsize: 1 },
};

interface StorageRef {
  key: string;
  dtype: TorchDtype;
  itemsize: number;
  numel: number;
}

export interface TensorRef {
  storage: StorageRef;
  offset: number;
  shape: number[];
  stride: number[];
}

const intOf = (v: unknown, what: string): number => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new Error(`${what} must be a non-negative integer, got ${String(v)}`);
  return v;
};

const intsOf = (v: unknown, what: string): number[] => {
  if (!(v instanceof PyTuple)) throw new Error(`${what} must be a tuple`);
  return v.items.map((x, i) => intOf(x, `${what}[${i}]`));
};

/** The allow-list for a torch state dict: OrderedDict, the tensor rebuilders and the storage classes. */
function torchGlobals(source: string): Record<string, GlobalHandler> {
  const g: Record<string, GlobalHandler> = {
    "collections.OrderedDict": {
      call: () => new Map(),
      // state {'_metadata': …} sets an attribute on the OrderedDict; a state dict reader needs only the items
      build: (obj) => obj,
    },
    "torch._utils._rebuild_tensor_v2": {
      // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
      call: (a): TensorRef => {
        if (a.length < 4) throw new Error(`${source}: _rebuild_tensor_v2 got ${a.length} arguments, expected ≥ 4`);
        const storage = a[0] as StorageRef;
        if (typeof storage !== "object" || storage === null || !("key" in storage)) throw new Error(`${source}: _rebuild_tensor_v2: first argument is not a storage`);
        return { storage, offset: intOf(a[1], `${source}: storage_offset`), shape: intsOf(a[2], `${source}: size`), stride: intsOf(a[3], `${source}: stride`) };
      },
    },
    // nn.Parameter(data, requires_grad, hooks) as some saves hold: the tensor is its data
    "torch._utils._rebuild_parameter": { call: (a) => a[0] },
  };
  // storage classes appear only as the class in a persistent id, never called
  for (const name of Object.keys(STORAGE_DTYPES)) g[`torch.${name}`] = {};
  return g;
}

/** ('storage', StorageType, key, location, numel) → a storage reference */
function persistentStorage(source: string) {
  return (pid: unknown): StorageRef => {
    if (!(pid instanceof PyTuple) || pid.items[0] !== "storage" || pid.items.length < 5)
      throw new Error(`${source}: persistent id is not a ('storage', class, key, location, numel) tuple`);
    const [, type, key, , numel] = pid.items;
    if (!(type instanceof PyGlobal) || type.module !== "torch" || !(type.name in STORAGE_DTYPES))
      throw new Error(`${source}: storage '${String(key)}' has no torch storage class (known: ${Object.keys(STORAGE_DTYPES).join(", ")})`);
    if (typeof key !== "string") throw new Error(`${source}: storage key must be a string`);
    const info = STORAGE_DTYPES[type.name];
    return { key, dtype: info.dtype, itemsize: info.itemsize, numel: intOf(numel, `${source}: storage '${key}' numel`) };
  };
}

/** The state dict's tensors as references (no data read): names in file order. */
export function readTorchPickle(zip: ZipReader): { root: string; refs: Map<string, TensorRef> } {
  if (zip.entries.length === 0) throw new Error(`${zip.file}: the zip is empty`);
  const root = zip.entries[0].name.split("/")[0];
  const pklName = `${root}/data.pkl`;
  if (!zip.has(pklName)) throw new Error(`${zip.file}: no '${pklName}' (not a torch.save file?)`);
  if (!zip.has(`${root}/version`) && !zip.has(`${root}/.data/version`)) throw new Error(`${zip.file}: no '${root}/version' record (not a torch.save file?)`);
  if (zip.has(`${root}/byteorder`)) {
    const order = zip.read(`${root}/byteorder`).toString("utf8").trim();
    if (order !== "little") throw new Error(`${zip.file}: byteorder '${order}' is not supported (little-endian only)`);
  }
  const source = `${zip.file}:${pklName}`;
  const value = unpickle(zip.read(pklName), { globals: torchGlobals(source), persistentLoad: persistentStorage(source), source });
  if (!(value instanceof Map)) throw new Error(`${source}: the pickle holds no dict (a state_dict is an OrderedDict of tensors)`);
  const refs = new Map<string, TensorRef>();
  for (const [k, v] of value) {
    if (typeof k !== "string") throw new Error(`${source}: a key is not a string`);
    if (typeof v !== "object" || v === null || !("storage" in v)) throw new Error(`${source}: '${k}' is not a tensor`);
    refs.set(k, v as TensorRef);
  }
  return { root, refs };
}

/** Strides of a contiguous (row-major) tensor; dims of size 1 may carry any stride in torch. */
function isContiguous(shape: number[], stride: number[]): boolean {
  if (shape.length !== stride.length) return false;
  let expect = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && stride[i] !== expect) return false;
    expect *= shape[i];
  }
  return true;
}


/** Raw little-endian bytes of `n` elements → the tensor's array. */
export function decodeElements(dtype: TorchDtype, b: Buffer, n: number): Float32Array | Int32Array | BigInt64Array {
  const aligned = (size: number): ArrayBuffer => {
    // a fresh ArrayBuffer so typed views start aligned
    const ab = new ArrayBuffer(n * size);
    new Uint8Array(ab).set(b.subarray(0, n * size));
    return ab;
  };
  switch (dtype) {
    case "float32":
      return b.byteOffset % 4 === 0 ? new Float32Array(b.buffer, b.byteOffset, n) : new Float32Array(aligned(4));
    case "bfloat16": {
      const src = b.byteOffset % 2 === 0 ? new Uint16Array(b.buffer, b.byteOffset, n) : new Uint16Array(aligned(2));
      const u = new Uint32Array(n);
      for (let i = 0; i < n; i++) u[i] = src[i] << 16;
      return new Float32Array(u.buffer);
    }
    case "float16": {
      const src = b.byteOffset % 2 === 0 ? new Uint16Array(b.buffer, b.byteOffset, n) : new Uint16Array(aligned(2));
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = f16ToF32(src[i]);
      return out;
    }
    case "float64":
      return Float32Array.from(new Float64Array(aligned(8)));
    case "int64":
      return new BigInt64Array(aligned(8));
    case "int32":
      return new Int32Array(aligned(4));
    case "int16":
      return Int32Array.from(new Int16Array(aligned(2)));
    case "int8":
      return Int32Array.from(new Int8Array(aligned(1)));
    case "uint8":
    case "bool":
      return Int32Array.from(b.subarray(0, n));
  }
}

export interface ReadTorchOptions {
  /** check each storage's CRC-32 (default true; about a quarter of the read time, measured on a 300 MB file) */
  verifyCrc?: boolean;
  /** called once per storage read (for progress): bytes of the file that storage took (its compressed size in a deflated zip) */
  onStorage?: (bytes: number) => void;
}

/** Every tensor of a torch.save'd state dict (file read by offset; zip64 supported). */
export function readTorchStateDict(file: string, opts: ReadTorchOptions = {}): Map<string, TorchTensor> {
  if (os.endianness() !== "LE") throw new Error(`${file}: reading torch files needs a little-endian host`);
  const zip = new ZipReader(file);
  try {
    const { root, refs } = readTorchPickle(zip);
    // group tensors by storage so each storage is read (and CRC-checked) once, then released
    const byKey = new Map<string, string[]>();
    for (const [name, r] of refs) {
      const list = byKey.get(r.storage.key) ?? [];
      list.push(name);
      byKey.set(r.storage.key, list);
    }
    const out = new Map<string, TorchTensor>();
    for (const [key, names] of byKey) {
      const member = `${root}/data/${key}`;
      const st = refs.get(names[0])!.storage;
      const bytes = zip.read(member, opts.verifyCrc ?? true);
      if (bytes.length < st.numel * st.itemsize)
        throw new Error(`${file}: storage '${member}' has ${bytes.length} bytes, its ${st.dtype} storage needs ${st.numel} × ${st.itemsize} = ${st.numel * st.itemsize}`);
      for (const name of names) {
        const r = refs.get(name)!;
        if (r.storage.dtype !== st.dtype) throw new Error(`${file}: tensor '${name}' reads storage '${key}' as ${r.storage.dtype}, another tensor as ${st.dtype}`);
        const n = r.shape.reduce((a, s) => a * s, 1);
        if (n > 0 && !isContiguous(r.shape, r.stride))
          throw new Error(`${file}: tensor '${name}' is not contiguous (shape [${r.shape}], stride [${r.stride}]); save tensor.contiguous() instead`);
        if (r.offset + n > st.numel) throw new Error(`${file}: tensor '${name}' (offset ${r.offset}, ${n} elements) runs past its storage '${key}' (${st.numel} elements)`);
        const slice = bytes.subarray(r.offset * st.itemsize, (r.offset + n) * st.itemsize);
        out.set(name, { dtype: st.dtype, shape: r.shape, data: decodeElements(st.dtype, names.length > 1 ? Buffer.from(slice) : slice, n) });
      }
      opts.onStorage?.(zip.entry(member).compressedSize);
    }
    // keep the state dict's order
    const ordered = new Map<string, TorchTensor>();
    for (const name of refs.keys()) ordered.set(name, out.get(name)!);
    return ordered;
  } finally {
    zip.close();
  }
}

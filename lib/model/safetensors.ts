// safetensors read/write (huggingface/safetensors format): 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {string: string}}, then the raw
// little-endian data. BF16 and F16 are upcast to F32; I64 is read into Int32 (values must fit).
import fs from "node:fs";
import { writeFileAtomic } from "../util/atomicWrite";
import { shapeSize } from "./namedArrays";

export type SafetensorsDtype = "F32" | "BF16" | "F16" | "I32" | "I64";

export interface SafeTensor {
  /** dtype as stored in the file (data is Float32Array for float dtypes, Int32Array for integer dtypes) */
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface SafetensorsFile {
  tensors: Map<string, SafeTensor>;
  metadata: Record<string, string>;
}

const DTYPE_BYTES: Record<SafetensorsDtype, number> = { F32: 4, BF16: 2, F16: 2, I32: 4, I64: 8 };

/** IEEE half-precision bits → the float they hold. */
export function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Whether 4-byte values can be read in place: a little-endian host and a 4-aligned offset, when allowed. */
function inPlace(bytes: Uint8Array, view: boolean): boolean {
  return view && LITTLE_ENDIAN && bytes.byteOffset % 4 === 0;
}

/** The bytes themselves when they can be read in place, else an aligned copy (one memcpy, no per-value loop). */
function aligned(bytes: Uint8Array, view: boolean): Uint8Array {
  if (inPlace(bytes, view)) return bytes;
  if (!LITTLE_ENDIAN) throw new Error("safetensors: big-endian hosts are not supported");
  return bytes.slice();
}

function alignedOffset(bytes: Uint8Array, view: boolean): number {
  return inPlace(bytes, view) ? bytes.byteOffset : 0;
}

/**
 * A tensor's values. With `view` (the caller owns `bytes` and will not reuse it) float32 and int32 data are
 * returned as views of the file's buffer: a 2 GB model is held once, not twice (safetensors is little-endian,
 * the reference writer aligns the data to 8 bytes). Otherwise, and for BF16/F16/I64, a decoded copy.
 */
function decode(file: string, name: string, dtype: SafetensorsDtype, bytes: Uint8Array, n: number, view = false): Float32Array | Int32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case "F32":
      return new Float32Array(aligned(bytes, view).buffer, alignedOffset(bytes, view), n);
    case "BF16": {
      const u = new Uint32Array(n);
      for (let i = 0; i < n; i++) u[i] = dv.getUint16(2 * i, true) << 16;
      return new Float32Array(u.buffer);
    }
    case "F16": {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = f16ToF32(dv.getUint16(2 * i, true));
      return out;
    }
    case "I32":
      return new Int32Array(aligned(bytes, view).buffer, alignedOffset(bytes, view), n);
    case "I64": {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = dv.getBigInt64(8 * i, true);
        if (v > 2147483647n || v < -2147483648n) throw new Error(`${file}: tensor '${name}' element ${i} = ${v} does not fit in int32`);
        out[i] = Number(v);
      }
      return out;
    }
  }
}

/** Parse safetensors bytes; `file` names the source in errors. */
/** Parse a safetensors file held in `buf`. `view`: float32/int32 tensors may be views of `buf` (readSafetensors owns its buffer). */
export function parseSafetensors(buf: Uint8Array, file: string, opts: { view?: boolean } = {}): SafetensorsFile {
  if (buf.length < 8) throw new Error(`${file}: too short for a safetensors file (${buf.length} bytes; truncated?)`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = Number(dv.getBigUint64(0, true));
  if (headerLen > buf.length - 8) throw new Error(`${file}: header length ${headerLen} exceeds the file size ${buf.length} (truncated or not safetensors)`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw new Error(`${file}: header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) throw new Error(`${file}: header is not a JSON object`);
  const dataStart = 8 + headerLen;
  const dataLen = buf.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, SafeTensor>();
  const spans: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") {
      if (typeof raw !== "object" || raw === null) throw new Error(`${file}: __metadata__ must be an object`);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== "string") throw new Error(`${file}: __metadata__.${k} must be a string`);
        metadata[k] = v;
      }
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof info !== "object" || info === null) throw new Error(`${file}: tensor '${name}': header entry is not an object`);
    const dtype = info.dtype as SafetensorsDtype;
    if (typeof dtype !== "string" || !(dtype in DTYPE_BYTES)) throw new Error(`${file}: tensor '${name}': unsupported dtype ${JSON.stringify(info.dtype)} (F32, BF16, F16, I32, I64)`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) throw new Error(`${file}: tensor '${name}': bad shape ${JSON.stringify(shape)}`);
    const off = info.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isInteger(o) && o >= 0) || off[1] < off[0])
      throw new Error(`${file}: tensor '${name}': bad data_offsets ${JSON.stringify(off)}`);
    const n = shapeSize(shape);
    const need = n * DTYPE_BYTES[dtype];
    if (off[1] - off[0] !== need) throw new Error(`${file}: tensor '${name}': ${off[1] - off[0]} bytes for ${dtype} [${shape}] which needs ${need}`);
    if (off[1] > dataLen) throw new Error(`${file}: tensor '${name}': data ends at byte ${off[1]} but the file has ${dataLen} data bytes (truncated?)`);
    spans.push([off[0], off[1], name]);
    const bytes = buf.subarray(dataStart + off[0], dataStart + off[1]);
    tensors.set(name, { dtype, shape: shape as number[], data: decode(file, name, dtype, bytes, n, opts.view ?? false) });
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++)
    if (spans[i][0] < spans[i - 1][1]) throw new Error(`${file}: tensors '${spans[i - 1][2]}' and '${spans[i][2]}' overlap`);
  return { tensors, metadata };
}

function readWholeFile(file: string): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.allocUnsafeSlow(size);
    for (let off = 0; off < size; ) {
      const n = fs.readSync(fd, buf, off, Math.min(size - off, 1 << 30), off);
      if (n === 0) throw new Error(`file ended at byte ${off} of ${size}`);
      off += n;
    }
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}

export function readSafetensors(file: string): SafetensorsFile {
  let buf: Buffer;
  try {
    buf = readWholeFile(file); // not readFileSync: it refuses files over 2 GiB (a d20 model is 2.2 GB)
  } catch (e) {
    throw new Error(`${file}: cannot read (${(e as Error).message})`);
  }
  return parseSafetensors(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file, { view: true });
}

export interface TensorToWrite {
  shape: number[];
  data: Float32Array | Int32Array;
}

/** Serialise tensors (F32 for Float32Array, I32 for Int32Array) in the given order. */
export function serializeSafetensors(tensors: Map<string, TensorToWrite>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let off = 0;
  for (const [name, t] of tensors) {
    if (t.data.length !== shapeSize(t.shape)) throw new Error(`safetensors: tensor '${name}' has ${t.data.length} values for shape [${t.shape}]`);
    const dtype = t.data instanceof Float32Array ? "F32" : "I32";
    header[name] = { dtype, shape: t.shape, data_offsets: [off, off + 4 * t.data.length] };
    off += 4 * t.data.length;
  }
  let json = JSON.stringify(header);
  // pad the header with spaces so the data starts 8-byte aligned (as the reference writer does)
  const jsonBytes0 = new TextEncoder().encode(json).length;
  json += " ".repeat((8 - ((8 + jsonBytes0) % 8)) % 8);
  const jsonBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + jsonBytes.length + off);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(jsonBytes.length), true);
  out.set(jsonBytes, 8);
  let p = 8 + jsonBytes.length;
  for (const t of tensors.values()) {
    const src = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    out.set(src, p); // little-endian hosts (x86, arm) store float32/int32 as safetensors does
    p += src.length;
  }
  return out;
}

/** Write a safetensors file atomically. */
export function writeSafetensors(file: string, tensors: Map<string, TensorToWrite>, metadata: Record<string, string> = {}): void {
  writeFileAtomic(file, serializeSafetensors(tensors, metadata));
}

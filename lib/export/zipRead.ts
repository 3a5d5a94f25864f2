// A zip reader for torch.save files (nanochat-formats.md §2): the central directory (zip64 too) is read from
// the end of the file, and members are read by offset with fs.readSync, so a multi-GB checkpoint is never held
// in one Buffer. Stored (method 0) members are read as they are; deflated ones (method 8, not written by torch)
// are inflated. Sizes come from the central directory: torch's local headers carry 0 (flag 0x08).
import fs from "node:fs";
import zlib from "node:zlib";
import { crc32 } from "./zipWrite";

export interface ZipMember {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

type Crc32 = (data: Uint8Array, value?: number) => number;
/** CRC-32 (zip's) with zlib's native code where Node has it (≥ 20.15), else zipWrite's table version (its twin). */
export function fastCrc32(data: Uint8Array): number {
  const native = (zlib as unknown as { crc32?: Crc32 }).crc32;
  return native ? native(data, 0) >>> 0 : crc32(data);
}

function u64(b: Buffer, off: number, what: string): number {
  const v = b.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what}: ${v} is too large`);
  return Number(v);
}

export class ZipReader {
  readonly file: string;
  readonly size: number;
  /** members in central-directory order */
  readonly entries: ZipMember[] = [];
  private readonly byName = new Map<string, ZipMember>();
  private fd: number;

  constructor(file: string) {
    this.file = file;
    try {
      this.fd = fs.openSync(file, "r");
    } catch (e) {
      throw new Error(`${file}: cannot open (${(e as Error).message})`);
    }
    try {
      this.size = fs.fstatSync(this.fd).size;
      this.readCentralDirectory();
    } catch (e) {
      fs.closeSync(this.fd);
      throw e;
    }
  }

  /** Read `length` bytes at `position` into a fresh buffer; short reads are an error (truncated file). */
  readAt(position: number, length: number, what: string): Buffer {
    if (position < 0 || position + length > this.size)
      throw new Error(`${this.file}: ${what} spans bytes ${position}..${position + length} but the file has ${this.size} bytes (truncated?)`);
    const buf = Buffer.allocUnsafeSlow(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, buf, done, Math.min(length - done, 1 << 30), position + done);
      if (n === 0) throw new Error(`${this.file}: unexpected end of file reading ${what} at byte ${position + done}`);
      done += n;
    }
    return buf;
  }

  private readCentralDirectory(): void {
    const f = this.file;
    if (this.size < 22) throw new Error(`${f}: ${this.size} bytes is too short for a zip file (truncated or not a torch.save zip)`);
    // the end-of-central-directory record is in the last 22 + 65535 (comment) bytes
    const tailLen = Math.min(this.size, 22 + U16_MAX);
    const tailStart = this.size - tailLen;
    const tail = this.readAt(tailStart, tailLen, "the end of the file");
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) <= tailLen) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      const head = this.readAt(0, Math.min(4, this.size), "the first bytes");
      if (head[0] === 0x80 || head[0] === 0x8a)
        throw new Error(`${f}: a pickle, not a zip: torch.save's legacy format (torch < 1.6) is not supported; re-save with a newer torch`);
      if (head.readUInt32LE(0) === LOCAL_SIG) throw new Error(`${f}: no end-of-central-directory record (a zip cut short: truncated file?)`);
      throw new Error(`${f}: not a zip file (no end-of-central-directory record; a torch.save file is a zip)`);
    }
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    const eocdPos = tailStart + eocd;
    // zip64: a locator sits just before the EOCD and points at the zip64 EOCD record
    if (eocdPos >= 20) {
      const loc = this.readAt(eocdPos - 20, 20, "the zip64 locator");
      if (loc.readUInt32LE(0) === ZIP64_LOCATOR_SIG) {
        const z64Pos = u64(loc, 8, `${f}: zip64 locator offset`);
        const z = this.readAt(z64Pos, 56, "the zip64 end-of-central-directory record");
        if (z.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new Error(`${f}: zip64 locator points at byte ${z64Pos}, which is not a zip64 end-of-central-directory record (corrupt file)`);
        count = u64(z, 32, `${f}: zip64 entry count`);
        cdSize = u64(z, 40, `${f}: zip64 central directory size`);
        cdOffset = u64(z, 48, `${f}: zip64 central directory offset`);
      }
    }
    if (cdOffset === U32_MAX || count === U16_MAX) throw new Error(`${f}: zip64 fields but no zip64 end-of-central-directory record (corrupt file)`);
    if (cdOffset + cdSize > this.size) throw new Error(`${f}: the central directory (bytes ${cdOffset}..${cdOffset + cdSize}) lies past the end of the file (${this.size} bytes; truncated?)`);
    const cd = this.readAt(cdOffset, cdSize, "the central directory");
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) throw new Error(`${f}: central directory entry ${k} at byte ${cdOffset + p} is corrupt (bad signature)`);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let size = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString("utf8", p + 46, p + 46 + nameLen);
      // extra field 0x0001 holds, in order, only the fields that overflowed: size, compressed size, offset
      let e = p + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          const take = (what: string): number => {
            if (q + 8 > e + 4 + len) throw new Error(`${f}: member '${name}': zip64 extra field too short for the ${what}`);
            const v = u64(cd, q, `${f}: member '${name}' ${what}`);
            q += 8;
            return v;
          };
          if (size === U32_MAX) size = take("size");
          if (compressedSize === U32_MAX) compressedSize = take("compressed size");
          if (localHeaderOffset === U32_MAX) localHeaderOffset = take("local header offset");
        }
        e += 4 + len;
      }
      const entry: ZipMember = { name, method, crc32: crc, compressedSize, size, localHeaderOffset };
      this.entries.push(entry);
      this.byName.set(name, entry);
      p = eEnd + commentLen;
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): ZipMember {
    const e = this.byName.get(name);
    if (!e) throw new Error(`${this.file}: no member '${name}' in the zip (members: ${this.entries.slice(0, 8).map((x) => x.name).join(", ")}${this.entries.length > 8 ? ", …" : ""})`);
    return e;
  }

  /** Where a member's data starts: after its local header, whose extra field (torch's 64-byte padding) differs from the central one. */
  dataOffset(name: string): number {
    const e = this.entry(name);
    const h = this.readAt(e.localHeaderOffset, 30, `the local header of '${name}'`);
    if (h.readUInt32LE(0) !== LOCAL_SIG) throw new Error(`${this.file}: member '${name}': no local header at byte ${e.localHeaderOffset} (corrupt file)`);
    const start = e.localHeaderOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
    if (start + e.compressedSize > this.size)
      throw new Error(`${this.file}: member '${name}' data spans bytes ${start}..${start + e.compressedSize} but the file has ${this.size} bytes (truncated?)`);
    return start;
  }

  /** A whole member, CRC-checked unless `verifyCrc` is false (torch itself never checks). */
  read(name: string, verifyCrc = true): Buffer {
    const e = this.entry(name);
    const raw = this.readAt(this.dataOffset(name), e.compressedSize, `member '${name}'`);
    let data: Buffer;
    if (e.method === 0) data = raw;
    else if (e.method === 8) data = zlib.inflateRawSync(raw);
    else throw new Error(`${this.file}: member '${name}' uses compression method ${e.method}; only stored (0) and deflate (8) are supported`);
    if (data.length !== e.size) throw new Error(`${this.file}: member '${name}' has ${data.length} bytes, the central directory says ${e.size}`);
    const crc = verifyCrc ? fastCrc32(data) : e.crc32;
    if (crc !== e.crc32) throw new Error(`${this.file}: member '${name}' fails its CRC-32 check (0x${crc.toString(16)} ≠ 0x${e.crc32.toString(16)}; corrupt file)`);
    return data;
  }

  /** `length` bytes from byte `start` of a stored member, without reading the rest. */
  readRange(name: string, start: number, length: number): Buffer {
    const e = this.entry(name);
    if (e.method !== 0) {
      const all = this.read(name);
      if (start + length > all.length) throw new Error(`${this.file}: member '${name}': bytes ${start}..${start + length} past its end (${all.length})`);
      return all.subarray(start, start + length);
    }
    if (start < 0 || start + length > e.size) throw new Error(`${this.file}: member '${name}': bytes ${start}..${start + length} past its end (${e.size} bytes)`);
    return this.readAt(this.dataOffset(name) + start, length, `member '${name}'`);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

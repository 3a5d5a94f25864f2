// A STORED (uncompressed) zip writer for small archives such as token_bytes.pt (nanochat-formats §2).
// Sizes and CRC-32 go in the local headers (no data descriptors), and each member's data can start
// at an aligned offset by padding the local extra field with torch's "FB" record of 'Z's, as
// torch.save does (64 bytes). No zip64: archives must stay under 4 GiB.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zip and zlib compute it). */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

export interface ZipOptions {
  /** Data start alignment in bytes (torch: 64); 0 or 1 for none. */
  align?: number;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const EOCD_SIG = 0x06054b50;
const FLAG_UTF8 = 0x0800;
// 1980-01-01 00:00 in DOS date/time (a fixed stamp: the same input gives the same bytes)
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Bytes of a zip archive holding `entries` in order, STORED, with correct CRCs. */
export function zipStored(entries: ZipEntry[], opts: ZipOptions = {}): Buffer {
  const align = opts.align ?? 0;
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const names = new Set<string>();
  for (const e of entries) {
    if (names.has(e.name)) throw new Error(`zip: member '${e.name}' appears twice`);
    names.add(e.name);
    const name = Buffer.from(e.name, "utf8");
    if (name.length > 0xffff) throw new Error(`zip: member name '${e.name.slice(0, 40)}…' is longer than 65535 bytes`);
    let extra = Buffer.alloc(0);
    if (align > 1) {
      const start = offset + 30 + name.length;
      let pad = (align - ((start + 4) % align)) % align;
      extra = Buffer.alloc(4 + pad, "Z".charCodeAt(0));
      extra.write("FB", 0, "latin1");
      extra.writeUInt16LE(pad, 2);
    }
    const crc = crc32(e.data);
    const size = e.data.length;
    if (offset + 30 + name.length + extra.length + size > 0xffffffff) throw new Error(`zip: member '${e.name}' lies beyond 4 GiB (zip64 is not written)`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_SIG, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(CENTRAL_SIG, 0);
    cd.writeUInt16LE(20, 4); // version made by
    cd.writeUInt16LE(20, 6); // version needed
    cd.writeUInt16LE(FLAG_UTF8, 8);
    cd.writeUInt16LE(0, 10);
    cd.writeUInt16LE(DOS_TIME, 12);
    cd.writeUInt16LE(DOS_DATE, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(size, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(0, 30); // central extra: none (the padding matters only locally)
    cd.writeUInt16LE(0, 32); // comment
    cd.writeUInt16LE(0, 34); // disk
    cd.writeUInt16LE(0, 36); // internal attributes
    cd.writeUInt32LE(0, 38); // external attributes
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    parts.push(local, name, extra, Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength));
    offset += 30 + name.length + extra.length + size;
  }
  if (entries.length > 0xffff) throw new Error(`zip: ${entries.length} members (more than 65535 needs zip64)`);
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD_SIG, 0);
  eocd.writeUInt16LE(0, 4);
  eocd.writeUInt16LE(0, 6);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(0, 20);
  return Buffer.concat([...parts, ...central, eocd]);
}

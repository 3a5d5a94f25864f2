// A minimal pickle WRITER (nanochat-formats §1, §2): the handful of opcodes that tiktoken's
// tokenizer.pkl and torch's data.pkl need, written into one growing Buffer (a 65,536-token
// vocabulary is ~0.5 MB; no per-byte string concatenation).
//   tiktokenPickle({ name, patStr, mergeableRanks, specialTokens })  → tokenizer.pkl bytes
//   tokenizerPickle(tok)                                              → the same from a lib/tokenizer Tokenizer
import type { Tokenizer } from "../tokenizer/tokenizer";

/** Opcodes by their pickletools names (one byte each). */
export const OP = {
  PROTO: 0x80,
  STOP: 0x2e, // .
  MARK: 0x28, // (
  TUPLE: 0x74, // t
  TUPLE1: 0x85,
  EMPTY_TUPLE: 0x29, // )
  EMPTY_DICT: 0x7d, // }
  SETITEMS: 0x75, // u
  GLOBAL: 0x63, // c
  NEWOBJ: 0x81,
  REDUCE: 0x52, // R
  BUILD: 0x62, // b
  BINPERSID: 0x51, // Q
  NEWFALSE: 0x89,
  BININT: 0x4a, // J
  BININT1: 0x4b, // K
  BININT2: 0x4d, // M
  BINUNICODE: 0x58, // X
  SHORT_BINBYTES: 0x43, // C (protocol 3)
  BINBYTES: 0x42, // B (protocol 3)
} as const;

/** Appends opcodes to a Buffer that doubles as it fills. Protocol-2 opcodes only, except bytes (≥3). */
export class PickleWriter {
  private buf: Buffer;
  private n = 0;

  constructor(capacity = 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(16, capacity));
  }

  private ensure(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.n + extra) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.n);
    this.buf = next;
  }

  op(code: number): this {
    this.ensure(1);
    this.buf[this.n++] = code;
    return this;
  }

  proto(version: number): this {
    return this.op(OP.PROTO).op(version);
  }

  /** GLOBAL 'module name' (text form: "module\nname\n"). */
  global(module: string, name: string): this {
    this.op(OP.GLOBAL);
    return this.raw(Buffer.from(`${module}\n${name}\n`, "utf8"));
  }

  /** BINUNICODE: u32le length + UTF-8 (accepted by torch's weights_only unpickler, unlike SHORT_BINUNICODE). */
  str(s: string): this {
    const len = Buffer.byteLength(s, "utf8");
    this.ensure(5 + len);
    this.buf[this.n] = OP.BINUNICODE;
    this.buf.writeUInt32LE(len, this.n + 1);
    this.buf.write(s, this.n + 5, len, "utf8");
    this.n += 5 + len;
    return this;
  }

  /** SHORT_BINBYTES (< 256 bytes) or BINBYTES. */
  bytes(b: Uint8Array): this {
    const short = b.length < 256;
    this.ensure(5 + b.length);
    if (short) {
      this.buf[this.n] = OP.SHORT_BINBYTES;
      this.buf[this.n + 1] = b.length;
      this.n += 2;
    } else {
      this.buf[this.n] = OP.BINBYTES;
      this.buf.writeUInt32LE(b.length, this.n + 1);
      this.n += 5;
    }
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }

  /** BININT1 / BININT2 / BININT: a non-negative or negative integer that fits in i32. */
  int(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new Error(`pickle int ${v}: not an integer in the i32 range (LONG1 is not written)`);
    this.ensure(5);
    if (v >= 0 && v < 0x100) {
      this.buf[this.n] = OP.BININT1;
      this.buf[this.n + 1] = v;
      this.n += 2;
    } else if (v >= 0 && v < 0x10000) {
      this.buf[this.n] = OP.BININT2;
      this.buf.writeUInt16LE(v, this.n + 1);
      this.n += 3;
    } else {
      this.buf[this.n] = OP.BININT;
      this.buf.writeInt32LE(v, this.n + 1);
      this.n += 5;
    }
    return this;
  }

  raw(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }

  /** The bytes written so far (a copy the writer no longer touches). */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.n));
  }
}

export interface TiktokenEncoding {
  name: string;
  patStr: string;
  /** Token bytes → rank, in the order they go into the dict (ascending id). */
  mergeableRanks: [Uint8Array, number][];
  specialTokens: [string, number][];
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

/** The checks tiktoken's CoreBPE and nanochat rely on; throws naming the offending entry. */
export function validateEncoding(enc: TiktokenEncoding): void {
  const n = enc.mergeableRanks.length;
  const seenRank = new Uint8Array(n);
  const seenBytes = new Map<string, number>();
  const single = new Uint8Array(256);
  enc.mergeableRanks.forEach(([b, rank], i) => {
    if (!Number.isInteger(rank) || rank < 0 || rank >= n)
      throw new Error(`mergeable_ranks[${i}] (bytes ${hex(b)}): rank ${rank} is outside 0..${n - 1} (ranks must be the contiguous ids 0..n-1)`);
    if (seenRank[rank]) throw new Error(`mergeable_ranks[${i}] (bytes ${hex(b)}): rank ${rank} is used twice`);
    seenRank[rank] = 1;
    if (b.length === 0) throw new Error(`mergeable_ranks[${i}]: rank ${rank} has empty bytes`);
    const key = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1"); // one char per byte: cheaper than hex
    const prev = seenBytes.get(key);
    if (prev !== undefined)
      throw new Error(`mergeable_ranks[${i}]: bytes ${hex(b)} have ranks ${prev} and ${rank} (tiktoken: "Encoder and decoder must be of equal length")`);
    seenBytes.set(key, rank);
    if (b.length === 1) single[b[0]] = 1;
  });
  const missing: string[] = [];
  for (let i = 0; i < 256; i++) if (!single[i]) missing.push(i.toString(16).padStart(2, "0"));
  if (missing.length > 0)
    throw new Error(
      `mergeable_ranks: ${missing.length} single byte(s) missing (${missing.slice(0, 8).join(" ")}${missing.length > 8 ? " …" : ""}); ` +
        "tiktoken's byte-level BPE needs all 256 single bytes as tokens",
    );
  const ids = enc.specialTokens.map(([, id]) => id).sort((a, b) => a - b);
  const names = new Set<string>();
  for (const [name, id] of enc.specialTokens) {
    if (names.has(name)) throw new Error(`special_tokens: '${name}' appears twice`);
    names.add(name);
    if (!Number.isInteger(id)) throw new Error(`special_tokens['${name}']: id ${id} is not an integer`);
  }
  ids.forEach((id, i) => {
    if (id !== n + i) {
      const name = enc.specialTokens.find(([, v]) => v === id)![0];
      throw new Error(`special_tokens['${name}']: id ${id}, expected the specials to take ids ${n}..${n + ids.length - 1} right after the ${n} mergeable ranks (nanochat: len(mergeable_ranks)+i)`);
    }
  });
}

/** tokenizer.pkl bytes: a pickled tiktoken.core.Encoding, §1's minimal writer (no memo, no FRAME, one SETITEMS per dict). */
export function tiktokenPickle(enc: TiktokenEncoding): Buffer {
  validateEncoding(enc);
  let size = 256 + Buffer.byteLength(enc.patStr, "utf8");
  for (const [b] of enc.mergeableRanks) size += b.length + 10;
  const w = new PickleWriter(size);
  w.proto(4).global("tiktoken.core", "Encoding").op(OP.EMPTY_TUPLE).op(OP.NEWOBJ);
  // __getstate__'s dict, keys in tiktoken 0.11.0's order; BUILD calls __setstate__ → __init__(**state)
  w.op(OP.EMPTY_DICT).op(OP.MARK);
  w.str("name").str(enc.name);
  w.str("pat_str").str(enc.patStr);
  w.str("mergeable_ranks").op(OP.EMPTY_DICT).op(OP.MARK);
  for (const [b, rank] of enc.mergeableRanks) w.bytes(b).int(rank);
  w.op(OP.SETITEMS);
  w.str("special_tokens").op(OP.EMPTY_DICT).op(OP.MARK);
  for (const [name, id] of enc.specialTokens) w.str(name).int(id);
  w.op(OP.SETITEMS);
  w.op(OP.SETITEMS).op(OP.BUILD).op(OP.STOP);
  return w.finish();
}

/** The tiktoken Encoding state of a lib/tokenizer Tokenizer: ranks = ids, specials in id order. */
export function tiktokenEncodingOf(tok: Tokenizer, name = "rustbpe"): TiktokenEncoding {
  if (!tok.pattern.regexExact)
    throw new Error(
      `tokenizer ${tok.name}: pattern '${tok.pattern.name}' is not expressible as one regex (${tok.pattern.origin}); ` +
        "tiktoken would split text differently, so it cannot be written as tokenizer.pkl",
    );
  const tokens = tok.mergeableTokens();
  const mergeableRanks: [Uint8Array, number][] = tokens.map((b, id) => [b, id]);
  const specialTokens = [...tok.specials.entries()].sort((a, b) => a[1] - b[1]);
  // pattern.source for "nanochat" is SPLIT_PATTERN verbatim (nanochat/tokenizer.py, reference §4)
  return { name, patStr: tok.pattern.source, mergeableRanks, specialTokens };
}

/** tokenizer.pkl bytes for a lib/tokenizer Tokenizer (name "rustbpe", as nanochat's RustBPETokenizer saves). */
export function tokenizerPickle(tok: Tokenizer): Buffer {
  return tiktokenPickle(tiktokenEncodingOf(tok));
}

// token_bytes.pt (nanochat-formats §1 "Minimal file", §2): CRC-32, data.pkl byte for byte from §1's
// listing, the zip layout read back by hand (aligned data, CRCs, central directory), the v1
// token_bytes rule against a hand-written UTF-8 decoder, and Python's zipfile + torch.load
// (weights_only False and True) on the written file.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { lossyUtf8Length, nanochatTokenBytes } from "../../lib/export/tokenBytes";
import { tensorDataPkl, tokenBytesPt } from "../../lib/export/torchZip";
import { crc32, zipStored } from "../../lib/export/zipWrite";
import { Tokenizer } from "../../lib/tokenizer/index";
import { rng } from "../tokenizer/helpers";
import { runPython, torchSkip } from "./pythonCheck";
import { smallTokenizer } from "./smallTokenizer";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-torchzip-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const h = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const a = (s: string) => Buffer.from(s, "latin1");

test("crc32: the check value and zlib's crc32 on random data", () => {
  assert.equal(crc32(a("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  const zcrc = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;
  const r = rng(7);
  for (let n = 0; n < 300; n += 37) {
    const d = new Uint8Array(n).map(() => Math.floor(r() * 256));
    if (zcrc) assert.equal(crc32(d), zcrc(d));
    assert.equal(crc32(d.subarray(n >> 1), crc32(d.subarray(0, n >> 1))), crc32(d), "incremental");
  }
});

test("tensorDataPkl: §1's data.pkl, byte for byte", () => {
  const X = (s: string) => Buffer.concat([a("X"), h(Buffer.byteLength(s).toString(16).padStart(2, "0") + "000000"), a(s)]);
  const expected = Buffer.concat([
    h("8002"), a("ctorch._utils\n_rebuild_tensor_v2\n"), a("("),
    a("("), X("storage"), a("ctorch\nIntStorage\n"), X("0"), X("cpu"), h("4b03"), a("t"), a("Q"),
    h("4b00"), h("4b03"), h("85"), h("4b01"), h("85"), h("89"), a("ccollections\nOrderedDict\n"), a(")"), a("R"),
    a("t"), a("R"), a("."),
  ]);
  assert.deepEqual(tensorDataPkl(3), expected);
  // a 65,536-entry vocabulary: numel as BININT (≥ 65536)
  assert.ok(tensorDataPkl(65536).includes(h("4a00000100")));
});

/** Read a zip back by hand: central directory → local headers → data. */
function readZip(buf: Buffer): { name: string; dataOffset: number; data: Buffer; crc: number }[] {
  const eocd = buf.length - 22;
  assert.equal(buf.readUInt32LE(eocd), 0x06054b50);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  assert.equal(p + buf.readUInt32LE(eocd + 12), eocd, "central directory ends at the EOCD");
  const out = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    assert.equal(buf.readUInt16LE(p + 10), 0, "stored");
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 24);
    assert.equal(buf.readUInt32LE(p + 20), size);
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const local = buf.readUInt32LE(p + 42);
    assert.equal(buf.readUInt32LE(local), 0x04034b50);
    assert.equal(buf.readUInt32LE(local + 14), crc, "local CRC = central CRC");
    assert.equal(buf.toString("utf8", local + 30, local + 30 + nameLen), name);
    const extraLen = buf.readUInt16LE(local + 28);
    const dataOffset = local + 30 + nameLen + extraLen;
    out.push({ name, dataOffset, data: buf.subarray(dataOffset, dataOffset + size), crc });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

test("zipStored: members in order, STORED, correct CRCs, data aligned through the FB extra field", () => {
  const entries = [
    { name: "a/data.pkl", data: a("x".repeat(5)) },
    { name: "a/data/0", data: new Uint8Array(0) },
    { name: "a/名", data: Buffer.from("中文", "utf8") },
    { name: "a/version", data: a("3\n") },
  ];
  for (const align of [0, 64, 4096]) {
    const zip = zipStored(entries, { align });
    const back = readZip(zip);
    assert.deepEqual(back.map((e) => e.name), entries.map((e) => e.name));
    back.forEach((e, i) => {
      assert.deepEqual(new Uint8Array(e.data), new Uint8Array(entries[i].data));
      assert.equal(e.crc, crc32(entries[i].data));
      if (align > 1) assert.equal(e.dataOffset % align, 0, `${e.name} at ${e.dataOffset}`);
    });
  }
  const first = zipStored(entries, { align: 64 });
  assert.deepEqual(first.subarray(30 + 10, 30 + 10 + 4), Buffer.concat([a("FB"), h("1400")]), "FB + padding length 20 (64 − 30 − 10 − 4 bytes)");
  assert.throws(() => zipStored([entries[0], entries[0]]), /'a\/data.pkl' appears twice/);
});

test("tokenBytesPt: archive/ members, little-endian int32 data at a 64-byte boundary", () => {
  const values = Int32Array.of(1, 3, 0, 2, -5, 123456);
  const back = readZip(tokenBytesPt(values));
  assert.deepEqual(back.map((e) => e.name), ["archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/version"]);
  assert.deepEqual(back[0].data, tensorDataPkl(6));
  assert.equal(back[1].data.toString(), "little");
  assert.equal(back[3].data.toString(), "3\n");
  assert.equal(back[2].dataOffset % 64, 0);
  assert.deepEqual(back[2].data, h("01000000 03000000 00000000 02000000 fbffffff 40e20100"));
});

/** The plain twin of TextDecoder's lossy decode length: WHATWG UTF-8 decoding (maximal subparts), by hand. */
function lossyLengthByHand(b: Uint8Array): number {
  let n = 0;
  let i = 0;
  while (i < b.length) {
    const x = b[i];
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (x < 0x80) { n += 1; i++; continue; }
    if (x >= 0xc2 && x <= 0xdf) need = 1;
    else if (x >= 0xe0 && x <= 0xef) { need = 2; if (x === 0xe0) lo = 0xa0; if (x === 0xed) hi = 0x9f; }
    else if (x >= 0xf0 && x <= 0xf4) { need = 3; if (x === 0xf0) lo = 0x90; if (x === 0xf4) hi = 0x8f; }
    else { n += 3; i++; continue; } // not a lead byte: one U+FFFD
    let j = 1;
    while (j <= need && i + j < b.length && b[i + j] >= (j === 1 ? lo : 0x80) && b[i + j] <= (j === 1 ? hi : 0xbf)) j++;
    if (j > need) { n += need + 1; i += need + 1; } // a whole character: its own bytes
    else { n += 3; i += j; } // a maximal subpart: one U+FFFD for it
  }
  return n;
}

test("nanochatTokenBytes: §1's cases, specials 0, and a hand-written UTF-8 decoder on random bytes", () => {
  assert.equal(lossyUtf8Length(h("80")), 3);
  assert.equal(lossyUtf8Length(h("e4bd")), 3);
  assert.equal(lossyUtf8Length(h("eda080")), 9);
  assert.equal(lossyUtf8Length(Buffer.from("你", "utf8")), 3);
  const r = rng(11);
  for (let k = 0; k < 3000; k++) {
    const bytes = new Uint8Array(1 + Math.floor(r() * 6)).map(() => (r() < 0.3 ? Math.floor(r() * 256) : [0x41, 0x80, 0xbf, 0xc2, 0xe0, 0xe4, 0xed, 0xf0, 0xf4, 0xf5, 0xa0, 0x90][Math.floor(r() * 12)]));
    assert.equal(lossyUtf8Length(bytes), lossyLengthByHand(bytes), Buffer.from(bytes).toString("hex"));
  }
  const tok = smallTokenizer();
  const tb = nanochatTokenBytes(tok);
  assert.equal(tb.length, tok.nVocab);
  for (const id of tok.specials.values()) assert.equal(tb[id], 0);
  for (let id = 0; id < tok.nMergeable; id++) assert.equal(tb[id], lossyLengthByHand(tok.tokenToBytes(id)), `id ${id}`);
  assert.equal(tb[0x41], 1);
  assert.equal(tb[0x80], 3, "a lone continuation byte decodes to U+FFFD");
  const gap = new Tokenizer({ name: "gap", tokens: Array.from({ length: 256 }, (_, i) => Uint8Array.of(i)), specials: { "<|bos|>": 257 }, pattern: "nanochat" });
  assert.throws(() => nanochatTokenBytes(gap), /id 256 of gap is neither a mergeable token/);
});

const PY_TORCH = String.raw`
import sys, json, zipfile, struct, torch
path = sys.argv[1]
z = zipfile.ZipFile(path)
bad = z.testzip()
raw = open(path, "rb").read()
offsets = {}
for info in z.infolist():
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26: info.header_offset + 30])
    offsets[info.filename] = info.header_offset + 30 + name_len + extra_len
t = torch.load(path)
w = torch.load(path, weights_only=True)
expected = []
for hx in json.load(open(sys.argv[2])):  # the v1 rule in Python: specials (null) 0, else the lossy decode's UTF-8 length
    expected.append(0 if hx is None else len(bytes.fromhex(hx).decode("utf-8", errors="replace").encode("utf-8")))
print(json.dumps({"bad": bad, "names": z.namelist(), "methods": sorted({i.compress_type for i in z.infolist()}),
  "offsets": offsets, "dtype": str(t.dtype), "shape": list(t.shape), "device": str(t.device),
  "values": t.tolist(), "weights_only_equal": bool(torch.equal(t, w)) and w.dtype == t.dtype, "python_rule": expected}))
`;

test("Python: zipfile and torch.load (weights_only False and True) read token_bytes.pt as our int32 tensor", { skip: torchSkip() }, () => {
  const tok = smallTokenizer();
  // our tokens plus byte strings with every kind of invalid UTF-8, as a second tokenizer
  const have = new Set(tok.mergeableTokens().map((b) => Buffer.from(b).toString("hex")));
  const odd = ["8081", "e4bd", "eda080", "c0af", "f4908080", "f09f98", "e4bda0e5", "ffe4bda0", "efbbbf"].filter((x) => !have.has(x)).map((x) => h(x));
  assert.ok(odd.length >= 7);
  const odder = new Tokenizer({ name: "odd", tokens: [...tok.mergeableTokens(), ...odd], specials: { "<|bos|>": tok.nMergeable + odd.length }, pattern: "nanochat" });
  for (const t of [tok, odder]) {
    const values = nanochatTokenBytes(t);
    const file = path.join(tmp, `${t.name}-token_bytes.pt`);
    fs.writeFileSync(file, tokenBytesPt(values));
    const hexes = Array.from({ length: t.nVocab }, (_, id) => (id < t.nMergeable ? Buffer.from(t.tokenToBytes(id)).toString("hex") : null));
    fs.writeFileSync(file + ".json", JSON.stringify(hexes));
    const out = JSON.parse(runPython(PY_TORCH, [file, file + ".json"]));
    assert.equal(out.bad, null, "zipfile.testzip: every CRC correct");
    assert.deepEqual(out.names, ["archive/data.pkl", "archive/byteorder", "archive/data/0", "archive/version"]);
    assert.deepEqual(out.methods, [0]);
    assert.equal(out.offsets["archive/data/0"] % 64, 0);
    assert.equal(out.dtype, "torch.int32");
    assert.deepEqual(out.shape, [t.nVocab]);
    assert.equal(out.device, "cpu");
    assert.deepEqual(out.values, [...values]);
    assert.equal(out.weights_only_equal, true);
    assert.deepEqual(out.python_rule, [...values], "Python's decode(errors='replace') lengths = ours");
  }
});

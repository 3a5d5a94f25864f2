// tokenizer.pkl (nanochat-formats §1): byte-level goldens written by hand from §1's opcode listing,
// a small stack-machine reader in this file as the plain twin, the validation errors, and Python's
// own unpicklers (C and pure-Python) on the written file.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PickleWriter, tiktokenEncodingOf, tiktokenPickle, tokenizerPickle, type TiktokenEncoding } from "../../lib/export/pickle";
import { NANOCHAT_PATTERN, Tokenizer } from "../../lib/tokenizer/index";
import { pythonSkip, runPython } from "./pythonCheck";
import { smallTokenizer } from "./smallTokenizer";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-pickle-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const a = (s: string) => Buffer.from(s, "latin1");
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
/** BINUNICODE by hand: X, u32le length, UTF-8. */
const X = (s: string) => Buffer.concat([a("X"), u32(Buffer.byteLength(s)), Buffer.from(s, "utf8")]);

const singleBytes = (): [Uint8Array, number][] => Array.from({ length: 256 }, (_, i) => [Uint8Array.of(i), i]);

test("PickleWriter: each opcode's bytes as pickletools lists them", () => {
  assert.deepEqual(new PickleWriter().int(0).int(255).int(256).int(65535).int(65536).int(-1).finish(), h("4b00 4bff 4d0001 4dffff 4a00000100 4affffffff"));
  assert.deepEqual(new PickleWriter().str("").str("中").finish(), h("5800000000 5803000000e4b8ad"));
  assert.deepEqual(new PickleWriter().bytes(Uint8Array.of(0xe4, 0xbd)).finish(), h("4302e4bd"));
  const long = new Uint8Array(256).fill(7);
  assert.deepEqual(new PickleWriter().bytes(long).finish(), Buffer.concat([h("4200010000"), Buffer.from(long)]));
  assert.deepEqual(new PickleWriter().proto(2).global("torch", "IntStorage").finish(), Buffer.concat([h("8002"), a("ctorch\nIntStorage\n")]));
  assert.throws(() => new PickleWriter().int(2 ** 31), /i32 range/);
  // growth from a tiny buffer keeps every byte
  const w = new PickleWriter(16);
  for (let i = 0; i < 1000; i++) w.int(i);
  const out = w.finish();
  assert.equal(out.length, 256 * 2 + 744 * 3);
  assert.deepEqual(out.subarray(out.length - 3), h("4de703"));
});

test("tiktokenPickle: the whole file, byte for byte, from §1's minimal writer", () => {
  const long = new Uint8Array(300).map((_, i) => 65 + (i % 26));
  const enc: TiktokenEncoding = {
    name: "rustbpe",
    patStr: "\\p{N}{1,2}",
    mergeableRanks: [...singleBytes(), [a("ab"), 256], [long, 257]],
    specialTokens: [["<|bos|>", 258], ["<|user_start|>", 259]],
  };
  const expected = Buffer.concat([
    h("8004"), a("ctiktoken.core\nEncoding\n"), h("29 81 7d 28"),
    X("name"), X("rustbpe"), X("pat_str"), X("\\p{N}{1,2}"),
    X("mergeable_ranks"), h("7d 28"),
    ...Array.from({ length: 256 }, (_, i) => Buffer.from([0x43, 1, i, 0x4b, i])),
    h("4302 6162 4d0001"), h("422c010000"), Buffer.from(long), h("4d0101"),
    h("75"),
    X("special_tokens"), h("7d 28"), X("<|bos|>"), h("4d0201"), X("<|user_start|>"), h("4d0301"), h("75"),
    h("75 62 2e"),
  ]);
  assert.deepEqual(tiktokenPickle(enc), expected);
});

test("tiktokenPickle refuses encodings tiktoken or nanochat cannot load, naming the entry", () => {
  const base = (): TiktokenEncoding => ({ name: "rustbpe", patStr: "x", mergeableRanks: [...singleBytes(), [a("ab"), 256]], specialTokens: [["<|bos|>", 257]] });
  assert.doesNotThrow(() => tiktokenPickle(base()));
  const noByte = base();
  noByte.mergeableRanks = noByte.mergeableRanks.filter(([b]) => !(b.length === 1 && b[0] === 0x9c));
  noByte.mergeableRanks = noByte.mergeableRanks.map(([b], i) => [b, i]);
  assert.throws(() => tiktokenPickle(noByte), /1 single byte\(s\) missing \(9c\).*all 256 single bytes/);
  const dupBytes = base();
  dupBytes.mergeableRanks.push([a("ab"), 257]);
  dupBytes.specialTokens = [["<|bos|>", 258]];
  assert.throws(() => tiktokenPickle(dupBytes), /bytes 6162 have ranks 256 and 257/);
  const dupRank = base();
  dupRank.mergeableRanks[256] = [a("ab"), 255];
  assert.throws(() => tiktokenPickle(dupRank), /mergeable_ranks\[256\] \(bytes 6162\): rank 255 is used twice/);
  const gapRank = base();
  gapRank.mergeableRanks[256] = [a("ab"), 300];
  assert.throws(() => tiktokenPickle(gapRank), /rank 300 is outside 0\.\.256/);
  const gapSpecial = base();
  gapSpecial.specialTokens = [["<|bos|>", 258]];
  assert.throws(() => tiktokenPickle(gapSpecial), /special_tokens\['<\|bos\|>'\]: id 258, expected .*257\.\.257/);
  const clash = base();
  clash.specialTokens = [["<|bos|>", 256]];
  assert.throws(() => tiktokenPickle(clash), /special_tokens\['<\|bos\|>'\]: id 256/);
});

/** The plain twin: a stack machine for exactly the opcodes tiktokenPickle writes. */
function readBack(buf: Buffer): { global: string; state: Record<string, unknown> } {
  const stack: unknown[] = [];
  const marks: number[] = [];
  let global = "";
  let i = 0;
  for (;;) {
    const op = buf[i++];
    switch (op) {
      case 0x80: assert.equal(buf[i++], 4); break;
      case 0x63: { const end = buf.indexOf(0x0a, buf.indexOf(0x0a, i) + 1); global = buf.toString("utf8", i, end).replace("\n", " "); stack.push({ cls: global }); i = end + 1; break; }
      case 0x29: stack.push([]); break;
      case 0x81: stack.pop(); stack.push({ obj: stack.pop() }); break;
      case 0x7d: stack.push(new Map()); break;
      case 0x28: marks.push(stack.length); break;
      case 0x58: { const n = buf.readUInt32LE(i); stack.push(buf.toString("utf8", i + 4, i + 4 + n)); i += 4 + n; break; }
      case 0x43: { const n = buf[i]; stack.push(Buffer.from(buf.subarray(i + 1, i + 1 + n))); i += 1 + n; break; }
      case 0x42: { const n = buf.readUInt32LE(i); stack.push(Buffer.from(buf.subarray(i + 4, i + 4 + n))); i += 4 + n; break; }
      case 0x4b: stack.push(buf[i]); i += 1; break;
      case 0x4d: stack.push(buf.readUInt16LE(i)); i += 2; break;
      case 0x4a: stack.push(buf.readInt32LE(i)); i += 4; break;
      case 0x75: { const items = stack.splice(marks.pop()!); const d = stack[stack.length - 1] as Map<unknown, unknown>; for (let k = 0; k < items.length; k += 2) d.set(items[k], items[k + 1]); break; }
      case 0x62: { const state = stack.pop() as Map<string, unknown>; (stack[stack.length - 1] as { state?: unknown }).state = Object.fromEntries(state); break; }
      case 0x2e: assert.equal(i, buf.length, "STOP is the last byte"); return { global, state: (stack.pop() as { state: Record<string, unknown> }).state };
      default: throw new Error(`unexpected opcode 0x${op.toString(16)} at ${i - 1}`);
    }
  }
}

/** A digest both sides compute: ranks in dict order "hex:rank\n", then specials "name:id\n". */
function digest(ranks: Iterable<[Uint8Array, number]>, specials: Iterable<[string, number]>): string {
  const hash = crypto.createHash("sha256");
  for (const [b, r] of ranks) hash.update(`${Buffer.from(b).toString("hex")}:${r}\n`);
  for (const [n, id] of specials) hash.update(`${n}:${id}\n`);
  return hash.digest("hex");
}

test("tokenizerPickle of a trained tokenizer reads back to its ids, bytes, specials and nanochat's SPLIT_PATTERN", () => {
  const tok = smallTokenizer();
  assert.equal(tok.nMergeable + 9, tok.nVocab);
  const { global, state } = readBack(tokenizerPickle(tok));
  assert.equal(global, "tiktoken.core Encoding");
  assert.deepEqual(Object.keys(state), ["name", "pat_str", "mergeable_ranks", "special_tokens"]);
  assert.equal(state.name, "rustbpe");
  assert.equal(state.pat_str, NANOCHAT_PATTERN);
  const ranks = state.mergeable_ranks as Map<Buffer, number>;
  assert.equal(ranks.size, tok.nMergeable);
  let id = 0;
  for (const [b, r] of ranks) {
    assert.equal(r, id);
    assert.deepEqual(new Uint8Array(b), tok.tokenToBytes(id));
    id++;
  }
  assert.deepEqual([...(state.special_tokens as Map<string, number>)], [...tok.specials].sort((x, y) => x[1] - y[1]));
  assert.equal(tok.specials.get("<|bos|>"), tok.nMergeable);
});

test("tokenizerPickle refuses a pattern tiktoken cannot reproduce (jieba); other patterns go in as their regex source", () => {
  const tokens = Array.from({ length: 256 }, (_, i) => Uint8Array.of(i));
  const jieba = new Tokenizer({ name: "j", tokens, specials: { "<|bos|>": 256 }, pattern: "jieba" });
  assert.throws(() => tokenizerPickle(jieba), /tokenizer j: pattern 'jieba' is not expressible as one regex/);
  // (a Tokenizer without all 256 single bytes cannot be built: lib/tokenizer/bpe refuses it; tiktokenPickle's own check is tested above)
  const han = new Tokenizer({ name: "h", tokens, specials: { "<|bos|>": 256 }, pattern: "han-char" });
  assert.equal(tiktokenEncodingOf(han).patStr.includes("\\p{Han}"), true);
});

test("a 65,536-token vocabulary pickles (65,527 ranks + 9 specials, §1's default size)", () => {
  const ranks: [Uint8Array, number][] = singleBytes();
  for (let id = 256; id < 65527; id++) ranks.push([Buffer.from(`t${id.toString(36)}`), id]);
  const specials: [string, number][] = ["<|bos|>", "<|user_start|>"].map((n, i) => [n, 65527 + i]);
  const buf = tiktokenPickle({ name: "rustbpe", patStr: NANOCHAT_PATTERN, mergeableRanks: ranks, specialTokens: specials });
  const { state } = readBack(buf);
  assert.equal(digest(state.mergeable_ranks as Map<Buffer, number>, state.special_tokens as Map<string, number>), digest(ranks, specials));
});

const PY_TIKTOKEN = String.raw`
import sys, types, io, json, pickle, pickletools, hashlib
# Stand-in for tiktoken.core.Encoding (nanochat-formats §1): BUILD calls __setstate__ with the state dict.
tk = types.ModuleType("tiktoken"); core = types.ModuleType("tiktoken.core")
class Encoding:
    def __setstate__(self, value): self.state = value
Encoding.__module__ = "tiktoken.core"
core.Encoding = Encoding; tk.core = core
sys.modules["tiktoken"] = tk; sys.modules["tiktoken.core"] = core
data = open(sys.argv[1], "rb").read()
c_obj = pickle.loads(data)
py_obj = pickle._Unpickler(io.BytesIO(data)).load()
s = c_obj.state
assert type(c_obj) is Encoding and type(py_obj) is Encoding
ops = sorted({op.name for op, arg, pos in pickletools.genops(data)})
listing = io.StringIO(); pickletools.dis(data, out=listing)
h = hashlib.sha256()
for b, r in s["mergeable_ranks"].items(): h.update(("%s:%d\n" % (b.hex(), r)).encode())
for n, i in s["special_tokens"].items(): h.update(("%s:%d\n" % (n, i)).encode())
print(json.dumps({"keys": list(s), "name": s["name"], "pat_str": s["pat_str"], "n_ranks": len(s["mergeable_ranks"]),
  "types": sorted({type(k).__name__ + "/" + type(v).__name__ for k, v in s["mergeable_ranks"].items()}),
  "specials": list(s["special_tokens"].items()), "digest": h.hexdigest(), "same": py_obj.state == s,
  "ops": ops, "dis_lines": listing.getvalue().count("\n"), "rank_of": {k: s["mergeable_ranks"].get(bytes.fromhex(k)) for k in sys.argv[2:]}}))
`;

test("Python: pickle.load (C and pure-Python unpicklers) and pickletools.dis read tokenizer.pkl as our tokenizer", { skip: pythonSkip() }, () => {
  const tok = smallTokenizer();
  const file = path.join(tmp, "tokenizer.pkl");
  fs.writeFileSync(file, tokenizerPickle(tok));
  const probes = [tok.mergeableTokens()[0x41], tok.mergeableTokens()[tok.nMergeable - 1], Buffer.from("你", "utf8")].map((b) => Buffer.from(b).toString("hex"));
  const out = JSON.parse(runPython(PY_TIKTOKEN, [file, ...probes]));
  const enc = tiktokenEncodingOf(tok);
  assert.deepEqual(out.keys, ["name", "pat_str", "mergeable_ranks", "special_tokens"]);
  assert.equal(out.name, "rustbpe");
  assert.equal(out.pat_str, NANOCHAT_PATTERN);
  assert.equal(out.n_ranks, tok.nMergeable);
  assert.deepEqual(out.types, ["bytes/int"]);
  assert.deepEqual(out.specials, enc.specialTokens);
  assert.equal(out.digest, digest(enc.mergeableRanks, enc.specialTokens));
  assert.equal(out.same, true);
  // no token is ≥ 256 bytes long here, so no BINBYTES; no FRAME, MEMOIZE or STACK_GLOBAL
  assert.deepEqual(out.ops, ["BININT1", "BININT2", "BINUNICODE", "BUILD", "EMPTY_DICT", "EMPTY_TUPLE", "GLOBAL", "MARK", "NEWOBJ", "PROTO", "SETITEMS", "SHORT_BINBYTES", "STOP"]);
  assert.ok(out.dis_lines > 2 * tok.nMergeable, `pickletools.dis listed ${out.dis_lines} lines`);
  const ids = probes.map((p) => tok.encodeOrdinary(new TextDecoder().decode(Buffer.from(p, "hex"))));
  assert.equal(out.rank_of[probes[0]], 0x41);
  assert.equal(out.rank_of[probes[1]], tok.nMergeable - 1);
  // 你 is one token only if the BPE learnt it; either way Python's dict agrees with our encoder
  assert.equal(out.rank_of[probes[2]], ids[2].length === 1 ? ids[2][0] : null);
});

const PY_REAL_TIKTOKEN = String.raw`
import sys, json, pickle
import tiktoken  # the real package: skipped by the caller when absent
enc = pickle.load(open(sys.argv[1], "rb"))
print(json.dumps({"n_vocab": enc.n_vocab, "ids": [enc.encode_ordinary(t) for t in sys.argv[2:]]}))
`;

function realTiktokenSkip(): string | false {
  const skip = pythonSkip();
  if (skip) return skip;
  try {
    runPython("import tiktoken");
    return false;
  } catch {
    return "the Python tiktoken package is not installed; encoding through the real tiktoken.Encoding skipped";
  }
}

test("Python tiktoken (when installed): the pickled Encoding encodes like our tokenizer", { skip: realTiktokenSkip() }, () => {
  const tok = smallTokenizer();
  const file = path.join(tmp, "tokenizer-real.pkl");
  fs.writeFileSync(file, tokenizerPickle(tok));
  const texts = ["你好世界，今天天气很好。 中文English混合 123456", "The quick brown fox's 42 jumps.\n\n  <|bos|>"];
  const out = JSON.parse(runPython(PY_REAL_TIKTOKEN, [file, ...texts]));
  assert.equal(out.n_vocab, tok.nVocab);
  assert.deepEqual(out.ids, texts.map((t) => tok.encodeOrdinary(t)));
});

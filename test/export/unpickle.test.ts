// The pickle VM (lib/export/unpickle) and the tokenizer.pkl reader: values written by Python's own pickler at
// protocols 2–4 read back equal (a tagged JSON both sides print), tokenizer.pkl from J1's writer and from
// Python (FRAME/MEMOIZE/STACK_GLOBAL) read back into the same tokenizer, and every refusal named.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PickleWriter, tiktokenEncodingOf, tokenizerPickle } from "../../lib/export/pickle";
import { parseTiktokenPickle, readTiktokenPickle, tokenizerFromPickle, tokenizerFromTiktoken } from "../../lib/export/tiktokenRead";
import { PyGlobal, PyTuple, unpickle } from "../../lib/export/unpickle";
import { pythonSkip, runPython } from "./pythonCheck";
import { smallTokenizer } from "./smallTokenizer";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-unpickle-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

/** Our values as the tagged JSON the Python side prints. */
function tagged(v: unknown): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (Number.isInteger(v)) return { int: String(v) };
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    return { float: b.toString("hex") };
  }
  if (typeof v === "bigint") return { int: String(v) };
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString("hex") };
  if (v instanceof PyTuple) return { tuple: v.items.map(tagged) };
  if (Array.isArray(v)) return { list: v.map(tagged) };
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [tagged(k), tagged(x)]) };
  throw new Error(`untaggable ${String(v)}`);
}

const TAG_PY = `
import pickle, json, sys, struct
def tag(v):
    if v is None or isinstance(v, (bool, str)): return v
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float): return {"float": struct.pack(">d", v).hex()}
    if isinstance(v, bytes): return {"bytes": v.hex()}
    if isinstance(v, tuple): return {"tuple": [tag(x) for x in v]}
    if isinstance(v, list): return {"list": [tag(x) for x in v]}
    if isinstance(v, dict): return {"dict": [[tag(k), tag(x)] for k, x in v.items()]}
    raise TypeError(type(v))
shared = ["shared", 1]
def make(with_bytes):  # protocol 2 pickles bytes through _codecs.encode, a global no state dict uses
    value = {
        "ints": [0, 1, 255, 256, 65535, 65536, -1, -129, 2**31 - 1, -2**31, 2**31, 2**53 + 1, -2**63, 2**70],
        "floats": [0.5, -1.25e-300, 3.141592653589793, float("inf")],
        "strs": ["", "a", "中文字符串", "x" * 300, "\\U0001F600"],
        "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        "bools": [True, False, None],
        "same": [shared, shared],
        "many": [str(i) for i in range(300)],
        (1, "k"): {"v": 1},
    }
    if with_bytes: value["bytes"] = [b"", b"\\x00\\xff", bytes(range(256)) * 2]
    return value
out = {}
for proto in (2, 3, 4):
    data = pickle.dumps(make(proto >= 3), protocol=proto)
    open(sys.argv[1] + f"/p{proto}.pkl", "wb").write(data)
    out[proto] = tag(pickle.loads(data))
print(json.dumps(out))
`;

test("Python's pickles at protocols 2, 3, 4 read back value for value", { skip: pythonSkip() }, () => {
  const expected = JSON.parse(runPython(TAG_PY, [tmp])) as Record<string, unknown>;
  for (const proto of [2, 3, 4]) {
    const file = path.join(tmp, `p${proto}.pkl`);
    const got = tagged(unpickle(fs.readFileSync(file), { globals: {}, source: file }));
    assert.deepEqual(got, expected[proto], `protocol ${proto}`);
  }
  // the shared list is one object (memo), as in Python
  const v = unpickle(fs.readFileSync(path.join(tmp, "p4.pkl")), { globals: {}, source: "p4" }) as Map<unknown, unknown>;
  const same = v.get("same") as unknown[][];
  assert.equal(same[0], same[1]);
});

test("opcodes written by hand: LONG1 sign, BINFLOAT, MEMOIZE, STACK_GLOBAL, BUILD through a handler", () => {
  const g = { "m.C": { newobj: (a: unknown[]) => ({ args: a }), build: (o: unknown, s: unknown) => ({ ...(o as object), state: s }) } };
  const b = Buffer.from([
    0x80, 4, 0x8c, 1, 0x6d, 0x94, 0x8c, 1, 0x43, 0x94, 0x93, 0x94, // 'm' 'C' STACK_GLOBAL
    0x8a, 2, 0xff, 0x7f, // LONG1 32767
    0x8a, 1, 0xff, // LONG1 -1
    0x86, 0x81, // TUPLE2 NEWOBJ
    0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, // BINFLOAT 1.5
    0x62, 0x2e, // BUILD STOP
  ]);
  const v = unpickle(b, { globals: g, source: "hand" }) as { args: unknown[]; state: unknown };
  assert.deepEqual(v.args, [32767, -1]);
  assert.equal(v.state, 1.5);
});

test("refusals name the opcode or global and the byte offset", () => {
  const run = (bytes: number[] | Buffer, globals = {}) => () => unpickle(Buffer.from(bytes), { globals, source: "x.pkl" });
  // a global outside the allow-list (what a malicious pickle would use)
  assert.throws(run(Buffer.concat([Buffer.from([0x80, 2]), Buffer.from("cos\nsystem\n"), Buffer.from([0x2e])])), /x\.pkl: pickle GLOBAL \(0x63\) at byte 2: global 'os\.system' is not allowed/);
  // EMPTY_SET (protocol 4) is a real opcode this reader does not run
  assert.throws(run([0x80, 4, 0x8f, 0x2e]), /pickle EMPTY_SET \(0x8f\) at byte 2: opcode not supported/);
  // protocol-0 INST
  assert.throws(run([0x80, 2, 0x69]), /INST \(0x69\) at byte 2/);
  // not an opcode at all
  assert.throws(run([0x80, 2, 0xff]), /unknown \(0xff\) at byte 2: not a pickle opcode/);
  // truncated: a string longer than the data, and no STOP
  assert.throws(run([0x80, 2, 0x58, 10, 0, 0, 0, 0x61]), /BINUNICODE \(0x58\) at byte 2: needs 10 bytes but the pickle ends at byte 8 \(truncated\?\)/);
  assert.throws(run([0x80, 2, 0x4e]), /ends at byte 3 without STOP \(truncated\?\)/);
  // a reference to a memo entry never stored
  assert.throws(run([0x80, 2, 0x68, 5, 0x2e]), /BINGET \(0x68\) at byte 2: memo entry 5 was never stored/);
  // REDUCE of an allowed global without a call handler
  assert.throws(run(Buffer.concat([Buffer.from([0x80, 2]), Buffer.from("ctorch\nFloatStorage\n"), Buffer.from([0x29, 0x52, 0x2e])]), { "torch.FloatStorage": {} }), /REDUCE .* 'torch\.FloatStorage' cannot be called/);
  // BUILD on something no handler made
  assert.throws(run([0x80, 2, 0x7d, 0x7d, 0x62, 0x2e]), /BUILD \(0x62\) at byte 4: cannot set the state of a dict/);
});

test("tokenizer.pkl from J1's writer reads back into the same tokenizer", () => {
  const tok = smallTokenizer();
  const file = path.join(tmp, "tokenizer.pkl");
  fs.writeFileSync(file, tokenizerPickle(tok));
  const enc = readTiktokenPickle(file);
  const want = tiktokenEncodingOf(tok);
  assert.equal(enc.name, want.name);
  assert.equal(enc.patStr, want.patStr);
  assert.deepEqual(enc.mergeableRanks.map(([b, r]) => [Buffer.from(b).toString("hex"), r]), want.mergeableRanks.map(([b, r]) => [Buffer.from(b).toString("hex"), r]));
  assert.deepEqual(enc.specialTokens, want.specialTokens);
  const back = tokenizerFromPickle(file);
  assert.equal(back.pattern.name, tok.pattern.name);
  assert.deepEqual([...back.specials], [...tok.specials]);
  const text = "你好，世界！Hello world 12345 <|bos|> 中文分词。";
  assert.deepEqual(back.encodeOrdinary(text), tok.encodeOrdinary(text));
  assert.equal(back.nVocab, tok.nVocab);
});

const PY_TIKTOKEN = `
import pickle, sys, types, json
# tiktoken is not installed here: a stand-in class named tiktoken.core.Encoding whose __getstate__ is
# tiktoken 0.11.0's (nanochat-formats.md §1); the pickler emits what it would for the real class.
core = types.ModuleType("tiktoken.core"); sys.modules["tiktoken"] = types.ModuleType("tiktoken"); sys.modules["tiktoken.core"] = core
class Encoding:
    def __init__(self, name, pat_str, mergeable_ranks, special_tokens):
        self.name, self._pat_str, self._mergeable_ranks, self._special_tokens = name, pat_str, mergeable_ranks, special_tokens
    def __getstate__(self):
        return {"name": self.name, "pat_str": self._pat_str, "mergeable_ranks": self._mergeable_ranks, "special_tokens": self._special_tokens}
Encoding.__module__ = "tiktoken.core"; core.Encoding = Encoding
spec = json.load(open(sys.argv[1]))
ranks = {bytes.fromhex(h): r for h, r in spec["ranks"]}
enc = Encoding("rustbpe", spec["pat"], ranks, dict(spec["specials"]))
data = pickle.dumps(enc, protocol=4)
open(sys.argv[2], "wb").write(data)
import pickletools
ops = {op.name for op, _, _ in pickletools.genops(data)}
print(json.dumps(sorted(ops)))
`;

test("tokenizer.pkl as Python's protocol-4 pickler writes it (FRAME, MEMOIZE, STACK_GLOBAL, batched SETITEMS)", { skip: pythonSkip() }, () => {
  const tok = smallTokenizer();
  const want = tiktokenEncodingOf(tok);
  const specFile = path.join(tmp, "spec.json");
  fs.writeFileSync(specFile, JSON.stringify({ pat: want.patStr, ranks: want.mergeableRanks.map(([b, r]) => [Buffer.from(b).toString("hex"), r]), specials: want.specialTokens }));
  const pkl = path.join(tmp, "py-tokenizer.pkl");
  const ops = JSON.parse(runPython(PY_TIKTOKEN, [specFile, pkl])) as string[];
  for (const op of ["FRAME", "MEMOIZE", "STACK_GLOBAL", "SHORT_BINUNICODE", "NEWOBJ", "BUILD"]) assert.ok(ops.includes(op), `Python used ${op}`);
  const back = tokenizerFromPickle(pkl);
  const text = "Python 写的 tokenizer.pkl 读回来。 numbers 2025";
  assert.deepEqual(back.encodeOrdinary(text), tok.encodeOrdinary(text));
  assert.deepEqual([...back.specials], [...tok.specials]);
});

test("tokenizer.pkl errors: unknown pattern, sparse ranks, a different class", () => {
  const tok = smallTokenizer();
  const enc = tiktokenEncodingOf(tok);
  assert.throws(() => tokenizerFromTiktoken({ ...enc, patStr: "\\w+" }, "t.pkl"), /t\.pkl: pat_str "\\\\w\+"… is none of the known patterns/);
  const sparse = enc.mergeableRanks.map(([b, r]): [Uint8Array, number] => [b, r === 5 ? 10_000 : r]);
  assert.throws(() => tokenizerFromTiktoken({ ...enc, mergeableRanks: sparse }, "t.pkl"), /rank 10000 is not below the number of mergeable tokens/);
  const w = new PickleWriter().proto(2).global("tiktoken.registry", "get_encoding").op(0x2e).finish();
  assert.throws(() => parseTiktokenPickle(w, "r.pkl"), /global 'tiktoken\.registry\.get_encoding' is not allowed \(allowed: tiktoken\.core\.Encoding\)/);
  assert.ok(new PyGlobal("a", "b", {}).qualified === "a.b");
});

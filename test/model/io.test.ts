import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { type GPTConfig, parseSafetensors, readSafetensors, serializeSafetensors, writeSafetensors } from "../../lib/model";
import { GPT, loadModel, saveModel } from "../../lib/engines/tfjs";
import { Tokenizer, saveTokenizer } from "../../lib/tokenizer";

await tf.setBackend("cpu");

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-model-"));
const cfg: GPTConfig = { sequence_len: 8, vocab_size: 258, n_layer: 1, n_head: 2, n_kv_head: 1, n_embd: 8 };

/** Build safetensors bytes by hand (the reference layout), for dtypes our writer does not emit. */
function handMade(entries: { name: string; dtype: string; shape: number[]; bytes: Uint8Array }[], extraHeader: Record<string, unknown> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { k: "v" }, ...extraHeader };
  let off = 0;
  for (const e of entries) {
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [off, off + e.bytes.length] };
    off += e.bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let p = 8 + json.length;
  for (const e of entries) out.set(e.bytes, p), (p += e.bytes.length);
  return out;
}

test("safetensors: F32/I32 round trip, BF16/F16/I64 read and upcast, metadata", () => {
  const dir = tmp();
  const f = path.join(dir, "a.safetensors");
  const a = Float32Array.from([1.5, -2, 3.25, 0, 1e-8, -7]);
  const b = Int32Array.from([-1, 0, 2147483647]);
  writeSafetensors(f, new Map<string, { shape: number[]; data: Float32Array | Int32Array }>([["x.w", { shape: [2, 3], data: a }], ["x.i", { shape: [3], data: b }]]), { note: "hi" });
  const r = readSafetensors(f);
  assert.deepEqual(r.metadata, { note: "hi" });
  assert.deepEqual(r.tensors.get("x.w"), { dtype: "F32", shape: [2, 3], data: a });
  assert.deepEqual(r.tensors.get("x.i"), { dtype: "I32", shape: [3], data: b });
  // the data starts 8-byte aligned
  const n = Number(new DataView(fs.readFileSync(f).buffer.slice(0, 8)).getBigUint64(0, true));
  assert.equal((8 + n) % 8, 0);

  const bf = new Uint8Array(4);
  new DataView(bf.buffer).setUint16(0, 0x3fc0, true); // 1.5
  new DataView(bf.buffer).setUint16(2, 0xc040, true); // -3
  const f16 = new Uint8Array(6);
  [0x3c00, 0xc000, 0x0001].forEach((h, i) => new DataView(f16.buffer).setUint16(2 * i, h, true)); // 1, -2, 2^-24
  const i64 = new Uint8Array(16);
  new DataView(i64.buffer).setBigInt64(0, -1n, true);
  new DataView(i64.buffer).setBigInt64(8, 319n, true);
  const p = parseSafetensors(handMade([
    { name: "bf", dtype: "BF16", shape: [2], bytes: bf },
    { name: "h", dtype: "F16", shape: [3], bytes: f16 },
    { name: "l", dtype: "I64", shape: [2], bytes: i64 },
  ]), "mem");
  assert.deepEqual(Array.from(p.tensors.get("bf")!.data), [1.5, -3]);
  assert.deepEqual(Array.from(p.tensors.get("h")!.data), [1, -2, 2 ** -24]);
  assert.deepEqual(p.tensors.get("l"), { dtype: "I64", shape: [2], data: Int32Array.from([-1, 319]) });
});

test("safetensors: bad files give errors naming the file and tensor", () => {
  const good = serializeSafetensors(new Map([["w", { shape: [4], data: new Float32Array(4) }]]));
  assert.throws(() => parseSafetensors(good.subarray(0, good.length - 3), "t.st"), /t\.st: tensor 'w': data ends at byte 16 but the file has 13 data bytes \(truncated\?\)/);
  assert.throws(() => parseSafetensors(good.subarray(0, 5), "t.st"), /t\.st: too short/);
  assert.throws(() => parseSafetensors(good.subarray(0, 20), "t.st"), /t\.st: header length \d+ exceeds the file size/);
  assert.throws(() => parseSafetensors(handMade([{ name: "q", dtype: "U8", shape: [1], bytes: new Uint8Array(1) }]), "u.st"), /u\.st: tensor 'q': unsupported dtype "U8"/);
  assert.throws(() => parseSafetensors(handMade([{ name: "q", dtype: "F32", shape: [3], bytes: new Uint8Array(8) }]), "s.st"), /s\.st: tensor 'q': 8 bytes for F32 \[3\] which needs 12/);
  const big = new Uint8Array(8);
  new DataView(big.buffer).setBigInt64(0, 1n << 40n, true);
  assert.throws(() => parseSafetensors(handMade([{ name: "ids", dtype: "I64", shape: [1], bytes: big }]), "i.st"), /i\.st: tensor 'ids' element 0 = 1099511627776 does not fit in int32/);
  const overlap = handMade([{ name: "a", dtype: "F32", shape: [1], bytes: new Uint8Array(4) }], { b: { dtype: "F32", shape: [1], data_offsets: [0, 4] } });
  assert.throws(() => parseSafetensors(overlap, "o.st"), /o\.st: tensors '(a|b)' and '(a|b)' overlap/);
  const notJson = new Uint8Array(12);
  new DataView(notJson.buffer).setBigUint64(0, 4n, true);
  notJson.set(new TextEncoder().encode("{{{{"), 8);
  assert.throws(() => parseSafetensors(notJson, "j.st"), /j\.st: header is not valid JSON/);
  assert.throws(() => readSafetensors("/nonexistent/m.safetensors"), /\/nonexistent\/m\.safetensors: cannot read/);
});

function byteTokenizer(): Tokenizer {
  return new Tokenizer({ name: "bytes", tokens: Array.from({ length: 256 }, (_, i) => Uint8Array.of(i)), specials: { "<|bos|>": 256, "<|user_start|>": 257 }, pattern: "nanochat" });
}

test("saveModel / loadModel round trip: weights, config, tokenizer, same logits", () => {
  const dir = path.join(tmp(), "model");
  const m = new GPT(cfg, { seed: 3 });
  const w = m.getWeights();
  for (const a of w.values()) a.data = a.data.map((_, i) => Math.sin(i + a.data.length));
  m.setWeights(w);
  const tok = byteTokenizer();
  saveModel(dir, m, { tokenizer: tok, extraMeta: { step: 12 } });
  assert.deepEqual(fs.readdirSync(dir).sort(), ["config.json", "model.safetensors", "tokenizer"]);
  const back = loadModel(dir);
  assert.deepEqual(back.config, cfg);
  assert.equal(back.meta.step, 12);
  assert.equal(back.tokenizer!.nVocab, 258);
  assert.deepEqual(back.model.getWeights(), m.getWeights());
  const idx = tf.tensor2d([[1, 2, 3, 256]], [1, 4], "int32");
  assert.deepEqual(back.model.forward(idx).dataSync(), m.forward(idx).dataSync());
  // saving again replaces the folder whole, leaving no temporary folders beside it
  saveModel(dir, back.model, {});
  assert.deepEqual(fs.readdirSync(dir).sort(), ["config.json", "model.safetensors"]);
  assert.deepEqual(fs.readdirSync(path.dirname(dir)), ["model"]);
  // a tokenizer folder is copied
  const tdir = path.join(tmp(), "tok");
  saveTokenizer(tdir, tok);
  saveModel(dir, m, { tokenizerDir: tdir });
  assert.equal(loadModel(dir).tokenizer!.nVocab, 258);
  m.dispose();
  back.model.dispose();
});

test("loadModel: missing, truncated, wrong-shape and unknown tensors are named", () => {
  const dir = path.join(tmp(), "model");
  const m = new GPT(cfg, { seed: 3 });
  saveModel(dir, m);
  const mf = path.join(dir, "model.safetensors");
  const bytes = fs.readFileSync(mf);
  assert.throws(() => loadModel(path.join(dir, "nope")), /nope: model folder not found/);
  fs.writeFileSync(mf, bytes.subarray(0, bytes.length - 100));
  assert.throws(() => loadModel(dir), /model\.safetensors: tensor 'lm_head\.weight': data ends at byte \d+ but the file has \d+ data bytes \(truncated\?\)/);
  fs.rmSync(mf);
  assert.throws(() => loadModel(dir), /model\.safetensors: not found/);
  const w = m.getWeights();
  w.set("transformer.h.0.attn.c_k.weight", { shape: [8, 8], data: new Float32Array(64) });
  writeSafetensors(mf, w);
  assert.throws(() => loadModel(dir), /model\.safetensors: tensor 'transformer\.h\.0\.attn\.c_k\.weight' has shape \[8,8\], the config needs \[4,8\]/);
  const w2 = m.getWeights();
  w2.set("transformer.h.1.attn.c_q.weight", { shape: [8, 8], data: new Float32Array(64) });
  writeSafetensors(mf, w2);
  assert.throws(() => loadModel(dir), /unknown tensor 'transformer\.h\.1\.attn\.c_q\.weight'/);
  const w3 = m.getWeights();
  w3.delete("lm_head.weight");
  writeSafetensors(mf, w3);
  assert.throws(() => loadModel(dir), /missing tensor 'lm_head\.weight' \[258,8\]/);
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ model_config: { ...cfg, n_head: 3 } }));
  assert.throws(() => loadModel(dir), /config\.json model_config: n_embd 8 is not divisible by n_head 3/);
  fs.rmSync(path.join(dir, "config.json"));
  assert.throws(() => loadModel(dir), /config\.json: not found/);
  m.dispose();
});

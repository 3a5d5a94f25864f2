// importNanochat: the shared checkpoint fixture (nanochat v1's save_checkpoint output) imported and checked against
// nanochat's own logits, through the library and the CLI; checkpoints written by torch (python3-torch) and by
// TypeScript for step selection, `_orig_mod.`, tokenizers, and the errors; saveWeights (the import's writer) against saveModel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { findCheckpoint, importNanochat, stripOrigMod, weightsFromStateDict } from "../../lib/export/importNanochat";
import { tokenizerPickle } from "../../lib/export/pickle";
import { type GPTConfig, type NamedArrays, argmax, paramSpecs, readSafetensors, saveWeights } from "../../lib/model";
import { GPT, generate, generateNoCache, loadModel, saveModel } from "../../lib/engines/tfjs";
import { saveTokenizer } from "../../lib/tokenizer/index";
import { compareModelLogits } from "../../lib/engines/tfjs/parity";
import { evaluate } from "../../lib/eval";
import { bundledDataDir, repoRoot, sharedDataDir } from "../../lib/util/paths";
import { runPython, torchSkip } from "./pythonCheck";
import { smallTokenizer } from "./smallTokenizer";
import { craftF32 } from "./torchCraft";

await tf.setBackend("cpu");

const CKPT = path.resolve(sharedDataDir(), "..", "fixtures", "nanochat_ckpt_tiny");
const EXPECTED = path.join(CKPT, "expected.safetensors");
const skipShared = fs.existsSync(path.join(CKPT, "model_000010.pt")) ? false : `checkpoint fixture not found: ${CKPT} (../shared absent)`;
if (skipShared) console.log(`# skipping checkpoint-fixture tests: ${skipShared}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-import-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
const quiet = () => {};

test("nanochat_ckpt_tiny: imported logits equal nanochat's (≤ 1e-4); greedy tokens follow them", { skip: skipShared }, async () => {
  const out = path.join(tmp, "fixture-model");
  const r = await importNanochat({ checkpoint: CKPT, out, log: quiet });
  assert.equal(r.step, 10);
  assert.deepEqual(r.config, { sequence_len: 16, vocab_size: 320, n_layer: 2, n_head: 1, n_kv_head: 1, n_embd: 128 });
  assert.equal(r.params, 475_136);
  assert.equal(r.tokenizer, null);
  const cmp = compareModelLogits(out, EXPECTED);
  assert.ok(cmp.logits_max_abs_err <= 1e-4, `logits err ${cmp.logits_max_abs_err}`);
  assert.ok(cmp.ok);

  // sampling works on the imported model: the first greedy token after row 0 is the argmax of nanochat's last logits
  const st = readSafetensors(EXPECTED);
  const idx = st.tensors.get("input.idx")!;
  const logits = st.tensors.get("expected.logits")!.data as Float32Array;
  const [, T] = idx.shape;
  const V = 320;
  const prompt = Array.from(idx.data.subarray(0, T));
  const { model, tokenizer, meta } = loadModel(out);
  try {
    assert.equal(tokenizer, undefined);
    assert.equal(meta.step, 10);
    const greedy = [...generate(model, prompt, { maxTokens: 6, temperature: 0 })];
    assert.equal(greedy[0], argmax(logits.subarray((T - 1) * V, T * V)));
    assert.deepEqual(greedy, [...generateNoCache(model, prompt, { maxTokens: 6, temperature: 0 })]);
    const sampled = [...generate(model, prompt.slice(0, 3), { maxTokens: 5, temperature: 1, seed: 7 })];
    assert.equal(sampled.length, 5);
    assert.ok(sampled.every((t) => Number.isInteger(t) && t >= 0 && t < V));
  } finally {
    model.dispose();
  }
});

test("CLI: nanozh import nanochat, then nanozh parity --model --expected", { skip: skipShared }, () => {
  const out = path.join(tmp, "cli-model");
  const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "cli/nanozh.ts", ...args], { cwd: repoRoot(), encoding: "utf8" });
  const imp = cli("import", "nanochat", "--checkpoint", CKPT, "--out", out);
  assert.equal(imp.status, 0, imp.stderr);
  assert.match(imp.stdout, /imported .*model_000010\.pt \(step 10\) → .*cli-model\n {2}L=2 d=128 heads=1\/1 V=320 T=16, 475,136 parameters/);
  assert.match(imp.stderr, /has no tokenizer/);
  const par = cli("parity", "--model", out, "--expected", EXPECTED, "--backend", "cpu", "--json");
  assert.equal(par.status, 0, par.stderr);
  const r = JSON.parse(par.stdout);
  assert.ok(r.ok && r.logits_max_abs_err <= 1e-4, par.stdout);
  const again = cli("import", "nanochat", "--checkpoint", CKPT, "--out", out);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already exists \(pass --overwrite to replace it\)/);
  const wrong = cli("import", "nanochat", "--checkpoint", CKPT, "--step", "3", "--out", path.join(tmp, "x"));
  assert.match(wrong.stderr, /no model file for step 3 \(model steps: 10\)/);
  assert.equal(cli("import", "tiktoken", "--checkpoint", CKPT, "--out", out).status, 2);
});

const CFG: GPTConfig = { sequence_len: 8, vocab_size: 600, n_layer: 1, n_head: 2, n_kv_head: 1, n_embd: 16 };

function randomWeights(c: GPTConfig, seed: number): NamedArrays {
  const w: NamedArrays = new Map();
  for (const s of paramSpecs(c)) w.set(s.name, { shape: [...s.shape], data: Float32Array.from({ length: s.shape[0] * s.shape[1] }, (_, i) => Math.sin(seed + i * 0.37) * 0.1) });
  return w;
}

/** model_<step>.pt (float32, written in TypeScript) + meta_<step>.json in `dir`. */
function writeCheckpoint(dir: string, step: number, w: NamedArrays, opts: { prefix?: string; meta?: boolean; cfg?: GPTConfig } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const s = String(step).padStart(6, "0");
  const named = [...w].map(([n, a]): [string, number[], Float32Array] => [(opts.prefix ?? "") + n, a.shape, a.data]);
  fs.writeFileSync(path.join(dir, `model_${s}.pt`), craftF32(`model_${s}`, named));
  if (opts.meta !== false) fs.writeFileSync(path.join(dir, `meta_${s}.json`), JSON.stringify({ step, val_bpb: 2.5, model_config: opts.cfg ?? CFG, user_config: {} }));
}

test("step selection: the latest by default, --step, a file path; missing meta and steps listed", async () => {
  const dir = path.join(tmp, "steps");
  writeCheckpoint(dir, 5, randomWeights(CFG, 5));
  writeCheckpoint(dir, 70, randomWeights(CFG, 70));
  writeCheckpoint(dir, 100, randomWeights(CFG, 100), { meta: false });
  assert.throws(() => findCheckpoint(dir), /no meta_000100\.json for step 100, which holds the model_config \(meta steps: 5, 70\)/);
  assert.equal(findCheckpoint(dir, 70).step, 70);
  assert.equal(findCheckpoint(path.join(dir, "model_000005.pt")).step, 5);
  assert.throws(() => findCheckpoint(dir, 6), /no model file for step 6 \(model steps: 5, 70, 100\)/);
  fs.rmSync(path.join(dir, "model_000100.pt"));
  const out = path.join(tmp, "steps-model");
  const r = await importNanochat({ checkpoint: dir, out, log: quiet });
  assert.equal(r.step, 70);
  const { model, meta } = loadModel(out);
  const got = model.getWeights();
  model.dispose();
  for (const [n, a] of randomWeights(CFG, 70)) assert.deepEqual(Array.from(got.get(n)!.data), Array.from(a.data), n);
  assert.equal(meta.val_bpb, 2.5);
  await assert.rejects(importNanochat({ checkpoint: dir, out, log: quiet }), /already exists/);
  const r5 = await importNanochat({ checkpoint: dir, step: 5, out, overwrite: true, log: quiet });
  assert.equal(r5.step, 5);
  const again = loadModel(out);
  assert.equal(again.meta.step, 5);
  again.model.dispose();
});

test("names and shapes: _orig_mod. stripped as a prefix; unknown, missing, mis-shaped and integer tensors refused", async () => {
  assert.equal(stripOrigMod("_orig_mod.transformer.wte.weight"), "transformer.wte.weight");
  assert.equal(stripOrigMod("lm_head.weight"), "lm_head.weight"); // nanochat's lstrip("_orig_mod.") would give "head.weight"
  const w = randomWeights(CFG, 1);
  const dir = path.join(tmp, "compiled");
  writeCheckpoint(dir, 1, w, { prefix: "_orig_mod." });
  await importNanochat({ checkpoint: dir, out: path.join(tmp, "compiled-model"), log: quiet });
  const compiled = loadModel(path.join(tmp, "compiled-model")).model;
  assert.deepEqual(Array.from(compiled.getWeights().get("lm_head.weight")!.data), Array.from(w.get("lm_head.weight")!.data));
  compiled.dispose();

  const bad = async (name: string, edit: (m: NamedArrays) => void, cfg?: GPTConfig) => {
    const m = randomWeights(CFG, 2);
    edit(m);
    const d = path.join(tmp, name);
    writeCheckpoint(d, 1, m, { cfg });
    return importNanochat({ checkpoint: d, out: path.join(tmp, name + "-model"), log: quiet });
  };
  await assert.rejects(bad("unknown", (m) => m.set("transformer.rotary.cos", { shape: [1], data: new Float32Array(1) })), /model_000001\.pt: unknown tensor 'transformer\.rotary\.cos'/);
  await assert.rejects(bad("missing", (m) => m.delete("transformer.h.0.mlp.c_fc.weight")), /missing tensor 'transformer\.h\.0\.mlp\.c_fc\.weight' \[64,16\]/);
  await assert.rejects(bad("shape", () => {}, { ...CFG, n_kv_head: 2 }), /tensor 'transformer\.h\.0\.attn\.c_k\.weight' has shape \[8,16\], the config needs \[16,16\]/);
  await assert.rejects(bad("config", () => {}, { ...CFG, n_head: 3 }), /meta_000001\.json model_config: n_embd 16 is not divisible by n_head 3/);
  assert.equal(fs.existsSync(path.join(tmp, "unknown-model")), false);
});

const TORCH_CKPT_PY = `
import torch, json, sys, struct
from collections import OrderedDict
d, cfg = sys.argv[1], json.loads(sys.argv[2])
torch.manual_seed(1)
V, C, L, H, KV = cfg["vocab_size"], cfg["n_embd"], cfg["n_layer"], cfg["n_head"], cfg["n_kv_head"]
kv = KV * C // H
sd = OrderedDict()
sd["transformer.wte.weight"] = torch.randn(V, C).to(torch.bfloat16)  # GPT.__init__ casts wte to bf16
for i in range(L):
    p = f"transformer.h.{i}."
    for n, s in [("attn.c_q", (C, C)), ("attn.c_k", (kv, C)), ("attn.c_v", (kv, C)), ("attn.c_proj", (C, C)), ("mlp.c_fc", (4 * C, C)), ("mlp.c_proj", (C, 4 * C))]:
        sd[p + n + ".weight"] = torch.randn(*s) * 0.1
sd["lm_head.weight"] = torch.randn(V, C) * 0.05
torch.save(OrderedDict(("_orig_mod." + k, v) for k, v in sd.items()), d + "/model_000042.pt")
json.dump({"step": 42, "val_bpb": 1.5, "model_config": cfg, "user_config": {"depth": L}}, open(d + "/meta_000042.json", "w"))
print(json.dumps({k: [struct.pack("<f", f).hex() for f in v.float().flatten().tolist()] for k, v in sd.items()}))
`;

test("a torch-written checkpoint (bf16 wte, _orig_mod.) with nanochat's tokenizer.pkl: weights exact, text sampled", { skip: torchSkip() }, async () => {
  const dir = path.join(tmp, "torch-ckpt");
  fs.mkdirSync(dir);
  const expected = JSON.parse(runPython(TORCH_CKPT_PY, [dir, JSON.stringify(CFG)])) as Record<string, string[]>;
  // nanochat's base dir layout: tokenizer/tokenizer.pkl
  const base = path.join(tmp, "nanochat-base");
  fs.mkdirSync(path.join(base, "tokenizer"), { recursive: true });
  const tok = smallTokenizer();
  fs.writeFileSync(path.join(base, "tokenizer", "tokenizer.pkl"), tokenizerPickle(tok));
  const out = path.join(tmp, "torch-model");
  const r = await importNanochat({ checkpoint: dir, out, tokenizer: base, log: quiet });
  assert.equal(r.tokenizer, path.join(base, "tokenizer", "tokenizer.pkl"));
  const { model, tokenizer } = loadModel(out);
  try {
    const got = model.getWeights();
    for (const [name, bits] of Object.entries(expected))
      assert.deepEqual(Array.from(got.get(name)!.data, (v) => Buffer.from(Float32Array.of(v).buffer).toString("hex")), bits, name);
    assert.ok(tokenizer);
    const text = "你好，世界";
    assert.deepEqual(tokenizer!.encodeOrdinary(text), tok.encodeOrdinary(text));
    const ids = [tokenizer!.specialId("<|bos|>"), ...tokenizer!.encodeOrdinary(text)];
    const gen = [...generate(model, ids, { maxTokens: 4, temperature: 0 })];
    assert.deepEqual(gen, [...generateNoCache(model, ids, { maxTokens: 4, temperature: 0 })]);
    assert.equal(typeof tokenizer!.decode(gen), "string");
  } finally {
    model.dispose();
  }
});

test("tokenizers: our folder is copied (then C-EVAL practice runs on the model); one larger than the model's vocab is refused", async () => {
  const tok = smallTokenizer();
  const tdir = path.join(tmp, "our-tok");
  saveTokenizer(tdir, tok, { log: quiet });
  const dir = path.join(tmp, "tok-ckpt");
  const long = { ...CFG, sequence_len: 512 };
  writeCheckpoint(dir, 3, randomWeights(long, 3), { cfg: long });
  const out = path.join(tmp, "tok-model");
  await importNanochat({ checkpoint: dir, out, tokenizer: tdir, log: quiet });
  assert.deepEqual(fs.readFileSync(path.join(out, "tokenizer", "tokenizer.tiktoken")), fs.readFileSync(path.join(tdir, "tokenizer.tiktoken")));
  const subject = "college_programming";
  const ev = await evaluate({ benchmark: "ceval", dataDir: path.join(bundledDataDir(), "ceval-practice"), split: "val", shots: 0, style: "official", modelDir: out, subjects: [subject], limitPerSubject: 3, backend: "cpu", log: quiet });
  assert.equal(ev.questions.length, 3);
  assert.ok(ev.questions.every((q) => "ABCD".includes(q.pred) && q.ll.length === 4 && q.ll.every(Number.isFinite)), JSON.stringify(ev.questions));
  const small = { ...CFG, vocab_size: 320 };
  const d2 = path.join(tmp, "tok-small");
  writeCheckpoint(d2, 3, randomWeights(small, 3), { cfg: small });
  await assert.rejects(importNanochat({ checkpoint: d2, out: path.join(tmp, "tok-small-model"), tokenizer: tdir, log: quiet }), /our-tok: tokenizer has 600 tokens but .*meta_000003\.json vocab_size is 320/);
  await assert.rejects(importNanochat({ checkpoint: d2, out: path.join(tmp, "x"), tokenizer: tmp, log: quiet }), /neither a tokenizer folder/);
});

test("saveWeights (plain arrays, what the import writes) writes what saveModel writes for the same weights (byte for byte), and loadModel reads them back", () => {
  const w = randomWeights(CFG, 9);
  const a = path.join(tmp, "via-write");
  const b = path.join(tmp, "via-save");
  const extraMeta = { step: 9, note: "twin" };
  saveWeights(a, CFG, w, { tokenizer: smallTokenizer(), extraMeta, log: quiet });
  const gpt = new GPT(CFG, { weights: w });
  saveModel(b, gpt, { tokenizer: smallTokenizer(), extraMeta });
  gpt.dispose();
  for (const f of ["model.safetensors", "config.json", "tokenizer/tokenizer.tiktoken", "tokenizer/tokenizer.json"])
    assert.deepEqual(fs.readFileSync(path.join(a, f)), fs.readFileSync(path.join(b, f)), f);
  assert.deepEqual(fs.readdirSync(a).sort(), fs.readdirSync(b).sort());
  const back = loadModel(a);
  for (const [name, t] of back.model.getWeights()) assert.deepEqual(t.data, w.get(name)!.data, name);
  assert.equal(back.tokenizer!.nVocab, smallTokenizer().nVocab);
  back.model.dispose();
});

test("a vocabulary padded to a multiple of 64 (nanochat ≥ bc51da8, the kit's pin) is cut back; the logits rows that remain are the same", () => {
  const config: GPTConfig = { sequence_len: 8, vocab_size: 100, n_layer: 1, n_head: 1, n_kv_head: 1, n_embd: 16 };
  const sd = new Map<string, { dtype: string; shape: number[]; data: Float32Array }>();
  for (const s of paramSpecs(config)) {
    const rows = s.name === "transformer.wte.weight" || s.name === "lm_head.weight" ? 128 : s.shape[0];
    const data = Float32Array.from({ length: rows * s.shape[1] }, (_, i) => i);
    sd.set(s.name, { dtype: "float32", shape: [rows, s.shape[1]], data });
  }
  const w = weightsFromStateDict(sd, config, "padded.pt");
  for (const name of ["transformer.wte.weight", "lm_head.weight"]) {
    assert.deepEqual(w.get(name)!.shape, [100, 16]);
    assert.deepEqual(Array.from(w.get(name)!.data.slice(0, 3)), [0, 1, 2]);
    assert.equal(w.get(name)!.data[100 * 16 - 1], 100 * 16 - 1);
  }
  // only exactly nanochat's padding is dropped: 120 rows is named by checkWeights
  const odd = new Map(sd);
  odd.set("lm_head.weight", { dtype: "float32", shape: [120, 16], data: new Float32Array(120 * 16) });
  assert.throws(() => weightsFromStateDict(odd, config, "odd.pt"), /odd\.pt: wte has 100 rows and lm_head 120/);
});

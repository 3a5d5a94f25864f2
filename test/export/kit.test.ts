// exportNanochatKit: what a kit holds (shards nanochat reads, tokenizer.pkl / token_bytes.pt, CustomJSON
// conversations, run.sh, README, kit.json), that it is written whole or not at all, that configs
// nanochat cannot run are refused before anything is written, and that run.sh itself runs (with
// stand-ins for git, uv, torchrun and python that log their arguments).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { loadConfig, shardPlanForConfig, type NanozhConfig } from "../../lib/config";
import { readParquetRowGroups, listShardFiles } from "../../lib/data";
import { loadTokenizer } from "../../lib/tokenizer";
import { exportNanochatKit, runScript, toCustomJson, NANOCHAT_COMMIT, type KitSummary } from "../../lib/export";
import { repoRoot } from "../../lib/util/paths";
import { pythonSkip, runPython, torchSkip } from "./pythonCheck";

const root = repoRoot();
const quiet = () => undefined;
const temps: string[] = [];
process.on("exit", () => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmp = (label: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `nanozh-kit-${label}-`));
  temps.push(d);
  return d;
};

/** cpu-tiny as nanochat can run it: its width override removed (nanochat derives the width from depth). */
function tiny(): NanozhConfig {
  const cfg = loadConfig(path.join(root, "configs/cpu-tiny.yaml"));
  delete cfg.model.n_embd;
  delete cfg.model.n_head;
  delete cfg.model.n_kv_head;
  return cfg;
}

/** d16-chinese's shape (depth 16, seq 2048, 8 GPUs, batch 32 × 2048 × 8) on the bundled corpus, vocab 2048, a tiny chars_per_shard. */
function d16Shaped(): NanozhConfig {
  const cfg = loadConfig(path.join(root, "configs/d16-chinese.yaml"));
  const small = tiny();
  cfg.model.vocab_size = 2048;
  cfg.tokenizer.vocab_size = 2048;
  cfg.data = { ...small.data, chars_per_shard: 5000, val_docs: 64 };
  delete cfg.chat;
  return cfg;
}

let tinyKit: { dir: string; s: KitSummary } | null = null;
async function tinyKitOnce(): Promise<{ dir: string; s: KitSummary }> {
  if (!tinyKit) {
    const dir = path.join(tmp("tiny"), "kit");
    tinyKit = { dir, s: await exportNanochatKit({ config: tiny(), out: dir, mode: "small", log: quiet }) };
  }
  return tinyKit;
}

/** Shards as nanochat sees them: every *.parquet sorted, the last one val. */
async function readShards(dir: string): Promise<{ file: string; docs: number; groups: number }[]> {
  const out = [];
  for (const f of listShardFiles(dir)) {
    let docs = 0;
    let groups = 0;
    for await (const g of readParquetRowGroups(path.join(dir, f))) {
      docs += g.length;
      groups++;
    }
    out.push({ file: f, docs, groups });
  }
  return out;
}

test("cpu-tiny kit (small): shards, tokenizer, conversations, run.sh, README, kit.json", async () => {
  const { dir, s } = await tinyKitOnce();
  const data = path.join(dir, "base_data");
  const shards = await readShards(data);
  assert.ok(shards.length >= 2, `${shards.length} shards`);
  assert.equal(shards.length, s.shards.written);
  const manifest = JSON.parse(fs.readFileSync(path.join(data, "manifest.json"), "utf8"));
  assert.equal(manifest.val, shards[shards.length - 1].file, "the last shard is val");
  assert.deepEqual(shards.map((x) => x.docs), manifest.shards.map((x: { documents: number }) => x.documents));
  assert.ok(shards.every((x) => x.docs > 0));

  for (const f of ["tokenizer/tokenizer.pkl", "tokenizer/token_bytes.pt", "tokenizer/tokenizer.tiktoken", "identity_conversations.jsonl", "run.sh", "README.md", "kit.json"])
    assert.ok(fs.existsSync(path.join(dir, f)), f);
  const tok = loadTokenizer(path.join(dir, "tokenizer"));
  const vocab = tiny().tokenizer.vocab_size;
  assert.equal(tok.nVocab, vocab);
  assert.equal(s.tokenizer.vocab_size, vocab);

  const lines = fs.readFileSync(path.join(dir, "identity_conversations.jsonl"), "utf8").split("\n").filter((l) => l !== "");
  assert.equal(lines.length, s.identity.conversations);
  assert.ok(s.identity.from_identity >= 263 - s.identity.duplicates && s.identity.from_chat > 0, JSON.stringify(s.identity));
  assert.equal(new Set(lines).size, lines.length, "no duplicate conversations");
  for (const l of lines) {
    const ms = JSON.parse(l) as { role: string; content: string }[];
    assert.ok(Array.isArray(ms) && ms.length >= 2);
    ms.forEach((m, i) => {
      assert.equal(m.role, i % 2 === 0 ? "user" : "assistant");
      assert.equal(typeof m.content, "string");
    });
  }

  const run = fs.readFileSync(path.join(dir, "run.sh"), "utf8");
  assert.ok((fs.statSync(path.join(dir, "run.sh")).mode & 0o111) !== 0, "run.sh is executable");
  assert.match(run, /-m scripts\.base_train -- .*--depth=4 /);
  assert.equal(spawnSync("bash", ["-n", path.join(dir, "run.sh")]).status, 0, "bash -n run.sh");
  const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
  for (const want of [NANOCHAT_COMMIT, "--data_path", "--chinese_ratio", "--use_chinese_tasks", "RTX 4090", "rank r", "| d12 |", "| d26 |", "torchrun --standalone --nproc_per_node=1 -m scripts.base_train"])
    assert.ok(readme.includes(want), `README mentions ${want}`);
  const kitJson = JSON.parse(fs.readFileSync(path.join(dir, "kit.json"), "utf8")) as KitSummary;
  assert.equal(kitJson.nanochat.commit, NANOCHAT_COMMIT);
  assert.equal(kitJson.files["tokenizer/tokenizer.pkl"], fs.statSync(path.join(dir, "tokenizer/tokenizer.pkl")).size);
  assert.deepEqual(fs.readdirSync(path.dirname(dir)), ["kit"], "no staging folder left beside the kit");
});

test("d16-shaped kit (small, 8 GPUs, tiny chars_per_shard): ≥ 2 shards, last = val, ≥ 8 row groups where ranks need them", async () => {
  const dir = path.join(tmp("d16"), "kit");
  const s = await exportNanochatKit({ config: d16Shaped(), out: dir, mode: "small", log: quiet });
  assert.equal(s.topology.world, 8);
  const shards = await readShards(path.join(dir, "base_data"));
  assert.ok(shards.length >= 2);
  const val = shards[shards.length - 1];
  assert.ok(val.groups >= 8, `val shard has ${val.groups} row groups for 8 ranks`);
  assert.ok(Math.max(...shards.slice(0, -1).map((x) => x.groups)) >= 8, "some train shard has a row group for every rank");
  assert.equal(s.plan.grad_accum, 1);
  assert.ok(s.plan.params > 200e6, "d16's parameters in the plan");
  assert.match(fs.readFileSync(path.join(dir, "run.sh"), "utf8"), /--depth=16 --max_seq_len=2048 --device_batch_size=32 --total_batch_size=524288 --target_param_data_ratio=25 /);
});

test("full mode: the shard planner's count at the config's chars_per_shard (train shards + the val shard)", async () => {
  const cfg = tiny();
  cfg.training.num_iterations = 20; // 40,960 tokens → ≈ 106k characters with margin: within what the bundled corpus gives in 4 epochs
  cfg.data.chars_per_shard = 20_000;
  const planned = shardPlanForConfig(cfg).shards;
  const dir = path.join(tmp("full"), "kit");
  const s = await exportNanochatKit({ config: cfg, out: dir, mode: "full", log: quiet });
  assert.equal(s.shards.planned, planned);
  assert.equal(s.shards.written_chars_per_shard, 20_000);
  const shards = await readShards(path.join(dir, "base_data"));
  assert.ok(Math.abs(shards.length - 1 - planned) <= 1, `${shards.length - 1} train shards for a plan of ${planned}`);
  assert.equal(s.shards.limited_by, null);
});

const PY_KIT = `
import pickle, sys, types, json
m = types.ModuleType("tiktoken"); c = types.ModuleType("tiktoken.core")
class Encoding:
    def __setstate__(self, st): self.__dict__.update(st)
Encoding.__module__ = "tiktoken.core"
c.Encoding = Encoding; m.core = c; sys.modules["tiktoken"] = m; sys.modules["tiktoken.core"] = c
enc = pickle.load(open(sys.argv[1], "rb"))
print(json.dumps({"name": enc.name, "ranks": len(enc.mergeable_ranks), "specials": enc.special_tokens}))
`;

test("tokenizer.pkl loads with Python's pickle as a tiktoken Encoding", { skip: pythonSkip() }, async () => {
  const { dir } = await tinyKitOnce();
  const got = JSON.parse(runPython(PY_KIT, [path.join(dir, "tokenizer/tokenizer.pkl")]));
  const tok = loadTokenizer(path.join(dir, "tokenizer"));
  assert.equal(got.name, "rustbpe");
  assert.equal(got.ranks, tok.nMergeable);
  assert.equal(got.specials["<|bos|>"], tok.specialId("<|bos|>"));
});

test("token_bytes.pt loads with torch.load(weights_only=True): int32, one entry per token", { skip: torchSkip() }, async () => {
  const { dir } = await tinyKitOnce();
  const out = runPython(`import torch, sys, json\nt = torch.load(sys.argv[1], weights_only=True)\nprint(json.dumps([str(t.dtype), list(t.shape), int(t[:256].sum()), int((t == 0).sum())]))`, [path.join(dir, "tokenizer/token_bytes.pt")]);
  const [dtype, shape, , zeros] = JSON.parse(out);
  assert.equal(dtype, "torch.int32");
  assert.deepEqual(shape, [tiny().tokenizer.vocab_size]);
  assert.equal(zeros, 9, "0 for the 9 specials only");
});

test("run.sh runs: places the kit under NANOCHAT_BASE_DIR, checks out the pin, runs the steps in order; FROM skips", async () => {
  const { dir } = await tinyKitOnce();
  const work = tmp("run");
  const bin = path.join(work, "bin");
  fs.mkdirSync(bin);
  const log = path.join(work, "calls.log");
  const stub = (name: string, body = "") => fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "$CALLS"\n${body}\n`, { mode: 0o755 });
  stub("git", `case "$1" in clone) mkdir -p "$3/.git";; esac`);
  stub("uv", `[ "$1" = venv ] && mkdir -p .venv/bin && : > .venv/bin/activate; true`);
  stub("torchrun");
  stub("python");
  stub("curl");
  stub("nvidia-smi", `echo "GPU 0: stand-in"`);
  const base = path.join(work, "base");
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CALLS: log, NANOCHAT_BASE_DIR: base, NANOCHAT_DIR: path.join(work, "nanochat"), HOME: work };
  const r = spawnSync("bash", [path.join(dir, "run.sh")], { env, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  for (const n of ["base_data", "tokenizer", "identity_conversations.jsonl"]) assert.equal(fs.readlinkSync(path.join(base, n)), path.join(dir, n));
  const calls = fs.readFileSync(log, "utf8").trim().split("\n");
  assert.ok(calls.includes(`git checkout --detach ${NANOCHAT_COMMIT}`), calls.join("\n"));
  assert.ok(calls.includes("uv sync --extra gpu"));
  const scripts = calls.filter((c) => /^(torchrun|python) /.test(c)).map((c) => (/-m (\S+)/.exec(c) as RegExpExecArray)[1]);
  assert.deepEqual(scripts, ["nanochat.report", "scripts.tok_eval", "scripts.base_train", "scripts.base_loss", "scripts.base_eval", "scripts.mid_train", "scripts.chat_eval", "scripts.chat_sft", "scripts.chat_eval", "nanochat.report"]);
  assert.ok(calls.some((c) => c.startsWith("torchrun --standalone --nproc_per_node=1 -m scripts.base_train -- --run=dummy --depth=4 ")));

  fs.writeFileSync(log, "");
  const again = spawnSync("bash", [path.join(dir, "run.sh")], { env: { ...env, FROM: "chat_sft" }, encoding: "utf8" });
  assert.equal(again.status, 0, again.stderr);
  const later = fs.readFileSync(log, "utf8").trim().split("\n").filter((c) => /^(torchrun|python) /.test(c));
  assert.deepEqual(later.map((c) => (/-m (\S+)/.exec(c) as RegExpExecArray)[1]), ["scripts.chat_sft", "scripts.chat_eval", "nanochat.report"]);
  const bad = spawnSync("bash", [path.join(dir, "run.sh")], { env: { ...env, FROM: "nope" }, encoding: "utf8" });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /FROM=nope is not a step/);
  // a base dir that already holds other shards is refused (nanochat would train on both sets)
  const other = path.join(work, "other");
  fs.mkdirSync(path.join(other, "base_data"), { recursive: true });
  const clash = spawnSync("bash", [path.join(dir, "run.sh")], { env: { ...env, NANOCHAT_BASE_DIR: other }, encoding: "utf8" });
  assert.notEqual(clash.status, 0);
  assert.match(clash.stderr, /base_data already exists/);
});

test("run.sh on 2 nodes: needs NODE_RANK and MASTER_ADDR, launches the c10d rendezvous, python steps on node 0 only", async () => {
  const { dir: kit } = await tinyKitOnce();
  const work = tmp("run2");
  const dir = path.join(work, "kit");
  fs.cpSync(kit, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "run.sh"), runScript(tiny(), { gpusPerNode: 1, nodes: 2 }, { created: "t", mode: "small" }).text);
  const bin = path.join(work, "bin");
  fs.mkdirSync(bin);
  const log = path.join(work, "calls.log");
  const stub = (name: string, body = "") => fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "$CALLS"\n${body}\n`, { mode: 0o755 });
  stub("git", `case "$1" in clone) mkdir -p "$3/.git";; esac`);
  stub("uv", `[ "$1" = venv ] && mkdir -p .venv/bin && : > .venv/bin/activate; true`);
  for (const n of ["torchrun", "python", "curl"]) stub(n);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CALLS: log, NANOCHAT_BASE_DIR: path.join(work, "base"), NANOCHAT_DIR: path.join(work, "nanochat"), HOME: work };
  const missing = spawnSync("bash", [path.join(dir, "run.sh")], { env, encoding: "utf8" });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /set NODE_RANK/);
  const r = spawnSync("bash", [path.join(dir, "run.sh")], { env: { ...env, NODE_RANK: "1", MASTER_ADDR: "10.0.0.1" }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const calls = fs.readFileSync(log, "utf8").trim().split("\n");
  const launches = calls.filter((c) => c.startsWith("torchrun "));
  assert.equal(launches.length, 7);
  for (const c of launches) assert.ok(c.startsWith("torchrun --nnodes=2 --node_rank=1 --nproc_per_node=1 --rdzv_id=nanozh-cpu-tiny --rdzv_backend=c10d --rdzv_endpoint=10.0.0.1:29500 -m scripts."), c);
  assert.equal(calls.filter((c) => c.startsWith("python ")).length, 0, "report and tok_eval run on node 0 only");
});

test("atomic: a failure mid-way leaves no kit and no staging folder; an old kit survives a failed --overwrite", async () => {
  for (const part of ["base_data", "tokenizer", "identity", "done"]) {
    const parent = tmp("fail");
    const out = path.join(parent, "kit");
    await assert.rejects(
      exportNanochatKit({ config: tiny(), out, mode: "small", log: quiet, onStage: (p) => { if (p === part) throw new Error(`injected at ${p}`); } }),
      new RegExp(`injected at ${part}`),
    );
    assert.deepEqual(fs.readdirSync(parent), [], `after a failure at ${part}: nothing beside or at the kit`);
  }
  const { dir } = await tinyKitOnce();
  const copy = path.join(tmp("old"), "kit");
  fs.cpSync(dir, copy, { recursive: true });
  const before = fs.readFileSync(path.join(copy, "kit.json"), "utf8");
  await assert.rejects(exportNanochatKit({ config: tiny(), out: copy, mode: "small", overwrite: true, log: quiet, onStage: (p) => { if (p === "identity") throw new Error("injected"); } }), /injected/);
  assert.equal(fs.readFileSync(path.join(copy, "kit.json"), "utf8"), before, "the old kit is untouched");
  assert.deepEqual(fs.readdirSync(path.dirname(copy)), ["kit"]);
  const s = await exportNanochatKit({ config: tiny(), out: copy, mode: "small", overwrite: true, log: quiet });
  assert.notEqual(fs.readFileSync(path.join(copy, "kit.json"), "utf8"), before, "--overwrite replaces it");
  assert.equal(s.out, copy);
});

test("bad input: refused with the file and field named, nothing written", async () => {
  const cases: [string, () => NanozhConfig, object, RegExp][] = [
    ["width override", () => loadConfig(path.join(root, "configs/cpu-tiny.yaml")), {}, /configs\/cpu-tiny\.yaml: model\.n_embd 128: nanochat 507d542 derives the shape from depth/],
    ["vocab mismatch", () => { const c = tiny(); c.tokenizer.vocab_size = 8192; return c; }, {}, new RegExp(`model\\.vocab_size ${tiny().model.vocab_size.toLocaleString("en-US")} ≠ tokenizer\\.vocab_size 8,192`)],
    ["batch does not divide", tiny, { gpus: 3 }, new RegExp(`training\\.total_batch_size 2,048 is not a multiple of .* ${tiny().training.device_batch_size} × ${tiny().model.max_seq_len} × 3`)],
    ["fractional ratio", () => { const c = loadConfig(path.join(root, "configs/d16-chinese.yaml")); c.training.target_param_data_ratio = 20.5; return c; }, {}, /target_param_data_ratio 20\.5/],
  ];
  for (const [name, cfg, extra, re] of cases) {
    const parent = tmp("bad");
    await assert.rejects(exportNanochatKit({ config: cfg(), out: path.join(parent, "kit"), mode: "small", log: quiet, ...extra }), re, name);
    assert.deepEqual(fs.readdirSync(parent), [], `${name}: nothing written`);
  }
  // a tokenizer whose vocabulary differs from the config's
  const { dir } = await tinyKitOnce();
  const parent = tmp("badtok");
  const cfg = d16Shaped();
  cfg.model.vocab_size = cfg.tokenizer.vocab_size = 1024; // not the tiny kit's
  const kitVocab = tiny().tokenizer.vocab_size.toLocaleString("en-US");
  await assert.rejects(exportNanochatKit({ config: cfg, out: path.join(parent, "kit"), mode: "small", tokenizer: path.join(dir, "tokenizer"), log: quiet }), new RegExp(`${kitVocab} tokens, but .*model\\.vocab_size is 1,024`));
  assert.deepEqual(fs.readdirSync(parent), []);
  // an existing kit without --overwrite; a folder holding a run's files even with it
  await assert.rejects(exportNanochatKit({ config: tiny(), out: dir, mode: "small", log: quiet }), /exists .*pass --overwrite/);
  const used = path.join(tmp("used"), "kit");
  fs.mkdirSync(path.join(used, "base_checkpoints"), { recursive: true });
  fs.writeFileSync(path.join(used, "run.sh"), "");
  await assert.rejects(exportNanochatKit({ config: tiny(), out: used, mode: "small", overwrite: true, log: quiet }), /base_checkpoints, which a kit does not write/);
  assert.deepEqual(fs.readdirSync(used).sort(), ["base_checkpoints", "run.sh"]);
});

test("toCustomJson: system folded into the first user turn, an unanswered last turn dropped, bad orders refused", () => {
  const c = (...ms: [string, string][]) => ({ source: "t", messages: ms.map(([role, content]) => ({ role: role as "user", content })) });
  assert.deepEqual(toCustomJson(c(["system", "你是助手"], ["user", "你好"], ["assistant", "你好！"])), [
    { role: "user", content: "你是助手\n\n你好" },
    { role: "assistant", content: "你好！" },
  ]);
  assert.deepEqual(toCustomJson(c(["user", "a"], ["assistant", "b"], ["user", "c"])), [
    { role: "user", content: "a" },
    { role: "assistant", content: "b" },
  ]);
  assert.equal(toCustomJson(c(["user", "a"])), null);
  assert.equal(toCustomJson(c(["assistant", "a"], ["user", "b"])), null);
  assert.equal(toCustomJson(c(["user", "a"], ["user", "b"], ["assistant", "c"])), null);
});

test("small mode without the config's corpora (a fresh clone): the bundled pretraining corpus stands in, and the kit says so; full mode refuses", async () => {
  const cfg = tiny();
  cfg.data = {
    ...cfg.data,
    sources: cfg.data.sources.map((s) => ({ ...s, path: `missing/${s.lang}/*.txt`, resolved_path: path.join(tmp("missing"), s.lang, "*.txt") })),
  };
  const dir = path.join(tmp("standin"), "kit");
  const s = await exportNanochatKit({ config: cfg, out: dir, mode: "small", log: quiet });
  assert.deepEqual(s.shards.stand_ins.map((x) => [x.source, x.stand_in]), cfg.data.sources.map((x) => [x.name, path.join("data", "pretrain", "*.parquet")]));
  assert.ok((await readShards(path.join(dir, "base_data"))).length >= 2);
  assert.match(fs.readFileSync(path.join(dir, "README.md"), "utf8"), /\*\*Stand-in data\.\*\*.*missing\/zh\/\*\.txt/);
  await assert.rejects(exportNanochatKit({ config: cfg, out: path.join(tmp("standin-full"), "kit"), mode: "full", log: quiet }), /no files match|no such file/);
});

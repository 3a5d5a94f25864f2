// Every `--key=value` a generated run.sh passes to a nanochat script is a setting the pinned commit's
// script has, and its literal parses (ast.literal_eval, as nanochat/configurator.py does) to the type
// of that setting's default: "1" for a float default is wrong, "1.0" is right.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { loadConfig, type NanozhConfig } from "../../lib/config";
import { configuratorFlag, kitConfigProblems, NANOCHAT_COMMIT, NANOCHAT_SCRIPTS, pyFloat, pyLiteralType, runScript, type KitTopology, type NanochatScript, type ScriptFlags } from "../../lib/export";
import { repoRoot } from "../../lib/util/paths";
import { python, pythonSkip, runPython } from "./pythonCheck";

const root = repoRoot();
const created = "2026-01-01T00:00:00Z";

/** cpu-tiny with its width override removed (nanochat derives the width from depth), and extra trainer settings. */
function tinyForNanochat(): NanozhConfig {
  const cfg = loadConfig(path.join(root, "configs/cpu-tiny.yaml"));
  delete cfg.model.n_embd;
  delete cfg.model.n_head;
  delete cfg.model.n_kv_head;
  cfg.training.grad_clip = 1; // a float setting given as a whole number: must be written 1.0
  cfg.training.warmdown_ratio = 0.2;
  cfg.training.final_lr_frac = 0;
  cfg.training.save_every = 60;
  return cfg;
}

interface Call {
  script: NanochatScript;
  args: string[];
  line: string;
}

/** The nanochat invocations of a run.sh: `-m scripts.X -- args…` (plain parse of the text, not the step list). */
function calls(text: string): Call[] {
  const out: Call[] = [];
  for (const line of text.split("\n")) {
    const m = /-m scripts\.([a-z_]+)(?: -- (.*))?$/.exec(line.trim().replace(/; fi$/, ""));
    if (!m) continue;
    if (m[1] === "tok_eval") continue; // python -m scripts.tok_eval takes no options
    assert.ok(m[1] in NANOCHAT_SCRIPTS, `run.sh calls scripts.${m[1]}, which the kit does not know`);
    const script = m[1] as NanochatScript;
    out.push({ script, args: m[2] ? m[2].split(/\s+/) : [], line });
  }
  return out;
}

/** d20-bilingual at device batch 16, so that 16 GPUs divide its total batch. */
function d20Batch16(): NanozhConfig {
  const cfg = loadConfig(path.join(root, "configs/d20-bilingual.yaml"));
  cfg.training.device_batch_size = 16;
  return cfg;
}

const runs = (): { name: string; text: string }[] => {
  const d16 = loadConfig(path.join(root, "configs/d16-chinese.yaml"));
  const d20 = loadConfig(path.join(root, "configs/d20-bilingual.yaml"));
  const cases: [string, NanozhConfig, KitTopology][] = [
    ["cpu-tiny", tinyForNanochat(), { gpusPerNode: 1, nodes: 1 }],
    ["d16 8 GPUs", d16, { gpusPerNode: 8, nodes: 1 }],
    ["d20 2 nodes", d20, { gpusPerNode: 4, nodes: 2 }],
    ["d20 16 GPUs", d20Batch16(), { gpusPerNode: 8, nodes: 2 }],
  ];
  return cases.map(([name, cfg, topo]) => {
    assert.deepEqual(kitConfigProblems(cfg, topo), [], `${name}: a config nanochat can run`);
    return { name, text: runScript(cfg, topo, { created, mode: name === "cpu-tiny" ? "small" : "full" }).text };
  });
};

test("run.sh: every configurator flag is a key of the pinned script, its literal of the default's type", () => {
  let checked = 0;
  for (const r of runs()) {
    const cs = calls(r.text);
    assert.deepEqual(
      cs.map((c) => c.script),
      ["base_train", "base_loss", "base_eval", "mid_train", "chat_eval", "chat_sft", "chat_eval"],
      `${r.name}: the scripts in order`,
    );
    for (const c of cs) {
      const spec = NANOCHAT_SCRIPTS[c.script] as ScriptFlags;
      if (spec.syntax === "argparse") {
        for (const a of c.args.filter((x) => x.startsWith("-"))) assert.ok(a in spec.keys, `${r.name}: ${c.script} has no option ${a}`);
        continue;
      }
      for (const a of c.args) {
        const m = /^--([a-z_]+)=(.+)$/.exec(a);
        assert.ok(m, `${r.name}: ${c.script}: '${a}' is not --key=value`);
        const [, key, value] = m;
        const k = spec.keys[key];
        assert.ok(k, `${r.name}: ${c.script} has no setting '${key}'`);
        if (k.type === "None" || value.startsWith("$")) continue;
        assert.equal(pyLiteralType(value), k.type, `${r.name}: ${c.script} --${key}=${value}: default ${k.default} is a ${k.type}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 40, `checked ${checked} flags`);
});

test("run.sh: the config's settings arrive as nanochat reads them", () => {
  const tiny = tinyForNanochat();
  const text = runScript(tiny, { gpusPerNode: 1, nodes: 1 }, { created, mode: "small" }).text;
  const base = calls(text).find((c) => c.script === "base_train") as Call;
  assert.ok((tiny.training.num_iterations ?? -1) > 0, "cpu-tiny fixes num_iterations");
  for (const want of ["--depth=4", `--max_seq_len=${tiny.model.max_seq_len}`, `--device_batch_size=${tiny.training.device_batch_size}`, "--total_batch_size=2048", `--num_iterations=${tiny.training.num_iterations}`, `--matrix_lr=${tiny.training.matrix_lr}`, `--embedding_lr=${tiny.training.embedding_lr}`, `--unembedding_lr=${tiny.training.unembedding_lr}`, "--grad_clip=1.0", "--final_lr_frac=0.0", "--save_every=60", "--eval_tokens=16384"])
    assert.ok(base.args.includes(want), `base_train lacks ${want}: ${base.args.join(" ")}`);
  assert.ok(!base.args.some((a) => a.startsWith("--target_param_data_ratio")), "a fixed num_iterations replaces the ratio");
  const d16 = calls(runScript(loadConfig(path.join(root, "configs/d16-chinese.yaml")), { gpusPerNode: 8, nodes: 1 }, { created, mode: "full" }).text);
  assert.ok(d16[0].args.includes("--target_param_data_ratio=25"));
  assert.match(text, new RegExp(`git checkout --detach ${NANOCHAT_COMMIT}`));
  assert.match(text, /torchrun --standalone --nproc_per_node="\$NPROC_PER_NODE"/);
  assert.match(text, /^set -euo pipefail$/m);
  const multi = runScript(d20Batch16(), { gpusPerNode: 8, nodes: 2 }, { created, mode: "full" }).text;
  assert.match(multi, /--nnodes="\$NNODES" --node_rank="\$NODE_RANK" --nproc_per_node="\$NPROC_PER_NODE" .*--rdzv_backend=c10d --rdzv_endpoint="\$MASTER_ADDR:\$MASTER_PORT"/);
  assert.match(multi, /^NNODES=2$/m);
  // chat_sft asserts target_examples_per_step % (device_batch_size · world) == 0: 32 % (4·16) ≠ 0 → 64
  const sft = calls(multi).find((c) => c.script === "chat_sft") as Call;
  assert.ok(sft.args.includes("--target_examples_per_step=64"), sft.args.join(" "));
});

test("configuratorFlag: ints as ints, floats as floats, unknown keys and wrong types refused", () => {
  assert.equal(configuratorFlag("base_train", "grad_clip", 1), "--grad_clip=1.0");
  assert.equal(configuratorFlag("base_train", "matrix_lr", 0.02), "--matrix_lr=0.02");
  assert.equal(configuratorFlag("base_train", "depth", 16), "--depth=16");
  assert.equal(configuratorFlag("mid_train", "model_tag", "d16"), "--model_tag=d16");
  assert.throws(() => configuratorFlag("base_train", "depth", 16.5), /default is an int/);
  assert.throws(() => configuratorFlag("base_train", "target_param_data_ratio", 20.5), /int/);
  assert.throws(() => configuratorFlag("base_train", "data_path", "/data"), /no setting 'data_path'/);
  assert.throws(() => configuratorFlag("base_train", "chinese_ratio", 0.7), /no setting 'chinese_ratio'/);
  assert.throws(() => configuratorFlag("mid_train", "use_chinese_tasks", true), /no setting/);
  assert.throws(() => configuratorFlag("base_train", "run", "a=b"), /mangle/);
  assert.throws(() => configuratorFlag("base_train", "run", "123"), /read as a int/);
  assert.throws(() => configuratorFlag("chat_eval", "source", "mid"), /argparse/);
  assert.equal(pyFloat(1e-7), "1e-07");
  assert.equal(pyFloat(-1), "-1.0");
});

test("the key lists carry the defaults' types of the pinned source (spot checks written from it)", () => {
  const t = (s: NanochatScript, k: string) => (NANOCHAT_SCRIPTS[s] as ScriptFlags).keys[k].type;
  assert.equal(t("base_train", "grad_clip"), "float");
  assert.equal(t("base_train", "target_param_data_ratio"), "int");
  assert.equal(t("base_train", "target_flops"), "float");
  assert.equal(t("base_train", "eval_tokens"), "int");
  assert.equal(t("mid_train", "model_tag"), "None");
  assert.equal(t("chat_sft", "init_lr_frac"), "float");
  assert.equal(t("base_loss", "split_tokens"), "int");
});

const PY_TYPES = `
import ast, json, sys
out = []
for s in json.loads(sys.argv[1]):
    try:
        v = ast.literal_eval(s)
    except (SyntaxError, ValueError):
        v = s
    out.append({bool: "bool", int: "int", float: "float", str: "str", type(None): "None"}.get(type(v), "other"))
print(json.dumps(out))
`;

test("pyLiteralType agrees with Python's ast.literal_eval (as the configurator uses it)", { skip: pythonSkip() }, () => {
  const cases = ["1", "1.0", "0.02", "-1", "+3", "1e-07", "1e5", ".5", "5.", "True", "False", "None", "dummy", "d16", "'x'", '"y"', "007", "1_000x", "abc.def", "-0.0", "$WANDB_RUN"];
  const want = JSON.parse(runPython(PY_TYPES, [JSON.stringify(cases)])) as string[];
  assert.deepEqual(cases.map((c) => pyLiteralType(c)), want);
});

test("run.sh literals through Python's literal_eval match the defaults' types", { skip: pythonSkip() }, () => {
  const pairs: { value: string; type: string; where: string }[] = [];
  for (const r of runs())
    for (const c of calls(r.text)) {
      const spec = NANOCHAT_SCRIPTS[c.script] as ScriptFlags;
      if (spec.syntax !== "configurator") continue;
      for (const a of c.args) {
        const [, key, value] = /^--([a-z_]+)=(.+)$/.exec(a) as RegExpExecArray;
        const k = spec.keys[key];
        if (k.type !== "None" && !value.startsWith("$")) pairs.push({ value, type: k.type, where: `${r.name} ${c.script} --${key}` });
      }
    }
  const got = JSON.parse(runPython(PY_TYPES, [JSON.stringify(pairs.map((p) => p.value))])) as string[];
  pairs.forEach((p, i) => assert.equal(got[i], p.type, `${p.where}=${p.value}`));
});

const MIRROR = "/work/.mirror/karpathy+nanochat/repo";
const hasMirror = fs.existsSync(MIRROR) && spawnSync("git", ["--git-dir", MIRROR, "cat-file", "-e", `${NANOCHAT_COMMIT}^{commit}`]).status === 0;

const PY_SETTINGS = `
import re, sys, json
src = sys.stdin.read()
head = src.split("exec(open(os.path.join('nanochat', 'configurator.py'))")[0]
out = {}
for l in head.splitlines():
    m = re.match(r'^([a-z_][a-z0-9_]*) = (.*?)(\\s+#.*)?$', l)
    if m and m.group(1) != "config_keys":
        v = eval(m.group(2), {})
        out[m.group(1)] = [{bool: "bool", int: "int", float: "float", str: "str", type(None): "None"}[type(v)], v]
print(json.dumps(out))
`;

test(
  "the key lists equal the settings blocks of the pinned commit's scripts (needs a nanochat clone)",
  { skip: hasMirror && python() ? false : `no nanochat clone with ${NANOCHAT_COMMIT} at ${MIRROR} (or no python); checked where one is` },
  () => {
    for (const script of ["base_train", "base_loss", "mid_train", "chat_sft"] as const) {
      const src = spawnSync("git", ["--git-dir", MIRROR, "show", `${NANOCHAT_COMMIT}:scripts/${script}.py`], { encoding: "utf8" }).stdout;
      const r = spawnSync(python() as string, ["-c", PY_SETTINGS], { input: src, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as Record<string, [string, unknown]>;
      const ours = Object.fromEntries(Object.entries((NANOCHAT_SCRIPTS[script] as ScriptFlags).keys).map(([k, v]) => [k, [v.type, v.default]]));
      assert.deepEqual(ours, got, script);
    }
  },
);

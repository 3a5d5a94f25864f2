// Every command's spec (cli/specs): each option in its --help, each numeric option refusing values
// out of its range and non-numbers by name, each choice list enforced, usage errors exit 2.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { groupHelp, helpText } from "../../cli/help";
import { parse, UsageError, type CommandSpec, type OptionSpec } from "../../cli/spec";
import { allCommandSpecs, COMMANDS, isGroup } from "../../cli/specs";
import { EVAL_BENCHMARKS, EVAL_SCORERS, EVAL_STYLES } from "../../cli/specs/eval";
import { NORMALIZE } from "../../cli/specs/data";
import { BACKEND } from "../../cli/options";
import { BENCHMARKS, PROMPT_STYLES, SCORER_NAMES } from "../../lib/eval";
import { BACKEND_NAMES } from "../../lib/engines/tfjs/backend";
import { OPENCC_CONFIGS } from "../../lib/zh/script";
import { repoRoot } from "../../lib/util/paths";

function nanozh(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot(), "cli", "nanozh.ts"), ...args], { encoding: "utf8", cwd: repoRoot() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const isNumeric = (s: OptionSpec) => s.type === "int" || s.type === "number";

/** A value the option accepts. */
function valid(s: OptionSpec): string {
  if (s.choices) return s.choices[0];
  if (!isNumeric(s)) return "x";
  if (s.min !== undefined && !s.minExclusive) return String(s.min);
  if (s.max !== undefined && !s.maxExclusive) return String(s.max);
  return String(((s.min ?? 0) + (s.max ?? (s.min ?? 0) + 2)) / 2);
}

/** argv that satisfies the spec: its positionals and every required option. */
function baseArgv(spec: CommandSpec, skip?: string): string[] {
  const argv = (spec.positionals ?? []).map((p) => p.choices?.[0] ?? "x");
  for (const [k, s] of Object.entries(spec.options)) if (s.required && k !== skip) argv.push(`--${k}`, valid(s));
  return argv;
}

/** Values the option must refuse: out of range on each side, not a number, not an integer. */
function invalid(s: OptionSpec): string[] {
  if (s.choices) return ["no-such-choice"];
  if (!isNumeric(s)) return [];
  const out = ["abc", ""];
  if (s.max !== undefined) out.push(String(s.maxExclusive ? s.max : s.max + Math.max(1, Math.abs(s.max))));
  if (s.min !== undefined) out.push(String(s.minExclusive ? s.min : s.min - 1));
  if (s.type === "int") out.push(String((s.min ?? 0) + 0.5));
  return out;
}

test("every command's spec: options in --help, numbers ranged, bad values refused by name", () => {
  const specs = allCommandSpecs();
  assert.ok(specs.length >= 20, `${specs.length} command specs`);
  for (const spec of specs) {
    const help = helpText(spec);
    assert.ok(help.startsWith(`usage: nanozh ${spec.name} `), spec.name);
    const base = baseArgv(spec);
    assert.notEqual(parse(spec, base), null, `${spec.name}: ${base.join(" ")}`);
    for (const [k, s] of Object.entries(spec.options)) {
      const where = `${spec.name} --${k}`;
      assert.match(help, new RegExp(`--${k}\\b`), `${where} missing from --help`);
      assert.ok(s.help.trim().length > 0, `${where}: no help text`);
      if (isNumeric(s)) assert.ok(s.min !== undefined || s.max !== undefined, `${where}: a number without a range`);
      if (s.type === "boolean") continue;
      const ok = parse(spec, [...baseArgv(spec, k), `--${k}`, valid(s)]);
      const expectValue = isNumeric(s) ? Number(valid(s)) : valid(s);
      assert.deepEqual(ok?.values[k], s.repeatable ? [expectValue] : expectValue, where);
      for (const bad of invalid(s)) {
        const argv = [...baseArgv(spec, k), `--${k}=${bad}`];
        assert.throws(() => parse(spec, argv), (e: unknown) => e instanceof UsageError && e.message.includes(`--${k} must be`) && e.command === spec.name, `${where} ${JSON.stringify(bad)}`);
      }
    }
    for (const p of spec.positionals ?? [])
      if (p.choices) assert.throws(() => parse(spec, ["no-such-choice", ...baseArgv(spec).slice(1)]), new RegExp(`${p.name} must be one of`), spec.name);
  }
});

test("usage errors: required options, unknown options (with a near name), stray arguments", () => {
  for (const spec of allCommandSpecs()) {
    const required = Object.keys(spec.options).filter((k) => spec.options[k].required);
    if (required.length) assert.throws(() => parse(spec, (spec.positionals ?? []).map((p) => p.choices?.[0] ?? "x")), new RegExp(`--${required[0]}\\b.* required`), spec.name);
    assert.throws(() => parse(spec, [...baseArgv(spec), "--no-such-option"]), /unknown option '--no-such-option'/, spec.name);
    assert.throws(() => parse(spec, [...baseArgv(spec), "stray-1", "stray-2", "stray-3"]), /unexpected argument 'stray-/, spec.name);
  }
  const size = COMMANDS.size.spec as CommandSpec;
  assert.throws(() => parse(size, ["--depht", "8"]), /unknown option '--depht' \(did you mean --depth\?\)/);
});

test("defaults, repeatable options and workers:N", () => {
  const tok = COMMANDS.tok.spec;
  assert.ok(isGroup(tok));
  const train = parse(tok.subcommands.train, ["--input", "a.txt", "--input", "b.txt", "--vocab", "1_000", "--out", "o"]);
  assert.deepEqual([train?.values.input, train?.values.vocab, train?.values["doc-cap"], train?.values.overwrite], [["a.txt", "b.txt"], 1000, 10_000, undefined]);
  const t = COMMANDS.train.spec as CommandSpec;
  assert.equal(parse(t, ["--config", "c.yaml", "--engine", "workers:3"])?.values.engine, "workers:3");
  for (const bad of ["workers:0", "workers:x", "gpu"]) assert.throws(() => parse(t, ["--config", "c.yaml", "--engine", bad]), /--engine must be one of auto, ort, local, workers, workers:N/);
});

test("the spec's lists agree with the library's", () => {
  assert.deepEqual([...EVAL_BENCHMARKS], [...BENCHMARKS]);
  assert.deepEqual([...EVAL_STYLES], [...PROMPT_STYLES]);
  assert.deepEqual([...EVAL_SCORERS], [...SCORER_NAMES]);
  assert.deepEqual([...(BACKEND.backend.choices ?? [])], [...BACKEND_NAMES]);
  assert.deepEqual([...(NORMALIZE.options.opencc.choices ?? [])].sort(), Object.keys(OPENCC_CONFIGS).sort());
});

test("groups list their subcommands; nanozh --help lists every command", () => {
  for (const c of Object.values(COMMANDS)) if (isGroup(c.spec)) for (const sub of Object.keys(c.spec.subcommands)) assert.match(groupHelp(c.spec), new RegExp(`^  ${sub} `, "m"));
  const r = nanozh("--help");
  assert.equal(r.code, 0);
  for (const [name, c] of Object.entries(COMMANDS)) assert.match(r.stdout, new RegExp(`^  ${name} +${c.spec.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m"), name);
});

test("nanozh: usage errors exit 2 naming the option; --help comes from the spec", () => {
  const vocab = nanozh("bench", "train", "--n-layer", "1", "--n-embd", "8", "--n-head", "1", "--vocab", "1000000000", "--seq", "8", "--batch", "1");
  assert.equal(vocab.code, 2, vocab.stderr);
  assert.match(vocab.stderr, /nanozh bench train: --vocab must be an integer in \[256, 4194304\], got 1000000000 \(see nanozh bench train --help\)/);
  const typo = nanozh("size", "--depht", "8");
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /did you mean --depth/);
  assert.equal(nanozh("tok", "nope").code, 2);
  const help = nanozh("train", "--help");
  assert.equal(help.code, 0);
  assert.equal(help.stdout, helpText(COMMANDS.train.spec as CommandSpec) + "\n");
});

// nanozh parity: our GPT and optimizers against nanochat's own numbers (fixtures/README.md).
// Options and help: cli/specs/train.ts (PARITY).
import { printJson } from "../args";
import { parse, UsageError } from "../spec";
import { PARITY } from "../specs/train";
import { initBackend } from "../../lib/engines/tfjs/backend";
import { ortLoadError } from "../../lib/engines";
import { runParity, type ParityResult } from "../../lib/engines/tfjs/parity";
import { compareModelLogitsOn } from "../../lib/engines/modelParity";

const fmt = (x: number | null) => (x === null ? "—" : x.toExponential(3));

function printParity(r: ParityResult): void {
  const t = r.tolerances;
  const rows: [string, string, string][] = [
    ["logits_max_abs_err", fmt(r.logits_max_abs_err), `≤ ${t.logits}`],
    ["loss_abs_err", fmt(r.loss_abs_err), `≤ ${t.loss}`],
    ["loss_per_token_max_abs_err", fmt(r.loss_per_token_max_abs_err), `≤ ${t.loss}`],
    ["grad_max_rel_err", `${fmt(r.grad_max_rel_err)} (${r.grad_worst_tensor})`, `≤ ${t.grad_rel}`],
    ["step1_max_abs_err", fmt(r.step1_max_abs_err), `≤ ${t.step}`],
    ["step2_max_abs_err", fmt(r.step2_max_abs_err), `≤ ${t.step}`],
    ["optimizer_only_step1_max_abs_err", fmt(r.optimizer_only_step1_max_abs_err), `≤ ${t.step}`],
    ["step1/step2 over every entry", `${fmt(r.step1_max_abs_err_all)} / ${fmt(r.step2_max_abs_err_all)}`, `${r.step_ill_conditioned_entries} ill-conditioned AdamW entries`],
    ["loss_before step1/step2", `${fmt(r.step1_loss_before_abs_err)} / ${fmt(r.step2_loss_before_abs_err)}`, ""],
    ["greedy_match", `${r.greedy_match} ${JSON.stringify(r.greedy)}`, JSON.stringify(r.expected_greedy)],
    ["greedy_nocache_match", `${r.greedy_nocache_match}`, ""],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const c = r.config;
  process.stdout.write(`parity ${r.fixture}\n  config L=${c.n_layer} d=${c.n_embd} heads=${c.n_head}/${c.n_kv_head} V=${c.vocab_size} T=${c.sequence_len}, backend ${r.backend}\n`);
  for (const [a, b, tol] of rows) process.stdout.write(`  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${tol}\n`);
  process.stdout.write(r.ok ? "OK: every check within tolerance\n" : `FAIL:\n${r.failures.map((f) => "  " + f).join("\n")}\n`);
}

export async function run(argv: string[]): Promise<number> {
  const args = parse(PARITY, argv);
  if (!args) return 0;
  const values = args.values;
  if (!values.fixture && !values.model) throw new UsageError("give --fixture FILE, or --model DIR with --expected FILE");
  if (values.fixture && values.model) throw new UsageError("give either --fixture or --model/--expected, not both");
  if (values.fixture) {
    // ORT for ort, and for auto when onnxruntime-node loads; the tfjs GPT for local / workers
    const why = values.engine === "ort" || values.engine === "auto" ? await ortLoadError() : "not asked for";
    if (values.engine === "ort" && why !== null) throw new Error(`--engine ort: onnxruntime-node does not load here (${why})`);
    if (why !== null) await initBackend(values.backend, { quiet: values.json });
    const r = why === null ? await (await import("../../lib/engines/ort/parity")).runOrtParity(values.fixture, values.threads) : await runParity(values.fixture);
    if (values.json) printJson(r);
    else printParity(r);
    return r.ok ? 0 : 1;
  }
  if (!values.expected) throw new UsageError("--model needs --expected FILE.safetensors");
  const r = await compareModelLogitsOn(values.model!, values.expected, { engine: values.engine, threads: values.threads, backend: values.backend });
  if (values.json) printJson(r);
  else
    process.stdout.write(
      `parity ${r.model} vs ${r.expected} (engine ${r.engine}, ${r.backend}, ${r.threads} thread${r.threads === 1 ? "" : "s"})\n  logits_max_abs_err  ${r.logits_max_abs_err.toExponential(3)}  ≤ ${r.tolerance}\n${r.ok ? "OK" : "FAIL"}\n`,
    );
  return r.ok ? 0 : 1;
}
